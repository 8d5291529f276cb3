// The trace of a decision: what the decision loop recorded (compact facts: where it decided, the
// rules whose `when` held, their selections, the values of the conditions' operands), and the
// readable Trace built from those facts when someone reads it. Nothing is evaluated again.
import type { RankKeyFn } from './compiler';
import type { CompiledRuleSet, NodePlan } from './plan';
import { notEligibleReason, type Candidate, type NotEligible } from './scope';
import type { SelectionResult } from './select';
import type { Ty } from './schema';
import type { Assignee, NodeKind, TargetKind } from './types';

export interface ConditionTrace {
  text: string;
  value: boolean;
  /** The values the condition compared (literals left out). */
  operands: Array<{ text: string; value: unknown }>;
}

export interface CandidateTrace {
  id: string;
  name: string;
  keys: unknown[];
  distanceKm: number | null;
}

export interface RuleTrace {
  rule: string;
  line: number;
  priority: number;
  target: TargetKind | 'manual';
  when: { text: string; value: boolean; conditions: ConditionTrace[] };
  named?: { name: string; id: string | null; reason: string | null };
  selection?: {
    where: string | null;
    rankBy: string[];
    collaborators: number;
    before: number;
    after: number;
    /** The spatial index answered the distance filter. */
    spatialIndex: boolean;
    top: CandidateTrace[];
  };
  matched: boolean;
  /** In words: why this rule did or did not decide. */
  result: string;
}

export interface Trace {
  order: string;
  node: { id: string; kind: NodeKind };
  now: string;
  /** Every rule considered at this node, in the order tried. */
  considered: RuleTrace[];
  /** Rules not considered here, and why. */
  skipped: Array<{ rule: string; reason: 'disabled' | 'target does not fit the node' | 'not at this node' }>;
  decidedBy: string | null;
  /** Why the order goes to the manual queue (null when auto-assigned). */
  manualReason: string | null;
}

/** A decision without its trace. */
export interface Verdict {
  outcome: 'auto' | 'manual';
  rule: string | null;
  assignee: Assignee | null;
  collaborators: Assignee[];
  /** An engineer assignment of an order with a duration: the booking (epoch ms). */
  slot?: { start: number; end: number };
}

export interface Decision extends Verdict {
  trace: Trace;
}

/**
 * What a rule whose `when` held left behind: for a named target the entry chosen or why none was
 * eligible, for a selection its result; nothing for `assign manual`.
 */
export type HeldFact = Candidate | NotEligible | SelectionResult | null;

/** The facts of one decision the loop hands to its sink, besides the verdict. */
export interface DecisionFacts {
  rs: CompiledRuleSet;
  plan: NodePlan;
  order: string;
  nodeId: string;
  nodeKind: NodeKind;
  now: number;
  /** The position of the deciding rule in plan.rules; -1: none matched. */
  decided: number;
}

/**
 * Where the decision loop reports what it found. The loop is the same whether anything is kept:
 * `RECORD` keeps the facts and gives a Decision whose trace is built from them on first read;
 * `NO_TRACE` keeps nothing and gives a Verdict.
 */
export interface TraceSink<D extends Verdict> {
  /** How many candidates a selection keeps at least (the trace shows the top 5). */
  readonly top: number;
  /** Whether the loop reports the operands' values (`operand`) before deciding. */
  readonly wantsOperands: boolean;
  /** A decision begins (whatever a decision that threw left behind is dropped). */
  begin(): void;
  /** A rule whose `when` held but which did not decide, at position p of the plan. */
  held(p: number, fact: HeldFact): void;
  /** Values of the trace's operands, in plan.ops order, for the rules up to the deciding one. */
  operands(values: unknown[]): void;
  decide(verdict: Verdict, facts: DecisionFacts, fact: HeldFact): D;
}

export const TRACE_TOP = 5;

const NO_HELD_P: number[] = [];
const NO_HELD: HeldFact[] = [];

