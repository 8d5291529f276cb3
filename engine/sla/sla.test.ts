// SLA breaches on the database (PGlite, or Postgres with TEST_DATABASE_URL): each breach is recorded
// once, with its history event and notifications to whoever holds the order; and two workers on
// separate connections racing over the same overdue orders still record each breach exactly once.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../../drizzle/testing';
import {
  acceptOrder,
  assignOrder,
  completeWork,
  createEngine,
  createOrder,
  startWork,
  type Engine,
  type NewOrderInput,
  type OrderRow,
} from '../dispatch';
import type { Principal } from '../principal';
import { principalByEmail, testOrder } from '../testing';
import { dueBreaches, recordSlaBreaches, runSlaScan } from './index';

const HOUR = 3600_000;

// Medium priority: respond in 8 h, resolve in 48 h.
const order = (over: Partial<NewOrderInput> = {}): NewOrderInput => testOrder({ title: 'Leaking pipe', ...over });

const byEmail = (db: Database, email: string): Promise<Principal> => principalByEmail(db.db, email);

const breachEvents = (db: Database, orderIds: string[]) =>
  db.db
    .select()
    .from(s.orderEvents)
    .where(and(inArray(s.orderEvents.orderId, orderIds), eq(s.orderEvents.type, 'sla_breached')))
    .orderBy(asc(s.orderEvents.id));

const breachNotifications = (db: Database, orderId: string) =>
  db.db
    .select()
    .from(s.notifications)
    .where(and(eq(s.notifications.orderId, orderId), eq(s.notifications.kind, 'sla_breached')))
    .orderBy(asc(s.notifications.id));

