// A directory's free gaps, day by day, for the earliest-slot search over all its engineers
// (RULES.md "The earliest slot"). A selection asks every engineer of the directory for its
// earliest slot: walking 10,000 schedules (a few kB each) misses the cache at every step. Here,
// for each day, the free gaps of every engineer overlapping it lie in one stream in directory
// order, each with what the rules need of it (the booking before and after, and their places), so
// the search over the directory reads memory in order.
//
// Why a gap's numbers decide: a slot lies inside one free gap [s, e) (a shift minus the bookings:
// it lies in a shift and overlaps no booking). For t in such a gap, the bookings ending by t are
// those ending by s (one ending inside the gap would overlap it), and those starting at or after
// t + D are those starting at or after e. So the booking before is the one(s) ending last by s and
// the booking after the one(s) starting first at or after e, whatever t: the earliest start in the
// gap is the first whole minute ≥ max(from, s, end before + travel from it), and it is a slot when
// it ends by e, by the latest end, and by the start after less the travel to it. The earliest slot
// is the least of these over the gaps (a property test holds it to the schedule's own search).
//
// The index reads each engineer's parsed schedule and place once, when the directory builds it; a
// day's gaps are laid out when a search first reaches that day. An engineer whose shifts, bookings
// or location list was replaced since (the engine notes a new booking so) is not answered here:
// its own schedule is searched, as without an index. An engineer is found by its place in the
// directory (a selection asks them in directory order), not by a lookup of its memo.
import {
  BOOKING,
  COS,
  END,
  GAP,
  GAP_END,
  GAP_MAX_END,
  LAT,
  LNG,
  MAX_END,
  NOT_HELD,
  bookingLeg,
  kmMinutes,
  lastAtOrBefore,
  lastBefore,
  scheduleOf,
  startFrom,
  validPoint,
  type GapIndex,
  type Schedule,
  type SlotQuery,
} from './schedule';
import { KM_PER_DEGREE, RAD } from './geometry';
import type { EngineerData } from './types';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A gap's times: its start and end (read for every gap passed) … */
const REC = 2;
/** … and the end of the booking before (−∞: none) and the start of the booking after (+∞: none), read for a gap long enough. */
const SIDE = 2;
/**
 * A gap's places: latitude, longitude and latitude's cosine of the booking before, then of the
 * booking after. NaN latitude and a number as longitude: several bookings tie there, listed at
 * that offset of the day's `ties` (count, then each one's three numbers); NaN both: unknown place.
 */
const LOC = 6;
/** Day blocks kept before all are dropped (a directory lives minutes; a search spans 15 days). */
const MAX_DAYS = 40;

/** One day: for engineer i, its gaps overlapping the day are records off[i] .. off[i + 1] - 1, by start. */
interface Day {
  off: Int32Array;
  rec: Float64Array;
  side: Float64Array;
  loc: Float64Array;
  ties: Float64Array;
}

function ceilMinute(ms: number): number {
  return Math.ceil(ms / MINUTE) * MINUTE;
}

/** A growable Float64Array. */
class Floats {
  a: Float64Array;
  n = 0;
  constructor(size: number) {
    this.a = new Float64Array(size > 16 ? size : 16);
  }
  room(k: number): Float64Array {
    if (this.n + k > this.a.length) {
      const b = new Float64Array(Math.max(this.a.length * 2, this.n + k));
      b.set(this.a.subarray(0, this.n));
      this.a = b;
    }
    return this.a;
  }
  done(): Float64Array {
    return this.a.slice(0, this.n);
  }
}

/** How far past the engineer asked last the next one is looked for (a scope is the directory's engineers, some left out). */
const LOOK_AHEAD = 8;

export class SlotDays implements GapIndex {
  private readonly engineers: readonly EngineerData[];
  private readonly byEngineer: Map<EngineerData, number>;
  private readonly schedules: Schedule[];
  /** What each engineer's schedule and place were read from: a replaced list is not this index's to answer. */
  private readonly shiftsRef: unknown[];
  private readonly bookingsRef: unknown[];
  private readonly locationRef: unknown[];
  /** Latitude, longitude and latitude's cosine of each engineer (NaN: unknown). */
  private readonly places: Float64Array;
  /** Each engineer's earliest start found in evaluation run runs[i]. */
  private readonly runs: Float64Array;
  private readonly starts: Float64Array;
  /** The place of the engineer asked last (a selection asks them in directory order). */
  private last = -1;
  private readonly days = new Map<number, Day>();
  private lastDay = NaN;
  private lastBlock: Day | null = null;
  /** Records of the last day built (the next is sized by it). */
  private lastSize = 0;

