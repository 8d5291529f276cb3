// Replaying stored decisions, for the rule editor's backtest and the publish dialog's impact
// (engine/impact) alike: what happened at a node (the engine's last decision there and, after a
// queue, the person's pick), the order as it stood then, and a sequential replay that decides it
// again with the one decision loop (dsl evaluate) and applies each auto-assignment to the
// directory before the next order (engine/runner applyDecision, as `simulate --sequential` does).
import { and, asc, inArray } from 'drizzle-orm';
import { createDirectory, evaluate, type Assignee, type CompiledRuleSet, type Decision, type Directory, type OrderData } from '../../dsl';
import type { DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { orderDataOf, stateOf, type OrderRow } from '../dispatch/context';
import { ENGINE_DECISION_EVENT_TYPES } from '../enums';
import type { FlowNode } from '../flow';
import { applyDecision, directoryData, nodeContext, orderForRules } from '../runner';
import { excludedFrom } from './draft';

export type EventRow = typeof s.orderEvents.$inferSelect;
type ExclusionRow = typeof s.orderExclusions.$inferSelect;

export interface BacktestOutcome {
  way: 'auto' | 'manual' | 'waiting';
  rule: string | null;
  assignee: Assignee | null;
  /** Who assigned it by hand, when a person did. */
  by: string | null;
  at: string;
}

/** The engine's decisions and a person's picks. */
export const DECISION_TYPES = [...ENGINE_DECISION_EVENT_TYPES, 'assigned'] as const;
const ENGINE_DECISIONS: ReadonlySet<string> = new Set(ENGINE_DECISION_EVENT_TYPES);
/** The events that set which group and provider an order holds. */
const HOLDER_TYPES = ['queued', 'auto_assigned', 'assigned', 'reallocated', 'reassigned'] as const;

/** What happened at the node: the engine's last decision there and, after a queue, the person's pick. */
export function happenedAt(events: EventRow[], nodeId: string): { outcome: BacktestOutcome; decisionEvent: EventRow } | null {
  const here = events.filter((e) => e.nodeId === nodeId && (DECISION_TYPES as readonly string[]).includes(e.type));
  const lastDecision = [...here].reverse().find((e) => ENGINE_DECISIONS.has(e.type)) ?? here[here.length - 1];
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

/** Orders with the history a replay reads: events that decide or set holders (oldest first), and exclusions. */
export interface OrderHistory {
  orders: Map<string, OrderRow>;
  events: Map<string, EventRow[]>;
  exclusions: Map<string, ExclusionRow[]>;
}

export async function readOrderHistory(db: DbOrTx, orderIds: string[], nodeIds?: string[]): Promise<OrderHistory> {
  const history: OrderHistory = { orders: new Map(), events: new Map(), exclusions: new Map() };
  if (!orderIds.length) return history;
  const [orders, events, exclusions] = await Promise.all([
    db.select().from(s.workOrders).where(inArray(s.workOrders.id, orderIds)),
    db
      .select()
      .from(s.orderEvents)
      .where(and(inArray(s.orderEvents.orderId, orderIds), inArray(s.orderEvents.type, [...HOLDER_TYPES])))
      .orderBy(asc(s.orderEvents.id)),
    db
      .select()
      .from(s.orderExclusions)
      .where(and(inArray(s.orderExclusions.orderId, orderIds), nodeIds ? inArray(s.orderExclusions.nodeId, nodeIds) : undefined)),
  ]);
  for (const o of orders) history.orders.set(o.id, o);
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const e of events) push(history.events, e.orderId, e);
  for (const x of exclusions) push(history.exclusions, x.orderId, x);
  return history;
}

/** One stored decision to decide again: the order, its history, and the event of the decision. */
export interface StoredDecision {
  row: OrderRow;
  history: EventRow[];
  exclusions: ExclusionRow[];
  decisionEvent: EventRow;
}

/**
 * Decides stored decisions again, oldest first, on a directory that each auto-assignment changes.
 * Start one per sequence of decisions; two replays from the same directory compare two versions.
 */
export class SequentialReplay {
  private data;
  private current: Directory;

  constructor(directory: Directory) {
    this.current = directory;
    this.data = directoryData(directory);
  }

  /** The directory as the decisions so far left it. */
  get directory(): Directory {
    return this.current;
  }

  /**
   * The decision `ruleSet` makes at `node` for the stored decision, at its time and with the group
   * and provider the order held then; an auto-assignment is applied before the next. Without a rule
   * set (none applies, or auto-dispatch is off) the order goes to the queue, `manualReason` saying why.
   */
  decide(item: StoredDecision, node: FlowNode, ruleSet: CompiledRuleSet | null, manualReason = 'No rule set applies at this node'): { decision: Decision; order: OrderData } {
    const at = item.decisionEvent.createdAt;
    const directory = this.current;
    const state = { ...stateOf(item.row), ...stateBefore(item.history, item.decisionEvent, directory) };
    const order = orderForRules(orderDataOf(item.row), state, directory);
    if (!ruleSet) {
      const trace = { order: order.id, node: { id: node.id, kind: node.kind }, now: at.toISOString(), considered: [], skipped: [], decidedBy: null, manualReason };
      return { decision: { outcome: 'manual', rule: null, assignee: null, collaborators: [], trace }, order };
    }
    const excluded = excludedFrom(item.exclusions.filter((x) => x.nodeId === node.id && x.createdAt < at));
    const decision = evaluate(ruleSet, { order, node: nodeContext(node, state, excluded), directory, now: at });
    if (decision.outcome === 'auto' && decision.assignee) {
      const next = applyDecision(this.data, decision, order, at);
      if (next !== this.data) {
        this.data = next;
        this.current = createDirectory(next);
      }
    }
    return { decision, order };
  }
}
