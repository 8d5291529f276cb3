// The slot search against a brute-force search written straight from RULES.md "The earliest
// slot": every whole minute from now on, each rule tested as the text says it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSlot, earliestSlot, travelMinutes } from './index';
import type { BookingData, EngineerData, LatLng, OrderData, TravelData } from './types';

const MIN = 60_000;
const BASE = Date.parse('2026-11-23T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

interface Scenario {
  engineer: EngineerData;
  order: OrderData;
  now: number;
  travel: TravelData;
}

const near: fc.Arbitrary<LatLng | null> = fc.option(
  fc.record({ lat: fc.double({ min: 40.4, max: 41.0, noNaN: true }), lng: fc.double({ min: -74.3, max: -73.7, noNaN: true }) }),
  { freq: 4 },
);
/** A time in the first 3 days, mostly on a whole minute, sometimes not. */
const at = fc.tuple(fc.integer({ min: 0, max: 3 * 24 * 60 }), fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 59_999 })));
const toMs = ([m, ms]: [number, number]) => BASE + m * MIN + ms;

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    now: at,
    shifts: fc.option(fc.array(fc.tuple(at, fc.integer({ min: 10, max: 720 })), { maxLength: 6 }), { freq: 4 }),
    bookings: fc.array(
      fc.record({
        start: at,
        minutes: fc.integer({ min: 1, max: 240 }),
        location: near,
        order: fc.constantFrom('wo-a', 'wo-b', 'wo-1', null),
      }),
      { maxLength: 8 },
    ),
    engineerAt: near,
    orderAt: near,
    duration: fc.integer({ min: 1, max: 300 }),
    window: fc.option(fc.tuple(at, fc.integer({ min: 0, max: 24 * 60 })), { freq: 2 }),
    speed: fc.integer({ min: 5, max: 90 }),
    minimum: fc.integer({ min: 0, max: 30 }),
  })
  .map((r) => {
    const bookings: BookingData[] = r.bookings.map((b) => ({
      order: b.order,
      start: iso(toMs(b.start)),
      end: iso(toMs(b.start) + b.minutes * MIN),
      location: b.location,
    }));
    const engineer = {
      id: 'e-1',
      name: 'E',
      providerId: null,
      skills: [],
      status: 'available',
      location: r.engineerAt,
      region: 'North',
      openOrders: 0,
      capacity: 5,
      rating: 4,
      bookings,
      ...(r.shifts ? { shifts: r.shifts.map(([s, len]) => ({ start: iso(toMs(s)), end: iso(toMs(s) + len * MIN) })) } : {}),
    } as EngineerData;
    const order = {
      id: 'wo-1',
      location: r.orderAt,
      durationMinutes: r.duration,
      window: r.window ? { start: iso(toMs(r.window[0])), end: iso(toMs(r.window[0]) + r.window[1] * MIN) } : null,
    } as unknown as OrderData;
    return { engineer, order, now: toMs(r.now), travel: { speedKmh: r.speed, minimumMinutes: r.minimum } };
  });

/** RULES.md, read literally: does the slot starting at t satisfy every rule? */
function satisfies(s: Scenario, t: number): boolean {
  const { engineer, order, now, travel } = s;
  const D = order.durationMinutes! * MIN;
  const tr = (a: LatLng | null | undefined, b: LatLng | null | undefined) => (travelMinutes(a ?? null, b ?? null, travel) ?? 0) * MIN;
  // t ≥ now + the travel from the engineer's location to the order, and ≥ the window's start.
  if (t < now + tr(engineer.location, order.location)) return false;
  const w = order.window;
  if (w && t < Date.parse(w.start)) return false;
  // [t, t + D] inside one shift (when it has shifts), by the window's end, by now + 14 days.
  if (engineer.shifts && !engineer.shifts.some((x) => Date.parse(x.start) <= t && t + D <= Date.parse(x.end))) return false;
  if (w && t + D > Date.parse(w.end)) return false;
  if (t + D > now + 14 * 24 * 60 * MIN) return false;
  // The order's own booking is not in its way.
  const bookings = (engineer.bookings ?? [])
    .filter((b) => b.order !== order.id)
    .map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end), location: b.location }));
  // Overlaps no booking (half-open).
  if (bookings.some((b) => b.start < t + D && t < b.end)) return false;
  // After the booking that ends last before t: t ≥ its end + travel from it.
  const before = bookings.filter((b) => b.end <= t);
  if (before.length) {
    const last = Math.max(...before.map((b) => b.end));
    for (const b of before) if (b.end === last && t < b.end + tr(b.location, order.location)) return false;
  }
  // Before the next booking: t + D + travel to it ≤ its start.
  const after = bookings.filter((b) => b.start >= t + D);
  if (after.length) {
    const next = Math.min(...after.map((b) => b.start));
    for (const b of after) if (b.start === next && t + D + tr(order.location, b.location) > b.start) return false;
  }
  return true;
}

/** Minute after minute from now. */
function bruteEarliest(s: Scenario): number | null {
  const D = s.order.durationMinutes! * MIN;
  const end = s.now + 14 * 24 * 60 * MIN;
  for (let t = Math.ceil(s.now / MIN) * MIN; t + D <= end; t += MIN) if (satisfies(s, t)) return t;
  return null;
}

/** Times worth checking: every edge of the scenario, a minute either side, and a few at random. */
function edges(s: Scenario): number[] {
  const out: number[] = [];
  const D = s.order.durationMinutes! * MIN;
  const add = (ms: number) => {
    const m = Math.ceil(ms / MIN) * MIN;
    out.push(m - MIN, m, m + MIN, m - D, m - D - MIN);
  };
  add(s.now);
  const spans = [...(s.engineer.shifts ?? []), ...(s.engineer.bookings ?? []), ...(s.order.window ? [s.order.window] : [])];
  for (const x of spans) {
    add(Date.parse(x.start));
    add(Date.parse(x.end));
  }
  return out;
}

describe('the slot search equals a minute-by-minute search of RULES.md', () => {
  it('earliestSlot is the first whole minute that satisfies every rule', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const got = earliestSlot(s.engineer, s.order, s.now, s.travel);
        const want = bruteEarliest(s);
        expect(got?.start ?? null).toBe(want);
        if (got) expect(got.end).toBe(got.start + s.order.durationMinutes! * MIN);
      }),
      { numRuns: 300 },
    );
  });

  it('checkSlot accepts t exactly when t satisfies every rule, and says which one it breaks', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        for (const t of edges(s)) {
          const r = checkSlot(s.engineer, s.order, t, s.now, s.travel);
          expect(r.ok, `${iso(t)}: ${JSON.stringify(r)}`).toBe(satisfies(s, t));
          if (r.ok) expect(r.end - r.start).toBe(s.order.durationMinutes! * MIN);
          else expect(['too_early', 'outside_shift', 'outside_window', 'beyond_horizon', 'overlaps', 'travel_from', 'travel_to']).toContain(r.refusal.code);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the earliest slot passes checkSlot, and no whole minute before it does', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const got = earliestSlot(s.engineer, s.order, s.now, s.travel);
        if (got) expect(checkSlot(s.engineer, s.order, got.start, s.now, s.travel).ok).toBe(true);
        for (const t of edges(s)) {
          if (t % MIN !== 0 || (got && t >= got.start)) continue;
          expect(checkSlot(s.engineer, s.order, t, s.now, s.travel).ok, iso(t)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});
