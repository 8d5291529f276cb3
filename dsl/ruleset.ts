// The entry points that tie analysis, compilation and evaluation together.
import { analyzeExpression, analyzeRankKeys, analyzeRuleSet } from './analyze';
import type { Scope } from './checker';
import { Compiler, type CompiledSelection, type Env } from './compiler';
import { hasErrors, sortDiagnostics } from './diagnostics';
import { impl, type Directory } from './directory';
import { toNowMs } from './evaluate';
import type { CompiledRuleSet } from './plan';
import { select } from './select';
import { renderKey } from './trace';
import { haversineKm } from './geometry';
import { nextRun } from './schedule';
import type { CustomFieldDef, Diagnostic, EngineerData, NodeContext, OrderData, TargetKind } from './types';
import type { FlowNodeRef } from './warnings';

export interface CompileOptions {
  customFields?: CustomFieldDef[];
  /** With a directory, named assignees are checked against it. */
  directory?: Directory;
  /** The nodes of the flows the rules run in: `at` names are checked against their ids too. */
  flowNodes?: readonly FlowNodeRef[];
}

/** Parses, checks and compiles a rule set. `ruleSet` is null if and only if there is an error. */
export function compileRuleSet(
  source: string,
  options: CompileOptions = {},
): { ruleSet: CompiledRuleSet | null; diagnostics: Diagnostic[] } {
  const a = analyzeRuleSet(source, options);
  if (hasErrors(a.diagnostics)) return { ruleSet: null, diagnostics: a.diagnostics };
  const compiler = new Compiler(a.types, options.customFields, source);
  const rules = a.ast.rules.filter((r) => r.target !== null).map((r) => compiler.rule(r));
  return { ruleSet: { rules, customFields: options.customFields ?? [], operands: compiler.operands, byNode: new Map() }, diagnostics: a.diagnostics };
}

/** Only for diagnostics: parse and check, no compilation. */
export function checkRuleSet(source: string, options: CompileOptions = {}): Diagnostic[] {
  return analyzeRuleSet(source, options).diagnostics;
}

/** A gateway edge condition: an expression over `order` and `now` only. */
export function compileCondition(
  source: string,
  options: { customFields?: CustomFieldDef[] } = {},
): { condition: ((order: OrderData, now: Date) => boolean) | null; diagnostics: Diagnostic[] } {
  const a = analyzeExpression(source, 'condition', options);
  if (hasErrors(a.diagnostics) || !a.expr) return { condition: null, diagnostics: a.diagnostics };
  const pred = new Compiler(a.types, options.customFields).pred(a.expr);
  const condition = (order: OrderData, now: Date): boolean => {
    const env: Env = { o: order, now: now.getTime(), c: null, dir: null as never, g: null, run: nextRun(), sq: null, sqRun: -1 };
    return pred(env) === true;
  };
  return { condition, diagnostics: a.diagnostics };
}

export interface RankedCandidate {
  type: TargetKind;
  id: string;
  name: string;
  keys: unknown[];
  distanceKm: number | null;
}

export interface RankCandidatesContext {
  directory: Directory;
  order: OrderData;
  node: NodeContext;
  now: Date | string;
  target: TargetKind;
  where?: string;
  rankBy?: string;
  limit?: number;
  customFields?: CustomFieldDef[];
  /** Leave out engineers with no earliest slot for an order with a duration, as rules do (default false: a dispatcher may assign unscheduled). */
  requireSlot?: boolean;
}

const selectionCache = new Map<string, { sel: CompiledSelection | null; diagnostics: Diagnostic[] }>();

function compileSelection(
  target: TargetKind,
  where: string | undefined,
  rankBy: string | undefined,
  customFields: CustomFieldDef[] | undefined,
): { sel: CompiledSelection | null; diagnostics: Diagnostic[] } {
  const key = customFields?.length ? null : `${target}\u0000${where ?? ''}\u0000${rankBy ?? ''}`;
  const hit = key === null ? undefined : selectionCache.get(key);
  if (hit) return hit;
  const scope: Scope = target === 'service_provider' ? 'provider' : target === 'service_group' ? 'when' : 'engineer';
  const opts = { customFields };
  const w = where?.trim() ? analyzeExpression(where, scope, opts) : null;
  const r = rankBy?.trim() ? analyzeRankKeys(rankBy, scope, opts) : null;
  const diagnostics = sortDiagnostics([...(w?.diagnostics ?? []), ...(r?.diagnostics ?? [])]);
  let result: { sel: CompiledSelection | null; diagnostics: Diagnostic[] };
  if (hasErrors(diagnostics)) result = { sel: null, diagnostics };
  else {
    const types = new Map([...(w?.types ?? []), ...(r?.types ?? [])]);
    const sel = new Compiler(types, customFields).selection({
      where: w?.expr ?? null,
      rankBy: r?.keys ?? [],
      collaborators: 0,
      collaboratorsSpan: null,
      collaboratorsWord: null,
      offsets: { where: -1, rank: -1, with: -1 },
    });
    result = { sel, diagnostics };
  }
  if (key !== null) {
    if (selectionCache.size > 256) selectionCache.clear();
    selectionCache.set(key, result);
  }
  return result;
}

/**
 * Candidates for a dispatcher's pick list, found by the same code the rules use: the node's
 * scope, minus those who declined here, filtered by `where`, ranked by `rankBy` then id.
 */
export function rankCandidates(ctx: RankCandidatesContext): {
  candidates: RankedCandidate[];
  before: number;
  after: number;
  diagnostics: Diagnostic[];
} {
  const { sel, diagnostics } = compileSelection(ctx.target, ctx.where, ctx.rankBy, ctx.customFields);
  if (!sel) return { candidates: [], before: 0, after: 0, diagnostics };
  const dir = impl(ctx.directory);
  const gid = ctx.node.serviceGroupId;
  const env: Env = {
    o: ctx.order,
    now: toNowMs(ctx.now),
    c: null,
    dir,
    g: gid == null ? null : (dir.groupById.get(gid) ?? null),
    run: nextRun(),
    sq: null,
    sqRun: -1,
  };
  const limit = ctx.limit ?? 50;
  const res = select(sel, ctx.target, env, ctx.node, limit, ctx.requireSlot === true);
  const here = ctx.order.location;
  const candidates = res.top.map((c, i) => {
    const loc = (c as EngineerData).location;
    const d =
      res.topDist[i] ??
      (here && loc && typeof loc.lat === 'number' ? haversineKm(here.lat, here.lng, loc.lat, loc.lng) : null);
    return {
      type: ctx.target,
      id: c.id,
      name: c.name,
      keys: res.topKeys[i].map((v, j) => renderKey(v, sel.keys[j].ty)),
      distanceKm: d,
    };
  });
  return { candidates, before: res.before, after: res.after, diagnostics };
}
