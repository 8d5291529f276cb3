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
export {
  testRules,
  testRulesInput,
  backtestRules,
  backtestRulesInput,
  searchOrders,
  searchOrdersInput,
  directoryNames,
  flowDispatchNodes,
  ruleSetUsage,
  sampleOrderSchema,
  type TestRulesResult,
  type BacktestResult,
  type BacktestRow,
  type BacktestOutcome,
  type RuleSetUse,
} from './test';
