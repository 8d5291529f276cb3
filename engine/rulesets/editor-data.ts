// What the rule editor's pickers and completion need: orders to try rules on, the directory's
// names, the dispatch nodes of the published flows, and which flows use each rule set.
import { and, asc, desc, eq, ilike, or } from 'drizzle-orm';
import { z } from 'zod';
import { isDispatchNodeKind } from '../../dsl';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { loadCustomFields, orderDataOf, stateOf, type EngineCaches } from '../dispatch/context';
import type { FlowGraph } from '../flow';
import { parseInput } from '../errors';
import { orderForRules } from '../runner';

export const searchOrdersInput = z.object({ query: z.string().trim().max(200).default(''), limit: z.number().int().min(1).max(50).default(12) });

/** Orders by number, title or customer, latest first, each with the data the rules see. */
export async function searchOrders(engine: EngineCaches, raw: z.input<typeof searchOrdersInput>) {
  const { db } = engine;
  const input = parseInput(searchOrdersInput, raw);
  const q = input.query.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await db
    .select()
    .from(s.workOrders)
    .where(q ? or(ilike(s.workOrders.number, `%${q}%`), ilike(s.workOrders.title, `%${q}%`), ilike(s.workOrders.customerName, `%${q}%`)) : undefined)
    .orderBy(desc(s.workOrders.createdAt), desc(s.workOrders.number))
    .limit(input.limit);
  const directory = await engine.directory.get();
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    title: row.title,
    status: row.status,
    priority: row.priority,
    customer: row.customerName,
    flowVersionId: row.flowVersionId,
    currentNodeId: row.currentNodeId,
    /** The order as the rules see it now: a starting point for a sample. */
    data: orderForRules(orderDataOf(row), stateOf(row), directory),
  }));
}

/** Names for completion and for checking named assignees in the browser, plus the custom fields. */
export async function directoryNames(db: Db) {
  const [groups, providers, engineers, customFields] = await Promise.all([
    db.select({ id: s.serviceGroups.id, name: s.serviceGroups.name, kind: s.serviceGroups.kind, active: s.serviceGroups.active }).from(s.serviceGroups).orderBy(s.serviceGroups.name),
    db.select({ id: s.serviceProviders.id, name: s.serviceProviders.name, active: s.serviceProviders.active }).from(s.serviceProviders).orderBy(s.serviceProviders.name),
    db.select({ id: s.engineers.id, name: s.engineers.name, providerId: s.engineers.providerId, active: s.engineers.active }).from(s.engineers).orderBy(s.engineers.name),
    loadCustomFields(db),
  ]);
  return { serviceGroups: groups, providers, engineers, customFields };
}

/** The dispatch nodes of every flow's latest published version, with the rule set each names. */
export async function flowDispatchNodes(db: Db) {
  const latest = await db
    .selectDistinctOn([s.flowVersions.flowId], {
      flowId: s.flows.id,
      flowName: s.flows.name,
      versionId: s.flowVersions.id,
      version: s.flowVersions.version,
      graph: s.flowVersions.graph,
    })
    .from(s.flowVersions)
    .innerJoin(s.flows, eq(s.flows.id, s.flowVersions.flowId))
    .where(eq(s.flows.archived, false))
    .orderBy(s.flowVersions.flowId, desc(s.flowVersions.version));
  return latest
    .map((f) => ({
      flowId: f.flowId,
      flowName: f.flowName,
      versionId: f.versionId,
      version: f.version,
      nodes: ((f.graph as FlowGraph).nodes ?? [])
        .filter((n) => isDispatchNodeKind(n.kind))
        .map((n) => ({ id: n.id, kind: n.kind, label: n.label ?? n.id, ruleSet: n.config?.ruleSet ?? null, autoDispatch: n.config?.autoDispatch !== false })),
    }))
    .sort((a, b) => a.flowName.localeCompare(b.flowName));
}

export interface RuleSetUse {
  flowId: string;
  flowName: string;
  /** Published versions whose nodes name the rule set. */
  versions: number[];
  /** The flow's draft names it. */
  draft: boolean;
  /** Labels of the nodes (in the latest version or draft naming it). */
  nodes: string[];
}

/** Which flows (drafts and published versions) name each rule set in their dispatch nodes, by rule set name. */
export async function ruleSetUsage(db: Db): Promise<Map<string, RuleSetUse[]>> {
  const [flows, versions] = await Promise.all([
    db.select({ id: s.flows.id, name: s.flows.name, draft: s.flows.draft }).from(s.flows).where(eq(s.flows.archived, false)),
    db
      .select({ flowId: s.flowVersions.flowId, version: s.flowVersions.version, graph: s.flowVersions.graph })
      .from(s.flowVersions)
      .innerJoin(s.flows, and(eq(s.flows.id, s.flowVersions.flowId), eq(s.flows.archived, false)))
      .orderBy(s.flowVersions.flowId, asc(s.flowVersions.version)),
  ]);
  const usage = new Map<string, Map<string, RuleSetUse>>();
  const note = (flowId: string, flowName: string, graph: unknown, version: number | null) => {
    for (const n of (graph as FlowGraph | null)?.nodes ?? []) {
      const name = n.config?.ruleSet;
      if (!name) continue;
      const byFlow = usage.get(name) ?? new Map<string, RuleSetUse>();
      usage.set(name, byFlow);
      const use = byFlow.get(flowId) ?? { flowId, flowName, versions: [], draft: false, nodes: [] };
      byFlow.set(flowId, use);
      if (version === null) use.draft = true;
      else if (!use.versions.includes(version)) use.versions.push(version);
      const label = n.label ?? n.id;
      if (!use.nodes.includes(label)) use.nodes.push(label);
    }
  };
  const names = new Map(flows.map((f) => [f.id, f.name]));
  for (const v of versions) note(v.flowId, names.get(v.flowId) ?? v.flowId, v.graph, v.version);
  for (const f of flows) note(f.id, f.name, f.draft, null);
  return new Map([...usage.entries()].map(([name, byFlow]) => [name, [...byFlow.values()].sort((a, b) => a.flowName.localeCompare(b.flowName))]));
}
