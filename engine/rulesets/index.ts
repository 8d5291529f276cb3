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
