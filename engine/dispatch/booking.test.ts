// Bookings on the database (PGlite, or Postgres with TEST_DATABASE_URL): a rule's assignment books
// the earliest slot, a dispatcher's is checked and refused in words, reschedule and reallocate move
// the booking, decline frees it, each with its history event and the engineer's notification; and
// on Postgres, 20 dispatchers booking one engineer at the same minute: one wins.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { getOrder, listMyWork } from '../orders';
import { demoPrincipal } from '../../server/testing/principals';
import type { Principal } from '../principal';
import { testOrder } from '../testing';
import { ValidationError } from '../errors';
import {
  assignOrder,
  bookOnBoard,
  createEngine,
  createOrder,
  declineOrder,
  moveOnBoard,
  reallocateOrder,
  rescheduleOrder,
  listCandidates,
  type Engine,
  type NewOrderInput,
  type OrderRow,
} from './index';

// Monday 23 Nov 2026, 08:30 in New York: the company works 08:00-17:00 there (13:00-22:00 UTC).
const NOW = new Date('2026-11-23T13:30:00Z');
const ANA = { lat: 40.75, lng: -73.99 };

const FLOW = {
  name: 'Book an engineer',
  nodes: [
    { id: 'start', kind: 'start' },
    { id: 'pick', kind: 'assign_engineer', config: { autoDispatch: true, ruleSet: 'Booking rules' } },
    { id: 'accept', kind: 'engineer_accept' },
    { id: 'work', kind: 'field_service' },
    { id: 'end', kind: 'end' },
  ],
  edges: [
    { from: 'start', to: 'pick' },
    { from: 'pick', to: 'accept' },
    { from: 'accept', to: 'work' },
    { from: 'work', to: 'end' },
  ],
};
const RULES = `rule "urgent-to-ana"
  when order.priority == "Urgent"
  assign engineer
    where engineer.id in ["e-001"]
    rank by engineer.id asc
`;

const order = (over: Partial<NewOrderInput> = {}): NewOrderInput =>
  testOrder({
    title: 'Booked work',
    category: 'HVAC',
    address: { street: '1 Main St', city: 'New York', region: 'Central', postcode: '10001' },
    location: ANA,
    flow: 'flow-booking',
    durationMinutes: 60,
    ...over,
  });

