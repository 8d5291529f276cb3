// Insights: dispatch figures over time for the roles that work queues, each within its order scope
// (engine/insights). Thin: a zod input, a policy, one call into the engine.
import { getInsights, insightsInput } from '../../engine/insights';
import { allow, router } from '../trpc';

/** Admins and the dispatcher roles; engineers have no Insights. */
export const INSIGHTS_ROLES = ['admin', 'dispatcher', 'group_dispatcher', 'provider_dispatcher'] as const;

export const insightsRouter = router({
  get: allow(INSIGHTS_ROLES).input(insightsInput).query(({ ctx, input }) => getInsights(ctx.db, ctx.principal, input, ctx.now())),
});
