// Who reviews a held order: the dispatchers of the first dispatch step it would reach (admins
// too, as for every company step), by the node-roles table. Pure.
import type { OrderData } from '../../dsl';
import type { CompiledFlow } from '../flow';
import { HANDLERS, NODE_ROLES, handlerRecipients, isHandler, type Holdings, type RecipientSet } from '../flow/node-roles';
import type { Principal } from '../principal';
import { firstDispatchNode } from './setting';

type HeldOrder = Holdings & { order: OrderData };

/** The handler of the step a held order would reach first (the company's dispatchers when it reaches none). */
function reviewerOf(flow: CompiledFlow, order: OrderData, now: Date) {
  const node = firstDispatchNode(flow, order, now);
  return (node && NODE_ROLES[node.kind].handler) || 'company';
}

export function mayReviewOrder(principal: Principal, flow: CompiledFlow, held: HeldOrder, now: Date): boolean {
  return isHandler(principal, reviewerOf(flow, held.order, now), held);
}

/** Who hears that an order waits for review. */
export function reviewRecipients(flow: CompiledFlow, held: HeldOrder, now: Date): RecipientSet {
  return handlerRecipients(reviewerOf(flow, held.order, now), held) ?? { companyDispatchers: true };
}

/**
 * The roles that review at all (each order then by its first step): a flow's first dispatch step is
 * a company step, since validation puts group and provider steps after one.
 */
export const REVIEWING_ROLES = HANDLERS.company.roles!;