/** Records the facts of the decision in progress (evaluation is synchronous and never nested). */
class Recorder implements TraceSink<Decision> {
  readonly top = TRACE_TOP;
  readonly wantsOperands = true;
  private heldP: number[] = NO_HELD_P;
  private heldFacts: HeldFact[] = NO_HELD;
  private values: unknown[] = [];

  begin(): void {
    this.heldP = NO_HELD_P;
    this.heldFacts = NO_HELD;
    this.values = [];
  }

  held(p: number, fact: HeldFact): void {
    if (this.heldP === NO_HELD_P) {
      this.heldP = [];
      this.heldFacts = [];
    }
    this.heldP.push(p);
    this.heldFacts.push(fact);
  }

  operands(values: unknown[]): void {
    this.values = values;
  }

  decide(v: Verdict, facts: DecisionFacts, fact: HeldFact): Decision {
    const d = new RecordedDecision(v.outcome, v.rule, v.assignee, v.collaborators, facts, fact, this.heldP, this.heldFacts, this.values);
    if (v.slot !== undefined) d.slot = v.slot;
    this.heldP = NO_HELD_P;
    this.heldFacts = NO_HELD;
    this.values = [];
    return d;
  }
}

class Discard implements TraceSink<Verdict> {
  readonly top = 0;
  readonly wantsOperands = false;
  begin(): void {}
  held(): void {}
  operands(): void {}
  decide(v: Verdict): Verdict {
    return v;
  }
}

export const RECORD: TraceSink<Decision> = new Recorder();
export const NO_TRACE: TraceSink<Verdict> = new Discard();

/** A decision as the loop made it, with its recorded facts; the readable trace is built once, when read. */
class RecordedDecision implements Decision {
  #facts: DecisionFacts;
  #fact: HeldFact;
  #heldP: number[];
  #heldFacts: HeldFact[];
  #values: unknown[];
  #trace: Trace | null = null;
  declare slot?: { start: number; end: number };
  constructor(
    public outcome: 'auto' | 'manual',
    public rule: string | null,
    public assignee: Assignee | null,
    public collaborators: Assignee[],
    facts: DecisionFacts,
    fact: HeldFact,
    heldP: number[],
    heldFacts: HeldFact[],
    values: unknown[],
  ) {
    this.#facts = facts;
    this.#fact = fact;
    this.#heldP = heldP;
    this.#heldFacts = heldFacts;
    this.#values = values;
  }

