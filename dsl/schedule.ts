// Time and schedules (RULES.md "Time and schedules"): travel between points, an engineer's
// earliest slot for an order, and a slot picked by hand checked by the same rules. Pure, and
// free of Node and the DOM: the schedule board runs it in the browser, the engine on the server.
//
// Each engineer's shifts and bookings are parsed and sorted once (a memo keyed by the engineer
// object, refreshed when its `shifts` or `bookings` array is replaced or changes length); the
// slot search then jumps between candidate start times (shift starts, booking ends + travel)
// instead of trying minute after minute, and passes over the free gaps (shift minus bookings) too
// short for the order without probing them. A directory that serves many searches keeps a gap
// index of all its engineers (slot-days.ts), which answers the same for the engineers it holds.
import { EARTH_RADIUS_KM, RAD, haversineKm, haversineKmCos } from './geometry';
import { parseIsoTime } from './time';
import type { EngineerData, LatLng, OrderData, TravelData } from './types';

export const DEFAULT_TRAVEL: TravelData = Object.freeze({ speedKmh: 40, minimumMinutes: 0 });

const MINUTE = 60_000;
/** A slot ends by now + 14 days. */
export const HORIZON_MS = 14 * 86_400_000;

/** A start time as a whole minute at or after `ms`. */
function ceilMinute(ms: number): number {
  return Math.ceil(ms / MINUTE) * MINUTE;
}

export function validPoint(p: LatLng | null | undefined): p is LatLng {
  return p != null && typeof p.lat === 'number' && typeof p.lng === 'number' && p.lat === p.lat && p.lng === p.lng;
}

/** A usable travel model: the given one where its numbers make sense, else the defaults. */
export function travelModel(travel: Partial<TravelData> | null | undefined): TravelData {
  if (travel == null) return DEFAULT_TRAVEL;
  const speed = travel.speedKmh;
  const min = travel.minimumMinutes;
  const speedKmh = typeof speed === 'number' && speed > 0 && Number.isFinite(speed) ? speed : DEFAULT_TRAVEL.speedKmh;
  const minimumMinutes = typeof min === 'number' && min >= 0 && Number.isFinite(min) ? min : DEFAULT_TRAVEL.minimumMinutes;
  return speedKmh === travel.speedKmh && minimumMinutes === travel.minimumMinutes ? (travel as TravelData) : { speedKmh, minimumMinutes };
}

/** Whole minutes of a drive of `km` (never below the minimum). */
export function kmMinutes(km: number, travel: TravelData): number {
  // A hair under a whole minute of float error (20 km at 40 km/h is 30, not 31) rounds down to it.
  const m = Math.ceil((km * 60) / travel.speedKmh - 1e-9);
  const floor = Math.ceil(travel.minimumMinutes);
  return m > floor ? m : floor;
}

/** Whole minutes of the drive between two known points (NaN-free numbers). */
function driveMinutes(aLat: number, aLng: number, bLat: number, bLng: number, travel: TravelData): number {
  return kmMinutes(haversineKm(aLat, aLng, bLat, bLng), travel);
}

/**
 * `travel_time(a, b)` in minutes: the great-circle distance at the travel speed, rounded up to
 * whole minutes, never below the minimum; null when a point is null.
 */
export function travelMinutes(a: LatLng | null, b: LatLng | null, travel: TravelData = DEFAULT_TRAVEL): number | null {
  if (!validPoint(a) || !validPoint(b)) return null;
  return driveMinutes(a.lat, a.lng, b.lat, b.lng, travelModel(travel));
}

// ---------------------------------------------------------------------------------------------
// An engineer's schedule, parsed once.

