// Flows as the studio stores them: a draft that is edited, and published versions that are frozen.
// New orders start on a flow's latest published version; orders in flight keep theirs.
import { and, count, desc, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { recordAudit, type AuditActor } from '../audit';
import { loadCustomFields } from '../dispatch/context';
import { onUniqueViolation } from '../db-errors';
import { ConflictError, NotFoundError, ValidationError, parseInput } from '../errors';
import { parseFlowJson, readFlow, serializeFlow, validateFlow, type FlowGraph, type FlowProblem } from '../flow';
import type { Principal } from '../principal';
import { FLOW_TEMPLATE_KEYS, loadFlowTemplate, type FlowTemplateKey } from '../templates';

export const createFlowInput = z.object({
  name: z.string().trim().min(2, 'At least 2 characters').max(120),
  description: z.string().trim().max(1000).optional(),
  template: z.enum(FLOW_TEMPLATE_KEYS).optional(),
});
export const saveDraftInput = z.object({ id: z.string().min(1).max(200), graph: z.unknown() });

const PUBLISHED_JUST_NOW = 'Someone else published this flow just now; reload it to see the new version';

async function assertNameFree(db: Db, name: string, exceptId: string | null) {
  const [taken] = await db
    .select({ id: s.flows.id })
    .from(s.flows)
    .where(and(sql`lower(${s.flows.name}) = lower(${name})`, exceptId ? ne(s.flows.id, exceptId) : undefined));
  if (taken) throw new ValidationError(`A flow named "${name}" already exists`, { name: [`A flow named "${name}" already exists`] });
}

function emptyGraph(name: string): FlowGraph {
  return {
    name,
    nodes: [
      { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
      { id: 'end', kind: 'end', position: { x: 0, y: 240 } },
    ],
    edges: [],
  };
}

/** What the audit log keeps of a graph: its size, not the graph (versions keep that once published). */
const graphSummary = (graph: unknown) => {
  const g = (graph ?? {}) as Partial<FlowGraph>;
  return { nodes: Array.isArray(g.nodes) ? g.nodes.length : 0, edges: Array.isArray(g.edges) ? g.edges.length : 0 };
};

/** Inserts a flow with its audit entry, in one transaction. */
async function insertFlow(db: Db, principal: Principal, values: typeof s.flows.$inferInsert, action: string, extra: Record<string, unknown> = {}) {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(s.flows).values(values).returning();
    await recordAudit(tx, principal, {
      action,
      entityType: 'flow',
      entityId: row.id,
      before: null,
      after: { name: row.name, description: row.description, ...graphSummary(row.draft), ...extra },
    });
    return row;
  });
}

export async function createFlow(db: Db, principal: Principal, raw: z.input<typeof createFlowInput>) {
  const input = parseInput(createFlowInput, raw);
  await assertNameFree(db, input.name, null);
  const graph = input.template ? { ...loadFlowTemplate(input.template as FlowTemplateKey).graph, name: input.name } : emptyGraph(input.name);
  return insertFlow(
    db,
    principal,
    { name: input.name, description: input.description ?? null, draft: graph, draftUpdatedBy: principal.id, createdBy: principal.id },
    'flow.create',
    input.template ? { template: input.template } : {},
  );
}

export async function getFlow(db: Db, id: string) {
  const [flow] = await db.select().from(s.flows).where(eq(s.flows.id, id));
  if (!flow) throw new NotFoundError('Flow', id);
  const versions = await db
    .select({
      id: s.flowVersions.id,
      version: s.flowVersions.version,
      publishedAt: s.flowVersions.publishedAt,
      publishedBy: s.users.name,
      orders: sql<number>`(SELECT count(*)::int FROM ${s.workOrders} WHERE ${s.workOrders.flowVersionId} = ${s.flowVersions.id})`,
    })
    .from(s.flowVersions)
    .leftJoin(s.users, eq(s.users.id, s.flowVersions.publishedBy))
    .where(eq(s.flowVersions.flowId, id))
    .orderBy(desc(s.flowVersions.version));
  return { flow, versions };
}

export async function getFlowVersion(db: Db, flowId: string, version: number) {
  const [row] = await db
    .select()
    .from(s.flowVersions)
    .where(and(eq(s.flowVersions.flowId, flowId), eq(s.flowVersions.version, version)));
  if (!row) throw new NotFoundError('Flow version', `${flowId} v${version}`);
  return row;
}

/** Problems of a graph against the current custom fields and published rule sets. */
export async function checkFlow(db: Db, graph: FlowGraph): Promise<FlowProblem[]> {
  const [customFields, ruleSets] = await Promise.all([
    loadCustomFields(db),
    db.selectDistinct({ name: s.ruleSets.name }).from(s.ruleSets).innerJoin(s.ruleSetVersions, eq(s.ruleSetVersions.ruleSetId, s.ruleSets.id)),
  ]);
  return validateFlow(graph, { customFields, ruleSetNames: ruleSets.map((r) => r.name) });
}

