// What publishing would do: the last 30 days of decisions at the nodes a rule set or flow draft
// affects, decided again twice on the same directory — by what runs now (the published version)
// and by the draft — with the replay the backtest uses (engine/rulesets SequentialReplay). Both
// sides see the same orders, times and directory, so what differs is the change alone. It runs in
// the background in chunks; its row in publish_impacts says how far it got, then holds the
// figures, and names the version once that draft is published.
import { createHash } from 'node:crypto';
import { and, desc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { isDispatchNodeKind, travelMinutes, type Assignee, type CompiledRuleSet, type Directory, type OrderData } from '../../dsl';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { compiledFlowVersion, ruleSetsForFlow, type EngineCaches } from '../dispatch/context';
import { ENGINE_DECISION_EVENT_TYPES } from '../enums';
import { NotFoundError, ValidationError } from '../errors';
import { autoDispatchOn, compileFlow, type CompiledFlow, type FlowGraph, type FlowNode } from '../flow';
import { checkFlow } from '../flows';
import type { Principal } from '../principal';
import { SequentialReplay, compileDraft, happenedAt, readOrderHistory, type StoredDecision } from '../rulesets';

export type ImpactSubject = 'rule_set' | 'flow';

/** How far back the decisions replayed reach. */
export const IMPACT_DAYS = 30;
/** The changed decisions kept with the figures (the count is always whole). */
export const MAX_CHANGES = 500;
/** Orders read and replayed between two progress updates. */
const CHUNK = 500;
/** A running replay whose row has not moved for this long was lost with its server. */
const STALLED_MS = 60_000;

export interface ImpactOutcome {
  /** `absent`: the version has no such dispatch step. */
  outcome: 'auto' | 'manual' | 'absent';
  rule: string | null;
  assignee: Assignee | null;
}

export interface ImpactSide {
  auto: number;
  manual: number;
  /** Auto-assigned share of the decisions (0–1); null without decisions. */
  autoRate: number | null;
  /** Mean travel time of the engineers auto-assigned, to orders with a location; null when none. */
  meanTravelMinutes: number | null;
  /** The assignments that mean is over. */
  travelMeasured: number;
}

export interface ImpactFigures {
  since: string;
  until: string;
  /** Decisions replayed (an order counts once per step). */
  decisions: number;
  orders: number;
  changed: number;
  changedOrders: number;
  /** The published version compared with; null when there is none yet. */
  baseVersion: number | null;
  nodes: { flow: string; nodeId: string; label: string; decisions: number; changed: number }[];
  before: ImpactSide;
  after: ImpactSide;
}

export interface ImpactChange {
  orderId: string;
  number: string;
  title: string;
  flow: string;
  nodeId: string;
  node: string;
  /** When the decision was made. */
  at: string;
  before: ImpactOutcome;
  after: ImpactOutcome;
}

export interface ImpactProgress {
  id: string;
  subjectType: ImpactSubject;
  subjectId: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  error: string | null;
  figures: ImpactFigures | null;
  /** The changed decisions, latest first (at most MAX_CHANGES). */
  changes: ImpactChange[] | null;
}

/** The digest a draft is recognised by when it is published. */
export function draftDigest(draft: string | FlowGraph): string {
  return createHash('sha256')
    .update(typeof draft === 'string' ? draft : JSON.stringify(draft))
    .digest('hex');
}

/** One step whose decisions are replayed: how each side decides there. */
interface Side {
  node: FlowNode | null;
  ruleSet: CompiledRuleSet | null;
}
interface Plan {
  digest: string;
  baseVersion: number | null;
  /** Which order events are the decisions to replay (besides type and period). */
  scope: SQL | null;
  nodeIds: string[];
  flowName: (row: s.OrderRow) => Promise<string>;
  sides: (row: s.OrderRow, nodeId: string) => Promise<{ before: Side; after: Side }>;
}

const sideRuleSet = (node: FlowNode | undefined | null, ruleSetOf: (node: FlowNode) => CompiledRuleSet | null): Side =>
  node && isDispatchNodeKind(node.kind) ? { node, ruleSet: autoDispatchOn(node) ? ruleSetOf(node) : null } : { node: null, ruleSet: null };

async function flowNames(db: Db): Promise<Map<string, string>> {
  return new Map((await db.select({ id: s.flows.id, name: s.flows.name }).from(s.flows)).map((f) => [f.id, f.name]));
}

/** A rule set draft: at each node that names it (in the order's own flow version), the published version against the draft. */
async function ruleSetPlan(engine: EngineCaches, id: string): Promise<Plan> {
  const { db } = engine;
  const [ruleSet] = await db.select().from(s.ruleSets).where(eq(s.ruleSets.id, id));
  if (!ruleSet) throw new NotFoundError('Rule set', id);
  const draft = await compileDraft(engine, ruleSet.draftSource);
  const errors = draft.diagnostics.filter((d) => d.severity === 'error');
  if (!draft.ruleSet || errors.length) {
    throw new ValidationError(`The rule set has ${errors.length} error${errors.length === 1 ? '' : 's'}: line ${errors[0]?.range.start.line}: ${errors[0]?.message}`, {
      source: errors.map((d) => `${d.range.start.line}:${d.range.start.column}: ${d.message}`),
    });
  }
  const [latest] = await db
    .select({ version: s.ruleSetVersions.version, source: s.ruleSetVersions.source })
    .from(s.ruleSetVersions)
    .where(eq(s.ruleSetVersions.ruleSetId, id))
    .orderBy(desc(s.ruleSetVersions.version))
    .limit(1);
  const published = latest ? (await compileDraft(engine, latest.source)).ruleSet : null;
  // Flows name published rule sets only: a never-published one is used nowhere yet.
  const versions = latest ? await db.select({ id: s.flowVersions.id }).from(s.flowVersions) : [];
  const scopes: SQL[] = [];
  const nodeIds = new Set<string>();
  for (const v of versions) {
    const flow = await compiledFlowVersion(engine, v.id);
    const here = flow.graph.nodes.filter((n) => isDispatchNodeKind(n.kind) && n.config?.ruleSet === ruleSet.name).map((n) => n.id);
    if (!here.length) continue;
    here.forEach((n) => nodeIds.add(n));
    scopes.push(and(eq(s.workOrders.flowVersionId, v.id), inArray(s.orderEvents.nodeId, here))!);
  }
  const names = await flowNames(db);
  return {
    digest: draftDigest(ruleSet.draftSource),
    baseVersion: latest?.version ?? null,
    scope: scopes.length ? or(...scopes)! : null,
    nodeIds: [...nodeIds],
    flowName: async (row) => names.get(row.flowId ?? '') ?? '',
    sides: async (row, nodeId) => {
      const node = (await compiledFlowVersion(engine, row.flowVersionId!)).node(nodeId);
      return { before: sideRuleSet(node, () => published), after: sideRuleSet(node, () => draft.ruleSet) };
    },
  };
}

/** A flow draft: at each of its dispatch steps (and those of the published version), the published version's step against the draft's. */
async function flowPlan(engine: EngineCaches, id: string): Promise<Plan> {
  const { db } = engine;
  const [flow] = await db.select().from(s.flows).where(eq(s.flows.id, id));
  if (!flow) throw new NotFoundError('Flow', id);
  const graph = flow.draft as FlowGraph;
  const problems = (await checkFlow(db, graph)).filter((p) => p.severity === 'error');
  const config = await engine.config.get();
  const draft: CompiledFlow | null = problems.length ? null : compileFlow(graph, { customFields: config.customFields }).flow;
  if (!draft) {
    throw new ValidationError(`The flow has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems[0]?.message}`, { graph: problems.map((p) => p.message) });
  }
  const [latest] = await db
    .select({ id: s.flowVersions.id, version: s.flowVersions.version })
    .from(s.flowVersions)
    .where(eq(s.flowVersions.flowId, id))
    .orderBy(desc(s.flowVersions.version))
    .limit(1);
  const published = latest ? await compiledFlowVersion(engine, latest.id) : null;
  const [draftRuleSets, publishedRuleSets] = await Promise.all([ruleSetsForFlow(engine, draft), published ? ruleSetsForFlow(engine, published) : new Map<string, CompiledRuleSet>()]);
  const dispatchIds = (f: CompiledFlow | null) => (f ? f.graph.nodes.filter((n) => isDispatchNodeKind(n.kind)).map((n) => n.id) : []);
  const nodeIds = [...new Set([...dispatchIds(published), ...dispatchIds(draft)])];
  const named = (map: Map<string, CompiledRuleSet>) => (node: FlowNode) => (node.config?.ruleSet ? (map.get(node.config.ruleSet) ?? null) : null);
  return {
    digest: draftDigest(graph),
    baseVersion: latest?.version ?? null,
    // No published version: no order ran on the flow yet.
    scope: published && nodeIds.length ? and(eq(s.workOrders.flowId, id), inArray(s.orderEvents.nodeId, nodeIds))! : null,
    nodeIds,
    flowName: async () => flow.name,
    sides: async (_row, nodeId) => ({
      before: sideRuleSet(published?.node(nodeId), named(publishedRuleSets)),
      after: sideRuleSet(draft.node(nodeId), named(draftRuleSets)),
    }),
  };
}

interface Tally {
  auto: number;
  manual: number;
  travelSum: number;
  travelMeasured: number;
}
const emptyTally = (): Tally => ({ auto: 0, manual: 0, travelSum: 0, travelMeasured: 0 });

function tallyOf(t: Tally): ImpactSide {
  const n = t.auto + t.manual;
  return {
    auto: t.auto,
    manual: t.manual,
    autoRate: n ? t.auto / n : null,
    meanTravelMinutes: t.travelMeasured ? t.travelSum / t.travelMeasured : null,
    travelMeasured: t.travelMeasured,
  };
}

/** Decides the stored decision on one side, counting what it did. */
function decideSide(replay: SequentialReplay, side: Side, item: StoredDecision, tally: Tally): ImpactOutcome {
  if (!side.node) return { outcome: 'absent', rule: null, assignee: null };
  const reason = autoDispatchOn(side.node) ? 'No rule set applies at this node' : 'Auto-dispatch is off at this node';
  const directory: Directory = replay.directory;
  const { decision, order } = replay.decide(item, side.node, side.ruleSet, reason);
  if (decision.outcome === 'auto') {
    tally.auto++;
    const minutes = engineerTravel(directory, decision.assignee, order);
    if (minutes !== null) {
      tally.travelSum += minutes;
      tally.travelMeasured++;
    }
  } else tally.manual++;
  return { outcome: decision.outcome, rule: decision.rule, assignee: decision.assignee };
}

function engineerTravel(directory: Directory, assignee: Assignee | null, order: OrderData): number | null {
  if (!assignee || (assignee.type !== 'engineer' && assignee.type !== 'provider_engineer')) return null;
  const engineer = directory.engineer(assignee.id);
  return engineer ? travelMinutes(engineer.location ?? null, order.location ?? null, directory.travel) : null;
}

const sameOutcome = (a: ImpactOutcome, b: ImpactOutcome) => a.outcome === b.outcome && a.rule === b.rule && (a.assignee?.id ?? null) === (b.assignee?.id ?? null);

export interface StartedImpact {
  id: string;
  total: number;
  /** Settles when the replay has finished (done or failed); never rejects. */
  finished: Promise<void>;
}

/**
 * Starts replaying what publishing the subject's draft would change; the replay goes on in the
 * background. A draft with errors is refused, as publishing it would be.
 */
export async function startImpact(engine: EngineCaches, principal: Principal, subjectType: ImpactSubject, subjectId: string, now: Date = new Date()): Promise<StartedImpact> {
  const { db } = engine;
  const plan = subjectType === 'rule_set' ? await ruleSetPlan(engine, subjectId) : await flowPlan(engine, subjectId);
  const since = new Date(now.getTime() - IMPACT_DAYS * 86_400_000);
  const items = plan.scope
    ? await db
        .select({ orderId: s.orderEvents.orderId, nodeId: s.orderEvents.nodeId, last: sql<number>`max(${s.orderEvents.id})`.mapWith(Number) })
        .from(s.orderEvents)
        .innerJoin(s.workOrders, eq(s.workOrders.id, s.orderEvents.orderId))
        .where(and(inArray(s.orderEvents.type, [...ENGINE_DECISION_EVENT_TYPES]), gte(s.orderEvents.createdAt, since), lt(s.orderEvents.createdAt, now), plan.scope))
        .groupBy(s.orderEvents.orderId, s.orderEvents.nodeId)
        .orderBy(sql`max(${s.orderEvents.id})`)
    : [];
  // Replays nobody published are of no use after a day.
  await db
    .delete(s.publishImpacts)
    .where(and(isNull(s.publishImpacts.ruleSetVersionId), isNull(s.publishImpacts.flowVersionId), lt(s.publishImpacts.createdAt, new Date(now.getTime() - 86_400_000))));
  const [row] = await db
    .insert(s.publishImpacts)
    .values({ subjectType, subjectId, draftDigest: plan.digest, baseVersion: plan.baseVersion, total: items.length, createdBy: principal.id })
    .returning({ id: s.publishImpacts.id });
  const finished = replayAll(engine, row.id, plan, items as { orderId: string; nodeId: string }[], { since, until: now }).catch(async (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    await db
      .update(s.publishImpacts)
      .set({ status: 'failed', error: message, updatedAt: new Date() })
      .where(eq(s.publishImpacts.id, row.id))
      .catch(() => undefined);
  });
  return { id: row.id, total: items.length, finished };
}

async function replayAll(engine: EngineCaches, id: string, plan: Plan, items: { orderId: string; nodeId: string }[], period: { since: Date; until: Date }) {
  const { db } = engine;
  const directory = await engine.directory.get();
  const before = new SequentialReplay(directory);
  const after = new SequentialReplay(directory);
  const tallies = { before: emptyTally(), after: emptyTally() };
  const nodes = new Map<string, ImpactFigures['nodes'][number]>();
  const changes: ImpactChange[] = [];
  const orders = new Set<string>();
  const changedOrders = new Set<string>();
  let changed = 0;
  let decisions = 0;
  for (let start = 0; start < items.length; start += CHUNK) {
    const chunk = items.slice(start, start + CHUNK);
    const history = await readOrderHistory(db, [...new Set(chunk.map((i) => i.orderId))], plan.nodeIds);
    for (const { orderId, nodeId } of chunk) {
      const row = history.orders.get(orderId);
      const events = history.events.get(orderId) ?? [];
      const found = happenedAt(events, nodeId);
      if (!row?.flowVersionId || !found) continue;
      const sides = await plan.sides(row, nodeId);
      if (!sides.before.node && !sides.after.node) continue;
      const item: StoredDecision = { row, history: events, exclusions: history.exclusions.get(orderId) ?? [], decisionEvent: found.decisionEvent };
      const was = decideSide(before, sides.before, item, tallies.before);
      const now = decideSide(after, sides.after, item, tallies.after);
      decisions++;
      orders.add(orderId);
      const flow = await plan.flowName(row);
      const label = (sides.after.node ?? sides.before.node)!.label ?? nodeId;
      const key = `${flow}\u0000${nodeId}`;
      const tally = nodes.get(key) ?? { flow, nodeId, label, decisions: 0, changed: 0 };
      nodes.set(key, tally);
      tally.decisions++;
      if (sameOutcome(was, now)) continue;
      changed++;
      tally.changed++;
      changedOrders.add(orderId);
      changes.push({ orderId, number: row.number, title: row.title, flow, nodeId, node: label, at: found.decisionEvent.createdAt.toISOString(), before: was, after: now });
    }
    await db
      .update(s.publishImpacts)
      .set({ done: Math.min(items.length, start + chunk.length), updatedAt: new Date() })
      .where(eq(s.publishImpacts.id, id));
    // Let the server answer other requests between chunks.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const figures: ImpactFigures = {
    since: period.since.toISOString(),
    until: period.until.toISOString(),
    decisions,
    orders: orders.size,
    changed,
    changedOrders: changedOrders.size,
    baseVersion: plan.baseVersion,
    nodes: [...nodes.values()],
    before: tallyOf(tallies.before),
    after: tallyOf(tallies.after),
  };
  await db
    .update(s.publishImpacts)
    .set({ status: 'done', done: items.length, figures, changes: changes.reverse().slice(0, MAX_CHANGES), updatedAt: new Date() })
    .where(eq(s.publishImpacts.id, id));
}

/** How far a replay got, and its figures once done. Only the subject's own replays are found. */
export async function impactProgress(db: Db, subjectType: ImpactSubject, impactId: string, now: Date = new Date()): Promise<ImpactProgress> {
  const [row] = await db
    .select()
    .from(s.publishImpacts)
    .where(and(eq(s.publishImpacts.id, impactId), eq(s.publishImpacts.subjectType, subjectType)));
  if (!row) throw new NotFoundError('Impact', impactId);
  const stalled = row.status === 'running' && now.getTime() - row.updatedAt.getTime() > STALLED_MS;
  return {
    id: row.id,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    status: stalled ? 'failed' : row.status,
    done: row.done,
    total: row.total,
    error: stalled ? 'The replay stopped (its server went away); open the dialog again to start it anew' : row.error,
    figures: (row.figures as ImpactFigures | null) ?? null,
    changes: (row.changes as ImpactChange[] | null) ?? null,
  };
}

/**
 * Keeps a finished replay with the version just published from the draft it replayed; a replay of
 * another draft (edited since) is not kept. Answers whether it was.
 */
export async function keepImpactWithVersion(
  db: Db,
  impactId: string,
  version: { subjectType: 'rule_set'; subjectId: string; versionId: string; source: string } | { subjectType: 'flow'; subjectId: string; versionId: string; graph: FlowGraph },
): Promise<boolean> {
  const digest = draftDigest(version.subjectType === 'rule_set' ? version.source : version.graph);
  const kept = await db
    .update(s.publishImpacts)
    .set(version.subjectType === 'rule_set' ? { ruleSetVersionId: version.versionId } : { flowVersionId: version.versionId })
    .where(
      and(
        eq(s.publishImpacts.id, impactId),
        eq(s.publishImpacts.subjectType, version.subjectType),
        eq(s.publishImpacts.subjectId, version.subjectId),
        eq(s.publishImpacts.status, 'done'),
        eq(s.publishImpacts.draftDigest, digest),
        isNull(s.publishImpacts.ruleSetVersionId),
        isNull(s.publishImpacts.flowVersionId),
      ),
    )
    .returning({ id: s.publishImpacts.id });
  return kept.length > 0;
}

/** The figures kept with each published version of the subject, by version id. */
export async function versionImpacts(db: Db, subjectType: ImpactSubject, subjectId: string): Promise<{ versionId: string; figures: ImpactFigures }[]> {
  const versionColumn = subjectType === 'rule_set' ? s.publishImpacts.ruleSetVersionId : s.publishImpacts.flowVersionId;
  const rows = await db
    .select({ versionId: versionColumn, figures: s.publishImpacts.figures })
    .from(s.publishImpacts)
    .where(and(eq(s.publishImpacts.subjectType, subjectType), eq(s.publishImpacts.subjectId, subjectId), sql`${versionColumn} IS NOT NULL`));
  return rows.map((r) => ({ versionId: r.versionId!, figures: r.figures as ImpactFigures }));
}
