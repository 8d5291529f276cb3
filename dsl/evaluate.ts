// Evaluation of a compiled rule set at a dispatch node: which rules run, first match wins,
// candidates (scope → where → rank → top N+1), and the trace that explains it all.
import type { CompiledRule, CompiledSelection, Env, Pred, RankKeyFn } from './compiler';
import { impl, isActive, type Directory, type DirectoryImpl, type GridName } from './directory';
import { KM_PER_DEGREE, haversineKm } from './geometry';
import { ORDER_STRING_FIELDS, readOrderString, toTime, type Ty } from './schema';
import {
  TARGETS_BY_NODE_KIND,
  type Assignee,
  type CustomFieldDef,
  type EngineerData,
  type NodeContext,
  type NodeKind,
  type OrderData,
  type ProviderData,
  type ServiceGroupData,
  type TargetKind,
} from './types';

export interface CompiledRuleSet {
  readonly rules: readonly CompiledRule[];
  readonly customFields: readonly CustomFieldDef[];
  /** How to run the rules at a node, by kind then id; filled on first use. */
  readonly byNode: Map<string, Map<string, NodePlan>>;
  /** The plan used last, and for which node object. */
  last?: { node: NodeContext; plan: NodePlan };
}

interface SlotGuard {
  slot: number;
  /** 0: ==, 1: !=, 2: in */
  op: 0 | 1 | 2;
  k: string;
  values: string[];
}

/**
 * The rules that may run at a node, in priority order, with their guards resolved to slots of
 * one array of order fields read once per evaluation, and an index on the field most rules
 * test for equality: only the rules that can match the order's value for it are tried.
 */
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
  readers: Array<(o: OrderData) => unknown>;
  /** Per slot: its number in ORDER_STRING_FIELDS. */
  fieldIds: number[];
  guards: SlotGuard[][];
  index: RuleIndex;
  all: number[];
  /** Scratch for the guard fields of one evaluation (evaluation is synchronous, never nested). */
  vals: unknown[];
  env: Env | null;
  /** Named assignees looked up in `namedDir`, by rule position, with their (frozen) Assignee. */
  namedDir: DirectoryImpl | null;
  named: Array<Candidate[] | null>;
  namedAssignees: Map<Candidate, Assignee>;
}

