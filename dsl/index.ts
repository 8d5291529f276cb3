// The public surface of the rules language. What is not exported here is internal.
export type {
  NodeKind,
  TargetKind,
  Position,
  Range,
  Diagnostic,
  FieldType,
  CustomFieldDef,
  LatLng,
  ServiceGroupData,
  ProviderData,
  EngineerData,
  OrderData,
  DirectoryData,
  TimeSpanData,
  VehicleData,
  BookingData,
  TravelData,
  NodeContext,
  Assignee,
} from './types';
export { NODE_KINDS, TARGETS_BY_NODE_KIND, isDispatchNodeKind } from './types';
export { createDirectory, type Directory } from './directory';
export {
  DEFAULT_TRAVEL,
  HORIZON_MS,
  travelMinutes,
  earliestSlot,
  checkSlot,
  refusalText,
  type SlotRefusal,
  type SlotCheck,
} from './schedule';
export {
  compileRuleSet,
  checkRuleSet,
  compileCondition,
  rankCandidates,
  type CompileOptions,
  type RankCandidatesContext,
  type RankedCandidate,
} from './ruleset';
export { ruleFits } from './plan';
export {
  evaluate,
  type CompiledRuleSet,
  type Decision,
  type Trace,
  type RuleTrace,
  type ConditionTrace,
  type CandidateTrace,
  type EvaluateContext,
  type EvaluateOptions,
  type Verdict,
} from './evaluate';
export { whyNot, canAssign, type WhyNot, type WhyNotRule, type FailedTerm } from './why-not';
export type { OutOfScope } from './scope';
export { formatRuleSet } from './format';
export { ruleSetWarnings, type FlowNodeRef } from './warnings';
export { CODES, type DiagnosticCode } from './diagnostics';
export {
  completionsAt,
  hoverAt,
  highlight,
  tokenCategories,
  TOKEN_CATEGORIES,
  KEYWORDS_BY_CATEGORY,
  type CompletionItem,
  type CompletionOptions,
  type Hover,
  type HighlightToken,
  type TokenCategory,
} from './editor';
