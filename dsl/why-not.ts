// Why not this candidate (RULES.md): for a decision at a node and any engineer, provider or group
// of a kind the node assigns, the reason per rule considered, in order, until the deciding one.
// Every reason is found by the same code the decision loop runs (plan, scope, the `where` terms,
// the slot search, the rank keys), so the explanation cannot disagree with the decision.
import type { CompiledSelection, Env, RankKeyFn } from './compiler';
import { impl, type DirectoryImpl } from './directory';
import { decide, envFor, namedCandidates, type EvaluateContext } from './evaluate';
import { haversineKm } from './geometry';
import { planFor, type CompiledRuleSet } from './plan';
import { durationMs, hasSlotIn } from './schedule';
import { outOfScope, pickNamed, type Candidate, type OutOfScope } from './scope';
import { compareKeys, scanCandidates } from './select';
import { NO_TRACE, renderKey, renderValue, type Verdict } from './trace';
import { TARGETS_BY_NODE_KIND, type EngineerData, type NodeContext, type TargetKind } from './types';

/** A `where` term the candidate failed, with the candidate's values of what it compares. */
export interface FailedTerm {
  text: string;
  operands: Array<{ text: string; value: unknown }>;
}

export type WhyNotRule =
  | { rule: string; reason: 'when' }
  | { rule: string; reason: 'target' }
  | { rule: string; reason: 'named'; named: string }
  | { rule: string; reason: 'scope'; scope: OutOfScope }
  | { rule: string; reason: 'where'; failed: string[]; terms: FailedTerm[] }
  /** Passed `where`, but an order with a duration needs an earliest slot and the engineer has none. */
  | { rule: string; reason: 'slot' }
  | {
      rule: string;
      reason: 'rank';
      /** 1-based among the rule's candidates. */
      position: number;
      /** The assignee's id. */
      behind: string | null;
      rankBy: string[];
      /** The candidate's rank keys and the assignee's, as the trace shows them. */
      keys: unknown[];
      behindKeys: unknown[];
    };

export type WhyNot =
  | { id: string; chosen: true }
  | { id: string; collaborator: true }
  | { id: string; rules: WhyNotRule[] };

/** The kinds of directory entry an id may be. */
type EntryKind = 'engineer' | 'service_provider' | 'service_group';

const KIND_OF_TARGET: Record<TargetKind, EntryKind> = {
  engineer: 'engineer',
  provider_engineer: 'engineer',
  service_provider: 'service_provider',
  service_group: 'service_group',
};

function entryOf(dir: DirectoryImpl, id: string, prefer: readonly TargetKind[]): { kind: EntryKind; entry: Candidate } | null {
  const lookups: Array<[EntryKind, Candidate | undefined]> = [
    ['engineer', dir.engineerById.get(id)],
    ['service_provider', dir.providerById.get(id)],
    ['service_group', dir.groupById.get(id)],
  ];
  const found = lookups.filter((l): l is [EntryKind, Candidate] => l[1] !== undefined);
  const fitting = found.find(([kind]) => prefer.some((t) => KIND_OF_TARGET[t] === kind)) ?? found[0];
  return fitting ? { kind: fitting[0], entry: fitting[1] } : null;
}

/** The target kinds a node assigns (besides `manual`). */
export function targetsOfNode(kind: string): readonly TargetKind[] {
  return (TARGETS_BY_NODE_KIND as Record<string, TargetKind[] | undefined>)[kind] ?? [];
}

/** Whether a node of this kind can assign the directory entry with this id (FORMATS.md `--why-not`). */
export function canAssign(nodeKind: string, ctx: Pick<EvaluateContext, 'directory'>, id: string): boolean {
  const targets = targetsOfNode(nodeKind);
  const found = entryOf(impl(ctx.directory), id, targets);
  return found !== null && targets.some((t) => KIND_OF_TARGET[t] === found.kind);
}

/**
 * Why the entry `id` did not get the order in this decision (`decision` defaults to deciding
 * now). Null when no entry of the directory has that id.
 */
