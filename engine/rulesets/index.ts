export { listRuleSets } from './queries';
export {
  createRuleSet,
  createRuleSetInput,
  saveRuleSetDraftInput,
  getRuleSet,
  checkRuleSource,
  saveRuleSetDraft,
  publishRuleSet,
  duplicateRuleSet,
  deleteRuleSetDraft,
} from './versions';
export { testRules, testRulesInput, sampleOrderSchema, type TestRulesResult } from './test';
export { backtestRules, backtestRulesInput, type BacktestResult, type BacktestRow, type BacktestOutcome } from './backtest';
export { searchOrders, searchOrdersInput, directoryNames, flowDispatchNodes, ruleSetUsage, type RuleSetUse } from './editor-data';
export { SequentialReplay, happenedAt, readOrderHistory, type StoredDecision, type OrderHistory, type EventRow } from './replay';
export { compileDraft } from './draft';
