// Insights on the database: orders made and moved by the engine's own functions at chosen times,
// then the exact figures per bucket (in the company's zone) and split, the orders behind a point,
// and each role's scope.
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { acceptOrder, assignOrder, completeWork, createEngine, createOrder, rejectOrder, startWork, type Engine, type NewOrderInput, type OrderRow } from '../dispatch';
import { ForbiddenError, ValidationError } from '../errors';
import { listOrders } from '../orders';
import type { Principal } from '../principal';
import { principalByEmail, testOrder } from '../testing';
import { getInsights, type InsightMeasure, type InsightPoint, type Insights, type InsightSplit } from './index';

const byEmail = (db: TestDatabase, email: string): Promise<Principal> => principalByEmail(db.db, email);

const order = (over: Partial<NewOrderInput> & { flow: string }): NewOrderInput => testOrder({ title: 'Insight order', ...over });

// Friday 6 March 2026, noon in New York (before the switch to summer time on 8 March).
const NOW = new Date('2026-03-06T17:00:00Z');

describe('insights on the database', () => {
  let db: TestDatabase;
  let engine: Engine;
  let clock = new Date(0);
  let p: Record<'admin' | 'dispatcher' | 'gina' | 'sol' | 'coolfix' | 'brightspark' | 'ana', Principal>;
  const o: Record<string, OrderRow> = {};

  const at = (iso: string) => {
    clock = new Date(iso);
  };
  const ref = (r: OrderRow) => ({ orderId: r.id, version: r.version });
  const create = async (input: NewOrderInput) => (await createOrder(engine, { type: 'user', principal: p.dispatcher }, input)).order;
  const point = (r: Insights, bucket: string, value: string | null = null) => r.points.find((x) => x.bucket === bucket && x.value === value);
  const behind = async (who: Principal, r: Insights, bucket: string, split: InsightSplit, value: string | null, measure: InsightMeasure) => {
    const b = r.buckets.find((x) => x.key === bucket)!;
    const list = await listOrders(db.db, who, { page: 1, pageSize: 200, sort: 'createdAt', direction: 'asc', insight: { from: b.from, to: b.to, split, value, measure } }, NOW);
    return list.rows.map((x) => x.title.replace('Order ', '')).sort();
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 0 });
    engine = createEngine({ db: db.db, cacheTtlMs: 0, clock: () => clock });
    p = {
      admin: await byEmail(db, 'admin@hudson.example'),
      dispatcher: await byEmail(db, 'dispatcher@hudson.example'),
      gina: await byEmail(db, 'group.dispatcher@hudson.example'),
      sol: await byEmail(db, 'south.dispatcher@hudson.example'),
      coolfix: await byEmail(db, 'provider.dispatcher@coolfix.example'),
      brightspark: await byEmail(db, 'dispatch@brightspark.example'),
      ana: await byEmail(db, 'engineer@hudson.example'),
    };

    // Monday 2 March, 10:00 in New York. A: auto-dispatched by the rules (group, then engineer).
    at('2026-03-02T15:00:00Z');
    o.A = await create(order({ title: 'Order A', flow: 'flow-group-provider-engineer', category: 'HVAC', priority: 'Urgent', requiredSkills: ['hvac'], location: { lat: 40.755, lng: -73.985 } }));
    // B: assigned by hand 30 minutes later, accepted and completed in time.
    o.B = await create(order({ title: 'Order B', flow: 'flow-group-provider-engineer' }));
    at('2026-03-02T15:30:00Z');
    o.B = await assignOrder(engine, p.dispatcher, { ...ref(o.B), assignee: { type: 'service_group', id: 'sg-north' }, collaboratorIds: [] });
    at('2026-03-02T15:40:00Z');
    o.B = await assignOrder(engine, p.gina, { ...ref(o.B), assignee: { type: 'engineer', id: 'e-001' }, collaboratorIds: [] });
    at('2026-03-02T16:00:00Z');
    o.B = await acceptOrder(engine, p.ana, ref(o.B));
    o.B = await startWork(engine, p.ana, ref(o.B));
    at('2026-03-02T18:00:00Z');
    o.B = await completeWork(engine, p.ana, ref(o.B));

    // Tuesday 3 March. C: a provider chosen by a rule, whose dispatcher rejects it (an override).
    at('2026-03-03T15:00:00Z');
    o.C = await create(
      order({ title: 'Order C', flow: 'flow-provider-then-engineer', category: 'Install', priority: 'Urgent', requiredSkills: ['install'], address: { street: '', city: 'Brooklyn', region: 'South', postcode: '11201' } }),
    );
    at('2026-03-03T16:00:00Z');
    o.C = await rejectOrder(engine, p.brightspark, { ...ref(o.C), reason: 'No installer free', reasonCode: 'engineer-unavailable' });
    // D: 23:30 on Tuesday in New York (already Wednesday in UTC); left waiting.
    at('2026-03-04T04:30:00Z');
    o.D = await create(order({ title: 'Order D', flow: 'flow-group-provider-engineer' }));

    // Wednesday 4 March. E: by hand to the partner group, then to CoolFix.
    at('2026-03-04T15:00:00Z');
    o.E = await create(order({ title: 'Order E', flow: 'flow-group-provider-engineer', category: 'HVAC', requiredSkills: ['hvac'] }));
    o.E = await assignOrder(engine, p.dispatcher, { ...ref(o.E), assignee: { type: 'service_group', id: 'sg-partners' }, collaboratorIds: [] });
    at('2026-03-04T16:00:00Z');
    o.E = await assignOrder(engine, p.gina, { ...ref(o.E), assignee: { type: 'service_provider', id: 'sp-coolfix' }, collaboratorIds: [] });
    for (const k of Object.keys(o)) [o[k]] = await db.db.select().from(s.workOrders).where(eq(s.workOrders.id, o[k].id));
  }, 120_000);
  afterAll(() => db?.dispose());

  const autoRuleOf = async (r: OrderRow) =>
    (await db.db.select().from(s.orderEvents).where(eq(s.orderEvents.orderId, r.id)).orderBy(asc(s.orderEvents.id))).find((e) => e.type === 'auto_assigned')?.actorId ?? null;

  it('the orders are where the engine put them', async () => {
    expect([o.A.assign_way, o.A.status, o.A.serviceGroupId]).toEqual(['auto', 'assigned', 'sg-north']);
    expect(await autoRuleOf(o.A)).toBe('urgent-hvac-north');
    expect([o.B.status, o.B.assign_way]).toEqual(['completed', 'manual']);
    expect(await autoRuleOf(o.C)).toBeTruthy();
    expect([o.D.status, o.D.currentNodeId]).toEqual(['pending_assignment', 'assign-group']);
    expect([o.E.providerId, o.E.status]).toEqual(['sp-coolfix', 'pending_assignment']);
  });

  it('the facts the engine keeps on each order equal the history folded from scratch', async () => {
    const folded = await db.db.execute(sql`
      SELECT n.order_id,
             min(n.created_at) FILTER (WHERE n.type IN ('assigned', 'auto_assigned')) AS first_assigned_at,
             (array_agg(n.type ORDER BY n.id) FILTER (WHERE n.type IN ('assigned', 'auto_assigned')))[1] AS first_way,
             (array_agg(n.actor_id ORDER BY n.id) FILTER (WHERE n.type = 'auto_assigned'))[1] AS first_rule,
             (array_agg(n.type ORDER BY n.id DESC))[1] AS last_decision,
             count(*) FILTER (WHERE n.override)::int AS overrides
      FROM (SELECT e.order_id, e.id, e.type::text AS type, e.created_at, e.actor_id, e.data ? 'override' AS override
            FROM order_events e WHERE e.type IN ('assigned', 'auto_assigned', 'reassigned', 'reallocated', 'rejected')) n
      GROUP BY n.order_id ORDER BY n.order_id`);
    const kept = await db.db.execute(
      sql`SELECT id AS order_id, first_assigned_at, first_way, first_rule, last_decision, overrides FROM work_orders WHERE last_decision IS NOT NULL ORDER BY id`,
    );
    const rows = (r: unknown) => JSON.parse(JSON.stringify((r as { rows: unknown[] }).rows));
    expect(rows(kept)).toEqual(rows(folded));
    expect(rows(kept).find((r: { order_id: string }) => r.order_id === o.C.id)).toMatchObject({ overrides: 1 });
    expect(rows(kept).find((r: { order_id: string }) => r.order_id === o.A.id)).toMatchObject({ first_way: 'auto_assigned', first_rule: 'urgent-hvac-north', overrides: 0 });
  });

  it('counts each day in the company zone, with exact figures', async () => {
    const r = await getInsights(db.db, p.dispatcher, { period: '7d', bucket: 'day' }, NOW);
    expect(r.timeZone).toBe('America/New_York');
    expect(r.buckets.map((b) => b.key)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06']);
    expect(r.buckets[0]).toEqual({ key: '2026-02-28', from: '2026-02-28T05:00:00.000Z', to: '2026-03-01T05:00:00.000Z' });
    expect([r.from, r.to]).toEqual(['2026-02-28T05:00:00.000Z', '2026-03-07T05:00:00.000Z']);
    const cStillWaiting = o.C.status === 'pending_assignment' ? 1 : 0;
    const cAssigned = (await autoRuleOf(o.C)) ? 1 : 0;
    expect(r.points.map((x) => x.bucket)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
    expect(point(r, '2026-03-02')).toEqual<InsightPoint>({
      bucket: '2026-03-02',
      value: null,
      orders: 2,
      assigned: 2,
      auto: 1,
      respondDue: 2,
      respondHit: 1,
      resolveDue: 2,
      resolveHit: 1,
      assignMinutesMedian: 15, // A at once, B after 30 minutes
      waiting: 0,
      overrides: 0,
      overridden: 0,
    });
    expect(point(r, '2026-03-03')).toMatchObject({ orders: 2, assigned: cAssigned, auto: cAssigned, respondHit: 0, respondDue: 2, resolveDue: 2, waiting: 1 + cStillWaiting, overrides: 1, overridden: 1 });
    expect(point(r, '2026-03-04')).toMatchObject({ orders: 1, assigned: 1, auto: 0, assignMinutesMedian: 0, waiting: 1, overrides: 0 });
  });

  it('splits by group, rule, provider, category and node', async () => {
    const byGroup = await getInsights(db.db, p.dispatcher, { period: '7d', split: 'group' }, NOW);
    expect(byGroup.points.map((x) => [x.bucket, x.value, x.orders])).toEqual([
      ['2026-03-02', 'sg-north', 2],
      ['2026-03-03', null, 2],
      ['2026-03-04', 'sg-partners', 1],
    ]);
    // Most orders first, then by label ("No service group" before "North Metro").
    expect(byGroup.series.map((x) => [x.value, x.orders])).toEqual([
      [null, 2],
      ['sg-north', 2],
      ['sg-partners', 1],
    ]);
    expect(byGroup.series.find((x) => x.value === 'sg-north')!.label).toBe('North Metro');

    const byRule = await getInsights(db.db, p.dispatcher, { period: '7d', split: 'rule' }, NOW);
    const ruleC = await autoRuleOf(o.C);
    // The rule of each order's first automatic assignment (nulls last in a bucket).
    expect(byRule.points.map((x) => [x.bucket, x.value, x.orders, x.auto, x.overrides])).toEqual([
      ['2026-03-02', 'urgent-hvac-north', 1, 1, 0],
      ['2026-03-02', null, 1, 0, 0],
      ['2026-03-03', ruleC, 1, 1, 1],
      ['2026-03-03', null, 1, 0, 0],
      ['2026-03-04', null, 1, 0, 0],
    ]);

    const byCategory = await getInsights(db.db, p.dispatcher, { period: '7d', split: 'category' }, NOW);
    expect(byCategory.points.map((x) => [x.bucket, x.value, x.orders])).toEqual([
      ['2026-03-02', 'HVAC', 1],
      ['2026-03-02', 'Plumbing', 1],
      ['2026-03-03', 'Install', 1],
      ['2026-03-03', 'Plumbing', 1],
      ['2026-03-04', 'HVAC', 1],
    ]);
    const byNode = await getInsights(db.db, p.dispatcher, { period: '7d', split: 'node' }, NOW);
    expect(byNode.points.find((x) => x.bucket === '2026-03-03' && x.value === 'assign-group')).toMatchObject({ orders: 1, waiting: 1 });
    const byProvider = await getInsights(db.db, p.dispatcher, { period: '7d', split: 'provider' }, NOW);
    expect(byProvider.points.find((x) => x.bucket === '2026-03-04')).toMatchObject({ value: 'sp-coolfix', orders: 1, waiting: 1 });
    expect(byProvider.series.find((x) => x.value === 'sp-coolfix')!.label).toBe('CoolFix Ltd');
  });

  it('weeks start on Monday and are clipped to the period', async () => {
    const r = await getInsights(db.db, p.admin, { period: '7d', bucket: 'week' }, NOW);
    expect(r.buckets).toEqual([
      { key: '2026-02-23', from: '2026-02-28T05:00:00.000Z', to: '2026-03-02T05:00:00.000Z' },
      { key: '2026-03-02', from: '2026-03-02T05:00:00.000Z', to: '2026-03-07T05:00:00.000Z' },
    ]);
    expect(r.points).toHaveLength(1);
    expect(r.points[0]).toMatchObject({ bucket: '2026-03-02', orders: 5, overrides: 1 });
  });

  it('custom periods are checked, and read in the zone the settings name', async () => {
    await expect(getInsights(db.db, p.admin, { period: 'custom', from: '2026-03-03' }, NOW)).rejects.toBeInstanceOf(ValidationError);
    await expect(getInsights(db.db, p.admin, { period: 'custom', from: '2026-03-04', to: '2026-03-03' }, NOW)).rejects.toThrow(/before its first day/);
    await expect(getInsights(db.db, p.admin, { period: 'custom', from: '2025-01-01', to: '2026-03-03' }, NOW)).rejects.toThrow(/at most 366 days/);
    const ny = await getInsights(db.db, p.admin, { period: 'custom', from: '2026-03-03', to: '2026-03-03' }, NOW);
    expect(ny.points.map((x) => x.orders)).toEqual([2]); // C and D (23:30 in New York)
    await db.db.execute(sql`INSERT INTO schedule_settings (id, time_zone, working_hours) VALUES ('default', 'UTC', '{}'::jsonb)
                             ON CONFLICT (id) DO UPDATE SET time_zone = 'UTC'`);
    try {
      const utc = await getInsights(db.db, p.admin, { period: 'custom', from: '2026-03-03', to: '2026-03-03' }, NOW);
      expect(utc.timeZone).toBe('UTC');
      expect(utc.points.map((x) => x.orders)).toEqual([1]); // C only: D is on the 4th in UTC
    } finally {
      await db.db.execute(sql`UPDATE schedule_settings SET time_zone = 'America/New_York' WHERE id = 'default'`);
    }
  });

  it('every point lists exactly the orders behind it', async () => {
    const r = await getInsights(db.db, p.dispatcher, { period: '7d' }, NOW);
    expect(await behind(p.dispatcher, r, '2026-03-02', 'none', null, 'created')).toEqual(['A', 'B']);
    expect(await behind(p.dispatcher, r, '2026-03-02', 'none', null, 'auto')).toEqual(['A']);
    expect(await behind(p.dispatcher, r, '2026-03-02', 'none', null, 'respond_missed')).toEqual(['A']);
    expect(await behind(p.dispatcher, r, '2026-03-03', 'none', null, 'overridden')).toEqual(['C']);
    expect(await behind(p.dispatcher, r, '2026-03-03', 'none', null, 'waiting')).toEqual(o.C.status === 'pending_assignment' ? ['C', 'D'] : ['D']);
    expect(await behind(p.dispatcher, r, '2026-03-03', 'group', null, 'created')).toEqual(['C', 'D']);
    expect(await behind(p.dispatcher, r, '2026-03-02', 'rule', 'urgent-hvac-north', 'created')).toEqual(['A']);
    expect(await behind(p.dispatcher, r, '2026-03-02', 'rule', null, 'assigned')).toEqual(['B']);
    expect(await behind(p.dispatcher, r, '2026-03-04', 'provider', 'sp-coolfix', 'waiting')).toEqual(['E']);
    // A point's list stays in the caller's scope.
    expect(await behind(p.sol, r, '2026-03-02', 'none', null, 'created')).toEqual([]);
  });

  it('is scoped like the queues: each role counts only the orders it may see', async () => {
    const total = async (who: Principal) => (await getInsights(db.db, who, { period: '7d' }, NOW)).points.reduce((n, x) => n + x.orders, 0);
    expect(await total(p.admin)).toBe(5);
    expect(await total(p.dispatcher)).toBe(5);
    // Gina: North Metro and the partner network (A, B, E); Sol: South and West (none here).
    const gina = await getInsights(db.db, p.gina, { period: '7d', split: 'group' }, NOW);
    expect(gina.points.map((x) => [x.bucket, x.value, x.orders])).toEqual([
      ['2026-03-02', 'sg-north', 2],
      ['2026-03-04', 'sg-partners', 1],
    ]);
    expect(await total(p.sol)).toBe(0);
    // CoolFix's dispatcher: E only, and no split by the groups orders came through.
    const coolfix = await getInsights(db.db, p.coolfix, { period: '7d', split: 'provider' }, NOW);
    expect(coolfix.points.map((x) => [x.bucket, x.value, x.orders])).toEqual([['2026-03-04', 'sp-coolfix', 1]]);
    await expect(getInsights(db.db, p.coolfix, { period: '7d', split: 'group' }, NOW)).rejects.toBeInstanceOf(ForbiddenError);
    const r = await getInsights(db.db, p.dispatcher, { period: '7d' }, NOW);
    const b = r.buckets.find((x) => x.key === '2026-03-04')!;
    await expect(
      listOrders(db.db, p.coolfix, { page: 1, pageSize: 50, sort: 'createdAt', direction: 'asc', insight: { from: b.from, to: b.to, split: 'group', value: 'sg-partners', measure: 'created' } }, NOW),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});
