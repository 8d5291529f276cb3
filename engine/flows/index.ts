export { listFlows } from './queries';
export {
  createFlow,
  createFlowInput,
  saveDraftInput,
  getFlow,
  getFlowVersion,
  checkFlow,
  checkFlowData,
  saveFlowDraft,
  publishFlow,
  restoreFlowVersion,
  duplicateFlow,
  deleteFlowDraft,
  setDefaultFlow,
  exportFlow,
  importFlow,
  listFlowTemplates,
} from './versions';
