// Review of new orders before dispatch (the flow's review setting), and the engine's hook for intake.
export { REVIEW_KEY, SOURCE_LABELS, reviewSourcesOf, withReviewSources, withNodeReviewSources, holdsForReview, firstDispatchNode, type OrderSource } from './setting';
export { REVIEWING_ROLES, mayReviewOrder, reviewRecipients } from './reviewers';
export { approveOrder, rejectHeldOrder, listReviewQueue, reviewQueueInput } from './actions';