export function whyNot(rs: CompiledRuleSet, ctx: EvaluateContext, id: string, decision?: Verdict): WhyNot | null {
  const made = decision ?? decide(rs, ctx, NO_TRACE);
  const node = ctx.node;
  const plan = planFor(rs, node);
  // Right after the decision (or another explanation of it), the slots it found are reused.
  const env = envFor(plan, ctx, true);
  const dir = env.dir;
  const found = entryOf(dir, id, targetsOfNode(node.kind));
  if (found === null) return null;
  const { kind, entry } = found;
  if (made.assignee !== null && made.assignee.id === id && KIND_OF_TARGET[made.assignee.type] === kind) return { id, chosen: true };
  if (made.collaborators.some((c) => c.id === id && KIND_OF_TARGET[c.type] === kind)) return { id, collaborator: true };

  const rules = plan.rules;
  let last = rules.length - 1;
  if (made.rule !== null) {
    const at = rules.findIndex((r) => r.name === made.rule);
    if (at >= 0) last = at;
  }
  const out: WhyNotRule[] = [];
  for (let p = 0; p <= last; p++) {
    const rule = rules[p];
    env.c = null;
    if (rule.when(env) !== true) {
      out.push({ rule: rule.name, reason: 'when' });
      continue;
    }
    const target = rule.target;
    if (target === 'manual' || KIND_OF_TARGET[target] !== kind) {
      out.push({ rule: rule.name, reason: 'target' });
      continue;
    }
    if (rule.named !== null) {
      const named = namedCandidates(plan, p, target, rule.named, dir);
      if (!named.includes(entry)) {
        out.push({ rule: rule.name, reason: 'named', named: rule.named });
        continue;
      }
      const picked = pickNamed(named, target, node, dir);
      const scope = outOfScope(target, entry, node, dir);
      if (typeof picked === 'number' && scope !== null) out.push({ rule: rule.name, reason: 'scope', scope });
      else out.push({ rule: rule.name, reason: 'named', named: rule.named });
      continue;
    }
    const scope = outOfScope(target, entry, node, dir);
    if (scope !== null) {
      out.push({ rule: rule.name, reason: 'scope', scope });
      continue;
    }
    const sel = rule.selection!;
    env.c = entry;
    const failed: FailedTerm[] = [];
    for (const term of sel.terms) {
      if (term.pred(env) === true) continue;
      failed.push({ text: term.text, operands: term.operands.map((o) => ({ text: o.text, value: renderValue(o.fn(env), o.ty) })) });
    }
    env.c = null;
    if (failed.length > 0) {
      out.push({ rule: rule.name, reason: 'where', failed: failed.map((f) => f.text), terms: failed });
      continue;
    }
    const slotted = (target === 'engineer' || target === 'provider_engineer') && durationMs(env.o) > 0;
    if (slotted && !hasSlotIn(entry as EngineerData, env)) {
      out.push({ rule: rule.name, reason: 'slot' });
      continue;
    }
    out.push({ rule: rule.name, ...rankOf(entry, made, env, sel, target, node) });
  }
  return { id, rules: out };
}

/** The key a candidate is ranked by, as the selection computes it (a distance key from the scan's distance when it has one). */
function keysOf(keys: readonly RankKeyFn[], env: Env, c: Candidate, d: number | null): unknown[] {
  env.c = c;
  const out = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) out[i] = keys[i].isOrderDistance && d !== null ? d : keys[i].fn(env);
  env.c = null;
  return out;
}

/** The scan's distance of an engineer to the order (selections with a distance conjunct pass it to the keys). */
function scanDistance(sel: CompiledSelection, env: Env, c: Candidate): number | null {
  const here = env.o.location;
  const loc = (c as EngineerData).location;
  if (sel.spatial === null || !here || !loc) return null;
  return haversineKm(here.lat, here.lng, loc.lat, loc.lng);
}

/** The entry's position in the rule's ranking (1-based, ties by id) and the assignee's keys beside its own. */
function rankOf(
  entry: Candidate,
  made: Verdict,
  env: Env,
  sel: CompiledSelection,
  target: TargetKind,
  node: NodeContext,
): Omit<Extract<WhyNotRule, { reason: 'rank' }>, 'rule'> {
  const keys = sel.keys;
  const own = keysOf(keys, env, entry, scanDistance(sel, env, entry));
  let ahead = 0;
  let behindKeys: unknown[] = [];
  const behind = made.assignee?.id ?? null;
  scanCandidates(sel, target, env, node, {
    offer(c, d) {
      if (c === entry) return;
      const k = keysOf(keys, env, c, d);
      if (compareKeys(keys, k, c.id, own, entry.id) < 0) ahead++;
      if (c.id === behind) behindKeys = k;
    },
  });
  return {
    reason: 'rank',
    position: ahead + 1,
    behind,
    rankBy: keys.map((k) => `${k.text} ${k.desc ? 'desc' : 'asc'}`),
    keys: own.map((v, i) => renderKey(v, keys[i].ty)),
    behindKeys: behindKeys.map((v, i) => renderKey(v, keys[i].ty)),
  };
}