  constructor(engineers: readonly EngineerData[]) {
    const n = engineers.length;
    this.engineers = engineers;
    this.byEngineer = new Map(engineers.map((e, i) => [e, i]));
    this.schedules = new Array<Schedule>(n);
    this.shiftsRef = new Array<unknown>(n);
    this.bookingsRef = new Array<unknown>(n);
    this.locationRef = new Array<unknown>(n);
    this.places = new Float64Array(3 * n);
    this.runs = new Float64Array(n).fill(-1);
    this.starts = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const e = engineers[i];
      this.shiftsRef[i] = e.shifts;
      this.bookingsRef[i] = e.bookings;
      this.schedules[i] = scheduleOf(e);
      const l = e.location;
      this.locationRef[i] = l;
      const ok = validPoint(l);
      this.places[3 * i] = ok ? l.lat : NaN;
      this.places[3 * i + 1] = ok ? l.lng : NaN;
      this.places[3 * i + 2] = ok ? Math.cos(l.lat * RAD) : NaN;
    }
  }

  slotOf(e: EngineerData, q: SlotQuery, run: number): number {
    const es = this.engineers;
    let i = this.last + 1;
    if (es[i] !== e) {
      const stop = i + LOOK_AHEAD < es.length ? i + LOOK_AHEAD : es.length;
      do i++;
      while (i < stop && es[i] !== e);
      if (i >= stop) {
        const at = this.byEngineer.get(e);
        if (at === undefined) return NOT_HELD;
        i = at;
      }
    }
    this.last = i;
    if (e.shifts !== this.shiftsRef[i] || e.bookings !== this.bookingsRef[i] || e.location !== this.locationRef[i]) return NOT_HELD;
    if (this.runs[i] === run) return this.starts[i];
    const p = this.places;
    const from = startFrom(p[3 * i], p[3 * i + 1], p[3 * i + 2], q);
    const t = from + q.duration > q.latestEnd ? NaN : this.earliest(i, q, from);
    this.runs[i] = run;
    this.starts[i] = t;
    return t;
  }

  /** The earliest whole-minute start ≥ `from` of the engineer at `ord` for the query (NaN: none): the least over its gaps. */
  private earliest(ord: number, q: SlotQuery, from: number): number {
    const d = q.duration;
    const latest = q.latestEnd;
    const known = q.lat === q.lat && q.lng === q.lng;
    let best = Infinity;
    for (let day = Math.floor(from / DAY); ; day++) {
      const dayStart = day * DAY;
      // A gap first met this day starts in it: no start there beats `best`, or fits before `latest`.
      if (best <= dayStart || (dayStart > from ? dayStart : from) + d > latest) break;
      const b = this.day(day);
      const rec = b.rec;
      const end = b.off[ord + 1];
      for (let k = b.off[ord]; k < end; k++) {
        const gs = rec[REC * k];
        if (gs >= best) break;
        const lo = gs > from ? gs : from;
        // Gaps come by start: none after this one fits before `latest` either.
        if (lo + d > latest) return best < Infinity ? best : NaN;
        const ge = rec[REC * k + 1];
        if (lo + d > ge) continue;
        const cap = ge < latest ? ge : latest;
        // The booking before ends by the gap's start, so by `lo`.
        let t = ceilMinute(lo);
        if (t + d > cap || t >= best) continue;
        if (!known) {
          best = t;
          continue;
        }
        const side = b.side;
        const loc = b.loc;
        const p = LOC * k;
        const before = side[SIDE * k];
        if (before > -Infinity) {
          const lat = loc[p];
          let m = -1;
          if (lat === lat) {
            // Bounds of the drive first: the exact one only where they leave t in doubt.
            const lng = loc[p + 1];
            if (before + upperLeg(lat, lng, q) * MINUTE > t) {
              const least = before + lowerLeg(lat, q) * MINUTE;
              if (least > t && ceilMinute(least) + d > cap) continue;
              m = bookingLeg(lat, lng, loc[p + 2], q);
            }
          } else if (loc[p + 1] === loc[p + 1]) m = leg(b, p, q);
          if (m > 0) {
            const ready = before + m * MINUTE;
            if (ready > t) {
              t = ceilMinute(ready);
              if (t + d > cap || t >= best) continue;
            }
          }
        }
        const next = side[SIDE * k + 1];
        if (next < Infinity) {
          const slotEnd = t + d;
          const lat = loc[p + 3];
          if (lat === lat) {
            const lng = loc[p + 4];
            if (slotEnd + upperLeg(lat, lng, q) * MINUTE > next) {
              if (slotEnd + lowerLeg(lat, q) * MINUTE > next) continue;
              if (slotEnd + bookingLeg(lat, lng, loc[p + 5], q) * MINUTE > next) continue;
            }
          } else if (loc[p + 4] === loc[p + 4] && slotEnd + leg(b, p + 3, q) * MINUTE > next) continue;
          // An unknown place is 0 minutes away: the slot ends by the gap's end, so by `next`.
        }
        best = t;
      }
    }
    return best < Infinity ? best : NaN;
  }

  private day(day: number): Day {
    if (day === this.lastDay) return this.lastBlock!;
    let b = this.days.get(day);
    if (b === undefined) {
      if (this.days.size >= MAX_DAYS) this.days.clear();
      b = this.build(day);
      this.days.set(day, b);
    }
    this.lastDay = day;
    this.lastBlock = b;
    return b;
  }

  private build(day: number): Day {
    const from = day * DAY;
    const to = from + DAY;
    const n = this.schedules.length;
    const off = new Int32Array(n + 1);
    const rec = new Floats(REC * (this.lastSize + 64));
    const side = new Floats(SIDE * (this.lastSize + 64));
    const loc = new Floats(LOC * (this.lastSize + 64));
    const ties = new Floats(16);
    let count = 0;
    for (let i = 0; i < n; i++) {
      off[i] = count;
      const s = this.schedules[i];
      const a = s.a;
      const ng = s.gaps;
      const nb = s.bookings;
      const bs = 2 * s.shifts;
      const ba = bs + nb;
      const gs = ba + BOOKING * nb;
      const ga = gs + ng;
      // Gaps before the first whose running latest end passes the day's start all end by it.
      let lo = 0;
      let hi = ng;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (a[ga + GAP * mid + GAP_MAX_END] <= from) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < ng; k++) {
        const start = a[gs + k];
        if (start >= to) break;
        const end = a[ga + GAP * k + GAP_END];
        if (end <= from) continue;
        const r = rec.room(REC);
        const sd = side.room(SIDE);
        const l = loc.room(LOC);
        const o = rec.n;
        const so = side.n;
        const p = loc.n;
        r[o] = start;
        r[o + 1] = end;
        // Before: every booking starting by the gap's start ends by it; the latest end among them.
        const j = lastAtOrBefore(a, bs, nb, start);
        if (j < 0) {
          sd[so] = -Infinity;
          l[p] = l[p + 1] = l[p + 2] = NaN;
        } else {
          const last = a[ba + BOOKING * j + MAX_END];
          sd[so] = last;
          picked.length = 0;
          for (let x = j; x >= 0 && a[ba + BOOKING * x + MAX_END] >= last; x--) if (a[ba + BOOKING * x + END] === last) picked.push(x);
          place(a, ba, l, p, ties);
        }
        // After: the first booking starting at or after the gap's end, and any starting with it.
        const f = lastBefore(a, bs, nb, end) + 1;
        if (f >= nb) {
          sd[so + 1] = Infinity;
          l[p + 3] = l[p + 4] = l[p + 5] = NaN;
        } else {
          const next = a[bs + f];
          sd[so + 1] = next;
          picked.length = 0;
          for (let x = f; x < nb && a[bs + x] === next; x++) picked.push(x);
          place(a, ba, l, p + 3, ties);
        }
        rec.n += REC;
        side.n += SIDE;
        loc.n += LOC;
        count++;
      }
    }
    off[n] = count;
    this.lastSize = count;
    return { off, rec: rec.done(), side: side.done(), loc: loc.done(), ties: ties.done() };
  }
}

