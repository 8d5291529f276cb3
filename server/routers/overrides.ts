// Overrides: the reasons a dispatcher picks when changing what a rule decided (edited by admins),
// and the report of the overrides per rule (engine/overrides). Thin: a zod input, a policy, one call.
import {
  getOverridesReport,
  listOverrideReasons,
  overridesReportInput,
  ruleDecisionsInScope,
  ruleDecisionsInput,
  saveOverrideReasons,
  saveOverrideReasonsInput,
} from '../../engine/overrides';
import { allow, router } from '../trpc';

/** Every role that may change what a rule decided (reassign, reallocate, reject) picks a reason. */
export const OVERRIDE_REASON_READERS = ['admin', 'dispatcher', 'group_dispatcher', 'provider_dispatcher'] as const;
/**
 * The report names rules and the company's groups and engineers, so it is for the company side:
 * admins see every order, dispatchers and group dispatchers the orders of their queues' scope.
 * Provider dispatchers, whose views hide other parties' names, have none.
 */
export const OVERRIDE_REPORT_ROLES = ['admin', 'dispatcher', 'group_dispatcher'] as const;

export const overridesRouter = router({
  reasons: allow(OVERRIDE_REASON_READERS).query(({ ctx }) => listOverrideReasons(ctx.db)),
  /** Which of these orders a rule decided (so the dialogs ask for a reason), within the caller's scope. */
  ruleDecisions: allow(OVERRIDE_REASON_READERS).input(ruleDecisionsInput).query(({ ctx, input }) => ruleDecisionsInScope(ctx.db, ctx.principal, input)),
  saveReasons: allow(['admin']).input(saveOverrideReasonsInput).mutation(({ ctx, input }) => saveOverrideReasons(ctx.db, ctx.principal, input)),
  report: allow(OVERRIDE_REPORT_ROLES).input(overridesReportInput).query(({ ctx, input }) => getOverridesReport(ctx.db, ctx.principal, input, ctx.now())),
});