/** Problems of a graph as the canvas sends it: malformed input is reported, never thrown. */
export async function checkFlowData(db: Db, data: unknown): Promise<Pick<FlowProblem, 'code' | 'severity' | 'message'>[]> {
  const { graph, errors } = readFlow(data);
  if (!graph) return errors.map((e) => ({ code: 'malformed' as FlowProblem['code'], severity: 'error' as const, message: `${e.path}: ${e.message}` }));
  return checkFlow(db, graph);
}

export async function saveFlowDraft(db: Db, principal: Principal, raw: z.input<typeof saveDraftInput>) {
  const input = parseInput(saveDraftInput, raw);
  const { graph, errors } = readFlow(input.graph);
  if (!graph) throw new ValidationError(`The flow is not well formed: ${errors[0]?.message}`, { graph: errors.map((e) => `${e.path}: ${e.message}`) });
  const row = await writeFlowDraft(db, principal, input.id, graph, 'flow.save_draft');
  return { flow: row, problems: await checkFlow(db, graph) };
}

/** Replaces a flow's draft; the audit entry is small on purpose (sizes and times, not the graph). */
async function writeFlowDraft(db: Db, principal: Principal, id: string, graph: FlowGraph, action: string, extra: Record<string, unknown> = {}) {
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ name: s.flows.name, draft: s.flows.draft, draftUpdatedAt: s.flows.draftUpdatedAt })
      .from(s.flows)
      .where(eq(s.flows.id, id));
    if (!existing) throw new NotFoundError('Flow', id);
    const [row] = await tx
      .update(s.flows)
      .set({ draft: graph, draftUpdatedBy: principal.id, draftUpdatedAt: new Date() })
      .where(eq(s.flows.id, id))
      .returning();
    await recordAudit(tx, principal, {
      action,
      entityType: 'flow',
      entityId: id,
      before: { name: existing.name, ...graphSummary(existing.draft), draftUpdatedAt: existing.draftUpdatedAt },
      after: { name: row.name, ...graphSummary(row.draft), draftUpdatedAt: row.draftUpdatedAt, ...extra },
    });
    return row;
  });
}

/**
 * Freezes the draft as the next version; refused while any problem remains. Two publishes of the same
 * flow at once make one version: the flow row is locked, and the other (or a publish of a draft that
 * is already the latest version) gets a CONFLICT instead of a second, identical version.
 */
export async function publishFlow(db: Db, principal: Principal, id: string) {
  const { flow, versions: seen } = await getFlow(db, id);
  const graph = flow.draft as FlowGraph;
  const problems = (await checkFlow(db, graph)).filter((p) => p.severity === 'error');
  if (problems.length) {
    throw new ValidationError(`The flow has ${problems.length} problem${problems.length > 1 ? 's' : ''}: ${problems[0].message}`, {
      graph: problems.map((p) => p.message),
    });
  }
  return db.transaction(async (tx) => {
    await tx.select({ id: s.flows.id }).from(s.flows).where(eq(s.flows.id, id)).for('update');
    const [latest] = await tx
      .select({ version: s.flowVersions.version, same: sql<boolean>`${s.flowVersions.graph} = ${JSON.stringify(graph)}::jsonb` })
      .from(s.flowVersions)
      .where(eq(s.flowVersions.flowId, id))
      .orderBy(desc(s.flowVersions.version))
      .limit(1);
    if ((latest?.version ?? 0) !== (seen[0]?.version ?? 0)) throw new ConflictError(PUBLISHED_JUST_NOW);
    if (latest?.same) throw new ConflictError(`Nothing to publish: the draft is already version ${latest.version}`);
    const next = (latest?.version ?? 0) + 1;
    const [version] = await tx
      .insert(s.flowVersions)
      .values({ flowId: id, version: next, graph, publishedBy: principal.id })
      .returning()
      .catch(onUniqueViolation('flow_versions_flow_version_uq', () => new ConflictError(PUBLISHED_JUST_NOW)));
    await recordAudit(tx, principal, {
      action: 'flow.publish',
      entityType: 'flow',
      entityId: id,
      before: { name: flow.name, version: version.version - 1 },
      after: { name: flow.name, version: version.version, versionId: version.id, ...graphSummary(graph) },
    });
    return version;
  });
}