/** The bookings on one side of a gap being built (indices in the schedule). */
const picked: number[] = [];

/** Writes at l[p..p+2] the place of the `picked` booking(s): itself, or where the day's `ties` list them. */
function place(a: Float64Array, ba: number, l: Float64Array, p: number, ties: Floats): void {
  if (picked.length === 1) {
    const b = ba + BOOKING * picked[0];
    l[p] = a[b + LAT];
    l[p + 1] = a[b + LNG];
    l[p + 2] = a[b + COS];
    return;
  }
  const t = ties.room(1 + 3 * picked.length);
  const at = ties.n;
  t[at] = picked.length;
  let w = at + 1;
  for (const x of picked) {
    const b = ba + BOOKING * x;
    t[w] = a[b + LAT];
    t[w + 1] = a[b + LNG];
    t[w + 2] = a[b + COS];
    w += 3;
  }
  ties.n = w;
  l[p] = NaN;
  l[p + 1] = at;
  l[p + 2] = NaN;
}

/**
 * Bounds of bookingLeg's minutes to a known place, without trigonometry: the great-circle
 * distance is at least the distance along a meridian between the two latitudes, and at most the
 * path along the booking's meridian then the order's parallel (a hair of margin each way for float
 * error; minutes grow with kilometres, so the bounds hold in minutes too).
 */
function upperLeg(lat: number, lng: number, q: SlotQuery): number {
  let dLng = Math.abs(lng - q.lng);
  if (dLng > 180) dLng = 360 - dLng;
  return kmMinutes(KM_PER_DEGREE * (Math.abs(lat - q.lat) + q.cosLat * dLng) * (1 + 1e-9) + 1e-9, q.travel);
}

function lowerLeg(lat: number, q: SlotQuery): number {
  return kmMinutes(KM_PER_DEGREE * Math.abs(lat - q.lat) * (1 - 1e-9) - 1e-9, q.travel);
}

/** Minutes of the drive between the order and the booking(s) placed at loc[p..p+2]: the longest when several tie. */
function leg(b: Day, p: number, q: SlotQuery): number {
  const l = b.loc;
  const lat = l[p];
  if (lat === lat) return bookingLeg(lat, l[p + 1], l[p + 2], q);
  const at = l[p + 1];
  if (at !== at) return 0;
  const t = b.ties;
  let worst = 0;
  for (let i = 0, w = at + 1; i < t[at]; i++, w += 3) {
    const m = bookingLeg(t[w], t[w + 1], t[w + 2], q);
    if (m > worst) worst = m;
  }
  return worst;
}
