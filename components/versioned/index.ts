// Flows and rule sets are both versioned: drafts edited, versions published. Their list page and
// its dialogs are one.
export { VersionedList, type ListControl, type VersionedRow } from './versioned-list';
export { DeleteDraftDialog, DuplicateDialog, NameField, NewDraftDialog } from './draft-dialogs';
export { ImpactFigureLine, PublishImpact, useVersionImpacts } from './publish-impact';
