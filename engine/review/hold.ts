// Intake's review hook: a new order from a source the flow reviews waits at the start, in review,
// instead of running to its first stop; its reviewers hear of it.
import type { OrderData } from '../../dsl';
import { emptyChange, stateColumns, type OrderChange } from '../dispatch/commit';
import type { CompiledFlow } from '../flow';
import { initialState } from '../runner';
import { reviewRecipients } from './reviewers';
import { firstDispatchNode, holdsForReview } from './setting';

/** The held order's change, or null when its flow does not review its source (one lookup in the compiled flow). */
export function reviewHold(flow: CompiledFlow, order: OrderData, now: Date): OrderChange | null {
  if (!holdsForReview(flow, order.source)) return null;
  const change = emptyChange();
  const event = change.events.push({
    type: 'held_for_review',
    actorType: 'system',
    actorId: null,
    nodeId: flow.start.id,
    data: { source: order.source, reviewAt: firstDispatchNode(flow, order, now)?.id ?? null },
  }) - 1;
  const none = { serviceGroupId: null, providerId: null, engineerId: null };
  change.notifications.push({
    recipients: [reviewRecipients(flow, { ...none, order }, now)],
    kind: 'review',
    title: `${order.number} waits for review`,
    body: `${order.title} — from ${order.source}: approve, edit or reject it`,
    event,
  });
  change.set = { ...stateColumns({ ...initialState(), nodeId: flow.start.id, path: [flow.start.id] }, now, null), status: 'in_review' };
  return change;
}