/**
 * Shifts and bookings as sorted epoch-ms numbers, packed in one Float64Array (a slot search over
 * thousands of engineers is bound by memory reads, not arithmetic). Layout, with S shifts and B
 * bookings: shift starts (ascending) · the latest shift end among shifts 0..i · booking starts
 * (ascending, ties by end) · then for each booking, side by side (one read brings them all):
 * its end, the latest end among bookings 0..i, the earliest end among i..B-1, its latitude,
 * longitude (NaN: unknown) and the cosine of its latitude (for the travel to and from it) · the
 * free gaps (a shift, or all time without shifts, minus the bookings; any slot lies inside one):
 * their starts (ascending), then for each gap its end and the latest end among gaps 0..i.
 */
export interface Schedule {
  /** Whether the engineer has `shifts` (without: always available). */
  hasShifts: boolean;
  shifts: number;
  bookings: number;
  gaps: number;
  a: Float64Array;
  bOrder: Array<string | null>;
}

interface Memo {
  shiftsRef: unknown;
  shiftsLength: number;
  bookingsRef: unknown;
  bookingsLength: number;
  schedule: Schedule;
  /** The engineer's location as last read, and its latitude's cosine (NaN: unknown). */
  locationRef: unknown;
  lat: number;
  lng: number;
  cosLat: number;
  /** The orders booked (built when first asked). */
  orders: ReadonlySet<string> | null;
  /** The schedule without one order's own booking (a reschedule checks against the others). */
  without: Map<string, Schedule> | null;
  /** The earliest slot found in evaluation run `run` (one run: one order, one time); NaN: none. */
  run: number;
  slotStart: number;
}

const memo = new WeakMap<EngineerData, Memo>();

function time(v: unknown): number {
  if (typeof v === 'string') return parseIsoTime(v);
  if (typeof v === 'number') return v;
  if (v instanceof Date) return v.getTime();
  return NaN;
}

interface RawBooking {
  start: number;
  end: number;
  lat: number;
  lng: number;
  order: string | null;
}

/** A booking's numbers side by side: offsets from its place. */
export const BOOKING = 6;
export const END = 0;
export const MAX_END = 1;
const MIN_END_AFTER = 2;
export const LAT = 3;
export const LNG = 4;
export const COS = 5;
/** A gap's numbers side by side. */
export const GAP = 2;
export const GAP_END = 0;
export const GAP_MAX_END = 1;

function buildSchedule(e: EngineerData, skipOrder: string | null): Schedule {
  const spans: Array<[number, number]> = [];
  const hasShifts = Array.isArray(e.shifts);
  if (hasShifts) {
    for (const x of e.shifts!) {
      if (x == null) continue;
      const a = time(x.start);
      const b = time(x.end);
      // An unreadable or empty shift is no working time.
      if (a === a && b === b && b > a) spans.push([a, b]);
    }
    spans.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  }
  const list: RawBooking[] = [];
  if (Array.isArray(e.bookings)) {
    for (const b of e.bookings) {
      if (b == null) continue;
      const order = typeof b.order === 'string' ? b.order : null;
      if (skipOrder !== null && order === skipOrder) continue;
      const a = time(b.start);
      const z = time(b.end);
      // An unreadable or empty booking takes no time.
      if (!(a === a && z === z && z > a)) continue;
      const loc = validPoint(b.location) ? b.location : null;
      list.push({ start: a, end: z, lat: loc ? loc.lat : NaN, lng: loc ? loc.lng : NaN, order });
    }
  }
  list.sort((x, y) => x.start - y.start || x.end - y.end);
  const ns = spans.length;
  const nb = list.length;
  const gaps = freeGaps(hasShifts ? spans : [[-Infinity, Infinity]], list);
  const ng = gaps.length;
  const a = new Float64Array(2 * ns + 7 * nb + 3 * ng);
  const ba = 2 * ns + nb;
  let max = -Infinity;
  for (let i = 0; i < ns; i++) {
    a[i] = spans[i][0];
    if (spans[i][1] > max) max = spans[i][1];
    a[ns + i] = max;
  }
  const bs = 2 * ns;
  max = -Infinity;
  const bOrder = new Array<string | null>(nb);
  for (let i = 0; i < nb; i++) {
    const b = list[i];
    a[bs + i] = b.start;
    const at = ba + BOOKING * i;
    a[at + END] = b.end;
    if (b.end > max) max = b.end;
    a[at + MAX_END] = max;
    a[at + LAT] = b.lat;
    a[at + LNG] = b.lng;
    a[at + COS] = Math.cos(b.lat * RAD);
    bOrder[i] = b.order;
  }
  let min = Infinity;
  for (let i = nb - 1; i >= 0; i--) {
    if (list[i].end < min) min = list[i].end;
    a[ba + BOOKING * i + MIN_END_AFTER] = min;
  }
  const gs = ba + BOOKING * nb;
  const ga = gs + ng;
  max = -Infinity;
  for (let i = 0; i < ng; i++) {
    a[gs + i] = gaps[i][0];
    a[ga + GAP * i + GAP_END] = gaps[i][1];
    if (gaps[i][1] > max) max = gaps[i][1];
    a[ga + GAP * i + GAP_MAX_END] = max;
  }
  return { hasShifts, shifts: ns, bookings: nb, gaps: ng, a, bOrder };
}

