// Candidates of a selection: the node's scope, minus those excluded there, filtered by `where`,
// the best k by the rank keys (ties by id, nulls last). A distance conjunct of `where` is
// answered by the directory's grid and a bounding box before any exact distance.
import type { CompiledSelection, Env, Pred, RankKeyFn } from './compiler';
import type { EngineerData, NodeContext, TargetKind } from './types';
import { boxAround, haversineKm, inBox, type Box } from './geometry';
import { scopeOf, type Candidate } from './scope';
import { durationMs, hasSlotIn } from './schedule';


export interface SelectionResult {
  before: number;
  after: number;
  spatialIndex: boolean;
  top: Candidate[];
  topKeys: unknown[][];
  topDist: Array<number | null>;
  /** Set by the decision when collaborators were skipped for the slot: how many were picked with the owner. */
  picked?: number;
}

export function compareKeys(keys: readonly RankKeyFn[], a: unknown[], aId: string, b: unknown[], bId: string): number {
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
class TopK implements CandidateSink {
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
  /** RULES.md "Booking": for an order with a duration, an engineer with no earliest slot is not a candidate. */
  requireSlot = true,
): SelectionResult {
  const best = new TopK(sel.keys, k, env);
  const { before, spatialIndex } = scanCandidates(sel, target, env, node, best, requireSlot);
  return { before, after: best.after, spatialIndex, top: best.top, topKeys: best.topKeys, topDist: best.topDist };
}

/** Where a scan hands each candidate that passes scope, exclusions, `where` (and the slot), with its distance when known. */
export interface CandidateSink {
  offer(c: Candidate, distanceKm: number | null): void;
}

/** Every candidate of a selection, handed to `sink` in no particular order; `before`: the scope's size less the excluded. */
export function scanCandidates(
  sel: CompiledSelection,
  target: TargetKind,
  env: Env,
  node: NodeContext,
  best: CandidateSink,
  requireSlot = true,
): { before: number; spatialIndex: boolean } {
  const dir = env.dir;
  const slotted = requireSlot && (target === 'engineer' || target === 'provider_engineer') && durationMs(env.o) > 0;
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
  let spatialIndex = false;
  const spatial = sel.spatial;
  if (spatial !== null) {
    const here = env.o.location;
    const radius = spatial.radiusKm(env);
    // distance() on a null point is null, and null compares false: nobody passes.
    if (!here || typeof here.lat !== 'number' || typeof here.lng !== 'number' || typeof radius !== 'number') {
      env.c = null;
      return { before, spatialIndex: false };
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
            spatialCandidate(c, near, sel.rest, excluded, env, best, slotted);
          }
        }
      }
    } else {
      for (let i = 0; i < list.length; i++) spatialCandidate(list[i], near, sel.rest, excluded, env, best, slotted);
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
      if (slotted && !hasSlotIn(c as EngineerData, env)) continue;
      best.offer(c, null);
    }
  }
  env.c = null;
  return { before, spatialIndex };
}

/** The distance test of a selection: the circle, and a box around it that rejects most far points cheaply. */
interface NearTest extends Box {
  radius: number;
  inclusive: boolean;
}

function nearTest(lat: number, lng: number, radius: number, inclusive: boolean): NearTest {
  const box = boxAround(lat, lng, radius);
  return { lat, lng, dLat: box.dLat, dLng: box.dLng, radius, inclusive };
}

function spatialCandidate(
  c: Candidate,
  near: NearTest,
  rest: Pred | null,
  excluded: readonly string[] | null,
  env: Env,
  best: CandidateSink,
  slotted: boolean,
): void {
  const loc = (c as EngineerData).location;
  if (!loc) return;
  const la = loc.lat;
  const ln = loc.lng;
  if (!inBox(near, la, ln)) return;
  if (excluded !== null && excluded.includes(c.id)) return;
  // The rest of `where` first: it is pure, and usually refuses most engineers before any trigonometry.
  if (rest !== null) {
    env.c = c;
    if (!rest(env)) return;
  }
  const d = haversineKm(near.lat, near.lng, la, ln);
  if (near.inclusive ? !(d <= near.radius) : !(d < near.radius)) return;
  if (slotted && !hasSlotIn(c as EngineerData, env)) return;
  best.offer(c, d);
}
