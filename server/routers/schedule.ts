// The schedule board: engineers in the caller's scope with their shifts and bookings, the
// unscheduled orders of their queues, and booking or moving an order (the engine's actions).
import * as engine from '../../engine/dispatch';
import { DISPATCHING_ROLES } from '../../engine/flow/node-roles';
import * as q from '../../engine/queues';
import { allow, router } from '../trpc';

// The roles that work queues; each sees the engineers and orders of its own scope. Engineers are refused.
const DISPATCHERS = DISPATCHING_ROLES;

export const scheduleRouter = router({
  board: allow(DISPATCHERS).input(q.boardInput).query(({ ctx, input }) => q.scheduleBoard(ctx.db, ctx.principal, input, ctx.now())),
  book: allow(DISPATCHERS).input(engine.bookInput).mutation(({ ctx, input }) => engine.bookOnBoard(ctx.engine, ctx.principal, input)),
  // Moving to another engineer is a reallocation: it needs the reallocate permission (checked by the engine).
  move: allow(DISPATCHERS).input(engine.moveInput).mutation(({ ctx, input }) => engine.moveOnBoard(ctx.engine, ctx.principal, input)),
});
