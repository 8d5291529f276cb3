export {
  advance,
  applyAssignment,
  initialState,
  nodeContext,
  orderForRules,
  type Assignment,
  type DispatchState,
  type RunContext,
  type RunResult,
  type RunStatus,
  type RunStep,
  type RulesInput,
} from './runner';
export { applyDecision, directoryData, isoSeconds, type AppliedDecision } from './apply';
