// Trying rules before publishing them: run unsaved source against one order at one node (test), or
// against the orders that passed a node lately, beside what really happened there (backtest).
// Both compile with the current custom fields and directory and call the dsl's evaluate; nothing
// here decides anything itself.
import { and, asc, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  compileRuleSet,
  evaluate,
  isDispatchNodeKind,
  TARGETS_BY_NODE_KIND,
  type Assignee,
  type Decision,
  type Diagnostic,
  type Directory,
  type NodeContext,
  type NodeKind,
  type OrderData,
} from '../../dsl';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { compiledFlowVersion, loadCustomFields, orderDataOf, stateOf, type EngineCaches, type OrderRow } from '../dispatch/context';
import type { FlowGraph, FlowNode } from '../flow';
import { NotFoundError, ValidationError, parseInput } from '../errors';
import { idString } from '../limits';
import { nodeContext, orderForRules } from '../runner';

const source = z.string().max(500_000);

/** A sample order as JSON: every field may be left out and takes a plain default. */
export const sampleOrderSchema = z.object({
  id: z.string().default('sample'),
  number: z.string().default('SAMPLE-1'),
  title: z.string().default('Sample order'),
  category: z.string().default(''),
  priority: z.string().default('Medium'),
  source: z.string().default('manual'),
  customer: z.object({ name: z.string().default(''), tier: z.string().default('Standard') }).default({ name: '', tier: 'Standard' }),
  address: z
    .object({ city: z.string().default(''), region: z.string().default(''), postcode: z.string().default('') })
    .default({ city: '', region: '', postcode: '' }),
  location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).nullable().default(null),
  requiredSkills: z.array(z.string()).default([]),
  tags: z.array(z.string()).default([]),
  custom: z.record(z.string(), z.unknown()).default({}),
  createdAt: z.iso.datetime({ offset: true }).default(() => new Date().toISOString()),
  sla: z
    .object({ respondBy: z.iso.datetime({ offset: true }), resolveBy: z.iso.datetime({ offset: true }) })
    .default(() => ({ respondBy: new Date(Date.now() + 4 * 3600_000).toISOString(), resolveBy: new Date(Date.now() + 24 * 3600_000).toISOString() })),
  /** The service group already chosen, by name (it sets the node's group, too). */
  serviceGroup: z.string().nullable().default(null),
  /** The provider already chosen, by name (it sets the node's provider, too). */
  provider: z.string().nullable().default(null),
});

export const testRulesInput = z.object({
  source,
  order: z.union([z.object({ id: idString }), z.object({ sample: z.unknown() })]),
  flowVersionId: idString,
  nodeId: idString,
  now: z.coerce.date().optional(),
});

export const backtestRulesInput = z.object({
  source,
  flowId: idString,
  nodeId: idString,
  limit: z.number().int().min(1).max(500).default(50),
});

export const searchOrdersInput = z.object({ query: z.string().trim().max(200).default(''), limit: z.number().int().min(1).max(50).default(12) });

/** The rules' view of things: custom fields and directory as they are now, and the source compiled against them. */
async function compileDraft(engine: EngineCaches, text: string) {
  const [customFields, directory] = await Promise.all([loadCustomFields(engine.db), engine.directory.get()]);
  const { ruleSet, diagnostics } = compileRuleSet(text, { customFields, directory });
  return { customFields, directory, ruleSet, diagnostics };
}

async function dispatchNode(engine: EngineCaches, flowVersionId: string, nodeId: string): Promise<FlowNode> {
  const [version] = await engine.db.select({ id: s.flowVersions.id }).from(s.flowVersions).where(eq(s.flowVersions.id, flowVersionId));
  if (!version) throw new NotFoundError('Flow version', flowVersionId);
  const node = (await compiledFlowVersion(engine, flowVersionId)).node(nodeId);
  if (!node) throw new NotFoundError('Node', nodeId);
  if (!isDispatchNodeKind(node.kind)) throw new ValidationError(`Rules do not run at a ${node.kind} node`, { nodeId: ['Choose a dispatch node'] });
  return node;
}

