// Overrides in the UI: the reason field of the dialogs that change what a rule decided, the admin's
// list of reasons and the report in the Rules area.
export { useOverrideReason, type OverrideReason } from './override-reason';
export { OverridesReportView } from './overrides-report';
export { OverrideReasonsEditor } from './reasons-editor';
