import { z } from 'zod';
import * as impact from '../../engine/impact';
import * as rules from '../../engine/rulesets';
import { allow, idInput, idString, router } from '../trpc';

const admin = allow(['admin']);

export const rulesRouter = router({
  list: admin.query(({ ctx }) => rules.listRuleSets(ctx.db)),
  get: admin.input(idInput).query(({ ctx, input }) => rules.getRuleSet(ctx.db, input.id)),
  create: admin.input(rules.createRuleSetInput).mutation(({ ctx, input }) => rules.createRuleSet(ctx.db, ctx.principal, input)),
  saveDraft: admin.input(rules.saveRuleSetDraftInput).mutation(({ ctx, input }) => rules.saveRuleSetDraft(ctx.db, ctx.principal, input)),
  check: admin.input(z.object({ source: z.string().max(500_000) })).mutation(({ ctx, input }) => rules.checkRuleSource(ctx.db, input.source)),
  publish: allow(['admin'], 'publish_rules')
    .input(idInput.extend({ impactId: idString.optional() }))
    .mutation(async ({ ctx, input }) => {
      const version = await rules.publishRuleSet(ctx.db, ctx.principal, input.id);
      ctx.engine.config.invalidate(); // dispatch nodes of this process use it at once
      // The replay the dialog showed is kept with the version, if it was of the draft published.
      const impactKept = input.impactId
        ? await impact.keepImpactWithVersion(ctx.db, input.impactId, { subjectType: 'rule_set', subjectId: input.id, versionId: version.id, source: version.source })
        : false;
      return { ...version, impactKept };
    }),
  // What publishing the draft would change: started by the publish dialog, then polled.
  impactStart: allow(['admin'], 'publish_rules')
    .input(idInput)
    .mutation(async ({ ctx, input }) => {
      const started = await impact.startImpact(ctx.engine, ctx.principal, 'rule_set', input.id, ctx.engine.now());
      void started.finished;
      return { id: started.id, total: started.total };
    }),
  impactProgress: admin.input(z.object({ impactId: idString })).query(({ ctx, input }) => impact.impactProgress(ctx.db, 'rule_set', input.impactId)),
  versionImpacts: admin.input(idInput).query(({ ctx, input }) => impact.versionImpacts(ctx.db, 'rule_set', input.id)),
  duplicate: admin
    .input(z.object({ id: idString, name: z.string().trim().min(2).max(120) }))
    .mutation(({ ctx, input }) => rules.duplicateRuleSet(ctx.db, ctx.principal, input.id, input.name)),
  deleteDraft: admin.input(idInput).mutation(({ ctx, input }) => rules.deleteRuleSetDraft(ctx.db, input.id, ctx.principal)),
  // The editor's test and backtest: they run unsaved text and change nothing, but read orders, so mutations (no caching, no GET URLs).
  test: admin.input(rules.testRulesInput).mutation(({ ctx, input }) => rules.testRules(ctx.engine, { ...input, now: input.now ?? ctx.engine.now() })),
  backtest: admin.input(rules.backtestRulesInput).mutation(({ ctx, input }) => rules.backtestRules(ctx.engine, input)),
  searchOrders: admin.input(rules.searchOrdersInput).query(({ ctx, input }) => rules.searchOrders(ctx.engine, input)),
  directoryNames: admin.query(({ ctx }) => rules.directoryNames(ctx.db)),
  flowNodes: admin.query(({ ctx }) => rules.flowDispatchNodes(ctx.db)),
});
