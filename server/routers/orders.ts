import { z } from 'zod';
import * as engine from '../../engine/dispatch';
import { DISPATCHING_ROLES, rolesFor } from '../../engine/flow/node-roles';
import { editFormOf, editOrder, editOrderInput, getOrder, listMyWork, listOrders, orderListInput } from '../../engine/orders';
import { REVIEWING_ROLES, approveOrder, listReviewQueue, rejectHeldOrder, reviewQueueInput } from '../../engine/review';
import { getEngineerOrder } from '../../engine/orders/engineer-order';
import { allow, idInput, idString, router } from '../trpc';

// Who may call each action at all comes from the node-roles table; the engine then decides each
// order from the same table.
const DISPATCHERS = DISPATCHING_ROLES;

export const ordersRouter = router({
  // Every role sees orders, each only within its scope (engine/orders/scope.ts).
  list: allow('signed-in').input(orderListInput).query(({ ctx, input }) => listOrders(ctx.db, ctx.principal, input)),
  /** The engineer's day: their open orders in booking time order, with start times and travel. */
  myWork: allow(['engineer', 'provider_engineer']).query(({ ctx }) => listMyWork(ctx.db, ctx.principal)),
  /** The engineer's order page: one of their own orders (owner or collaborator), as the order page reads it. */
  engineerOrder: allow(['engineer', 'provider_engineer']).input(idInput).query(({ ctx, input }) => getEngineerOrder(ctx.db, ctx.principal, input.id)),
  get: allow('signed-in').input(idInput).query(({ ctx, input }) => getOrder(ctx.db, ctx.principal, input.id)),
  create: allow(['admin', 'dispatcher'])
    .input(engine.newOrderInput)
    .mutation(async ({ ctx, input }) => (await engine.createOrder(ctx.engine, { type: 'user', principal: ctx.principal }, input)).order),
  candidates: allow(DISPATCHERS)
    .input(z.object({ orderId: idString, limit: z.number().int().min(1).max(200).optional() }))
    .query(({ ctx, input }) => engine.listCandidates(ctx.engine, ctx.principal, input.orderId, { limit: input.limit, explain: true })),
  assign: allow(rolesFor('assign')).input(engine.assignInput).mutation(({ ctx, input }) => engine.assignOrder(ctx.engine, ctx.principal, input)),
  reassignGroup: allow(rolesFor('reassignGroup'))
    .input(engine.reassignGroupInput)
    .mutation(({ ctx, input }) => engine.reassignGroup(ctx.engine, ctx.principal, input)),
  reject: allow(rolesFor('reject'))
    .input(engine.rejectInput)
    .mutation(({ ctx, input }) => engine.rejectOrder(ctx.engine, ctx.principal, input)),
  /** A booked order's slot moved (same engineer), or an unbooked one booked; dispatchers who handle its engineer step. */
  reschedule: allow(DISPATCHERS).input(engine.rescheduleInput).mutation(({ ctx, input }) => engine.rescheduleOrder(ctx.engine, ctx.principal, input)),
  reallocate: allow(rolesFor('reallocate'), 'reallocate')
    .input(engine.reallocateInput)
    .mutation(({ ctx, input }) => engine.reallocateOrder(ctx.engine, ctx.principal, input)),
  accept: allow(rolesFor('accept')).input(engine.orderVersionInput).mutation(({ ctx, input }) => engine.acceptOrder(ctx.engine, ctx.principal, input)),
  decline: allow(rolesFor('decline')).input(engine.reasonInput).mutation(({ ctx, input }) => engine.declineOrder(ctx.engine, ctx.principal, input)),
  start: allow(rolesFor('start')).input(engine.orderVersionInput).mutation(({ ctx, input }) => engine.startWork(ctx.engine, ctx.principal, input)),
  pause: allow(rolesFor('pause')).input(engine.orderVersionInput).mutation(({ ctx, input }) => engine.pauseWork(ctx.engine, ctx.principal, input)),
  complete: allow(rolesFor('complete')).input(engine.orderVersionInput).mutation(({ ctx, input }) => engine.completeWork(ctx.engine, ctx.principal, input)),
  /** The edit form: the order's fields, and whether the caller may edit it now (the dispatchers of its step, its reviewers while held). */
  editForm: allow(DISPATCHERS).input(idInput).query(({ ctx, input }) => editFormOf(ctx.engine, ctx.principal, input.id)),
  edit: allow(DISPATCHERS).input(editOrderInput).mutation(({ ctx, input }) => editOrder(ctx.engine, ctx.principal, input)),
  /** New orders held by their flow's review setting, for the dispatchers of their first step. */
  reviewQueue: allow(REVIEWING_ROLES).input(reviewQueueInput).query(({ ctx, input }) => listReviewQueue(ctx.engine, ctx.principal, input)),
  approve: allow(REVIEWING_ROLES).input(engine.orderVersionInput).mutation(({ ctx, input }) => approveOrder(ctx.engine, ctx.principal, input)),
  rejectReview: allow(REVIEWING_ROLES).input(engine.reasonInput).mutation(({ ctx, input }) => rejectHeldOrder(ctx.engine, ctx.principal, input)),
});
