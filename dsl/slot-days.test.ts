// The directory's gap index (slot-days.ts) against the engineer's own slot search (schedule.ts,
// itself held to a minute-by-minute search of RULES.md): the same earliest slot for every
// engineer, and the same decisions, traces and explanations once a directory uses it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRuleSet, createDirectory, earliestSlot, evaluate, whyNot, type DirectoryData, type EngineerData, type OrderData } from './index';
import { nextRun, slotQuery } from './schedule';
import { SlotDays } from './slot-days';
import type { BookingData, LatLng } from './types';

const MIN = 60_000;
const BASE = Date.parse('2026-11-23T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const place: fc.Arbitrary<LatLng | null> = fc.option(
  fc.record({ lat: fc.double({ min: 40.4, max: 41.0, noNaN: true }), lng: fc.double({ min: -74.3, max: -73.7, noNaN: true }) }),
  { freq: 5 },
);
/** A time in the first 4 days: often on one of a few shared minutes (so bookings tie), mostly whole minutes. */
const at = fc.oneof(
  fc.constantFrom(8, 9, 10, 12, 13, 16, 32, 33, 34, 56, 57).map((h) => BASE + h * 60 * MIN),
  fc.tuple(fc.integer({ min: 0, max: 4 * 24 * 60 }), fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 59_999 }))).map(([m, ms]) => BASE + m * MIN + ms),
);
const minutes = fc.oneof(fc.constantFrom(30, 60, 120, 480), fc.integer({ min: 1, max: 900 }));

const engineer: fc.Arbitrary<Omit<EngineerData, 'id' | 'name'>> = fc
  .record({
    // Absent: always available; [] : never; else possibly overlapping, some across midnight.
    shifts: fc.option(fc.array(fc.tuple(at, minutes), { maxLength: 6 }), { freq: 4 }),
    bookings: fc.array(fc.record({ start: at, minutes, location: place, order: fc.constantFrom('wo-a', 'wo-b', 'wo-1', null) }), { maxLength: 10 }),
    location: place,
  })
  .map((r) => ({
    providerId: null,
    skills: [],
    status: 'available',
    location: r.location,
    region: 'North',
    openOrders: 0,
    capacity: 5,
    rating: 4,
    bookings: r.bookings.map((b): BookingData => ({ order: b.order, start: iso(b.start), end: iso(b.start + b.minutes * MIN), location: b.location })),
    ...(r.shifts ? { shifts: r.shifts.map(([s, len]) => ({ start: iso(s), end: iso(s + len * MIN) })) } : {}),
  }));

const order: fc.Arbitrary<OrderData> = fc
  .record({
    id: fc.constantFrom('wo-1', 'wo-2'),
    location: place,
    duration: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.constant(0.5)),
    window: fc.option(fc.tuple(at, fc.integer({ min: 0, max: 30 * 60 })), { freq: 2 }),
  })
  .map(
    (r) =>
      ({
        id: r.id,
        location: r.location,
        durationMinutes: r.duration,
        window: r.window ? { start: iso(r.window[0]), end: iso(r.window[0] + r.window[1] * MIN) } : null,
      }) as unknown as OrderData,
  );

const scenario = fc.record({
  engineers: fc.array(engineer, { minLength: 1, maxLength: 12 }).map((list) => list.map((e, i) => ({ ...e, id: `e-${i}`, name: `E${i}` }) as EngineerData)),
  orders: fc.array(order, { minLength: 1, maxLength: 4 }),
  now: at,
  travel: fc.record({ speedKmh: fc.integer({ min: 5, max: 90 }), minimumMinutes: fc.integer({ min: 0, max: 30 }) }),
});

describe('the gap index finds the earliest slot the schedule search finds', () => {
  it('for every engineer, order, time and travel model', () => {
    fc.assert(
      fc.property(scenario, ({ engineers, orders, now, travel }) => {
        const days = new SlotDays(engineers);
        for (const o of orders) {
          // The order's own booking is left to the schedule search (the decision path never asks the index for it).
          const q = slotQuery({ ...o, id: 'wo-none' }, now, travel);
          const run = nextRun();
          for (const e of [...engineers].reverse()) {
            const want = earliestSlot(e, { ...o, id: 'wo-none' }, now, travel);
            const got = days.slotOf(e, q, run);
            expect(got !== got ? null : got, `${e.id} ${JSON.stringify(o)}`).toBe(want?.start ?? null);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('answers no engineer whose bookings or location were replaced since it was built', () => {
    const e: EngineerData = {
      id: 'e-1', name: 'E', providerId: null, skills: [], status: 'available', location: { lat: 40.7, lng: -74 }, region: 'N', openOrders: 0, capacity: 5, rating: 4,
      shifts: [{ start: iso(BASE + 8 * 60 * MIN), end: iso(BASE + 16 * 60 * MIN) }],
      bookings: [],
    };
    const o = { id: 'wo-9', location: { lat: 40.7, lng: -74 }, durationMinutes: 60, window: null } as unknown as OrderData;
    const now = BASE + 7 * 60 * MIN;
    const days = new SlotDays([e]);
    expect(days.slotOf(e, slotQuery(o, now), nextRun())).toBe(BASE + 8 * 60 * MIN);
    e.bookings = [{ order: 'wo-x', start: iso(BASE + 8 * 60 * MIN), end: iso(BASE + 12 * 60 * MIN), location: null }];
    expect(days.slotOf(e, slotQuery(o, now), nextRun())).toBe(-Infinity);
    expect(days.slotOf({ ...e }, slotQuery(o, now), nextRun())).toBe(-Infinity);
  });
});

const RULES = `rule "earliest"
  when true
  assign engineer
    where engineer.earliestStart is not null and engineer.earliestEnd < order.sla.resolveBy
    rank by engineer.earliestStart asc, engineer.earliestEnd desc
    with 2 collaborators
`;

describe('decisions with the gap index', () => {
  it('are the decisions, traces and explanations of the schedule search', () => {
    fc.assert(
      fc.property(scenario, ({ engineers, orders, now, travel }) => {
        const data = (): DirectoryData => ({ now: iso(now), serviceGroups: [], providers: [], engineers, travel });
        const { ruleSet } = compileRuleSet(RULES);
        const node = { id: 'own', kind: 'assign_engineer' as const };
        const full = (o: OrderData): OrderData => ({ ...o, sla: { respondBy: iso(now), resolveBy: iso(now + 5 * 24 * 60 * MIN) } }) as OrderData;
        // A directory builds its index after its first searches: the warmed one decides with it.
        const warm = createDirectory(data());
        for (let i = 0; i < 3; i++) evaluate(ruleSet!, { order: full(orders[0]), node, directory: warm, now: iso(now) });
        for (const o of orders.map(full)) {
          const plain = createDirectory(data());
          const want = evaluate(ruleSet!, { order: o, node, directory: plain, now: iso(now) });
          const got = evaluate(ruleSet!, { order: o, node, directory: warm, now: iso(now) });
          expect(JSON.parse(JSON.stringify(got))).toEqual(JSON.parse(JSON.stringify(want)));
          for (const e of engineers) {
            const a = whyNot(ruleSet!, { order: o, node, directory: createDirectory(data()), now: iso(now) }, e.id);
            expect(whyNot(ruleSet!, { order: o, node, directory: warm, now: iso(now) }, e.id)).toEqual(a);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
