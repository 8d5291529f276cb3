import { z } from 'zod';
import * as flows from '../../engine/flows';
import type { FlowGraph } from '../../engine/flow';
import * as impact from '../../engine/impact';
import { allow, idInput, idString, router } from '../trpc';

const admin = allow(['admin']);

export const flowsRouter = router({
  list: admin.query(({ ctx }) => flows.listFlows(ctx.db)),
  templates: admin.query(() => flows.listFlowTemplates()),
  get: admin.input(idInput).query(({ ctx, input }) => flows.getFlow(ctx.db, input.id)),
  version: admin
    .input(z.object({ id: idString, version: z.number().int().min(1) }))
    .query(({ ctx, input }) => flows.getFlowVersion(ctx.db, input.id, input.version)),
  create: admin.input(flows.createFlowInput).mutation(({ ctx, input }) => flows.createFlow(ctx.db, ctx.principal, input)),
  saveDraft: admin.input(flows.saveDraftInput).mutation(({ ctx, input }) => flows.saveFlowDraft(ctx.db, ctx.principal, input)),
  check: admin.input(z.object({ graph: z.unknown() })).mutation(({ ctx, input }) => flows.checkFlowData(ctx.db, input.graph)),
  publish: allow(['admin'], 'publish_flows')
    .input(idInput.extend({ impactId: idString.optional() }))
    .mutation(async ({ ctx, input }) => {
      const version = await flows.publishFlow(ctx.db, ctx.principal, input.id);
      ctx.engine.config.invalidate(); // new orders of this process start on it at once
      // The replay the dialog showed is kept with the version, if it was of the draft published.
      const impactKept = input.impactId
        ? await impact.keepImpactWithVersion(ctx.db, input.impactId, { subjectType: 'flow', subjectId: input.id, versionId: version.id, graph: version.graph as FlowGraph })
        : false;
      return { ...version, impactKept };
    }),
  // What publishing the draft would change: started by the publish dialog, then polled.
  impactStart: allow(['admin'], 'publish_flows')
    .input(idInput)
    .mutation(async ({ ctx, input }) => {
      const started = await impact.startImpact(ctx.engine, ctx.principal, 'flow', input.id, ctx.engine.now());
      void started.finished;
      return { id: started.id, total: started.total };
    }),
  impactProgress: admin.input(z.object({ impactId: idString })).query(({ ctx, input }) => impact.impactProgress(ctx.db, 'flow', input.impactId)),
  versionImpacts: admin.input(idInput).query(({ ctx, input }) => impact.versionImpacts(ctx.db, 'flow', input.id)),
  restore: admin
    .input(z.object({ id: idString, version: z.number().int().min(1) }))
    .mutation(({ ctx, input }) => flows.restoreFlowVersion(ctx.db, ctx.principal, input.id, input.version)),
  duplicate: admin
    .input(z.object({ id: idString, name: z.string().trim().min(2).max(120) }))
    .mutation(({ ctx, input }) => flows.duplicateFlow(ctx.db, ctx.principal, input.id, input.name)),
  deleteDraft: admin.input(idInput).mutation(({ ctx, input }) => flows.deleteFlowDraft(ctx.db, input.id, ctx.principal)),
  // Which flow new orders start on: as weighty as publishing one.
  setDefault: allow(['admin'], 'publish_flows').input(idInput).mutation(async ({ ctx, input }) => {
    const flow = await flows.setDefaultFlow(ctx.db, input.id, ctx.principal);
    ctx.engine.config.invalidate();
    return flow;
  }),
  export: admin
    .input(z.object({ id: idString, version: z.number().int().min(1).optional() }))
    .query(({ ctx, input }) => flows.exportFlow(ctx.db, input.id, input.version)),
  // The Activity overlay of the canvas: aggregates over every order of the version (admins see every order).
  activity: admin.input(flows.activityInput).query(({ ctx, input }) => flows.flowActivity(ctx.db, input)),
  import: admin.input(z.object({ text: z.string().min(1).max(2_000_000) })).mutation(({ ctx, input }) => flows.importFlow(ctx.db, ctx.principal, input.text)),
});
