// Which rules run at a node, and how the decision loop reaches them fast: the fitting rules in
// priority order, their guards on order fields resolved to slots read once a decision, and a
// small decision tree over those slots (like an alpha network) so that only the rules that can
// match the order's value are tried. Built on first use at each node, kept with the rule set.
import type { CompiledRule, Env, TraceOperand } from './compiler';
import type { Candidate } from './scope';
import { ORDER_STRING_FIELDS } from './schema';
import { TARGETS_BY_NODE_KIND, type Assignee, type CustomFieldDef, type NodeContext, type OrderData } from './types';
import type { DirectoryImpl } from './directory';

export interface CompiledRuleSet {
  readonly rules: readonly CompiledRule[];
  readonly customFields: readonly CustomFieldDef[];
  /** The operands of the trace's conditions, one per distinct text (grows as rules' leaves are built). */
  readonly operands: readonly TraceOperand[];
  /** How to run the rules at a node, by kind then id; filled on first use. */
  readonly byNode: Map<string, Map<string, NodePlan>>;
  /** The plan used last, and for which node object. */
  last?: { node: NodeContext; plan: NodePlan };
}

export type SkipReason = 'disabled' | 'target does not fit the node' | 'not at this node';

export interface SlotGuard {
  slot: number;
  /** 0: ==, 1: !=, 2: in */
  op: 0 | 1 | 2;
  k: string;
  values: string[];
}

/** A decision tree over guard fields: follow the order's value for `slot` down to a rule list. */
export interface RuleIndex {
  /** Rule positions, in priority order, that may match here. */
  list: number[];
  /** Per entry of `list`: its guards, less those the path to this leaf already decided. */
  guards: SlotGuard[][];
  /** -1: a leaf. */
  slot: number;
  map: Map<string, RuleIndex> | null;
  other: RuleIndex | null;
}

export interface NodePlan {
  rules: CompiledRule[];
  /** Per slot: its number in ORDER_STRING_FIELDS. */
  fieldIds: number[];
  index: RuleIndex;
  /** Scratch for the guard fields of one evaluation (evaluation is synchronous, never nested). */
  vals: unknown[];
  env: Env | null;
  /** Named assignees looked up in `namedDir`, by rule position, with their (frozen) Assignee. */
  namedDir: DirectoryImpl | null;
  named: Array<Candidate[] | null>;
  namedAssignees: Map<Candidate, Assignee>;
  /** The rules of the set that do not run here, and why (the trace's `skipped`). */
  skipped: ReadonlyArray<{ rule: string; reason: SkipReason }>;
  /**
   * The trace's operands in the order the rules first need them, and per rule position how many
   * of them the rules up to it need: a decision decided at position p records `opsUpTo[p]` values.
   */
  ops: number[];
  opsUpTo: number[];
}

/** Whether a rule may run at a node: enabled, target fits the kind, `at` names kind or id. */
export function ruleFits(rule: CompiledRule, node: NodeContext): SkipReason | null {
  if (rule.disabled) return 'disabled';
  const fits = TARGETS_BY_NODE_KIND[node.kind];
  if (!fits || (rule.target !== 'manual' && !fits.includes(rule.target))) return 'target does not fit the node';
  if (rule.at && !rule.at.includes(node.kind) && !rule.at.includes(node.id)) return 'not at this node';
  return null;
}

export function planFor(rs: CompiledRuleSet, node: NodeContext): NodePlan {
  // The same node object again (a batch at one node): skip the two lookups.
  const last = rs.last;
  if (last !== undefined && last.node === node) return last.plan;
  let byId = rs.byNode.get(node.kind);
  if (!byId) rs.byNode.set(node.kind, (byId = new Map()));
  let plan = byId.get(node.id);
  if (!plan) {
    const skipped: Array<{ rule: string; reason: SkipReason }> = [];
    const list: CompiledRule[] = [];
    for (const r of rs.rules) {
      const why = ruleFits(r, node);
      if (why) skipped.push({ rule: r.name, reason: why });
      else list.push(r);
    }
    list.sort((a, b) => b.priority - a.priority || a.index - b.index);
    byId.set(node.id, (plan = buildPlan(list, skipped)));
  }
  rs.last = { node, plan };
  return plan;
}