/** Each span minus the bookings (sorted by start), as [start, end) gaps sorted by start then end. */
function freeGaps(spans: ReadonlyArray<readonly [number, number]>, list: readonly RawBooking[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const nb = list.length;
  // Bookings before `first` end by the current span's start (spans come by start).
  let first = 0;
  let sorted = true;
  for (const [s, e] of spans) {
    while (first < nb && list[first].end <= s) first++;
    let cur = s;
    for (let j = first; j < nb && list[j].start < e && cur < e; j++) {
      const b = list[j];
      if (b.end <= cur) continue;
      if (b.start > cur) out.push([cur, b.start]);
      cur = b.end;
    }
    if (cur < e) out.push([cur, e]);
    if (out.length > 1 && out[out.length - 1][0] < out[out.length - 2][0]) sorted = false;
  }
  // Gaps of overlapping shifts may interleave.
  if (!sorted) out.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return out;
}

/**
 * The engineer's memo, parsed again when its `shifts` or `bookings` list was replaced or (unless
 * `trusted`: a directory's data, which never changes) changed length.
 */
function memoOf(e: EngineerData, trusted = false): Memo {
  let m = memo.get(e);
  const shifts = e.shifts;
  const bookings = e.bookings;
  if (
    m === undefined ||
    m.shiftsRef !== shifts ||
    m.bookingsRef !== bookings ||
    (!trusted &&
      (m.shiftsLength !== (Array.isArray(shifts) ? shifts.length : -1) || m.bookingsLength !== (Array.isArray(bookings) ? bookings.length : -1)))
  ) {
    m = {
      shiftsRef: shifts,
      shiftsLength: Array.isArray(shifts) ? shifts.length : -1,
      bookingsRef: bookings,
      bookingsLength: Array.isArray(bookings) ? bookings.length : -1,
      schedule: buildSchedule(e, null),
      locationRef: undefined,
      lat: NaN,
      lng: NaN,
      cosLat: NaN,
      orders: null,
      without: null,
      run: 0,
      slotStart: NaN,
    };
    memo.set(e, m);
  }
  const l = e.location;
  if (m.locationRef !== l || (!trusted && l != null && (m.lat !== l.lat || m.lng !== l.lng))) {
    m.locationRef = l;
    const ok = validPoint(l);
    m.lat = ok ? l.lat : NaN;
    m.lng = ok ? l.lng : NaN;
    m.cosLat = ok ? Math.cos(l.lat * RAD) : NaN;
  }
  return m;
}

function withoutOrder(e: EngineerData, m: Memo, orderId: string): Schedule {
  const orders = (m.orders ??= new Set(m.schedule.bOrder.filter((o): o is string => o !== null)));
  if (!orders.has(orderId)) return m.schedule;
  let w = m.without?.get(orderId);
  if (w === undefined) {
    w = buildSchedule(e, orderId);
    (m.without ??= new Map()).set(orderId, w);
  }
  return w;
}

/**
 * The engineer's parsed schedule (memoised), without the booking of `orderId` if it has one:
 * an order's own booking never stands in the way of finding or checking its slot.
 */
export function scheduleOf(e: EngineerData, orderId: string | null = null): Schedule {
  const m = memoOf(e);
  return orderId === null ? m.schedule : withoutOrder(e, m, orderId);
}

/** The schedule a query searches: without the order's own booking (the query says who holds one, when it knows). */
function scheduleFor(e: EngineerData, m: Memo, q: SlotQuery): Schedule {
  const id = q.orderId;
  if (id === null) return m.schedule;
  const own = q.bookedBy;
  if (own === null) return m.schedule;
  if (own !== undefined && !own.has(e)) return m.schedule;
  return withoutOrder(e, m, id);
}

// ---------------------------------------------------------------------------------------------
// The order's side of a search, read once.

/** What a slot search needs of the order (and the time and travel model). */
export interface SlotQuery {
  orderId: string | null;
  /** Duration in ms; NaN: the order has no duration. */
  duration: number;
  /** Window bounds in ms (−∞ / +∞ when none). */
  windowStart: number;
  windowEnd: number;
  now: number;
  /** A slot ends by this: now + 14 days, or the window's end if earlier. */
  latestEnd: number;
  /** The order's location (NaN: unknown). */
  lat: number;
  lng: number;
  /** Math.cos(lat * RAD) of the order's location. */
  cosLat: number;
  travel: TravelData;
  /**
   * The engineers holding a booking of this order (its own booking is left out of their
   * schedules), when the caller knows them (a directory does); undefined: look in each schedule.
   */
  bookedBy?: ReadonlySet<EngineerData> | null;
  /** The directory's gap index (slot-days.ts), when it keeps one: it answers for the engineers it holds. */
  gaps?: GapIndex | null;
}

/**
 * A directory's free gaps of all its engineers, day by day (slot-days.ts): the same earliest
 * slot as `search`, from a few reads in directory order per engineer instead of a walk through
 * its schedule (and no lookup of its memo).
 */
export interface GapIndex {
  /**
   * The engineer's earliest start for the query in evaluation run `run` (NaN: none), or
   * NOT_HELD when the index does not hold the engineer as it is now (another directory's, or its
   * shifts, bookings or location replaced since): its memo answers then.
   */
  slotOf(e: EngineerData, q: SlotQuery, run: number): number;
}

export const NOT_HELD = -Infinity;

/** The order's duration in ms, or NaN when it has none (absent, null, not a positive number). */
export function durationMs(order: OrderData): number {
  const d = order.durationMinutes;
  return typeof d === 'number' && d > 0 && Number.isFinite(d) ? d * MINUTE : NaN;
}

export function slotQuery(order: OrderData, nowMs: number, travel: TravelData = DEFAULT_TRAVEL): SlotQuery {
  const w = order.window;
  let windowStart = -Infinity;
  let windowEnd = Infinity;
  if (w != null && typeof w === 'object') {
    const a = time(w.start);
    const b = time(w.end);
    if (a === a) windowStart = a;
    if (b === b) windowEnd = b;
  }
  const horizon = nowMs + HORIZON_MS;
  const loc = validPoint(order.location) ? order.location : null;
  return {
    orderId: typeof order.id === 'string' ? order.id : null,
    duration: durationMs(order),
    windowStart,
    windowEnd,
    now: nowMs,
    latestEnd: windowEnd < horizon ? windowEnd : horizon,
    lat: loc ? loc.lat : NaN,
    lng: loc ? loc.lng : NaN,
    cosLat: loc ? Math.cos(loc.lat * RAD) : NaN,
    travel: travelModel(travel),
  };
}

/** Minutes between a booking (latitude's cosine given) and the order; an unknown point counts as 0. */
export function bookingLeg(bLat: number, bLng: number, bCos: number, q: SlotQuery): number {
  if (bLat !== bLat || bLng !== bLng || q.lat !== q.lat || q.lng !== q.lng) return 0;
  return kmMinutes(haversineKmCos(bLat, bLng, bCos, q.lat, q.lng, q.cosLat), q.travel);
}

/** The earliest start the engineer can reach the order by: now + the travel from its location (unknown: 0). */
function arrivalMs(m: Memo, q: SlotQuery): number {
  return q.now + bookingLeg(m.lat, m.lng, m.cosLat, q) * MINUTE;
}

function startBound(m: Memo, q: SlotQuery): number {
  return startFrom(m.lat, m.lng, m.cosLat, q);
}

/**
 * The earliest start the search may begin at, for an engineer at (lat, lng) (NaN: unknown): the
 * arrival (now + travel) or the window's start, whichever is later. The drive is bounded above by
 * the path along the engineer's meridian and then the order's parallel; when even that arrives by
 * the window's start, no exact distance is needed.
 */
export function startFrom(lat: number, lng: number, cosLat: number, q: SlotQuery): number {
  const ws = q.windowStart;
  if (ws > q.now && lat === lat && q.lat === q.lat && q.lng === q.lng) {
    let dLng = Math.abs(lng - q.lng);
    if (dLng > 180) dLng = 360 - dLng;
    const upperKm = EARTH_RADIUS_KM * RAD * (Math.abs(lat - q.lat) + q.cosLat * dLng) * (1 + 1e-9) + 1e-9;
    if (q.now + kmMinutes(upperKm, q.travel) * MINUTE <= ws) return ws;
  }
  const arrival = q.now + bookingLeg(lat, lng, cosLat, q) * MINUTE;
  return arrival > ws ? arrival : ws;
}

// ---------------------------------------------------------------------------------------------
// The probe: does a slot [t, t + D) satisfy the shift and booking rules? If not, which rule it
// breaks and the earliest time a slot could satisfy it again (every start in between breaks it).

const OK = 0;
const OUTSIDE_SHIFT = 1;
const OVERLAPS = 2;
const TRAVEL_FROM = 3;
const TRAVEL_TO = 4;

/** Filled by probe on a refusal. */
let probeNext = 0;
let probeBooking = -1;
let probeMinutes = 0;

/** The last index i in [0, n) with a[from + i] ≤ x (−1 if none). */
export function lastAtOrBefore(a: Float64Array, from: number, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[from + mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The last index i in [0, n) with a[from + i] < x (−1 if none). */
export function lastBefore(a: Float64Array, from: number, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[from + mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function probe(s: Schedule, q: SlotQuery, t: number): number {
  const end = t + q.duration;
  const a = s.a;
  const ns = s.shifts;
  if (s.hasShifts) {
    // Inside one shift: some shift starting by t ends at or after t + D.
    const i = lastAtOrBefore(a, 0, ns, t);
    if (i < 0 || a[ns + i] < end) {
      probeNext = i + 1 < ns ? a[i + 1] : Infinity;
      return OUTSIDE_SHIFT;
    }
  }
  const n = s.bookings;
  if (n === 0) return OK;
  const BS = 2 * ns;
  const BA = BS + n;
  // Bookings 0..j start before the slot ends; the others start at or after its end.
  const j = lastBefore(a, BS, n, end);
  if (j >= 0 && a[BA + BOOKING * j + MAX_END] > t) {
    // Overlaps: name the earliest booking that does.
    let k = j;
    let first = -1;
    while (k >= 0 && a[BA + BOOKING * k + MAX_END] > t) {
      if (a[BA + BOOKING * k + END] > t) first = k;
      k--;
    }
    probeBooking = first;
    probeNext = a[BA + BOOKING * j + MAX_END];
    return OVERLAPS;
  }
  if (j >= 0) {
    // Every booking 0..j ends by t: the one(s) ending last come before the slot.
    const last = a[BA + BOOKING * j + MAX_END];
    let worst = -1;
    let at = -1;
    for (let k = j; k >= 0 && a[BA + BOOKING * k + MAX_END] >= last; k--) {
      const b = BA + BOOKING * k;
      if (a[b + END] !== last) continue;
      const m = bookingLeg(a[b + LAT], a[b + LNG], a[b + COS], q);
      if (m > worst) {
        worst = m;
        at = k;
      }
    }
    const ready = last + worst * MINUTE;
    if (t < ready) {
      probeBooking = at;
      probeMinutes = worst;
      // Until a later booking ends (and becomes the one before), no start before `ready` works.
      const later = j + 1 < n ? a[BA + BOOKING * (j + 1) + MIN_END_AFTER] : Infinity;
      probeNext = ready < later ? ready : later;
      return TRAVEL_FROM;
    }
  }
  if (j + 1 < n) {
    // The next booking(s): the earliest start at or after the slot's end.
    const next = a[BS + j + 1];
    let worst = -1;
    let at = -1;
    let passEnd = -Infinity;
    for (let k = j + 1; k < n && a[BS + k] === next; k++) {
      const b = BA + BOOKING * k;
      const m = bookingLeg(a[b + LAT], a[b + LNG], a[b + COS], q);
      if (end + m * MINUTE > next) {
        if (m > worst) {
          worst = m;
          at = k;
        }
        if (a[b + END] > passEnd) passEnd = a[b + END];
      }
    }
    if (at >= 0) {
      probeBooking = at;
      probeMinutes = worst;
      // While it is the next booking the slot only gets closer to it: only a start after it can work.
      probeNext = passEnd;
      return TRAVEL_TO;
    }
  }
  return OK;
}

/**
 * The earliest t' ≥ t at which some free gap holds [t', t' + D), or Infinity: no slot starts
 * earlier (a slot overlaps no booking and lies in one shift, so inside one gap), and gaps too
 * short for the order are passed over without a probe.
 */
function fitFrom(s: Schedule, t: number, d: number, latestEnd: number): number {
  const a = s.a;
  const ng = s.gaps;
  const gs = 2 * s.shifts + 7 * s.bookings;
  const ga = gs + ng;
  const i = lastAtOrBefore(a, gs, ng, t);
  if (i >= 0 && a[ga + GAP * i + GAP_MAX_END] >= t + d) return t;
  for (let k = i + 1; k < ng; k++) {
    const start = a[gs + k];
    if (start + d > latestEnd) return Infinity;
    if (a[ga + GAP * k + GAP_END] - start >= d) return start;
  }
  return Infinity;
}

/** The earliest whole-minute start t ≥ `from` whose slot [t, t + D) satisfies every rule, or null. */
function search(s: Schedule, q: SlotQuery, from: number): number | null {
  const d = q.duration;
  const latest = q.latestEnd;
  let t = ceilMinute(from);
  // Gaps are looked up where the search lands off the last one (at the start, after a shift's end
  // or a booking): after a travel refusal it stays in or next to the same gap.
  let lookUp = true;
  for (;;) {
    if (lookUp) {
      const fit = fitFrom(s, t, d, latest);
      if (!(fit < Infinity)) return null;
      if (fit > t) t = ceilMinute(fit);
    }
    if (t + d > latest) return null;
    const r = probe(s, q, t);
    if (r === OK) return t;
    lookUp = r === OUTSIDE_SHIFT || r === OVERLAPS;
    const next = ceilMinute(probeNext);
    if (!(next < Infinity)) return null;
    t = next > t ? next : t + MINUTE;
  }
}

// ---------------------------------------------------------------------------------------------
// The evaluator's side: one query per evaluation run, one search per engineer and run.

let lastRun = 0;
/** A fresh evaluation run: slots found in earlier runs are not reused. */
export function nextRun(): number {
  return ++lastRun;
}

/** What the evaluator's env carries for the slot search (the order, the time, the directory). */
export interface SlotEnv {
  o: OrderData;
  now: number;
  dir: SlotDirectory | null;
  run: number;
  /** The order's query in run `sqRun`. */
  sq: SlotQuery | null;
  sqRun: number;
}

/** What the slot search asks of a directory: its travel model, who holds a booking of an order, its gap index (null: none yet). */
export interface SlotDirectory {
  readonly travel: TravelData;
  engineersBookedFor(orderId: string): ReadonlySet<EngineerData> | null;
  gapIndex(): GapIndex | null;
}

/** The order's slot query for the env's run, built once. */
export function queryOf(env: SlotEnv): SlotQuery {
  let q = env.sq;
  if (q === null || env.sqRun !== env.run) {
    const dir = env.dir;
    q = env.sq = slotQuery(env.o, env.now, dir?.travel ?? DEFAULT_TRAVEL);
    if (dir !== null && q.duration === q.duration) {
      if (q.orderId !== null) q.bookedBy = dir.engineersBookedFor(q.orderId);
      q.gaps = dir.gapIndex();
    }
    env.sqRun = env.run;
  }
  return q;
}

/** The engineer read last, in run `lastReadRun`, and its earliest start (a where, the slot test and a rank key read the same candidate in a row). */
let lastEngineer: EngineerData | null = null;
let lastReadRun = -1;
let lastStart = NaN;

/**
 * The start of the engineer's earliest slot for the env's order and time (NaN: none, or no
 * duration), searched once per engineer and run: by the directory's gap index when it holds the
 * engineer and the order is not booked with it, else in the engineer's schedule.
 */
function slotStartOf(e: EngineerData, env: SlotEnv): number {
  if (e === lastEngineer && lastReadRun === env.run) return lastStart;
  const q = queryOf(env);
  if (q.duration !== q.duration) return NaN;
  let t = NOT_HELD;
  const index = q.gaps;
  if (index != null) {
    const own = q.bookedBy;
    if (q.orderId === null || own === null || (own !== undefined && !own.has(e))) t = index.slotOf(e, q, env.run);
  }
  if (t === NOT_HELD) {
    const m = memoOf(e, true);
    if (m.run !== env.run) {
      m.run = env.run;
      m.slotStart = searchFrom(e, m, q);
    }
    t = m.slotStart;
  }
  lastEngineer = e;
  lastReadRun = env.run;
  lastStart = t;
  return t;
}

/** The start of the engineer's earliest slot for the env's order (epoch ms), or null. */
export function slotStartIn(e: EngineerData, env: SlotEnv): number | null {
  const t = slotStartOf(e, env);
  return t !== t ? null : t;
}

/** The end of the engineer's earliest slot for the env's order (epoch ms), or null. */
export function slotEndIn(e: EngineerData, env: SlotEnv): number | null {
  const t = slotStartOf(e, env);
  return t !== t ? null : t + queryOf(env).duration;
}

/** The engineer's earliest slot for the env's order, or null (none, or no duration). */
export function slotIn(e: EngineerData, env: SlotEnv): { start: number; end: number } | null {
  const t = slotStartOf(e, env);
  return t !== t ? null : { start: t, end: t + queryOf(env).duration };
}

/** Whether the engineer has an earliest slot for the env's order (false without a duration). */
export function hasSlotIn(e: EngineerData, env: SlotEnv): boolean {
  const t = slotStartOf(e, env);
  return t === t;
}

/** The earliest start for the query (NaN: none). */
function searchFrom(e: EngineerData, m: Memo, q: SlotQuery): number {
  const d = q.duration;
  if (d !== d) return NaN;
  const from = startBound(m, q);
  if (from + d > q.latestEnd) return NaN;
  const t = search(scheduleFor(e, m, q), q, from);
  return t === null ? NaN : t;
}

/** The earliest slot for a prepared query. */
export function earliestSlotFor(e: EngineerData, q: SlotQuery): { start: number; end: number } | null {
  const t = searchFrom(e, memoOf(e), q);
  return t !== t ? null : { start: t, end: t + q.duration };
}

/**
 * RULES.md "The earliest slot": the earliest whole minute t at which the engineer can start the
 * order (times in epoch ms), or null when there is none or the order has no duration.
 */
export function earliestSlot(
  engineer: EngineerData,
  order: OrderData,
  nowMs: number,
  travel: TravelData = DEFAULT_TRAVEL,
): { start: number; end: number } | null {
  return earliestSlotFor(engineer, slotQuery(order, nowMs, travel));
}

/** Why a slot picked by hand is refused. `order` of a refusal is the booking's order id. */
export type SlotRefusal =
  | { code: 'no_duration' }
  | { code: 'too_early'; earliest: number }
  | { code: 'outside_shift' }
  | { code: 'outside_window' }
  | { code: 'beyond_horizon' }
  | { code: 'overlaps'; order: string | null }
  | { code: 'travel_from'; order: string | null; minutes: number }
  | { code: 'travel_to'; order: string | null; minutes: number };

export type SlotCheck = { ok: true; start: number; end: number } | { ok: false; refusal: SlotRefusal };

/**
 * A refusal in words: the engine's errors and the board's ghost bar say the same ("outside the
 * shift", "overlaps WO-1234", …). `numberOf` names a booking's order (its id, or null: unknown),
 * `timeText` writes a time as the reader's company reads it.
 */
export function refusalText(r: SlotRefusal, numberOf: (orderId: string | null) => string, timeText: (ms: number) => string): string {
  switch (r.code) {
    case 'no_duration':
      return 'the order has no duration';
    case 'too_early':
      return `too early: the earliest start is ${timeText(r.earliest)}`;
    case 'outside_shift':
      return 'outside the shift';
    case 'outside_window':
      return 'outside the window';
    case 'beyond_horizon':
      return 'more than 14 days ahead';
    case 'overlaps':
      return `overlaps ${numberOf(r.order)}`;
    case 'travel_from':
      return `cannot arrive in time from ${numberOf(r.order)} (${r.minutes} min travel)`;
    case 'travel_to':
      return `cannot reach ${numberOf(r.order)} in time after it (${r.minutes} min travel)`;
  }
}

/** A slot starting at `startMs` checked by the rules of the earliest slot, for a prepared query. */
export function checkSlotFor(e: EngineerData, q: SlotQuery, startMs: number): SlotCheck {
  const d = q.duration;
  if (d !== d) return { ok: false, refusal: { code: 'no_duration' } };
  const t = startMs;
  const m = memoOf(e);
  const arrival = arrivalMs(m, q);
  if (!(t >= arrival)) return { ok: false, refusal: { code: 'too_early', earliest: ceilMinute(arrival) } };
  if (t < q.windowStart || t + d > q.windowEnd) return { ok: false, refusal: { code: 'outside_window' } };
  if (t + d > q.now + HORIZON_MS) return { ok: false, refusal: { code: 'beyond_horizon' } };
  const s = scheduleFor(e, m, q);
  switch (probe(s, q, t)) {
    case OK:
      return { ok: true, start: t, end: t + d };
    case OUTSIDE_SHIFT:
      return { ok: false, refusal: { code: 'outside_shift' } };
    case OVERLAPS:
      return { ok: false, refusal: { code: 'overlaps', order: s.bOrder[probeBooking] ?? null } };
    case TRAVEL_FROM:
      return { ok: false, refusal: { code: 'travel_from', order: s.bOrder[probeBooking] ?? null, minutes: probeMinutes } };
    default:
      return { ok: false, refusal: { code: 'travel_to', order: s.bOrder[probeBooking] ?? null, minutes: probeMinutes } };
  }
}

/** Whether the slot [start, start + D) satisfies every rule for the engineer (a collaborator's test). */
export function slotHolds(e: EngineerData, q: SlotQuery, startMs: number): boolean {
  return checkSlotFor(e, q, startMs).ok;
}

/** A slot picked by hand, checked by the same rules as the earliest slot. */
export function checkSlot(
  engineer: EngineerData,
  order: OrderData,
  startMs: number,
  nowMs: number,
  travel: TravelData = DEFAULT_TRAVEL,
): SlotCheck {
  return checkSlotFor(engineer, slotQuery(order, nowMs, travel), startMs);
}