describe('bookings', () => {
  let db: TestDatabase;
  let engine: Engine;
  let dispatcher: Principal;
  let dispatcher2: Principal;
  let ana: Principal;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 0, now: NOW });
    // Ana is the only engineer at her spot; other engineers keep the demo's places.
    await db.db.update(s.engineers).set({ lat: ANA.lat, lng: ANA.lng, workingHours: null }).where(eq(s.engineers.id, 'e-001'));
    await db.db.delete(s.bookings);
    await db.db.delete(s.engineerTimeOff);
    await db.db.insert(s.flows).values({ id: 'flow-booking', name: FLOW.name, draft: FLOW });
    await db.db.insert(s.flowVersions).values({ id: 'flow-booking-v1', flowId: 'flow-booking', version: 1, graph: FLOW });
    await db.db.insert(s.ruleSets).values({ id: 'rs-booking', name: 'Booking rules', draftSource: RULES });
    await db.db.insert(s.ruleSetVersions).values({ id: 'rs-booking-v1', ruleSetId: 'rs-booking', version: 1, source: RULES });
    engine = createEngine({ db: db.db, cacheTtlMs: 0, clock: () => NOW });
    dispatcher = await demoPrincipal(db.db, 'dispatcher');
    ana = await demoPrincipal(db.db, 'engineer');
    dispatcher2 = { ...dispatcher, id: 'u-x', permissions: [] };
  });
  afterAll(() => db?.dispose());

  const create = async (input: NewOrderInput, e: Engine = engine) => (await createOrder(e, { type: 'user', principal: dispatcher }, input)).order;
  const bookingsOf = (o: { id: string }) => db.db.select().from(s.bookings).where(eq(s.bookings.orderId, o.id)).orderBy(asc(s.bookings.role));
  const eventsOf = async (o: { id: string }, ...types: s.OrderEventType[]) =>
    (await db.db.select().from(s.orderEvents).where(eq(s.orderEvents.orderId, o.id)).orderBy(asc(s.orderEvents.id))).filter((e) => !types.length || types.includes(e.type));
  const noticesOf = (o: { id: string }, kind: string) =>
    db.db.select().from(s.notifications).where(and(eq(s.notifications.orderId, o.id), eq(s.notifications.kind, kind)));
  const ref = (o: OrderRow) => ({ orderId: o.id, version: o.version });
  const span = async (o: { id: string }) => (await bookingsOf(o)).map((b) => `${b.engineerId} ${b.role} ${b.startsAt.toISOString()}-${b.endsAt.toISOString()}`);
  const refusal = async (p: Promise<unknown>) => ((await p.then(() => null, (e) => e)) as Error | null)?.message;

  it("a rule's assignment books the earliest slot, and the next order the slot after it; history and Ana's notification say so", async () => {
    const first = await create(order({ priority: 'Urgent' }));
    expect(first.engineerId).toBe('e-001');
    expect(await span(first)).toEqual(['e-001 owner 2026-11-23T13:30:00.000Z-2026-11-23T14:30:00.000Z']);
    const [booked] = await eventsOf(first, 'booked');
    expect(booked).toMatchObject({ actorType: 'rule', actorId: 'urgent-to-ana', data: { engineerId: 'e-001', start: '2026-11-23T13:30:00.000Z', end: '2026-11-23T14:30:00.000Z' } });
    // Ana hears of it once: the assignment's notification says when.
    expect(await noticesOf(first, 'booked')).toEqual([]);
    const notices = await noticesOf(first, 'assigned');
    expect(notices.map((n) => [n.recipientId, n.body])).toEqual([[ana.id, expect.stringMatching(/ · booked for Mon 23 Nov 08:30–09:30$/)]]);
    const second = await create(order({ priority: 'Urgent', durationMinutes: 30 }));
    expect(await span(second)).toEqual(['e-001 owner 2026-11-23T14:30:00.000Z-2026-11-23T15:00:00.000Z']);
  });

  it('with a cached directory, orders created together in this process never get the same slot', async () => {
    const cached = createEngine({ db: db.db, cacheTtlMs: 60_000, clock: () => NOW });
    const made = await Promise.all([1, 2, 3].map(() => create(order({ priority: 'Urgent', durationMinutes: 20 }), cached)));
    const starts = (await Promise.all(made.map(span))).flat().sort();
    expect(starts).toEqual([
      'e-001 owner 2026-11-23T15:00:00.000Z-2026-11-23T15:20:00.000Z',
      'e-001 owner 2026-11-23T15:20:00.000Z-2026-11-23T15:40:00.000Z',
      'e-001 owner 2026-11-23T15:40:00.000Z-2026-11-23T16:00:00.000Z',
    ]);
    // The cache learned of them: the assignment dialog's earliest slot comes after them.
    const waiting = await create(order());
    const { candidates, order: asked } = await listCandidates(cached, dispatcher, waiting.id);
    // The dialog compares each earliest slot with the resolve-by, to warn of a late booking.
    expect(asked.resolveBy).toBe(waiting.resolveBy.toISOString());
    expect(candidates.find((c) => c.id === 'e-001')).toMatchObject({ earliestStart: '2026-11-23T16:00:00.000Z', earliestEnd: '2026-11-23T17:00:00.000Z', travelMinutes: 0 });
  });

  it("refuses a dispatcher's slot outside the shift, over another booking or outside the window, naming the rule; 'unscheduled' books nothing", async () => {
    const o = await create(order({ window: { start: '2026-11-24T15:00:00Z', end: '2026-11-24T18:00:00Z' } }));
    expect(o.status).toBe('pending_assignment');
    const assign = (slot: { start: string } | 'unscheduled' | undefined, who = 'e-001') =>
      assignOrder(engine, dispatcher, { ...ref(o), assignee: { type: 'engineer', id: who }, collaboratorIds: [], slot });
    expect(await refusal(assign({ start: '2026-11-24T23:30:00Z' }))).toMatch(/^Ana Ruiz cannot take WO-\d+ at Tue 24 Nov 18:30: outside the window$/);
    const other = await create(order({ priority: 'Urgent', window: { start: '2026-11-24T15:00:00Z', end: '2026-11-24T16:00:00Z' } }));
    expect(await span(other)).toEqual(['e-001 owner 2026-11-24T15:00:00.000Z-2026-11-24T16:00:00.000Z']);
    expect(await refusal(assign({ start: '2026-11-24T15:30:00Z' }))).toBe(`Ana Ruiz cannot take ${o.number} at Tue 24 Nov 10:30: overlaps ${other.number}`);
    await expect(assign({ start: '2026-11-24T15:30:00Z' })).rejects.toBeInstanceOf(ValidationError);
    // Sunday: no shift.
    const sunday = await create(order({ window: null }));
    expect(await refusal(assignOrder(engine, dispatcher, { ...ref(sunday), assignee: { type: 'engineer', id: 'e-001' }, collaboratorIds: [], slot: { start: '2026-11-29T15:00:00Z' } }))).toMatch(/: outside the shift$/);
    const unscheduled = await assign('unscheduled');
    expect(unscheduled.engineerId).toBe('e-001');
    expect(await bookingsOf(o)).toEqual([]);
    // Booked afterwards from the board: the earliest slot inside the window, after the other order.
    const { order: booked } = await bookOnBoard(engine, dispatcher, { orderId: o.id, engineerId: 'e-001', start: null, version: unscheduled.version });
    expect(booked.booking).toEqual({ engineerId: 'e-001', start: '2026-11-24T16:00:00.000Z', end: '2026-11-24T17:00:00.000Z' });
    expect((await eventsOf(o, 'booked'))[0]).toMatchObject({ actorType: 'user', actorId: dispatcher.id });
  });

  it('reschedule moves the booking (history keeps where it was), reallocate moves it to another engineer, decline frees it', async () => {
    let o = await create(order({ priority: 'Urgent', window: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T22:00:00Z' } }));
    expect(await span(o)).toEqual(['e-001 owner 2026-11-25T14:00:00.000Z-2026-11-25T15:00:00.000Z']);
    // The same engineer later: a dispatcher of the step needs no reallocate permission for that.
    o = await rescheduleOrder(engine, dispatcher2, { ...ref(o), start: '2026-11-25T17:00:00Z' });
    expect(await span(o)).toEqual(['e-001 owner 2026-11-25T17:00:00.000Z-2026-11-25T18:00:00.000Z']);
    const [moved] = await eventsOf(o, 'rescheduled');
    expect(moved.data).toMatchObject({ engineerId: 'e-001', start: '2026-11-25T17:00:00.000Z', previous: { engineerId: 'e-001', start: '2026-11-25T14:00:00.000Z' } });
    expect((await noticesOf(o, 'rescheduled')).map((n) => n.recipientId)).toEqual([ana.id]);

    // Another engineer needs the reallocate permission; with it, the booking moves.
    await expect(moveOnBoard(engine, dispatcher2, { orderId: o.id, engineerId: 'e-002', start: '2026-11-25T17:00:00Z', version: o.version })).rejects.toThrow(/reallocate permission/);
    const e2 = (await engine.directory.get()).engineer('e-002')!;
    await db.db.update(s.engineers).set({ lat: ANA.lat, lng: ANA.lng }).where(eq(s.engineers.id, e2.id));
    // Ana was the rule's choice: moving her booking to another engineer overrides it, with a reason.
    await expect(moveOnBoard(engine, dispatcher, { orderId: o.id, engineerId: 'e-002', start: '2026-11-25T19:00:00Z', version: o.version })).rejects.toThrow(/override reason/);
    o = (await moveOnBoard(engine, dispatcher, { orderId: o.id, engineerId: 'e-002', start: '2026-11-25T19:00:00Z', version: o.version, reasonCode: 'closer-engineer' })).order;
    expect(o.engineerId).toBe('e-002');
    expect(await span(o)).toEqual(['e-002 owner 2026-11-25T19:00:00.000Z-2026-11-25T20:00:00.000Z']);
    // Ana hears she no longer has it, and which slot she is freed of.
    const reallocated = await noticesOf(o, 'reallocated');
    expect(reallocated.map((n) => n.recipientId)).toEqual([ana.id]);
    expect(reallocated[0].title).toBe(`${o.number} reallocated to Grace Moreau`);
    expect(reallocated[0].body).toContain('no longer booked for Wed 25 Nov 12:00–13:00');
    // …and not the slot the other engineer now has.
    expect(reallocated[0].body).not.toMatch(/· booked for/);
    expect((await eventsOf(o, 'unbooked', 'booked')).map((e) => [e.type, (e.data as { engineerId: string }).engineerId])).toEqual([
      ['booked', 'e-001'],
      ['unbooked', 'e-001'],
      ['booked', 'e-002'],
    ]);

    // Back to Ana, who declines: the booking is freed and the order waits again.
    o = await reallocateOrder(engine, dispatcher, { ...ref(o), assignee: { type: 'engineer', id: 'e-001' }, collaboratorIds: [], slot: { start: '2026-11-25T19:00:00Z' } });
    const declined = await declineOrder(engine, ana, { ...ref(o), reason: 'Van in the workshop' });
    expect(declined.engineerId).toBeNull();
    expect(await bookingsOf(o)).toEqual([]);
    const unbooked = (await eventsOf(o, 'unbooked')).at(-1)!;
    expect(unbooked).toMatchObject({ actorType: 'user', actorId: ana.id, data: { engineerId: 'e-001', start: '2026-11-25T19:00:00.000Z' } });
  });

  it("refuses a dispatcher's slot Ana cannot drive to from the booking before it, or from which she cannot reach the next one, naming that order", async () => {
    // Tuesday 1 Dec, a day no other test books: Ana's own spot, 10:00-11:00 New York.
    const here = await create(order({ priority: 'Urgent', window: { start: '2026-12-01T15:00:00Z', end: '2026-12-01T16:00:00Z' } }));
    expect(await span(here)).toEqual(['e-001 owner 2026-12-01T15:00:00.000Z-2026-12-01T16:00:00.000Z']);
    // 11 km north: 17 minutes at 40 km/h.
    const far = await create(order({ location: { lat: 40.85, lng: -73.99 }, window: null }));
    const assign = (start: string) => assignOrder(engine, dispatcher, { ...ref(far), assignee: { type: 'engineer', id: 'e-001' }, collaboratorIds: [], slot: { start } });
    expect(await refusal(assign('2026-12-01T16:10:00Z'))).toBe(`Ana Ruiz cannot take ${far.number} at Tue 1 Dec 11:10: cannot arrive in time from ${here.number} (17 min travel)`);
    expect(await refusal(assign('2026-12-01T13:50:00Z'))).toBe(`Ana Ruiz cannot take ${far.number} at Tue 1 Dec 08:50: cannot reach ${here.number} in time after it (17 min travel)`);
    expect(await bookingsOf(far)).toEqual([]);
    // 17 minutes after the booking ends is enough; Ana hears of it with the time.
    const booked = await assign('2026-12-01T16:17:00Z');
    expect(await span(booked)).toEqual(['e-001 owner 2026-12-01T16:17:00.000Z-2026-12-01T17:17:00.000Z']);
    expect((await noticesOf(far, 'assigned')).map((n) => [n.recipientId, n.body])).toEqual([[ana.id, expect.stringContaining('booked for Tue 1 Dec 11:17–12:17')]]);
    // Freed for the tests after this one.
    await declineOrder(engine, ana, { ...ref(booked), reason: 'Not today' });
    expect(await bookingsOf(far)).toEqual([]);
  });

  it('warns, without refusing, when the booking starts after the resolve-by: on the order and in its history', async () => {
    // Urgent resolves within 4 hours; the window is tomorrow.
    const o = await create(order({ priority: 'Urgent', window: { start: '2026-11-26T14:00:00Z', end: '2026-11-26T20:00:00Z' } }));
    const { order: read } = await getOrder(db.db, dispatcher, o.id);
    expect(read).toMatchObject({ lateForSla: true, booking: { engineerId: 'e-001', start: '2026-11-26T14:00:00.000Z' } });
    expect((await eventsOf(o, 'booked'))[0].data).toMatchObject({ lateForSla: true });
  });

  it("lists Ana's day in the time order of her bookings, with the travel to each", async () => {
    // Work done just before it, 5.6 km further north: the drive starts there (done, it leaves My work).
    const done = await create(order({ priority: 'Urgent', location: { lat: 40.9, lng: -73.99 }, durationMinutes: 30, window: { start: '2026-11-26T19:00:00Z', end: '2026-11-26T19:30:00Z' } }));
    expect(await span(done)).toEqual(['e-001 owner 2026-11-26T19:00:00.000Z-2026-11-26T19:30:00.000Z']);
    await db.db.update(s.workOrders).set({ status: 'completed' }).where(eq(s.workOrders.id, done.id));
    const far = await create(order({ priority: 'Urgent', location: { lat: 40.85, lng: -73.99 }, window: { start: '2026-11-26T20:00:00Z', end: '2026-11-26T22:00:00Z' } }));
    const { rows } = await listMyWork(db.db, ana);
    const booked = rows.filter((r) => r.booking);
    const starts = booked.map((r) => r.booking!.start);
    expect(starts).toEqual([...starts].sort());
    expect(booked[0].travelMinutes).toBe(0);
    // From the completed work 5.6 km north of it (not from the open order before that, 11 km south), at 40 km/h: 9 minutes, as the board draws it.
    expect(rows.some((r) => r.id === done.id)).toBe(false);
    expect(booked.find((r) => r.id === far.id)!.travelMinutes).toBe(9);
    expect(rows.findIndex((r) => !r.booking)).toBeGreaterThanOrEqual(booked.length === rows.length ? -1 : booked.length);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('20 dispatchers booking Ana at the same minute: one wins, the others are refused with the reason', async () => {
    const orders = await Promise.all(Array.from({ length: 20 }, () => create(order({ window: { start: '2026-11-27T14:00:00Z', end: '2026-11-27T20:00:00Z' } }))));
    const { openDatabase } = await import('../../drizzle/client');
    const pool = await openDatabase({ url: db.url!, poolMax: 20 });
    try {
      const concurrent = createEngine({ db: pool.db, cacheTtlMs: 0, clock: () => NOW });
      const results = await Promise.allSettled(
        orders.map((o) => assignOrder(concurrent, dispatcher, { ...ref(o), assignee: { type: 'engineer', id: 'e-001' }, collaboratorIds: [], slot: { start: '2026-11-27T15:00:00Z' } })),
      );
      const won = results.filter((r): r is PromiseFulfilledResult<OrderRow> => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      const winner = won[0].value;
      for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) {
        expect((r.reason as Error).message).toMatch(new RegExp(`overlaps ${winner.number}$`));
      }
      const booked = await db.db.select().from(s.bookings).where(and(eq(s.bookings.engineerId, 'e-001'), eq(s.bookings.startsAt, new Date('2026-11-27T15:00:00Z'))));
      expect(booked.map((b) => b.orderId)).toEqual([winner.id]);
    } finally {
      await pool.close();
    }
  });
});
