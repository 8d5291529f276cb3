import { z } from 'zod';
import * as flows from '../../engine/flows';
import { allow, idInput, router } from '../trpc';

const admin = allow(['admin']);

export const flowsRouter = router({
  list: admin.query(({ ctx }) => flows.listFlows(ctx.db)),
  templates: admin.query(() => flows.listFlowTemplates()),
  get: admin.input(idInput).query(({ ctx, input }) => flows.getFlow(ctx.db, input.id)),
  version: admin
    .input(z.object({ id: z.string().min(1), version: z.number().int().min(1) }))
    .query(({ ctx, input }) => flows.getFlowVersion(ctx.db, input.id, input.version)),
  create: admin.input(flows.createFlowInput).mutation(({ ctx, input }) => flows.createFlow(ctx.db, ctx.principal, input)),
  saveDraft: admin.input(flows.saveDraftInput).mutation(({ ctx, input }) => flows.saveFlowDraft(ctx.db, ctx.principal, input)),
  check: admin.input(z.object({ graph: z.unknown() })).mutation(async ({ ctx, input }) => {
    const { readFlow } = await import('../../engine/flow');
    const { graph, errors } = readFlow(input.graph);
    return graph ? flows.checkFlow(ctx.db, graph) : errors.map((e) => ({ code: 'malformed', severity: 'error' as const, message: `${e.path}: ${e.message}` }));
  }),
  publish: allow(['admin'], 'publish_flows').input(idInput).mutation(({ ctx, input }) => flows.publishFlow(ctx.db, ctx.principal, input.id)),
  restore: admin
    .input(z.object({ id: z.string().min(1), version: z.number().int().min(1) }))
    .mutation(({ ctx, input }) => flows.restoreFlowVersion(ctx.db, ctx.principal, input.id, input.version)),
  duplicate: admin
    .input(z.object({ id: z.string().min(1), name: z.string().trim().min(2).max(120) }))
    .mutation(({ ctx, input }) => flows.duplicateFlow(ctx.db, ctx.principal, input.id, input.name)),
  deleteDraft: admin.input(idInput).mutation(({ ctx, input }) => flows.deleteFlowDraft(ctx.db, input.id)),
  setDefault: admin.input(idInput).mutation(({ ctx, input }) => flows.setDefaultFlow(ctx.db, input.id)),
  export: admin
    .input(z.object({ id: z.string().min(1), version: z.number().int().min(1).optional() }))
    .query(({ ctx, input }) => flows.exportFlow(ctx.db, input.id, input.version)),
  import: admin.input(z.object({ text: z.string().min(1).max(2_000_000) })).mutation(({ ctx, input }) => flows.importFlow(ctx.db, ctx.principal, input.text)),
});