/** Makes an old version the draft again (it is published only when someone publishes it). */
export async function restoreFlowVersion(db: Db, principal: Principal, flowId: string, version: number) {
  const v = await getFlowVersion(db, flowId, version);
  const { graph, errors } = readFlow(v.graph);
  if (!graph) throw new ValidationError(`The flow is not well formed: ${errors[0]?.message}`, { graph: errors.map((e) => `${e.path}: ${e.message}`) });
  const row = await writeFlowDraft(db, principal, flowId, graph, 'flow.restore', { restoredVersion: version });
  return { flow: row, problems: await checkFlow(db, graph) };
}

export async function duplicateFlow(db: Db, principal: Principal, id: string, name: string) {
  const { flow } = await getFlow(db, id);
  await assertNameFree(db, name, null);
  return insertFlow(
    db,
    principal,
    { name, description: flow.description, draft: { ...(flow.draft as FlowGraph), name }, draftUpdatedBy: principal.id, createdBy: principal.id },
    'flow.duplicate',
    { duplicateOf: id },
  );
}

/** Only a flow that was never published (so no order ran on it) may be deleted. */
export async function deleteFlowDraft(db: Db, id: string, actor: AuditActor | null = null) {
  const [{ n }] = await db.select({ n: count() }).from(s.flowVersions).where(eq(s.flowVersions.flowId, id));
  if (n > 0) throw new ValidationError('A published flow cannot be deleted', { id: ['Published flows keep their history; archive it instead'] });
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(s.flows).where(eq(s.flows.id, id)).returning();
    if (!row) throw new NotFoundError('Flow', id);
    await recordAudit(tx, actor, {
      action: 'flow.delete_draft',
      entityType: 'flow',
      entityId: id,
      before: { name: row.name, description: row.description, ...graphSummary(row.draft) },
      after: null,
    });
    return row;
  });
}

/**
 * Makes a published flow the one new orders start on: in one transaction the old default is cleared,
 * then the new one set. The database keeps one default (flows_one_default_uq); two changes at once
 * give one winner and a CONFLICT for the other.
 */
export async function setDefaultFlow(db: Db, id: string, actor: AuditActor | null = null) {
  return db
    .transaction(async (tx) => {
      const [flow] = await tx.select({ id: s.flows.id }).from(s.flows).where(eq(s.flows.id, id)).for('update');
      if (!flow) throw new NotFoundError('Flow', id);
      const [published] = await tx.select({ n: count() }).from(s.flowVersions).where(eq(s.flowVersions.flowId, id));
      if (!published.n) throw new ValidationError('Only a published flow can be the default', { id: ['Publish the flow first'] });
      const previous = await tx.select({ id: s.flows.id, name: s.flows.name }).from(s.flows).where(eq(s.flows.isDefault, true));
      await tx.update(s.flows).set({ isDefault: false }).where(and(eq(s.flows.isDefault, true), ne(s.flows.id, id)));
      const [row] = await tx.update(s.flows).set({ isDefault: true }).where(eq(s.flows.id, id)).returning();
      if (row) {
        await recordAudit(tx, actor, {
          action: 'flow.set_default',
          entityType: 'flow',
          entityId: id,
          before: { defaultFlow: previous[0] ?? null },
          after: { defaultFlow: { id: row.id, name: row.name } },
        });
      }
      return row;
    })
    .catch(onUniqueViolation('flows_one_default_uq', () => new ConflictError('Someone else changed the default flow just now; reload and try again')));
}

/** The flow file (FORMATS.md): the draft, or a published version. */
export async function exportFlow(db: Db, id: string, version?: number): Promise<string> {
  if (version !== undefined) return serializeFlow((await getFlowVersion(db, id, version)).graph as FlowGraph);
  const { flow } = await getFlow(db, id);
  return serializeFlow(flow.draft as FlowGraph);
}

/** A new draft flow from a flow file; a taken name gets " (imported)" added. */
export async function importFlow(db: Db, principal: Principal, text: string) {
  const { graph, errors } = parseFlowJson(text);
  if (!graph) throw new ValidationError(`Not a flow file: ${errors[0]?.message}`, { file: errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)) });
  let name = graph.name;
  for (let i = 1; ; i++) {
    const [taken] = await db.select({ id: s.flows.id }).from(s.flows).where(sql`lower(${s.flows.name}) = lower(${name})`);
    if (!taken) break;
    name = `${graph.name} (imported${i > 1 ? ` ${i}` : ''})`;
  }
  const row = await insertFlow(db, principal, { name, draft: { ...graph, name }, draftUpdatedBy: principal.id, createdBy: principal.id }, 'flow.import');
  return { flow: row, problems: await checkFlow(db, row.draft as FlowGraph) };
}

export async function listFlowTemplates() {
  return FLOW_TEMPLATE_KEYS.map((key) => {
    const t = loadFlowTemplate(key);
    return { key, name: t.graph.name, description: t.graph.description ?? '' };
  });
}

