// Time and schedules (RULES.md "Time and schedules"): travel between points, an engineer's
// earliest slot for an order, and a slot picked by hand checked by the same rules. Pure, and
// free of Node and the DOM: the schedule board runs it in the browser, the engine on the server.
//
// Each engineer's shifts and bookings are parsed and sorted once (a memo keyed by the engineer
// object, refreshed when its `shifts` or `bookings` array is replaced or changes length); the
// slot search then jumps between candidate start times (shift starts, booking ends + travel)
// instead of trying minute after minute.
import { haversineKm } from './geometry';
import { parseIsoTime } from './schema';
import type { EngineerData, LatLng, OrderData, TravelData } from './types';

export const DEFAULT_TRAVEL: TravelData = Object.freeze({ speedKmh: 40, minimumMinutes: 0 });

const MINUTE = 60_000;
/** A slot ends by now + 14 days. */
export const HORIZON_MS = 14 * 86_400_000;

/** A start time as a whole minute at or after `ms`. */
function ceilMinute(ms: number): number {
  return Math.ceil(ms / MINUTE) * MINUTE;
}

function validPoint(p: LatLng | null | undefined): p is LatLng {
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

/** Whole minutes of the drive between two known points (NaN-free numbers). */
function driveMinutes(aLat: number, aLng: number, bLat: number, bLng: number, travel: TravelData): number {
  const km = haversineKm(aLat, aLng, bLat, bLng);
  // A hair under a whole minute of float error (20 km at 40 km/h is 30, not 31) rounds down to it.
  const m = Math.ceil((km * 60) / travel.speedKmh - 1e-9);
  const floor = Math.ceil(travel.minimumMinutes);
  return m > floor ? m : floor;
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

/** Shifts and bookings as sorted epoch-ms arrays. */
export interface Schedule {
  /** Shift starts, ascending; null: no `shifts` (always available). */
  shiftStart: Float64Array | null;
  /** The latest end among shifts 0..i (a slot starting at t fits a shift iff that of the last start ≤ t is ≥ its end). */
  shiftMaxEnd: Float64Array;
  /** Bookings sorted by start (ties by end). */
  bStart: Float64Array;
  bEnd: Float64Array;
  /** The latest end among bookings 0..i. */
  bMaxEnd: Float64Array;
  /** The earliest end among bookings i..n-1. */
  bSufMinEnd: Float64Array;
  /** Booking locations (NaN: unknown). */
  bLat: Float64Array;
  bLng: Float64Array;
  bOrder: Array<string | null>;
  /** The orders booked. */
  orders: ReadonlySet<string>;
}

interface Memo {
  shifts: unknown;
  shiftsLength: number;
  bookings: unknown;
  bookingsLength: number;
  schedule: Schedule;
  /** The schedule without one order's own booking (a reschedule checks against the others). */
  without: Map<string, Schedule> | null;
  /** The earliest slot found in evaluation run `run` (one run: one order, one time). */
  run: number;
  slot: { start: number; end: number } | null;
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

function buildSchedule(e: EngineerData, skipOrder: string | null): Schedule {
  let shiftStart: Float64Array | null = null;
  let shiftMaxEnd = new Float64Array(0);
  if (Array.isArray(e.shifts)) {
    const spans: Array<[number, number]> = [];
    for (const s of e.shifts) {
      if (s == null) continue;
      const a = time(s.start);
      const b = time(s.end);
      // An unreadable or empty shift is no working time.
      if (a === a && b === b && b > a) spans.push([a, b]);
    }
    spans.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    shiftStart = new Float64Array(spans.length);
    shiftMaxEnd = new Float64Array(spans.length);
    let max = -Infinity;
    for (let i = 0; i < spans.length; i++) {
      shiftStart[i] = spans[i][0];
      if (spans[i][1] > max) max = spans[i][1];
      shiftMaxEnd[i] = max;
    }
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
  const n = list.length;
  const s: Schedule = {
    shiftStart,
    shiftMaxEnd,
    bStart: new Float64Array(n),
    bEnd: new Float64Array(n),
    bMaxEnd: new Float64Array(n),
    bSufMinEnd: new Float64Array(n),
    bLat: new Float64Array(n),
    bLng: new Float64Array(n),
    bOrder: new Array<string | null>(n),
    orders: new Set(list.map((b) => b.order).filter((o): o is string => o !== null)),
  };
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const b = list[i];
    s.bStart[i] = b.start;
    s.bEnd[i] = b.end;
    if (b.end > max) max = b.end;
    s.bMaxEnd[i] = max;
    s.bLat[i] = b.lat;
    s.bLng[i] = b.lng;
    s.bOrder[i] = b.order;
  }
  let min = Infinity;
  for (let i = n - 1; i >= 0; i--) {
    if (s.bEnd[i] < min) min = s.bEnd[i];
    s.bSufMinEnd[i] = min;
  }
  return s;
}

function memoOf(e: EngineerData): Memo {
  let m = memo.get(e);
  const shifts = e.shifts;
  const bookings = e.bookings;
  if (
    m === undefined ||
    m.shifts !== shifts ||
    m.bookings !== bookings ||
    m.shiftsLength !== (Array.isArray(shifts) ? shifts.length : -1) ||
    m.bookingsLength !== (Array.isArray(bookings) ? bookings.length : -1)
  ) {
    m = {
      shifts,
      shiftsLength: Array.isArray(shifts) ? shifts.length : -1,
      bookings,
      bookingsLength: Array.isArray(bookings) ? bookings.length : -1,
      schedule: buildSchedule(e, null),
      without: null,
      run: 0,
      slot: null,
    };
    memo.set(e, m);
  }
  return m;
}

/**
 * The engineer's parsed schedule (memoised), without the booking of `orderId` if it has one:
 * an order's own booking never stands in the way of finding or checking its slot.
 */
export function scheduleOf(e: EngineerData, orderId: string | null = null): Schedule {
  const m = memoOf(e);
  if (orderId === null || !m.schedule.orders.has(orderId)) return m.schedule;
  let w = m.without?.get(orderId);
  if (w === undefined) {
    w = buildSchedule(e, orderId);
    (m.without ??= new Map()).set(orderId, w);
  }
  return w;
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
  travel: TravelData;
}

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
    travel: travelModel(travel),
  };
}

/** Minutes of travel between two points given as numbers; an unknown one (NaN) counts as 0. */
function legMinutes(aLat: number, aLng: number, bLat: number, bLng: number, travel: TravelData): number {
  if (aLat !== aLat || bLat !== bLat || aLng !== aLng || bLng !== bLng) return 0;
  return driveMinutes(aLat, aLng, bLat, bLng, travel);
}

/** The earliest start the engineer can reach the order by: now + the travel from its location (unknown: 0). */
function arrivalMs(e: EngineerData, q: SlotQuery): number {
  const l = e.location;
  return validPoint(l) ? q.now + legMinutes(l.lat, l.lng, q.lat, q.lng, q.travel) * MINUTE : q.now;
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

/** The last index i with a[i] ≤ x (−1 if none). */
function lastAtOrBefore(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The last index i with a[i] < x (−1 if none). */
function lastBefore(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function probe(s: Schedule, q: SlotQuery, t: number): number {
  const end = t + q.duration;
  const starts = s.shiftStart;
  if (starts !== null) {
    // Inside one shift: some shift starting by t ends at or after t + D.
    const i = lastAtOrBefore(starts, t);
    if (i < 0 || s.shiftMaxEnd[i] < end) {
      probeNext = i + 1 < starts.length ? starts[i + 1] : Infinity;
      return OUTSIDE_SHIFT;
    }
  }
  const bStart = s.bStart;
  const n = bStart.length;
  if (n === 0) return OK;
  const maxEnd = s.bMaxEnd;
  // Bookings 0..j start before the slot ends; the others start at or after its end.
  const j = lastBefore(bStart, end);
  if (j >= 0 && maxEnd[j] > t) {
    // Overlaps: name the earliest booking that does.
    let k = j;
    let first = -1;
    while (k >= 0 && maxEnd[k] > t) {
      if (s.bEnd[k] > t) first = k;
      k--;
    }
    probeBooking = first;
    probeNext = maxEnd[j];
    return OVERLAPS;
  }
  const travel = q.travel;
  if (j >= 0) {
    // Every booking 0..j ends by t: the one(s) ending last come before the slot.
    const last = maxEnd[j];
    let worst = -1;
    let at = -1;
    for (let k = j; k >= 0 && maxEnd[k] >= last; k--) {
      if (s.bEnd[k] !== last) continue;
      const m = legMinutes(s.bLat[k], s.bLng[k], q.lat, q.lng, travel);
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
      const later = j + 1 < n ? s.bSufMinEnd[j + 1] : Infinity;
      probeNext = ready < later ? ready : later;
      return TRAVEL_FROM;
    }
  }
  if (j + 1 < n) {
    // The next booking(s): the earliest start at or after the slot's end.
    const next = bStart[j + 1];
    let worst = -1;
    let at = -1;
    let passEnd = -Infinity;
    for (let k = j + 1; k < n && bStart[k] === next; k++) {
      const m = legMinutes(q.lat, q.lng, s.bLat[k], s.bLng[k], travel);
      if (end + m * MINUTE > next) {
        if (m > worst) {
          worst = m;
          at = k;
        }
        if (s.bEnd[k] > passEnd) passEnd = s.bEnd[k];
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

/** The earliest whole-minute start t ≥ `from` whose slot [t, t + D) satisfies every rule, or null. */
function search(s: Schedule, q: SlotQuery, from: number): number | null {
  const d = q.duration;
  let t = ceilMinute(from);
  while (t + d <= q.latestEnd) {
    if (probe(s, q, t) === OK) return t;
    const next = ceilMinute(probeNext);
    if (!(next < Infinity)) return null;
    t = next > t ? next : t + MINUTE;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The evaluator's side: one query per evaluation run, one search per engineer and run.

let lastRun = 0;
/** A fresh evaluation run: slots found in earlier runs are not reused. */
export function nextRun(): number {
  return ++lastRun;
}

/** What the evaluator's env carries for the slot search (the order, the time, the directory's travel). */
export interface SlotEnv {
  o: OrderData;
  now: number;
  dir: { readonly travel: TravelData } | null;
  run: number;
  /** The order's query in run `sqRun`. */
  sq: SlotQuery | null;
  sqRun: number;
}

/** The order's slot query for the env's run, built once. */
export function queryOf(env: SlotEnv): SlotQuery {
  let q = env.sq;
  if (q === null || env.sqRun !== env.run) {
    q = env.sq = slotQuery(env.o, env.now, env.dir?.travel ?? DEFAULT_TRAVEL);
    env.sqRun = env.run;
  }
  return q;
}

/** The engineer's earliest slot for the env's order and time, searched once per run. */
export function slotIn(e: EngineerData, env: SlotEnv): { start: number; end: number } | null {
  const q = queryOf(env);
  if (q.duration !== q.duration) return null;
  const m = memoOf(e);
  if (m.run === env.run) return m.slot;
  const slot = earliestSlotFor(e, q);
  m.run = env.run;
  m.slot = slot;
  return slot;
}

/** The earliest slot for a prepared query (the evaluator's path: the order read once for every engineer). */
export function earliestSlotFor(e: EngineerData, q: SlotQuery): { start: number; end: number } | null {
  const d = q.duration;
  if (d !== d) return null;
  const from = Math.max(arrivalMs(e, q), q.windowStart);
  if (from + d > q.latestEnd) return null;
  const t = search(scheduleOf(e, q.orderId), q, from);
  return t === null ? null : { start: t, end: t + d };
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

/** A slot starting at `startMs` checked by the rules of the earliest slot, for a prepared query. */
export function checkSlotFor(e: EngineerData, q: SlotQuery, startMs: number): SlotCheck {
  const d = q.duration;
  if (d !== d) return { ok: false, refusal: { code: 'no_duration' } };
  const t = startMs;
  const arrival = arrivalMs(e, q);
  if (!(t >= arrival)) return { ok: false, refusal: { code: 'too_early', earliest: ceilMinute(arrival) } };
  if (t < q.windowStart || t + d > q.windowEnd) return { ok: false, refusal: { code: 'outside_window' } };
  if (t + d > q.now + HORIZON_MS) return { ok: false, refusal: { code: 'beyond_horizon' } };
  const s = scheduleOf(e, q.orderId);
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