async function exclusionsAt(db: Db, orderId: string, nodeId: string, before?: Date): Promise<NodeContext['excluded']> {
  const rows = await db
    .select()
    .from(s.orderExclusions)
    .where(and(eq(s.orderExclusions.orderId, orderId), eq(s.orderExclusions.nodeId, nodeId)));
  const here = before ? rows.filter((r) => r.createdAt < before) : rows;
  if (!here.length) return undefined;
  const of = (type: string) => here.filter((x) => x.targetType === type).map((x) => x.targetId);
  return { engineers: of('engineer'), providers: of('service_provider'), serviceGroups: of('service_group') };
}

export interface TestRulesResult {
  diagnostics: Diagnostic[];
  /** null while the source has errors. */
  decision: Decision | null;
  /** The order exactly as the rules saw it. */
  order: OrderData;
  node: { id: string; kind: NodeKind; label: string | null; serviceGroup: string | null; provider: string | null };
  now: string;
}

/**
 * Runs the given source (saved or not) against a live order, in its current state (the group and
 * provider it holds, what it was excluded from at the node), or a sample order, at a node of a
 * published flow version.
 */
export async function testRules(engine: EngineCaches, raw: z.input<typeof testRulesInput>): Promise<TestRulesResult> {
  const { db } = engine;
  const input = parseInput(testRulesInput, raw);
  const [draft, flowNode] = await Promise.all([compileDraft(engine, input.source), dispatchNode(engine, input.flowVersionId, input.nodeId)]);
  const { directory } = draft;
  const now = input.now ?? new Date();
  let order: OrderData;
  let node: NodeContext;
  if ('id' in input.order) {
    const [row] = await db
      .select()
      .from(s.workOrders)
      .where(or(eq(s.workOrders.id, input.order.id), eq(s.workOrders.number, input.order.id)));
    if (!row) throw new NotFoundError('Work order', input.order.id);
    const state = stateOf(row);
    order = orderForRules(orderDataOf(row), state, directory);
    node = nodeContext(flowNode, state, await exclusionsAt(db, row.id, flowNode.id));
  } else {
    const parsed = sampleOrderSchema.safeParse(input.order.sample ?? {});
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) (fieldErrors[['sample', ...issue.path.map(String)].join('.')] ??= []).push(issue.message);
      const [field, [message]] = Object.entries(fieldErrors)[0];
      throw new ValidationError(`${field}: ${message}`, fieldErrors);
    }
    const sample = parsed.data;
    const group = sample.serviceGroup ? findByName(directory, 'group', sample.serviceGroup) : null;
    const provider = sample.provider ? findByName(directory, 'provider', sample.provider) : null;
    if (sample.serviceGroup && !group) throw new ValidationError(`No service group is named "${sample.serviceGroup}"`, { 'sample.serviceGroup': ['Unknown service group'] });
    if (sample.provider && !provider) throw new ValidationError(`No service provider is named "${sample.provider}"`, { 'sample.provider': ['Unknown service provider'] });
    order = { ...sample, serviceGroup: group?.name ?? null, provider: provider?.name ?? null };
    node = { id: flowNode.id, kind: flowNode.kind, serviceGroupId: group?.id ?? null, providerId: provider?.id ?? null };
  }
  const decision = draft.ruleSet ? evaluate(draft.ruleSet, { order, node, directory, now }) : null;
  return {
    diagnostics: draft.diagnostics,
    decision,
    order,
    node: {
      id: flowNode.id,
      kind: flowNode.kind,
      label: flowNode.label ?? null,
      serviceGroup: node.serviceGroupId ? (directory.serviceGroup(node.serviceGroupId)?.name ?? null) : null,
      provider: node.providerId ? (directory.provider(node.providerId)?.name ?? null) : null,
    },
    now: now.toISOString(),
  };
}

