import { z } from 'zod';
import * as engine from '../../engine/dispatch';
import { getOrder, listOrders, orderListInput } from '../../engine/orders';
import { allow, idInput, idString, router } from '../trpc';

const DISPATCHERS = ['admin', 'dispatcher', 'group_dispatcher', 'provider_dispatcher'] as const;
const ENGINEERS = ['engineer', 'provider_engineer'] as const;

export const ordersRouter = router({
  // Every role sees orders, each only within its scope (engine/orders/scope.ts).
  list: allow('signed-in').input(orderListInput).query(({ ctx, input }) => listOrders(ctx.db, ctx.principal, input)),
  get: allow('signed-in').input(idInput).query(({ ctx, input }) => getOrder(ctx.db, ctx.principal, input.id)),
  create: allow(['admin', 'dispatcher'])
    .input(engine.newOrderInput)
    .mutation(async ({ ctx, input }) => (await engine.createOrder(ctx.engine, { type: 'user', principal: ctx.principal }, input)).order),
  candidates: allow(DISPATCHERS)
    .input(z.object({ orderId: idString, limit: z.number().int().min(1).max(200).optional() }))
    .query(({ ctx, input }) => engine.listCandidates(ctx.engine, ctx.principal, input.orderId, { limit: input.limit })),
  assign: allow(DISPATCHERS).input(engine.assignInput).mutation(({ ctx, input }) => engine.assignOrder(ctx.engine, ctx.principal, input)),
  reassignGroup: allow(['group_dispatcher'])
    .input(engine.reassignGroupInput)
    .mutation(({ ctx, input }) => engine.reassignGroup(ctx.engine, ctx.principal, input)),
  reject: allow(['group_dispatcher', 'provider_dispatcher'])
    .input(engine.reasonInput)
    .mutation(({ ctx, input }) => engine.rejectOrder(ctx.engine, ctx.principal, input)),
  reallocate: allow(['admin', 'dispatcher', 'group_dispatcher'], 'reallocate')
    .input(engine.reallocateInput)
    .mutation(({ ctx, input }) => engine.reallocateOrder(ctx.engine, ctx.principal, input)),
  accept: allow(ENGINEERS).input(engine.orderVersionInput).mutation(({ ctx, input }) => engine.acceptOrder(ctx.engine, ctx.principal, input)),
  decline: allow(ENGINEERS).input(engine.reasonInput).mutation(({ ctx, input }) => engine.declineOrder(ctx.engine, ctx.principal, input)),
  start: allow(ENGINEERS).input(engine.orderVersionInput).mutation(({ ctx, input }) => engine.startWork(ctx.engine, ctx.principal, input)),
  complete: allow(ENGINEERS).input(engine.orderVersionInput).mutation(({ ctx, input }) => engine.completeWork(ctx.engine, ctx.principal, input)),
});
