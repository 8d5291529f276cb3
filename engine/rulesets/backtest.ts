// Backtest: unsaved source against the orders that passed a node lately, each decision beside
// what really happened there, with how often each rule decided. The orders are replayed one
// after another, oldest first: each auto-assignment of the draft is applied to the directory
// (engine/runner applyDecision, as `simulate --sequential` does) before the next order: the replay
// of replay.ts, which the publish dialog's impact (engine/impact) shares.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { isDispatchNodeKind, ruleFits, type Assignee, type Diagnostic, type NodeKind } from '../../dsl';
import * as s from '../../drizzle/schema';
import { compiledFlowVersion, type EngineCaches } from '../dispatch/context';
import { NotFoundError, parseInput } from '../errors';
import { idString } from '../limits';
import { isoSeconds } from '../runner';
import { compileDraft, source } from './draft';
import { DECISION_TYPES, SequentialReplay, happenedAt, readOrderHistory, type BacktestOutcome } from './replay';

export type { BacktestOutcome };

export const backtestRulesInput = z.object({
  source,
  flowId: idString,
  nodeId: idString,
  limit: z.number().int().min(1).max(500).default(50),
});

export interface BacktestRow {
  orderId: string;
  number: string;
  title: string;
  flowVersion: number | null;
  happened: BacktestOutcome;
  draft: {
    outcome: 'auto' | 'manual';
    rule: string | null;
    assignee: Assignee | null;
    manualReason: string | null;
    /** The booking the draft makes (an engineer assignment of an order with a duration), ISO times. */
    slot: { start: string; end: string } | null;
  };
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
  const note =
    'Time conditions use the time of the original decision; engineers, providers and groups are as they are now, and the orders are replayed oldest first, each auto-assignment of the draft (load and booking) applied before the next.';
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
  const [history, versions] = await Promise.all([
    readOrderHistory(db, ids, [input.nodeId]),
    db.select({ id: s.flowVersions.id, version: s.flowVersions.version }).from(s.flowVersions).where(eq(s.flowVersions.flowId, input.flowId)),
  ]);
  const versionNumber = new Map(versions.map((v) => [v.id, v.version]));

  const fired = new Map<string, number>(ruleSet.rules.map((r) => [r.name, 0]));
  const rows: BacktestRow[] = [];
  let nodeInfo: BacktestResult['node'] = empty.node;
  // Replayed oldest first on a directory that each auto-assignment of the draft changes.
  const replay = new SequentialReplay(draft.directory);
  for (const { orderId } of [...latest].reverse()) {
    const row = history.orders.get(orderId);
    if (!row?.flowVersionId) continue;
    const flowNode = (await compiledFlowVersion(engine, row.flowVersionId)).node(input.nodeId);
    if (!flowNode || !isDispatchNodeKind(flowNode.kind)) continue;
    nodeInfo = { id: flowNode.id, kind: flowNode.kind, label: flowNode.label ?? null };
    const events = history.events.get(orderId) ?? [];
    const found = happenedAt(events, input.nodeId);
    if (!found) continue;
    const { decision } = replay.decide({ row, history: events, exclusions: history.exclusions.get(orderId) ?? [], decisionEvent: found.decisionEvent }, flowNode, ruleSet);
    if (decision.rule) fired.set(decision.rule, (fired.get(decision.rule) ?? 0) + 1);
    const d: BacktestRow['draft'] = {
      outcome: decision.outcome,
      rule: decision.rule,
      assignee: decision.assignee,
      manualReason: decision.outcome === 'manual' ? decision.trace.manualReason : null,
      slot: decision.slot ? { start: isoSeconds(decision.slot.start), end: isoSeconds(decision.slot.end) } : null,
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
  // Latest first, as the orders were listed.
  rows.reverse();
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
    cannotRunHere: nodeInfo.kind ? ruleSet.rules.filter((r) => ruleFits(r, { id: nodeInfo.id, kind: nodeInfo.kind! }) !== null).map((r) => r.name) : [],
    note,
  };
}
