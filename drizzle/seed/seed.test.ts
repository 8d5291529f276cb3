import { and, count, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../schema';
import { createTestDatabase, type TestDatabase } from '../testing';
import { dropEverything, isDatabaseEmpty, seedDemoData } from './seed';

describe('demo data', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    expect(await isDatabaseEmpty(db.db)).toBe(true);
    await seedDemoData(db.db, { now: new Date('2026-11-21T09:00:00Z') });
  });
  afterAll(() => db?.dispose());

  const n = async (query: Promise<{ n: number }[]>) => (await query)[0].n;

  it('has two engineer groups and a provider group, each with dispatchers or members', async () => {
    const groups = await db.db.select().from(s.serviceGroups);
    expect(groups.filter((g) => g.kind === 'engineers').length).toBeGreaterThanOrEqual(2);
    expect(groups.filter((g) => g.kind === 'providers').length).toBeGreaterThanOrEqual(1);
    for (const g of groups) {
      expect(await n(db.db.select({ n: count() }).from(s.serviceGroupMembers).where(eq(s.serviceGroupMembers.groupId, g.id)))).toBeGreaterThan(0);
    }
  });

  it('has 4 providers, each with a dispatcher and 5+ engineers and a connected tenant', async () => {
    const providers = await db.db.select().from(s.serviceProviders);
    expect(providers.length).toBe(4);
    for (const p of providers) {
      expect(p.tenantId).toBeTruthy();
      expect(p.tenantName).toBeTruthy();
      const dispatchers = await n(
        db.db.select({ n: count() }).from(s.users).where(and(eq(s.users.providerId, p.id), eq(s.users.role, 'provider_dispatcher'))),
      );
      expect(dispatchers).toBeGreaterThanOrEqual(1);
      expect(await n(db.db.select({ n: count() }).from(s.engineers).where(eq(s.engineers.providerId, p.id)))).toBeGreaterThanOrEqual(5);
    }
  });

  it('has 40+ internal engineers with varied skills, statuses and locations', async () => {
    const internal = await db.db.select().from(s.engineers).where(isNull(s.engineers.providerId));
    expect(internal.length).toBeGreaterThanOrEqual(40);
    expect(new Set(internal.map((e) => e.status)).size).toBe(4);
    expect(new Set(internal.flatMap((e) => e.skills)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(internal.map((e) => e.region)).size).toBeGreaterThanOrEqual(4);
    expect(internal.filter((e) => e.lat !== null && e.locationAt !== null).length).toBeGreaterThan(30);
  });

  it('has 200+ orders across categories, priorities and SLA states, some without a location', async () => {
    const orders = await db.db.select().from(s.workOrders);
    const now = new Date('2026-11-21T09:00:00Z');
    expect(orders.length).toBeGreaterThanOrEqual(200);
    expect(new Set(orders.map((o) => o.category)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(orders.map((o) => o.priority)).size).toBe(4);
    expect(orders.some((o) => o.lat === null)).toBe(true);
    const open = orders.filter((o) => o.status !== 'completed');
    expect(open.filter((o) => o.resolveBy < now).length).toBeGreaterThan(5); // breached
    expect(open.filter((o) => o.resolveBy >= now && o.resolveBy.getTime() - now.getTime() < 8 * 3600_000).length).toBeGreaterThan(0); // due soon
    expect(open.filter((o) => o.resolveBy.getTime() - now.getTime() >= 24 * 3600_000).length).toBeGreaterThan(5); // on time
    expect(new Set(orders.map((o) => o.status)).size).toBeGreaterThanOrEqual(5);
    // every order runs on a published flow version and sits at one of its nodes
    const versions = await db.db.select().from(s.flowVersions);
    for (const o of orders) {
      const v = versions.find((x) => x.id === o.flowVersionId)!;
      expect((v.graph as { nodes: { id: string }[] }).nodes.map((x) => x.id)).toContain(o.currentNodeId);
    }
    // every order has its creation in history
    expect(await n(db.db.select({ n: count() }).from(s.orderEvents).where(eq(s.orderEvents.type, 'created')))).toBe(orders.length);
    // dispatch fields are filled where a provider was chosen
    for (const o of orders.filter((x) => x.providerId)) {
      expect(o.field_partner).toBe(o.providerId);
      expect(o.field_downstreamOuterTenantId).toBeTruthy();
      expect(['auto', 'manual']).toContain(o.assign_way);
      expect(o.assign_time).toBeInstanceOf(Date);
    }
    // both ways of dispatching appear, and manual ones name their dispatcher
    expect(orders.some((o) => o.assign_way === 'auto')).toBe(true);
    for (const o of orders.filter((x) => x.assign_way === 'manual')) expect(o.assign_user).toBeTruthy();
    for (const o of orders.filter((x) => x.assign_way === 'auto')) expect(o.assign_user).toBeNull();
  });

  it('schedules the coming week: hours, time off, vehicles (some in maintenance), durations and windows, bookings that never overlap', async () => {
    const engineers = await db.db.select().from(s.engineers);
    expect(engineers.filter((e) => e.workingHours !== null).length).toBeGreaterThan(3);
    expect(engineers.filter((e) => e.vehicleStatus === 'maintenance').length).toBeGreaterThan(0);
    expect(engineers.filter((e) => e.vehicleStatus === 'ready').length).toBeGreaterThan(40);
    expect(await n(db.db.select({ n: count() }).from(s.engineerTimeOff))).toBeGreaterThan(3);
    expect(await n(db.db.select({ n: count() }).from(s.categoryDurations))).toBe(7);
    const orders = await db.db.select().from(s.workOrders);
    expect(orders.every((o) => o.durationMinutes !== null)).toBe(true);
    expect(orders.filter((o) => o.windowStart !== null).length / orders.length).toBeGreaterThan(0.6);
    // No window is shorter than its work: every order with a window can be booked in it.
    expect(orders.filter((o) => o.windowStart && o.windowEnd && o.windowEnd.getTime() - o.windowStart.getTime() < o.durationMinutes! * 60_000).map((o) => o.number)).toEqual([]);
    const bookings = await db.db.select().from(s.bookings);
    const now = new Date('2026-11-21T09:00:00Z').getTime();
    expect(bookings.filter((b) => b.startsAt.getTime() > now && b.startsAt.getTime() < now + 8 * 86_400_000).length).toBeGreaterThan(50);
    for (const b of bookings) {
      const order = orders.find((o) => o.id === b.orderId)!;
      expect(b.endsAt.getTime() - b.startsAt.getTime()).toBe(order.durationMinutes! * 60_000);
      expect([order.engineerId, ...order.collaboratorIds]).toContain(b.engineerId);
    }
    expect(await n(db.db.select({ n: count() }).from(s.orderEvents).where(eq(s.orderEvents.type, 'booked')))).toBeGreaterThanOrEqual(bookings.filter((b) => b.role === 'owner').length);
  });

  it('has one sign-in for every role', async () => {
    const roles = (await db.db.selectDistinct({ role: s.users.role }).from(s.users)).map((r) => r.role).sort();
    expect(roles).toEqual([...s.ROLES].sort());
    expect(await n(db.db.select({ n: count() }).from(s.accounts).where(isNotNull(s.accounts.password)))).toBeGreaterThanOrEqual(6);
  });

  it('stores the three processes of the seeds as published flows', async () => {
    const flows = await db.db.select().from(s.flows);
    expect(flows.map((f) => f.name).sort()).toEqual([
      'Dispatcher > Service Group > Service Provider > Engineer',
      'Dispatcher > Service Provider > Provider Engineer',
      'Dispatcher > Service Provider Engineer',
    ]);
    expect(await n(db.db.select({ n: count() }).from(s.flowVersions))).toBe(3);
  });

  it('is rebuilt from scratch by a reset', async () => {
    await db.db.execute(sql`INSERT INTO service_groups (id, name, kind) VALUES ('extra', 'Extra', 'engineers')`);
    await dropEverything(db.db);
    await db.migrate();
    expect(await isDatabaseEmpty(db.db)).toBe(true);
    await seedDemoData(db.db, { orders: 5 });
    const names = (await db.db.select({ name: s.serviceGroups.name }).from(s.serviceGroups)).map((g) => g.name);
    expect(names).not.toContain('Extra');
    expect(names.length).toBe(4);
  });
});