  get trace(): Trace {
    return (this.#trace ??= readableTrace(this.#facts, this.#fact, this.#heldP, this.#heldFacts, this.#values));
  }

  toJSON() {
    const { outcome, rule, assignee, collaborators, slot } = this;
    return slot === undefined ? { outcome, rule, assignee, collaborators, trace: this.trace } : { outcome, rule, assignee, collaborators, slot, trace: this.trace };
  }
}

/** A value as the trace shows it: times as ISO strings, distances in km, durations in minutes. */
export function renderValue(v: unknown, ty: Ty): unknown {
  if (v == null) return null;
  if (typeof v === 'number') {
    if (ty.k === 'time') return new Date(v).toISOString();
    if (ty.k === 'distance') return `${round(v)} km`;
    if (ty.k === 'duration') return `${round(v / 60_000)} min`;
    return round(v);
  }
  return v;
}

/** A rank key as rankCandidates returns it: times as ISO strings, distances in km, durations in ms. */
export function renderKey(v: unknown, ty: Ty): unknown {
  if (v == null) return null;
  if (typeof v === 'number' && ty.k === 'time') return new Date(v).toISOString();
  return v;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function candidateTrace(res: SelectionResult, keys: readonly RankKeyFn[], n: number): CandidateTrace[] {
  const out: CandidateTrace[] = [];
  for (let i = 0; i < Math.min(n, res.top.length); i++) {
    const c = res.top[i];
    out.push({
      id: c.id,
      name: c.name,
      keys: res.topKeys[i].map((v, j) => renderValue(v, keys[j].ty)),
      distanceKm: res.topDist[i] === null ? null : round(res.topDist[i]!),
    });
  }
  return out;
}

function readableTrace(facts: DecisionFacts, fact: HeldFact, heldP: number[], heldFacts: HeldFact[], recorded: unknown[]): Trace {
  const { rs, plan, decided } = facts;
  const rules = plan.rules;
  // The recorded operand values, by slot of the rule set's operand table.
  const values: unknown[] = new Array(rs.operands.length);
  for (let j = 0; j < recorded.length; j++) values[plan.ops[j]] = recorded[j];
  const last = decided >= 0 ? decided : rules.length - 1;
  const considered: RuleTrace[] = [];
  let manualReason: string | null = null;
  for (let p = 0; p <= last; p++) {
    const rule = rules[p];
    const h = p === decided ? -2 : heldP.indexOf(p);
    const rt: RuleTrace = {
      rule: rule.name,
      line: rule.line,
      priority: rule.priority,
      target: rule.target,
      when: {
        text: rule.whenText,
        value: h !== -1,
        conditions: rule.leaves.map((leaf) => ({
          text: leaf.text,
          value: leaf.test(values),
          operands: leaf.operands.map((s) => ({ text: rs.operands[s].text, value: renderValue(values[s], rs.operands[s].ty) })),
        })),
      },
      matched: false,
      result: '',
    };
    considered.push(rt);
    if (h === -1) {
      rt.result = 'when is false';
      continue;
    }
    const f = h === -2 ? fact : heldFacts[h];
    const target = rule.target;
    if (target === 'manual') {
      rt.matched = true;
      rt.result = 'assign manual: the order goes to the manual queue';
      manualReason = `rule "${rule.name}" sends the order to the manual queue`;
      continue;
    }
    if (rule.named !== null) {
      if (typeof f === 'number') {
        const reason = notEligibleReason(f, target, rule.named, facts.nodeKind);
        rt.named = { name: rule.named, id: null, reason };
        rt.result = `named assignee not eligible: ${reason}`;
        continue;
      }
      const found = f as Candidate;
      rt.named = { name: rule.named, id: found.id, reason: null };
      rt.matched = true;
      rt.result = `assigns ${target} ${found.id}`;
      continue;
    }
    const sel = rule.selection!;
    const res = f as SelectionResult;
    const want = sel.collaborators + 1;
    rt.selection = {
      where: sel.whereText,
      rankBy: sel.keys.map((k) => `${k.text} ${k.desc ? 'desc' : 'asc'}`),
      collaborators: sel.collaborators,
      before: res.before,
      after: res.after,
      spatialIndex: res.spatialIndex,
      top: candidateTrace(res, sel.keys, Math.max(want, TRACE_TOP)),
    };
    if (res.top.length === 0) {
      rt.result = res.before === 0 ? 'no candidates in scope' : 'no candidate left after where';
      continue;
    }
    rt.matched = true;
    const picked = res.picked ?? Math.min(want, res.top.length);
    rt.result = `assigns ${target} ${res.top[0].id}${picked > 1 ? ` with ${picked - 1} collaborator(s)` : ''}`;
  }
  if (decided < 0) {
    if (rules.length === 0) {
      manualReason = rs.rules.length ? `no rule can fire at ${facts.nodeKind} node "${facts.nodeId}"` : 'the rule set has no rules';
    } else {
      const whys = considered.map((c) => `"${c.rule}": ${c.result}`).join('; ');
      manualReason = `no rule matched (${considered.length} considered: ${whys})`;
    }
  }
  return {
    order: facts.order,
    node: { id: facts.nodeId, kind: facts.nodeKind },
    now: new Date(facts.now).toISOString(),
    considered,
    skipped: plan.skipped.map((s) => ({ rule: s.rule, reason: s.reason })),
    decidedBy: decided >= 0 ? rules[decided].name : null,
    manualReason,
  };
}