function buildPlan(rules: CompiledRule[], skipped: NodePlan['skipped']): NodePlan {
  const slots = new Map<string, number>();
  const fieldIds: number[] = [];
  const guards = rules.map((r) =>
    r.guards.map((g): SlotGuard => {
      let slot = slots.get(g.field);
      if (slot === undefined) {
        slot = fieldIds.length;
        slots.set(g.field, slot);
        fieldIds.push((ORDER_STRING_FIELDS as readonly string[]).indexOf(g.field));
      }
      return { slot, op: g.op === 'eq' ? 0 : g.op === 'ne' ? 1 : 2, k: g.values[0], values: g.values };
    }),
  );
  // Index on the slot that the most rules pin to given values, then again within each list.
  const pins = (i: number, slot: number): string[] | null => {
    const vs = guards[i].filter((g) => g.slot === slot && g.op !== 1).map((g) => g.values);
    if (!vs.length) return null;
    return vs.reduce((a, b) => a.filter((x) => b.includes(x)));
  };
  const leaf = (list: number[], fixed: Map<number, string>): RuleIndex => ({
    list,
    guards: list.map((i) =>
      guards[i].filter((g) => {
        const v = fixed.get(g.slot);
        if (v === undefined) return true;
        return !((g.op === 0 && g.k === v) || (g.op === 2 && g.values.includes(v)));
      }),
    ),
    slot: -1,
    map: null,
    other: null,
  });
  const build = (list: number[], used: number[], depth: number, fixed: Map<number, string>): RuleIndex => {
    let best = -1;
    let bestCount = 0;
    for (let slot = 0; slot < fieldIds.length; slot++) {
      if (used.includes(slot)) continue;
      const count = list.filter((i) => pins(i, slot) !== null).length;
      if (count > bestCount) [best, bestCount] = [slot, count];
    }
    if (depth === 0 || best < 0 || bestCount < 4 || bestCount * 4 < list.length) return leaf(list, fixed);
    const values = new Set<string>();
    for (const i of list) for (const v of pins(i, best) ?? []) values.add(v);
    const map = new Map<string, RuleIndex>();
    const next = [...used, best];
    for (const v of values) {
      map.set(v, build(list.filter((i) => pins(i, best)?.includes(v) ?? true), next, depth - 1, new Map([...fixed, [best, v]])));
    }
    return { list, guards: [], slot: best, map, other: build(list.filter((i) => pins(i, best) === null), next, depth - 1, fixed) };
  };
  const index = build(
    rules.map((_, i) => i),
    [],
    2,
    new Map(),
  );
  const ops: number[] = [];
  const opsUpTo: number[] = [];
  const seen = new Set<number>();
  for (const r of rules) {
    for (const leafOf of r.leaves) {
      for (const s of leafOf.operands) {
        if (!seen.has(s)) {
          seen.add(s);
          ops.push(s);
        }
      }
    }
    opsUpTo.push(ops.length);
  }
  return {
    rules,
    fieldIds,
    index,
    vals: new Array(fieldIds.length),
    env: null,
    namedDir: null,
    named: [],
    namedAssignees: new Map(),
    skipped,
    ops,
    opsUpTo,
  };
}

export function guardsPass(gs: SlotGuard[], vals: unknown[]): boolean {
  for (let j = 0; j < gs.length; j++) {
    const g = gs[j];
    const v = vals[g.slot];
    if (g.op === 0) {
      if (v !== g.k) return false;
    } else if (g.op === 1) {
      if (v == null || v === g.k) return false;
    } else if (typeof v !== 'string' || !g.values.includes(v)) return false;
  }
  return true;
}

/** The rule list the order's guard fields lead to (the guard fields are read into plan.vals). */
export function rulesToTry(plan: NodePlan, order: OrderData, read: (o: OrderData, field: number) => unknown): RuleIndex {
  const fieldIds = plan.fieldIds;
  const vals = plan.vals;
  for (let i = 0; i < fieldIds.length; i++) vals[i] = read(order, fieldIds[i]);
  let index = plan.index;
  while (index.slot >= 0) {
    const v = vals[index.slot];
    index = (typeof v === 'string' ? index.map!.get(v) : undefined) ?? index.other!;
  }
  return index;
}