describe(`SLA breaches (${testServerUrl() ? 'Postgres' : 'PGlite'})`, () => {
  let db: TestDatabase;
  let clock: Date;
  let deps: Engine;
  let sla: Engine;
  let p: Record<'dispatcher' | 'dispatcher2' | 'gina' | 'ana' | 'coolfix' | 'kai', Principal>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 0 });
    clock = new Date();
    deps = createEngine({ db: db.db, clock: () => clock, cacheTtlMs: 0 });
    sla = deps;
    p = {
      dispatcher: await byEmail(db, 'dispatcher@hudson.example'),
      dispatcher2: await byEmail(db, 'dispatcher2@hudson.example'),
      gina: await byEmail(db, 'group.dispatcher@hudson.example'),
      ana: await byEmail(db, 'engineer@hudson.example'),
      coolfix: await byEmail(db, 'provider.dispatcher@coolfix.example'),
      kai: await byEmail(db, 'provider.engineer@coolfix.example'),
    };
  });
  afterAll(() => db?.dispose());

  /** Creates (and optionally moves) an order at `at`, then puts the clock back to now. */
  async function at<T>(time: Date, fn: () => Promise<T>): Promise<T> {
    clock = time;
    try {
      return await fn();
    } finally {
      clock = new Date();
    }
  }
  const create = (input: NewOrderInput) => createOrder(deps, { type: 'user', principal: p.dispatcher }, input).then((r) => r.order);
  const ref = (o: OrderRow) => ({ orderId: o.id, version: o.version });
  const reload = async (o: OrderRow) => (await db.db.select().from(s.workOrders).where(eq(s.workOrders.id, o.id)))[0];
  const daysAgo = (n: number) => new Date(Date.now() - n * 24 * HOUR);

  it('records a waiting order’s breaches once, with events and notifications to the dispatchers of its node', async () => {
    const o = await at(daysAgo(3), () => create(order()));
    expect([o.currentNodeId, o.status]).toEqual(['assign-group', 'pending_assignment']);
    const now = new Date();
    expect(dueBreaches(o, now)).toEqual(['respond', 'resolve']);

    const first = await recordSlaBreaches(sla, { now, limit: 500 });
    const mine = first.recorded.find((r) => r.orderId === o.id)!;
    expect(mine.which).toEqual(['respond', 'resolve']);

    const after = await reload(o);
    expect(after.respondBreachedAt?.getTime()).toBe(now.getTime());
    expect(after.resolveBreachedAt?.getTime()).toBe(now.getTime());
    expect(after.version).toBe(o.version + 1);

    const events = await breachEvents(db, [o.id]);
    expect(events.map((e) => [e.data.which, e.data.due, e.actorType, e.nodeId])).toEqual([
      ['respond', o.respondBy.toISOString(), 'system', 'assign-group'],
      ['resolve', o.resolveBy.toISOString(), 'system', 'assign-group'],
    ]);
    // "assign-group" is a company node: its handlers are the company's dispatchers.
    const notes = await breachNotifications(db, o.id);
    expect(new Set(notes.map((n) => n.recipientId))).toEqual(new Set([p.dispatcher.id, p.dispatcher2.id]));
    expect(notes).toHaveLength(4);
    expect(notes.every((n) => events.some((e) => e.id === n.eventId))).toBe(true);
    expect(notes.find((n) => n.recipientId === p.dispatcher.id)!.title).toBe(`${o.number} missed its respond-by time`);

    // A second scan finds nothing new.
    const second = await recordSlaBreaches(sla, { now: new Date(), limit: 500 });
    expect(second.recorded.find((r) => r.orderId === o.id)).toBeUndefined();
    expect(await breachEvents(db, [o.id])).toHaveLength(2);
    expect(await breachNotifications(db, o.id)).toHaveLength(4);
    expect((await reload(o)).version).toBe(o.version + 1);
  });

  it('tells the group’s dispatchers about an order waiting in their group', async () => {
    const o = await at(daysAgo(1), async () => {
      const created = await create(order());
      return assignOrder(deps, p.dispatcher, { ...ref(created), assignee: { type: 'service_group', id: 'sg-north' }, collaboratorIds: [] });
    });
    expect([o.currentNodeId, o.serviceGroupId]).toEqual(['group-internal', 'sg-north']);
    expect(dueBreaches(o, new Date())).toEqual(['respond']); // 24 h: past respond-by (8 h), not resolve-by (48 h)
    await recordSlaBreaches(sla, { now: new Date(), limit: 500 });
    const notes = await breachNotifications(db, o.id);
    expect(notes.map((n) => n.recipientId)).toEqual([p.gina.id]);
    expect((await breachEvents(db, [o.id])).map((e) => e.data.which)).toEqual(['respond']);
  });

  it('tells the engineer holding the order, and only them', async () => {
    const o = await at(daysAgo(1), async () => {
      let x = await create(order());
      x = await assignOrder(deps, p.dispatcher, { ...ref(x), assignee: { type: 'service_group', id: 'sg-north' }, collaboratorIds: [] });
      return assignOrder(deps, p.gina, { ...ref(x), assignee: { type: 'engineer', id: p.ana.engineerId! }, collaboratorIds: [] });
    });
    expect([o.currentNodeId, o.status, o.engineerId]).toEqual(['accept', 'assigned', p.ana.engineerId]);
    await recordSlaBreaches(sla, { now: new Date(), limit: 500 });
    expect((await breachNotifications(db, o.id)).map((n) => n.recipientId)).toEqual([p.ana.id]);
  });

  it('after a response, only the resolve-by can still be breached, and its notice goes to the provider engineer', async () => {
    const o = await at(daysAgo(3), async () => {
      let x = await create(order({ category: 'HVAC', requiredSkills: ['hvac'] }));
      x = await assignOrder(deps, p.dispatcher, { ...ref(x), assignee: { type: 'service_group', id: 'sg-partners' }, collaboratorIds: [] });
      x = await assignOrder(deps, p.gina, { ...ref(x), assignee: { type: 'service_provider', id: 'sp-coolfix' }, collaboratorIds: [] });
      x = await assignOrder(deps, p.coolfix, { ...ref(x), assignee: { type: 'provider_engineer', id: p.kai.engineerId! }, collaboratorIds: [] });
      return acceptOrder(deps, p.kai, ref(x)); // responded within the hour
    });
    expect([o.status, o.respondedAt]).toEqual(['accepted', expect.any(Date)]);
    expect(dueBreaches(o, new Date())).toEqual(['resolve']);
    await recordSlaBreaches(sla, { now: new Date(), limit: 500 });
    expect((await breachEvents(db, [o.id])).map((e) => e.data.which)).toEqual(['resolve']);
    expect((await breachNotifications(db, o.id)).map((n) => n.recipientId)).toEqual([p.kai.id]);
    const after = await reload(o);
    expect([after.respondBreachedAt, after.resolveBreachedAt]).toEqual([null, expect.any(Date)]);
  });

  it('never breaches an order completed in time, however late the scan runs', async () => {
    const o = await at(daysAgo(4), async () => {
      let x = await create(order({ category: 'HVAC', requiredSkills: ['hvac'] }));
      x = await assignOrder(deps, p.dispatcher, { ...ref(x), assignee: { type: 'service_group', id: 'sg-partners' }, collaboratorIds: [] });
      x = await assignOrder(deps, p.gina, { ...ref(x), assignee: { type: 'service_provider', id: 'sp-coolfix' }, collaboratorIds: [] });
      x = await assignOrder(deps, p.coolfix, { ...ref(x), assignee: { type: 'provider_engineer', id: p.kai.engineerId! }, collaboratorIds: [] });
      x = await acceptOrder(deps, p.kai, ref(x));
      x = await startWork(deps, p.kai, ref(x));
      return completeWork(deps, p.kai, ref(x));
    });
    expect(o.status).toBe('completed');
    const muchLater = new Date(Date.now() + 365 * 24 * HOUR);
    expect(dueBreaches(o, muchLater)).toEqual([]);
    const result = await recordSlaBreaches(sla, { now: muchLater, limit: 1000 });
    expect(result.recorded.find((r) => r.orderId === o.id)).toBeUndefined();
    expect(await breachEvents(db, [o.id])).toHaveLength(0);
    const after = await reload(o);
    expect([after.respondBreachedAt, after.resolveBreachedAt, after.version]).toEqual([null, null, o.version]);
  });

  it('does not breach an order before its time', async () => {
    const o = await create(order({ priority: 'Low' }));
    await recordSlaBreaches(sla, { now: new Date(), limit: 1000 });
    expect(await breachEvents(db, [o.id])).toHaveLength(0);
    expect(dueBreaches(o, new Date(o.respondBy.getTime() - 1))).toEqual([]);
    expect(dueBreaches(o, o.respondBy)).toEqual(['respond']);
  });

  it('runs a whole scan in batches until nothing is due', async () => {
    await at(daysAgo(3), async () => {
      for (let i = 0; i < 5; i++) await create(order({ title: `Batch ${i}` }));
    });
    const result = await runSlaScan(sla, { now: () => new Date(), batchSize: 2, maxBatches: 50 });
    expect(result.recorded).toBe(5);
    expect((await recordSlaBreaches(sla, { now: new Date(), limit: 1000 })).due).toBe(0);
  });

  describe.skipIf(!testServerUrl())('two SLA workers (Postgres, separate connection pools)', () => {
    it('two SLA workers record each breach once', async () => {
      const created: OrderRow[] = [];
      await at(daysAgo(3), async () => {
        for (let i = 0; i < 50; i++) created.push(await create(order({ title: `Overdue ${i}` })));
      });
      const ids = created.map((o) => o.id);
      const workers = await Promise.all([openDatabase({ url: db.url!, poolMax: 6 }), openDatabase({ url: db.url!, poolMax: 6 })]);
      try {
        const recordedBy = [0, 0];
        // Many rounds; in each, both workers run several scans at once over the same overdue orders.
        for (let round = 0; round < 8; round++) {
          const now = new Date();
          const runs = workers.flatMap((w, i) =>
            Array.from({ length: 3 }, async () => {
              const r = await recordSlaBreaches(createEngine({ db: w.db, cacheTtlMs: 0 }), { now, limit: 20 + round * 5 });
              recordedBy[i] += r.recorded.length; // orders, each with both its breaches
            }),
          );
          await Promise.all(runs);
        }
        // Whatever the rounds left (rows skipped while locked) is picked up by a last scan.
        const last = await runSlaScan(createEngine({ db: workers[1].db, cacheTtlMs: 0 }), { now: () => new Date(), batchSize: 100 });

        const events = await breachEvents(db, ids);
        const keys = events.map((e) => `${e.orderId}:${e.data.which}`);
        expect(new Set(keys).size).toBe(keys.length); // no breach twice
        expect(keys).toHaveLength(100); // every order: respond and resolve
        // What the workers say they recorded adds up to exactly the orders there are.
        expect(recordedBy[0] + recordedBy[1] + last.recorded).toBe(50);
        expect(recordedBy[0]).toBeGreaterThan(0);
        expect(recordedBy[1]).toBeGreaterThan(0);

        const rows = await db.db.select().from(s.workOrders).where(inArray(s.workOrders.id, ids));
        for (const row of rows) {
          const before = created.find((o) => o.id === row.id)!;
          expect(row.respondBreachedAt).not.toBeNull();
          expect(row.resolveBreachedAt).not.toBeNull();
          // Each order was changed by exactly one worker: one version step for both breaches.
          expect(row.version).toBe(before.version + 1);
        }
        const notes = await db.db
          .select()
          .from(s.notifications)
          .where(and(inArray(s.notifications.orderId, ids), eq(s.notifications.kind, 'sla_breached')));
        expect(notes).toHaveLength(100 * 2); // two company dispatchers per breach
      } finally {
        await Promise.all(workers.map((w) => w.close()));
      }
    }, 120_000);
  });
});
