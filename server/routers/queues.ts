// The dispatcher workspace: queues made by the flows, the to-do list, column settings and bulk
// actions. Thin: each procedure is a zod input, a policy, and one call into engine/queues.
import { z } from 'zod';
import { DISPATCHING_ROLES } from '../../engine/flow/node-roles';
import { boundedRecord } from '../../engine/limits';
import * as q from '../../engine/queues';
import { allow, idInput, router } from '../trpc';

/** The roles that work queues (the handlers of dispatch nodes in the node-roles table). */
const DISPATCHERS = DISPATCHING_ROLES;

export const queuesRouter = router({
  list: allow(DISPATCHERS).query(({ ctx }) => q.listQueues(ctx.db, ctx.principal, ctx.now())),
  orders: allow(DISPATCHERS)
    .input(q.queueOrdersInput)
    .query(({ ctx, input }) => q.listQueueOrders(ctx.db, ctx.principal, input, ctx.now())),
  filterOptions: allow(DISPATCHERS).query(({ ctx }) => q.queueFilterOptions(ctx.db, ctx.principal)),
  columns: allow(DISPATCHERS).query(({ ctx }) => q.getTodoColumns(ctx.db, ctx.principal.id)),
  setColumns: allow(DISPATCHERS)
    .input(q.columnsInput)
    .mutation(({ ctx, input }) => q.setTodoColumns(ctx.db, ctx.principal.id, input)),
  // Map positions of providers (the centre of their located engineers); provider roles get only their own.
  providerPositions: allow(DISPATCHERS).input(q.providerPositionsInput).query(({ ctx, input }) => q.providerPositions(ctx.db, input.ids, ctx.principal)),
  // The order page for every role, within the caller's order scope (engine/orders/scope.ts).
  orderDetail: allow('signed-in').input(idInput).query(({ ctx, input }) => q.getOrderDetail(ctx.db, ctx.principal, input.id)),
  bulkPreview: allow(DISPATCHERS).input(q.bulkInput).query(({ ctx, input }) => q.previewBulk(ctx.engine, ctx.principal, input)),
  bulkApply: allow(DISPATCHERS)
    .input(q.bulkInput.extend({ versions: boundedRecord(z.number().int().min(1), q.BULK_MAX).optional() }))
    .mutation(({ ctx, input }) => q.applyBulk(ctx.engine, ctx.principal, input)),
});
