// Overrides: an action that changes what a rule decided needs a reason from the admin's list; its
// history event records it, and the report counts them per rule and reason. One definition of an
// override (override.ts), which Insights' roll-up counts too.
export {
  DECISION_EVENT_TYPES,
  OVERRIDE_EVENT_TYPES,
  OVERRIDE_REASON_FIELD,
  overrideReasonFields,
  overrideOf,
  ruleDecisionsOf,
  ruleDecisionsInScope,
  ruleDecisionsInput,
  type RuleDecision,
  type DecisionTarget,
  type OverrideEventType,
  type OverrideRecord,
} from './override';
export {
  MAX_OVERRIDE_REASONS,
  listOverrideReasons,
  saveOverrideReasons,
  saveOverrideReasonsInput,
  type OverrideReason,
  type SaveOverrideReasonsInput,
} from './reasons';
export {
  OVERRIDES_LISTED_PER_RULE,
  getOverridesReport,
  overridesReportInput,
  type OverriddenOrder,
  type OverridesReport,
  type OverridesReportInput,
  type RuleOverrides,
} from './report';
