// The decision loop: a compiled rule set at a dispatch node, first match wins. One loop decides
// every decision; what it finds goes to a trace sink that records it (the default: the trace of
// every decision is kept) or does nothing.
//   plan.ts    which rules run at the node, in priority order, and the guard index over them
//   scope.ts   who may be assigned there; named assignees
//   select.ts  candidates: scope → where → the best k by rank keys
//   trace.ts   the sinks, and the readable trace built from what was recorded
import type { Env } from './compiler';
import { impl, type Directory, type DirectoryImpl } from './directory';
import { guardsPass, planFor, rulesToTry, type CompiledRuleSet, type NodePlan } from './plan';
import { pickNamed, type Candidate } from './scope';
import { readOrderString, toTime } from './schema';
import { select, type SelectionResult } from './select';
import { nextRun, queryOf, slotHolds, slotIn } from './schedule';
import { NO_TRACE, RECORD, type Decision, type TraceSink, type Verdict } from './trace';
import type { Assignee, EngineerData, NodeContext, OrderData, TargetKind } from './types';

export type { CompiledRuleSet } from './plan';
export type { ConditionTrace, CandidateTrace, RuleTrace, Trace, Decision, Verdict, TraceSink } from './trace';
export { NO_TRACE, RECORD } from './trace';

export interface EvaluateContext {
  order: OrderData;
  node: NodeContext;
  directory: Directory;
  now: Date | string;
}

export interface EvaluateOptions {
  /** false: keep no trace (the same loop, with a sink that does nothing); the result has no `trace`. */
  trace?: boolean;
}

export function toNowMs(now: Date | string): number {
  if (typeof now === 'object' && now !== null && typeof now.getTime === 'function') {
    const t = now.getTime();
    if (t === t) return t;
  }
  const ms = toTime(now);
  if (ms === null) throw new TypeError(`evaluate: "now" is not a valid time: ${String(now)}`);
  return ms;
}

/** Decisions are values: the empty collaborator list is shared and frozen. */
const NO_COLLABORATORS = Object.freeze([]) as unknown as Assignee[];

function assigneeOf(type: TargetKind, c: Candidate): Assignee {
  return { type, id: c.id, name: c.name };
}

/** The directory entries a named rule refers to (by id, else by name), looked up once per plan and directory. */
export function namedCandidates(plan: NodePlan, p: number, target: TargetKind, name: string, dir: DirectoryImpl): Candidate[] {
  if (plan.namedDir !== dir) {
    plan.namedDir = dir;
    plan.named = [];
    plan.namedAssignees = new Map();
  }
  let found = plan.named[p];
  if (!found) {
    found = target === 'service_group' ? dir.findServiceGroups(name) : target === 'service_provider' ? dir.findProviders(name) : dir.findEngineers(name);
    plan.named[p] = found;
  }
  return found;
}

/**
 * The plan's evaluation environment, set for this order, directory and `now`: a new slot-search
 * run, unless `reuse` and the environment was last set for the very same order, directory, time
 * and group (explaining the decision just made: its slots are the ones found for it).
 */
export function envFor(plan: NodePlan, ctx: EvaluateContext, reuse = false): Env {
  const dir = impl(ctx.directory);
  const now = toNowMs(ctx.now);
  const order = ctx.order;
  const gid = ctx.node.serviceGroupId;
  const group = gid == null ? null : (dir.groupById.get(gid) ?? null);
  let env = plan.env;
  if (reuse && env !== null && env.o === order && env.dir === dir && env.now === now && env.g === group) {
    env.c = null;
    return env;
  }
  const run = nextRun();
  if (env === null) env = plan.env = { o: order, now, c: null, dir, g: group, run, sq: null, sqRun: -1 };
  else {
    env.o = order;
    env.now = now;
    env.c = null;
    env.dir = dir;
    env.g = group;
    env.run = run;
  }
  return env;
}

/** Decides, keeping the trace. With `{ trace: false }`: decides the same way, keeping nothing. */
export function evaluate(rs: CompiledRuleSet, ctx: EvaluateContext, options: { trace: false }): Verdict;
export function evaluate(rs: CompiledRuleSet, ctx: EvaluateContext, options?: EvaluateOptions): Decision;
export function evaluate(rs: CompiledRuleSet, ctx: EvaluateContext, options: EvaluateOptions = {}): Decision | Verdict {
  return options.trace === false ? decide(rs, ctx, NO_TRACE) : decide(rs, ctx, RECORD);
}

