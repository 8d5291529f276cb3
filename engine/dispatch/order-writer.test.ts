// Group commit of new orders: orders created together share statements, yet each order keeps its
// own history and notifications, stands or falls alone, and one idempotency key makes one order.
import { asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { createEngine, createOrder, type Engine, type NewOrderInput } from './index';
import { newOrderInput, prepareNewOrder } from './intake';
import { createOrderWriter } from './order-writer';

const input = (i: number, over: Partial<NewOrderInput> = {}): NewOrderInput =>
  newOrderInput.parse({
    title: `Group commit ${i}`,
    category: 'HVAC',
    priority: 'Urgent',
    customer: { name: `Customer ${i}` },
    address: { city: 'New York', region: 'North' },
    location: { lat: 40.75 + i * 0.001, lng: -73.98 },
    requiredSkills: ['hvac'],
    custom: { contractLevel: 'Basic' },
    flow: 'flow-group-provider-engineer',
    ...over,
  });

describe('group commit of new orders', () => {
  let db: TestDatabase;
  let deps: Engine;
  const api = { type: 'api' as const, apiKeyId: 'key-webform' };

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 0 });
    deps = createEngine({ db: db.db, cacheTtlMs: 60_000 });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('writes orders created at once in shared statements, each with its own history and notifications', async () => {
    const sizes: number[] = [];
    deps = createEngine({ db: db.db, cacheTtlMs: 60_000, orderWriter: { onWrite: (n) => sizes.push(n) } });
    const made = await Promise.all(Array.from({ length: 12 }, (_, i) => createOrder(deps, api, input(i), { idempotencyKey: `gc-${i}` })));
    expect(made.every((m) => m.created)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(12);
    expect(sizes.length).toBeLessThan(12);
    expect(Math.max(...sizes)).toBeGreaterThan(1);

    const ids = made.map((m) => m.order.id);
    expect(new Set(made.map((m) => m.order.number)).size).toBe(12);
    const rows = await db.db.select().from(s.workOrders).where(inArray(s.workOrders.id, ids));
    for (const m of made) {
      const stored = rows.find((r) => r.id === m.order.id)!;
      // What createOrder returned is what the database holds.
      expect(stored).toEqual(m.order);
      expect(stored.title).toBe(`Group commit ${made.indexOf(m)}`);
      const events = await db.db.select().from(s.orderEvents).where(eq(s.orderEvents.orderId, m.order.id)).orderBy(asc(s.orderEvents.id));
      expect(events[0].type).toBe('created');
      const assigned = events.filter((e) => e.type === 'auto_assigned');
      expect(assigned.length).toBeGreaterThan(0);
      expect((assigned.at(-1)!.data as { trace: { order: string } }).trace.order).toBe(m.order.id);
      const notes = await db.db.select().from(s.notifications).where(eq(s.notifications.orderId, m.order.id));
      expect(notes.length).toBeGreaterThan(0);
      // Every notification hangs off one of this order's own events.
      for (const n of notes) expect(events.map((e) => e.id)).toContain(n.eventId);
    }
  });

  it('fails only the order that cannot be written; the others in its statement are written', async () => {
    const writer = createOrderWriter(db.db);
    const writes = await Promise.all([0, 1, 2].map((i) => prepareNewOrder(deps, api, input(100 + i), `gc-bad-${i}`, undefined)));
    // An engineer that does not exist: the foreign key refuses this order.
    writes[1].row.engineerId = 'no-such-engineer';
    const results = await Promise.allSettled(writes.map((w) => writer.write(w)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const stored = await db.db.select({ id: s.workOrders.id }).from(s.workOrders).where(inArray(s.workOrders.id, writes.map((w) => w.row.id as string)));
    expect(stored.map((r) => r.id).sort()).toEqual([writes[0].row.id, writes[2].row.id].sort());
    const orphanEvents = await db.db.select().from(s.orderEvents).where(eq(s.orderEvents.orderId, writes[1].row.id as string));
    expect(orphanEvents).toEqual([]);
  });

  it('makes one order of two requests with one idempotency key in the same statement', async () => {
    const sizes: number[] = [];
    deps = createEngine({ db: db.db, cacheTtlMs: 60_000, orderWriter: { onWrite: (n) => sizes.push(n) } });
    const [a, b, c] = await Promise.all([
      createOrder(deps, api, input(200), { idempotencyKey: 'gc-same' }),
      createOrder(deps, api, input(200), { idempotencyKey: 'gc-same' }),
      createOrder(deps, api, input(200), { idempotencyKey: 'gc-same' }),
    ]);
    expect([a, b, c].filter((r) => r.created)).toHaveLength(1);
    expect(new Set([a.order.id, b.order.id, c.order.id]).size).toBe(1);
    const rows = await db.db.select().from(s.workOrders).where(eq(s.workOrders.idempotencyKey, 'gc-same'));
    expect(rows).toHaveLength(1);
    const events = await db.db.select().from(s.orderEvents).where(eq(s.orderEvents.orderId, rows[0].id));
    expect(events.filter((e) => e.type === 'created')).toHaveLength(1);
  });
});
