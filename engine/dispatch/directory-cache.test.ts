// The engine's directory cache: reused for its TTL, refreshed in the background, and a refresh
// reads only the engineers changed since the last read yet sees every change.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { createEngine, loadDirectoryData, type Engine } from './index';

describe('directory cache', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 0 });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  const summary = (dir: Awaited<ReturnType<Engine['directory']['get']>>) =>
    dir.engineers.map((e) => `${e.id}:${e.status}:${e.openOrders}:${e.active !== false}`).sort();

  it('serves the loaded directory until stale, then refreshes it with every change and nothing lost', async () => {
    const engine = createEngine({ db: db.db, cacheTtlMs: 50 });
    const first = await engine.directory.get();
    const [one, two] = first.engineers;
    expect(await engine.directory.get()).toBe(first);

    await db.db.update(s.engineers).set({ status: 'off_shift' }).where(eq(s.engineers.id, one.id));
    await db.db.update(s.engineers).set({ openOrders: 7, active: false }).where(eq(s.engineers.id, two.id));
    await db.db.insert(s.engineers).values({ id: 'eng-new', userId: null, name: 'New Engineer', skills: ['hvac'], status: 'available', region: 'North' });

    await new Promise((r) => setTimeout(r, 60));
    // Stale: served as it is while one refresh runs in the background.
    expect(await engine.directory.get()).toBe(first);
    await engine.directory.refreshing;
    const refreshed = await engine.directory.get();
    expect(refreshed).not.toBe(first);
    // The refreshed directory is exactly what a full read gives.
    const full = await loadDirectoryData(db.db);
    expect(summary(refreshed)).toEqual(full.engineers!.map((e) => `${e.id}:${e.status}:${e.openOrders}:${e.active !== false}`).sort());
    expect(refreshed.engineer(one.id)?.status).toBe('off_shift');
    expect(refreshed.engineer(two.id)?.openOrders).toBe(7);
    expect(refreshed.engineer('eng-new')?.name).toBe('New Engineer');
    expect(refreshed.engineers).toHaveLength(first.engineers.length + 1);
  });

  it("a refresh sees bookings and time off written by another process (they touch the engineer)", async () => {
    const engine = createEngine({ db: db.db, cacheTtlMs: 50 });
    const before = await engine.directory.get();
    expect(before.engineer('e-003')?.bookings).toEqual([]);
    const [o] = await db.db
      .insert(s.workOrders)
      .values({ id: 'wo-cache', number: 'WO-CACHE', title: 't', category: 'HVAC', priority: 'High', customerName: 'c', source: 'api', respondBy: new Date(), resolveBy: new Date(), durationMinutes: 60, lat: 40.7, lng: -73.9 })
      .returning();
    const start = new Date(Date.now() + 86_400_000);
    await db.db.insert(s.bookings).values({ id: 'b-cache', orderId: o.id, engineerId: 'e-003', role: 'owner', startsAt: start, endsAt: new Date(start.getTime() + 3_600_000) });
    await db.db.update(s.engineers).set({ updatedAt: new Date() }).where(eq(s.engineers.id, 'e-003'));
    await new Promise((r) => setTimeout(r, 60));
    await engine.directory.get();
    await engine.directory.refreshing;
    const after = await engine.directory.get();
    expect(after.engineer('e-003')?.bookings).toEqual([{ order: 'wo-cache', start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString(), location: { lat: 40.7, lng: -73.9 } }]);
    // This process's own bookings reach the cache at once, without a refresh.
    engine.directory.noteOrderBooking(['e-004'], 'wo-cache', { start: start.getTime(), end: start.getTime() + 60_000, location: null });
    expect((await engine.directory.get()).engineer('e-004')?.bookings?.map((b) => b.order)).toEqual(['wo-cache']);
  });
});