function buildPlan(rules: CompiledRule[]): NodePlan {
  const slots = new Map<string, number>();
  const readers: Array<(o: OrderData) => unknown> = [];
  const fieldIds: number[] = [];
  const guards = rules.map((r) =>
    r.guards.map((g): SlotGuard => {
      let slot = slots.get(g.field);
      if (slot === undefined) {
        slot = readers.length;
        slots.set(g.field, slot);
        readers.push(g.read);
        fieldIds.push((ORDER_STRING_FIELDS as readonly string[]).indexOf(g.field));
      }
      return { slot, op: g.op === 'eq' ? 0 : g.op === 'ne' ? 1 : 2, k: g.values[0], values: g.values };
    }),
  );
  const all = rules.map((_, i) => i);
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
    for (let slot = 0; slot < readers.length; slot++) {
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
  const index = build(all, [], 2, new Map());
  return { rules, readers, fieldIds, guards, index, all, vals: new Array(readers.length), env: null, namedDir: null, named: [], namedAssignees: new Map() };
}

function guardsPass(gs: SlotGuard[], vals: unknown[]): boolean {
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

export interface Decision {
  outcome: 'auto' | 'manual';
  rule: string | null;
  assignee: Assignee | null;
  collaborators: Assignee[];
  trace: Trace;
}

export interface EvaluateContext {
  order: OrderData;
  node: NodeContext;
  directory: Directory;
  now: Date | string;
}

export interface EvaluateOptions {
  /**
   * false: skip building the trace while deciding; `decision.trace` is then computed on first
   * read by evaluating again with tracing (same inputs, same result: evaluation is pure).
   */
  trace?: boolean;
}

const TRACE_TOP = 5;

export function toNowMs(now: Date | string): number {
  if (typeof now === 'object' && now !== null && typeof now.getTime === 'function') {
    const t = now.getTime();
    if (t === t) return t;
  }
  const ms = toTime(now);
  if (ms === null) throw new TypeError(`evaluate: "now" is not a valid time: ${String(now)}`);
  return ms;
}

/** Whether a rule may run at a node: enabled, target fits the kind, `at` names kind or id. */
export function ruleFits(rule: CompiledRule, node: NodeContext): 'disabled' | 'target does not fit the node' | 'not at this node' | null {
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
    const list = rs.rules
      .filter((r) => ruleFits(r, node) === null)
      .sort((a, b) => b.priority - a.priority || a.index - b.index);
    byId.set(node.id, (plan = buildPlan(list)));
  }
  rs.last = { node, plan };
  return plan;
}

/** The directory entries a named rule refers to, looked up once per plan and directory. */
function namedCandidates(plan: NodePlan, p: number, target: TargetKind, name: string, dir: DirectoryImpl): Candidate[] {
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

/** resolveNamed without the explanation, for the fast path. */
function firstEligible(found: Candidate[], target: TargetKind, node: NodeContext, dir: DirectoryImpl): Candidate | null {
  const ex = node.excluded;
  const excluded = ex === undefined ? undefined : target === 'service_group' ? ex.serviceGroups : target === 'service_provider' ? ex.providers : ex.engineers;
  for (let i = 0; i < found.length; i++) {
    const c = found[i];
    if (c.active === false) continue;
    if (excluded !== undefined && excluded.includes(c.id)) continue;
    if (target !== 'service_group' && !inScope(target, c, node, dir)) continue;
    return c;
  }
  return null;
}

export function rulesFor(rs: CompiledRuleSet, node: NodeContext): CompiledRule[] {
  return planFor(rs, node).rules;
}

// ---- scope -------------------------------------------------------------------------------

type Candidate = EngineerData | ProviderData | ServiceGroupData;

interface Scope {
  list: readonly Candidate[];
  /** The engineer grid that holds the scope (null: not engineers). */
  grid: GridName | null;
  /** For grid hits: is this engineer in scope? null: every engineer of the grid is. */
  accepts: ((e: EngineerData) => boolean) | null;
  excluded: readonly string[] | undefined;
}

const EMPTY: readonly Candidate[] = [];

export function scopeOf(target: TargetKind, node: NodeContext, dir: DirectoryImpl): Scope {
  const gid = node.serviceGroupId ?? null;
  switch (target) {
    case 'engineer': {
      const excluded = node.excluded?.engineers;
      if (node.kind === 'group_internal_assign') {
        const g = gid === null ? undefined : dir.groupById.get(gid);
        if (!g || !isActive(g) || g.kind !== 'engineers') return { list: EMPTY, grid: null, accepts: null, excluded };
        const members = dir.membersOf(g.id);
        return {
          list: dir.cached(`g:${g.id}`, () => dir.engineers.filter((e) => isActive(e) && members.has(e.id))),
          grid: 'all',
          accepts: (e) => isActive(e) && members.has(e.id),
          excluded,
        };
      }
      return { list: dir.internalEngineers, grid: 'internal', accepts: null, excluded };
    }
    case 'provider_engineer': {
      const excluded = node.excluded?.engineers;
      if (node.kind === 'provider_assign_engineer') {
        const pid = node.providerId ?? null;
        if (pid === null) return { list: EMPTY, grid: null, accepts: null, excluded };
        return {
          list: dir.cached(`p:${pid}`, () => dir.engineersOfProvider(pid).filter(isActive)),
          grid: 'provider',
          accepts: (e) => e.providerId === pid,
          excluded,
        };
      }
      return { list: dir.providerEngineers, grid: 'provider', accepts: null, excluded };
    }
    case 'service_provider': {
      const excluded = node.excluded?.providers;
      if (node.kind === 'group_internal_assign') {
        const g = gid === null ? undefined : dir.groupById.get(gid);
        if (!g || !isActive(g) || g.kind !== 'providers') return { list: EMPTY, grid: null, accepts: null, excluded };
        const members = dir.membersOf(g.id);
        return { list: dir.cached(`gp:${g.id}`, () => dir.activeProviders.filter((p) => members.has(p.id))), grid: null, accepts: null, excluded };
      }
      return { list: dir.activeProviders, grid: null, accepts: null, excluded };
    }
    case 'service_group':
      return { list: dir.activeGroups, grid: null, accepts: null, excluded: node.excluded?.serviceGroups };
  }
}

function inScope(target: TargetKind, c: Candidate, node: NodeContext, dir: DirectoryImpl): boolean {
  if (!isActive(c)) return false;
  switch (target) {
    case 'engineer':
    case 'provider_engineer': {
      const s = scopeOf(target, node, dir);
      const e = c as EngineerData;
      if (s.grid === null) return false;
      if (s.accepts !== null) return s.accepts(e);
      return s.grid === 'internal' ? e.providerId == null : e.providerId != null;
    }
    case 'service_provider':
      if (node.kind !== 'group_internal_assign') return true;
      return scopeOf(target, node, dir).list.includes(c);
    case 'service_group':
      return true;
  }
}

/** A named assignee: exists, active, in the node's scope, not declined here. */
export function resolveNamed(
  target: TargetKind,
  name: string,
  node: NodeContext,
  dir: DirectoryImpl,
): { found: Candidate | null; reason: string | null } {
  const found: Candidate[] =
    target === 'service_group'
      ? dir.findServiceGroups(name)
      : target === 'service_provider'
        ? dir.findProviders(name)
        : dir.findEngineers(name);
  if (!found.length) return { found: null, reason: `no ${target.replace('_', ' ')} "${name}" in the directory` };
  const excluded =
    target === 'service_group'
      ? node.excluded?.serviceGroups
      : target === 'service_provider'
        ? node.excluded?.providers
        : node.excluded?.engineers;
  let why = 'is not active';
  for (const c of found) {
    if (!isActive(c)) continue;
    if (excluded?.includes(c.id)) {
      why = 'declined or rejected this order at this node';
      continue;
    }
    if (!inScope(target, c, node, dir)) {
      why = `is not in the scope of this ${node.kind} node`;
      continue;
    }
    return { found: c, reason: null };
  }
  return { found: null, reason: `"${name}" ${why}` };
}

// ---- selection ---------------------------------------------------------------------------

export interface SelectionResult {
  before: number;
  after: number;
  spatialIndex: boolean;
  top: Candidate[];
  topKeys: unknown[][];
  topDist: Array<number | null>;
}

function compareKeys(keys: readonly RankKeyFn[], a: unknown[], aId: string, b: unknown[], bId: string): number {
  for (let i = 0; i < keys.length; i++) {
    let x = a[i];
    let y = b[i];
    const ix = keys[i].enumIndex;
    if (ix !== null) {
      x = x == null ? null : (ix.get(x as string) ?? null);
      y = y == null ? null : (ix.get(y as string) ?? null);
    }
    if (x === y) continue;
    // A null key sorts after every value, whichever the direction.
    if (x == null) return 1;
    if (y == null) return -1;
    let r = (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0;
    if (keys[i].desc) r = -r;
    if (r !== 0) return r;
  }
  return aId < bId ? -1 : aId > bId ? 1 : 0;
}

/** The best `k` candidates seen so far, by rank keys then id. */
class TopK {
  readonly top: Candidate[] = [];
  readonly topKeys: unknown[][] = [];
  readonly topDist: Array<number | null> = [];
  after = 0;
  private readonly scratch: unknown[];
  constructor(
    private readonly keys: readonly RankKeyFn[],
    private readonly k: number,
    private readonly env: Env,
  ) {
    this.scratch = new Array(keys.length);
  }

  offer(c: Candidate, d: number | null): void {
    this.after++;
    const k = this.k;
    if (k <= 0) return;
    const keys = this.keys;
    const scratch = this.scratch;
    const env = this.env;
    env.c = c;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      scratch[i] = key.isOrderDistance && d !== null ? d : key.fn(env);
    }
    const top = this.top;
    const topKeys = this.topKeys;
    const n = top.length;
    if (n >= k && compareKeys(keys, scratch, c.id, topKeys[n - 1], top[n - 1].id) >= 0) return;
    let pos = n;
    while (pos > 0 && compareKeys(keys, scratch, c.id, topKeys[pos - 1], top[pos - 1].id) < 0) pos--;
    top.splice(pos, 0, c);
    topKeys.splice(pos, 0, scratch.slice());
    this.topDist.splice(pos, 0, d);
    if (n + 1 > k) {
      top.pop();
      topKeys.pop();
      this.topDist.pop();
    }
  }
}

/** Candidates of a selection: scope, minus excluded, filtered by where, best `k` by rank keys. */
export function select(
  sel: CompiledSelection,
  target: TargetKind,
  env: Env,
  node: NodeContext,
  k: number,
): SelectionResult {
  const dir = env.dir;
  const scope = scopeOf(target, node, dir);
  const excluded = scope.excluded && scope.excluded.length ? scope.excluded : null;
  const list = scope.list;
  let before = list.length;
  if (excluded) {
    for (const id of excluded) {
      const c =
        target === 'service_provider'
          ? dir.providerById.get(id)
          : target === 'service_group'
            ? dir.groupById.get(id)
            : dir.engineerById.get(id);
      if (c && list.includes(c)) before--;
    }
  }
  const best = new TopK(sel.keys, k, env);
  let spatialIndex = false;
  const spatial = sel.spatial;
  if (spatial !== null) {
    const here = env.o.location;
    const radius = spatial.radiusKm(env);
    // distance() on a null point is null, and null compares false: nobody passes.
    if (!here || typeof here.lat !== 'number' || typeof here.lng !== 'number' || typeof radius !== 'number') {
      env.c = null;
      return { before, after: 0, spatialIndex: false, top: best.top, topKeys: best.topKeys, topDist: best.topDist };
    }
    const near = nearTest(here.lat, here.lng, radius, spatial.inclusive);
    const accepts = scope.accepts;
    let cells: Candidate[][] | null = null;
    if (scope.grid !== null && list.length > 256) cells = dir.cellsNear(here.lat, here.lng, radius, scope.grid);
    if (cells !== null) {
      spatialIndex = true;
      for (let ci = 0; ci < cells.length; ci++) {
        const cell = cells[ci];
        for (let i = 0; i < cell.length; i++) {
          const c = cell[i];
          if (accepts === null || accepts(c as EngineerData)) {
            spatialCandidate(c, near, sel.rest, excluded, env, best);
          }
        }
      }
    } else {
      for (let i = 0; i < list.length; i++) spatialCandidate(list[i], near, sel.rest, excluded, env, best);
    }
  } else {
    const where = sel.where;
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      if (excluded !== null && excluded.includes(c.id)) continue;
      if (where !== null) {
        env.c = c;
        if (!where(env)) continue;
      }
      best.offer(c, null);
    }
  }
  env.c = null;
  return { before, after: best.after, spatialIndex, top: best.top, topKeys: best.topKeys, topDist: best.topDist };
}

/** The distance test of a selection, with a bounding box that rejects most far points cheaply. */
interface NearTest {
  lat: number;
  lng: number;
  radius: number;
  inclusive: boolean;
  /** Half the box, in degrees, a little wider than the circle (Infinity: no box). */
  dLat: number;
  dLng: number;
}

function nearTest(lat: number, lng: number, radius: number, inclusive: boolean): NearTest {
  // 1% and 0.001° of margin: the box only ever lets too many through to the exact test.
  const dLat = (radius * 1.01) / KM_PER_DEGREE + 0.001;
  const maxAbsLat = Math.abs(lat) + dLat;
  const cos = maxAbsLat >= 89 ? 0 : Math.cos((maxAbsLat * Math.PI) / 180);
  const dLng = cos === 0 ? Infinity : dLat / cos;
  return { lat, lng, radius, inclusive, dLat: maxAbsLat >= 89 ? Infinity : dLat, dLng: dLng >= 180 ? Infinity : dLng };
}

function spatialCandidate(c: Candidate, near: NearTest, rest: Pred | null, excluded: readonly string[] | null, env: Env, best: TopK): void {
  const loc = (c as EngineerData).location;
  if (!loc) return;
  const la = loc.lat;
  const ln = loc.lng;
  if (!(Math.abs(la - near.lat) <= near.dLat)) {
    if (near.dLat !== Infinity || la !== la) return;
  }
  if (near.dLng !== Infinity) {
    let dl = Math.abs(ln - near.lng);
    if (dl > 180) dl = 360 - dl;
    if (!(dl <= near.dLng)) return;
  }
  if (excluded !== null && excluded.includes(c.id)) return;
  // The rest of `where` first: it is pure, and usually refuses most engineers before any trigonometry.
  if (rest !== null) {
    env.c = c;
    if (!rest(env)) return;
  }
  const d = haversineKm(near.lat, near.lng, la, ln);
  if (near.inclusive ? !(d <= near.radius) : !(d < near.radius)) return;
  best.offer(c, d);
}

// ---- decisions ---------------------------------------------------------------------------

function assigneeOf(type: TargetKind, c: Candidate): Assignee {
  return { type, id: c.id, name: c.name };
}

function makeEnv(ctx: EvaluateContext, dir: DirectoryImpl, now: number): Env {
  const gid = ctx.node.serviceGroupId;
  return { o: ctx.order, now, c: null, dir, g: gid == null ? null : (dir.groupById.get(gid) ?? null) };
}

export function evaluate(rs: CompiledRuleSet, ctx: EvaluateContext, options: EvaluateOptions = {}): Decision {
  if (options.trace === false) return evaluateFast(rs, ctx);
  return evaluateTraced(rs, ctx);
}

/** A decision whose trace is computed when first read (evaluate with `trace: false`). */
class LazyDecision implements Decision {
  #rs: CompiledRuleSet;
  #ctx: EvaluateContext;
  #trace: Trace | null = null;
  constructor(
    public outcome: 'auto' | 'manual',
    public rule: string | null,
    public assignee: Assignee | null,
    public collaborators: Assignee[],
    rs: CompiledRuleSet,
    ctx: EvaluateContext,
  ) {
    this.#rs = rs;
    this.#ctx = ctx;
  }
  get trace(): Trace {
    return (this.#trace ??= evaluateTraced(this.#rs, this.#ctx).trace);
  }
  toJSON() {
    return { outcome: this.outcome, rule: this.rule, assignee: this.assignee, collaborators: this.collaborators, trace: this.trace };
  }
}

function evaluateFast(rs: CompiledRuleSet, ctx: EvaluateContext): Decision {
  const dir = impl(ctx.directory);
  const now = toNowMs(ctx.now);
  const node = ctx.node;
  const plan = planFor(rs, node);
  const order = ctx.order;
  const gid = node.serviceGroupId;
  const group = gid == null ? null : (dir.groupById.get(gid) ?? null);
  let env = plan.env;
  if (env === null) env = plan.env = { o: order, now, c: null, dir, g: group };
  else {
    env.o = order;
    env.now = now;
    env.c = null;
    env.dir = dir;
    env.g = group;
  }
  const fieldIds = plan.fieldIds;
  const vals = plan.vals;
  for (let i = 0; i < fieldIds.length; i++) vals[i] = readOrderString(order, fieldIds[i]);
  let index = plan.index;
  while (index.slot >= 0) {
    const v = vals[index.slot];
    index = (typeof v === 'string' ? index.map!.get(v) : undefined) ?? index.other!;
  }
  const list = index.list;
  const rules = plan.rules;
  const guards = index.guards;
  for (let i = 0; i < list.length; i++) {
    const p = list[i];
    const gs = guards[i];
    if (gs.length !== 0 && !guardsPass(gs, vals)) continue;
    const rule = rules[p];
    if (rule.rest !== null && !rule.rest(env)) continue;
    const target = rule.target;
    if (target === 'manual') return new LazyDecision('manual', rule.name, null, NO_COLLABORATORS, rs, ctx);
    if (rule.named !== null) {
      const found = firstEligible(namedCandidates(plan, p, target, rule.named, dir), target, node, dir);
      if (found === null) continue;
      // The same named assignee decides again and again: one frozen Assignee per plan.
      let a = plan.namedAssignees.get(found);
      if (a === undefined) plan.namedAssignees.set(found, (a = Object.freeze(assigneeOf(target, found))));
      return new LazyDecision('auto', rule.name, a, NO_COLLABORATORS, rs, ctx);
    }
    const sel = rule.selection!;
    const res = select(sel, target, env, node, sel.collaborators + 1);
    if (res.top.length === 0) continue;
    const collaborators: Assignee[] = [];
    for (let j = 1; j < res.top.length; j++) collaborators.push(assigneeOf(target, res.top[j]));
    return new LazyDecision('auto', rule.name, assigneeOf(target, res.top[0]), collaborators, rs, ctx);
  }
  return new LazyDecision('manual', null, null, NO_COLLABORATORS, rs, ctx);
}

/** Decisions are values: the empty collaborator list is shared and frozen. */
const NO_COLLABORATORS = Object.freeze([]) as unknown as Assignee[];

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

function evaluateTraced(rs: CompiledRuleSet, ctx: EvaluateContext): Decision {
  const dir = impl(ctx.directory);
  const now = toNowMs(ctx.now);
  const node = ctx.node;
  const env = makeEnv(ctx, dir, now);
  const rules = rulesFor(rs, node);
  const considered: RuleTrace[] = [];
  const skipped: Trace['skipped'] = [];
  for (const r of rs.rules) {
    const why = ruleFits(r, node);
    if (why) skipped.push({ rule: r.name, reason: why });
  }
  let decision: Omit<Decision, 'trace'> = { outcome: 'manual', rule: null, assignee: null, collaborators: [] };
  let manualReason: string | null = null;
  for (const rule of rules) {
    const whenValue = rule.when(env);
    const rt: RuleTrace = {
      rule: rule.name,
      line: rule.line,
      priority: rule.priority,
      target: rule.target,
      when: {
        text: rule.whenText,
        value: whenValue,
        conditions: rule.leaves.map((leaf) => ({
          text: leaf.text,
          value: leaf.fn(env),
          operands: leaf.operands.map((o) => ({ text: o.text, value: renderValue(o.fn(env), o.ty) })),
        })),
      },
      matched: false,
      result: '',
    };
    considered.push(rt);
    if (!whenValue) {
      rt.result = 'when is false';
      continue;
    }
    const target = rule.target;
    if (target === 'manual') {
      rt.matched = true;
      rt.result = 'assign manual: the order goes to the manual queue';
      decision = { outcome: 'manual', rule: rule.name, assignee: null, collaborators: [] };
      manualReason = `rule "${rule.name}" sends the order to the manual queue`;
      break;
    }
    if (rule.named !== null) {
      const r = resolveNamed(target, rule.named, node, dir);
      rt.named = { name: rule.named, id: r.found?.id ?? null, reason: r.reason };
      if (r.found === null) {
        rt.result = `named assignee not eligible: ${r.reason}`;
        continue;
      }
      rt.matched = true;
      rt.result = `assigns ${target} ${r.found.id}`;
      decision = { outcome: 'auto', rule: rule.name, assignee: assigneeOf(target, r.found), collaborators: [] };
      break;
    }
    const sel = rule.selection!;
    const want = sel.collaborators + 1;
    const res = select(sel, target, env, node, Math.max(want, TRACE_TOP));
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
    const picked = res.top.slice(0, want);
    rt.result = `assigns ${target} ${picked[0].id}${picked.length > 1 ? ` with ${picked.length - 1} collaborator(s)` : ''}`;
    decision = {
      outcome: 'auto',
      rule: rule.name,
      assignee: assigneeOf(target, picked[0]),
      collaborators: picked.slice(1).map((c) => assigneeOf(target, c)),
    };
    break;
  }
  if (decision.outcome === 'manual' && decision.rule === null) {
    if (rules.length === 0) {
      manualReason = rs.rules.length
        ? `no rule can fire at ${node.kind} node "${node.id}"`
        : 'the rule set has no rules';
    } else {
      const whys = considered.map((c) => `"${c.rule}": ${c.result}`).join('; ');
      manualReason = `no rule matched (${considered.length} considered: ${whys})`;
    }
  }
  return {
    ...decision,
    trace: {
      order: ctx.order.id,
      node: { id: node.id, kind: node.kind },
      now: new Date(now).toISOString(),
      considered,
      skipped,
      decidedBy: decision.rule,
      manualReason,
    },
  };
}