function findByName(directory: Directory, kind: 'group' | 'provider', nameOrId: string): { id: string; name: string } | null {
  const byId = kind === 'group' ? directory.serviceGroup(nameOrId) : directory.provider(nameOrId);
  if (byId) return byId;
  const lower = nameOrId.toLowerCase();
  const list: readonly { id: string; name: string }[] = kind === 'group' ? directory.serviceGroups : directory.providers;
  return list.find((x) => x.name.toLowerCase() === lower) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Backtest
// ---------------------------------------------------------------------------------------------

type EventRow = typeof s.orderEvents.$inferSelect;

export interface BacktestOutcome {
  way: 'auto' | 'manual' | 'waiting';
  rule: string | null;
  assignee: Assignee | null;
  /** Who assigned it by hand, when a person did. */
  by: string | null;
  at: string;
}

export interface BacktestRow {
  orderId: string;
  number: string;
  title: string;
  flowVersion: number | null;
  happened: BacktestOutcome;
  draft: { outcome: 'auto' | 'manual'; rule: string | null; assignee: Assignee | null; manualReason: string | null };
  changed: boolean;
  /** What changed, in words; null when nothing did. */
  change: string | null;
}

export interface BacktestResult {
  diagnostics: Diagnostic[];
  node: { id: string; kind: NodeKind | null; label: string | null };
  rows: BacktestRow[];
  counts: { orders: number; changed: number; unchanged: number; draftAuto: number; draftManual: number; happenedAuto: number; happenedManual: number; happenedWaiting: number };
  /** How often each rule of the draft decided, in source order. */
  fired: { rule: string; count: number }[];
  /** Rules of the draft that decided none of the orders. */
  neverFired: string[];
  /** Of those, the ones that cannot run at this node at all (disabled, target or `at` elsewhere). */
  cannotRunHere: string[];
  /** Time conditions use the time of the original decision; the directory is today's. */
  note: string;
}

const DECISION_TYPES = ['queued', 'auto_assigned', 'assigned'] as const;

/** What happened at the node: the engine's last decision there and, after a queue, the person's pick. */
function happenedAt(events: EventRow[], nodeId: string): { outcome: BacktestOutcome; decisionEvent: EventRow } | null {
  const here = events.filter((e) => e.nodeId === nodeId && (DECISION_TYPES as readonly string[]).includes(e.type));
  const lastDecision = [...here].reverse().find((e) => e.type === 'queued' || e.type === 'auto_assigned') ?? here[here.length - 1];
  if (!lastDecision) return null;
  const data = lastDecision.data as { rule?: string | null; assignee?: Assignee; by?: string };
  if (lastDecision.type === 'auto_assigned') {
    return { decisionEvent: lastDecision, outcome: { way: 'auto', rule: data.rule ?? null, assignee: data.assignee ?? null, by: null, at: lastDecision.createdAt.toISOString() } };
  }
  const pick = lastDecision.type === 'assigned' ? lastDecision : here.find((e) => e.type === 'assigned' && e.id > lastDecision.id);
  const pickData = pick?.data as { assignee?: Assignee; by?: string } | undefined;
  return {
    decisionEvent: lastDecision,
    outcome: {
      way: pick ? 'manual' : 'waiting',
      rule: lastDecision.type === 'queued' ? (data.rule ?? null) : null,
      assignee: pickData?.assignee ?? null,
      by: pickData?.by ?? null,
      at: (pick ?? lastDecision).createdAt.toISOString(),
    },
  };
}

/** The group and provider the order held when the decision was made, replayed from its history. */
function stateBefore(events: EventRow[], before: EventRow, directory: Directory): { serviceGroupId: string | null; providerId: string | null } {
  let serviceGroupId: string | null = null;
  let providerId: string | null = null;
  for (const e of events) {
    if (e.id >= before.id) break;
    const data = e.data as { assignee?: Assignee; to?: { id: string; type?: string } };
    const a = e.type === 'assigned' || e.type === 'auto_assigned' ? data.assignee : e.type === 'reallocated' ? (data.to as Assignee | undefined) : undefined;
    if (a?.type === 'service_group') serviceGroupId = a.id;
    else if (a?.type === 'service_provider') providerId = a.id;
    else if (a?.type === 'provider_engineer') providerId = directory.engineer(a.id)?.providerId ?? providerId;
    if (e.type === 'reassigned' && data.to) serviceGroupId = data.to.id;
  }
  return { serviceGroupId, providerId };
}

function describeChange(h: BacktestOutcome, d: BacktestRow['draft']): string | null {
  const who = (a: Assignee | null) => (a ? a.name : 'nobody');
  if (h.way === 'auto') {
    if (d.outcome === 'manual') return d.rule ? `to the queue by "${d.rule}" instead of "${h.rule}"` : `to the queue instead of "${h.rule}"`;
    if (d.rule !== h.rule || d.assignee?.id !== h.assignee?.id) {
      return d.rule !== h.rule ? `"${d.rule}" (${who(d.assignee)}) instead of "${h.rule}" (${who(h.assignee)})` : `${who(d.assignee)} instead of ${who(h.assignee)}`;
    }
    return null;
  }
  // The order went to the queue.
  if (d.outcome === 'auto') return `auto-assigned by "${d.rule}" (${who(d.assignee)}) instead of the queue`;
  if (d.rule !== h.rule) return d.rule ? `to the queue by "${d.rule}" instead of ${h.rule ? `"${h.rule}"` : 'no rule'}` : `to the queue with no rule instead of "${h.rule}"`;
  return null;
}

/** Whether a rule may run at a node at all: enabled, its target fits the kind, its `at` list names the node. */
function fitsNode(rule: { disabled: boolean; target: string; at: string[] | null }, nodeId: string, kind: NodeKind): boolean {
  if (rule.disabled) return false;
  if (rule.target !== 'manual' && !(TARGETS_BY_NODE_KIND[kind] ?? []).includes(rule.target as never)) return false;
  return !rule.at || rule.at.includes(kind) || rule.at.includes(nodeId);
}

/**
 * Runs the source against the last `limit` orders that a dispatch decision was made for at the
 * node (latest first), and sets each decision beside what happened there.
 */
export async function backtestRules(engine: EngineCaches, raw: z.input<typeof backtestRulesInput>): Promise<BacktestResult> {
  const { db } = engine;
  const input = parseInput(backtestRulesInput, raw);
  const [flow] = await db.select({ id: s.flows.id }).from(s.flows).where(eq(s.flows.id, input.flowId));
  if (!flow) throw new NotFoundError('Flow', input.flowId);
  const draft = await compileDraft(engine, input.source);
  const note = 'Time conditions use the time of the original decision; engineers, providers and groups are as they are now.';
  const empty: BacktestResult = {
    diagnostics: draft.diagnostics,
    node: { id: input.nodeId, kind: null, label: null },
    rows: [],
    counts: { orders: 0, changed: 0, unchanged: 0, draftAuto: 0, draftManual: 0, happenedAuto: 0, happenedManual: 0, happenedWaiting: 0 },
    fired: [],
    neverFired: [],
    cannotRunHere: [],
    note,
  };
  if (!draft.ruleSet) return empty;
  const ruleSet = draft.ruleSet;
  const latest = await db
    .select({ orderId: s.orderEvents.orderId, last: sql<number>`max(${s.orderEvents.id})`.mapWith(Number) })
    .from(s.orderEvents)
    .innerJoin(s.workOrders, eq(s.workOrders.id, s.orderEvents.orderId))
    .where(and(eq(s.workOrders.flowId, input.flowId), eq(s.orderEvents.nodeId, input.nodeId), inArray(s.orderEvents.type, [...DECISION_TYPES])))
    .groupBy(s.orderEvents.orderId)
    .orderBy(desc(sql`max(${s.orderEvents.id})`))
    .limit(input.limit);
  const ids = latest.map((r) => r.orderId);
  const [orders, events, exclusions, versions] = ids.length
    ? await Promise.all([
        db.select().from(s.workOrders).where(inArray(s.workOrders.id, ids)),
        db
          .select()
          .from(s.orderEvents)
          .where(and(inArray(s.orderEvents.orderId, ids), inArray(s.orderEvents.type, ['queued', 'auto_assigned', 'assigned', 'reallocated', 'reassigned'])))
          .orderBy(asc(s.orderEvents.id)),
        db
          .select()
          .from(s.orderExclusions)
          .where(and(inArray(s.orderExclusions.orderId, ids), eq(s.orderExclusions.nodeId, input.nodeId))),
        db.select({ id: s.flowVersions.id, version: s.flowVersions.version }).from(s.flowVersions).where(eq(s.flowVersions.flowId, input.flowId)),
      ])
    : [[], [], [], []];
  const byId = new Map<string, OrderRow>(orders.map((o) => [o.id, o]));
  const eventsOf = new Map<string, EventRow[]>();
  for (const e of events) eventsOf.set(e.orderId, [...(eventsOf.get(e.orderId) ?? []), e]);
  const versionNumber = new Map(versions.map((v) => [v.id, v.version]));

  const fired = new Map<string, number>(ruleSet.rules.map((r) => [r.name, 0]));
  const rows: BacktestRow[] = [];
  let nodeInfo: BacktestResult['node'] = empty.node;
  for (const { orderId } of latest) {
    const row = byId.get(orderId);
    if (!row?.flowVersionId) continue;
    const flowNode = (await compiledFlowVersion(engine, row.flowVersionId)).node(input.nodeId);
    if (!flowNode || !isDispatchNodeKind(flowNode.kind)) continue;
    nodeInfo = { id: flowNode.id, kind: flowNode.kind, label: flowNode.label ?? null };
    const history = eventsOf.get(orderId) ?? [];
    const found = happenedAt(history, input.nodeId);
    if (!found) continue;
    const at = found.decisionEvent.createdAt;
    const held = stateBefore(history, found.decisionEvent, draft.directory);
    const state = { ...stateOf(row), ...held };
    const here = exclusions.filter((x) => x.orderId === orderId && x.createdAt < at);
    const excluded = here.length
      ? {
          engineers: here.filter((x) => x.targetType === 'engineer').map((x) => x.targetId),
          providers: here.filter((x) => x.targetType === 'service_provider').map((x) => x.targetId),
          serviceGroups: here.filter((x) => x.targetType === 'service_group').map((x) => x.targetId),
        }
      : undefined;
    const decision = evaluate(ruleSet, {
      order: orderForRules(orderDataOf(row), state, draft.directory),
      node: nodeContext(flowNode, state, excluded),
      directory: draft.directory,
      now: at,
    });
    if (decision.rule) fired.set(decision.rule, (fired.get(decision.rule) ?? 0) + 1);
    const d: BacktestRow['draft'] = {
      outcome: decision.outcome,
      rule: decision.rule,
      assignee: decision.assignee,
      manualReason: decision.outcome === 'manual' ? decision.trace.manualReason : null,
    };
    const change = describeChange(found.outcome, d);
    rows.push({
      orderId,
      number: row.number,
      title: row.title,
      flowVersion: versionNumber.get(row.flowVersionId) ?? null,
      happened: found.outcome,
      draft: d,
      changed: change !== null,
      change,
    });
  }
  const changed = rows.filter((r) => r.changed).length;
  const firedList = [...fired.entries()].map(([rule, count]) => ({ rule, count }));
  return {
    diagnostics: draft.diagnostics,
    node: nodeInfo,
    rows,
    counts: {
      orders: rows.length,
      changed,
      unchanged: rows.length - changed,
      draftAuto: rows.filter((r) => r.draft.outcome === 'auto').length,
      draftManual: rows.filter((r) => r.draft.outcome === 'manual').length,
      happenedAuto: rows.filter((r) => r.happened.way === 'auto').length,
      happenedManual: rows.filter((r) => r.happened.way === 'manual').length,
      happenedWaiting: rows.filter((r) => r.happened.way === 'waiting').length,
    },
    fired: firedList,
    neverFired: firedList.filter((f) => f.count === 0).map((f) => f.rule),
    cannotRunHere: nodeInfo.kind ? ruleSet.rules.filter((r) => !fitsNode(r, nodeInfo.id, nodeInfo.kind!)).map((r) => r.name) : [],
    note,
  };
}

// ---------------------------------------------------------------------------------------------
// What the editor's pickers and completion need
// ---------------------------------------------------------------------------------------------

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