/** The decision loop. */
export function decide<D extends Verdict>(rs: CompiledRuleSet, ctx: EvaluateContext, sink: TraceSink<D>): D {
  const node = ctx.node;
  const plan = planFor(rs, node);
  const env = envFor(plan, ctx);
  const { dir, now, o: order } = env;
  sink.begin();
  const index = rulesToTry(plan, order, readOrderString);
  const vals = plan.vals;
  const list = index.list;
  const rules = plan.rules;
  const guards = index.guards;
  const top = sink.top;
  let decided = -1;
  let verdict: Verdict | null = null;
  let fact: Candidate | SelectionResult | null = null;
  for (let i = 0; i < list.length; i++) {
    const p = list[i];
    const gs = guards[i];
    if (gs.length !== 0 && !guardsPass(gs, vals)) continue;
    const rule = rules[p];
    if (rule.rest !== null && !rule.rest(env)) continue;
    const target = rule.target;
    if (target === 'manual') {
      decided = p;
      verdict = { outcome: 'manual', rule: rule.name, assignee: null, collaborators: NO_COLLABORATORS };
      break;
    }
    if (rule.named !== null) {
      const found = pickNamed(namedCandidates(plan, p, target, rule.named, dir), target, node, dir);
      if (typeof found === 'number') {
        sink.held(p, found);
        continue;
      }
      // The same named assignee decides again and again: one frozen Assignee per plan.
      let a = plan.namedAssignees.get(found);
      if (a === undefined) plan.namedAssignees.set(found, (a = Object.freeze(assigneeOf(target, found))));
      decided = p;
      fact = found;
      verdict = { outcome: 'auto', rule: rule.name, assignee: a, collaborators: NO_COLLABORATORS };
      // A named engineer is booked at its earliest slot when it has one (else assigned unscheduled).
      if (target === 'engineer' || target === 'provider_engineer') {
        const slot = slotIn(found as EngineerData, env);
        if (slot !== null) verdict.slot = { start: slot.start, end: slot.end };
      }
      break;
    }
    const sel = rule.selection!;
    const want = sel.collaborators + 1;
    let k = want > top ? want : top;
    let res = select(sel, target, env, node, k);
    if (res.top.length === 0) {
      sink.held(p, res);
      continue;
    }
    const collaborators: Assignee[] = [];
    const owner = res.top[0];
    const slot = target === 'engineer' || target === 'provider_engineer' ? slotIn(owner as EngineerData, env) : null;
    if (slot === null) {
      const n = Math.min(want, res.top.length);
      for (let j = 1; j < n; j++) collaborators.push(assigneeOf(target, res.top[j]));
    } else if (want > 1) {
      // RULES.md "Booking": collaborators are the next candidates in rank order for whom the
      // owner's slot holds; the others are skipped (more candidates are kept until enough are found).
      const q = queryOf(env);
      for (;;) {
        collaborators.length = 0;
        for (let j = 1; j < res.top.length && collaborators.length < want - 1; j++) {
          const c = res.top[j];
          if (slotHolds(c as EngineerData, q, slot.start)) collaborators.push(assigneeOf(target, c));
        }
        if (collaborators.length >= want - 1 || res.top.length >= res.after) break;
        k *= 4;
        res = select(sel, target, env, node, k);
      }
      res.picked = collaborators.length + 1;
    }
    decided = p;
    fact = res;
    verdict = { outcome: 'auto', rule: rule.name, assignee: assigneeOf(target, owner), collaborators };
    if (slot !== null) verdict.slot = { start: slot.start, end: slot.end };
    break;
  }
  if (sink.wantsOperands) {
    // The values the trace shows beside each condition of the rules considered, read now.
    const ops = plan.ops;
    const count = decided >= 0 ? plan.opsUpTo[decided] : ops.length;
    const operands = rs.operands;
    const values: unknown[] = new Array(count);
    for (let j = 0; j < count; j++) values[j] = operands[ops[j]].fn(env);
    sink.operands(values);
  }
  env.c = null;
  return sink.decide(
    verdict ?? { outcome: 'manual', rule: null, assignee: null, collaborators: NO_COLLABORATORS },
    { rs, plan, order: order.id, nodeId: node.id, nodeKind: node.kind, now, decided },
    fact,
  );
}
