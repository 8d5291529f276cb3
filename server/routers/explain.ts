// Explanations of the rules' decisions: "why not …?" beside an automatic decision in an order's
// history (engine/explain). Thin: a zod input, a policy, one call into the engine.
import { DISPATCHING_ROLES } from '../../engine/flow/node-roles';
import { explainEventDecision, explainEventInput } from '../../engine/explain';
import { allow, router } from '../trpc';

export const explainRouter = router({
  /** Scoped like the order page; a provider's dispatcher asks about their own provider's engineers only. */
  whyNot: allow(DISPATCHING_ROLES).input(explainEventInput).query(({ ctx, input }) => explainEventDecision(ctx.engine, ctx.principal, input)),
});
