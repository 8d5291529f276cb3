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
} from './runner';
export { applyDecision, directoryData, isoSeconds, type AppliedDecision } from './apply';
