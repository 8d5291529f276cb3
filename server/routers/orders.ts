import { getOrder, listOrders, orderListInput } from '../../engine/orders';
import { allow, idInput, router } from '../trpc';

export const ordersRouter = router({
  // Every role sees orders, each only within its scope (engine/orders/scope.ts).
  list: allow('signed-in').input(orderListInput).query(({ ctx, input }) => listOrders(ctx.db, ctx.principal, input)),
  get: allow('signed-in').input(idInput).query(({ ctx, input }) => getOrder(ctx.db, ctx.principal, input.id)),
});
