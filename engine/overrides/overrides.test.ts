// Overrides on the database (PGlite, or Postgres with TEST_DATABASE_URL): orders decided by the demo
// rules and changed by dispatchers through the engine's own actions, at chosen times. A reason is
// required exactly when a rule's decision is changed; the history event records the override; the
// report counts per rule, reason and period, within each role's scope; Insights count the same.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { assignOrder, createEngine, createOrder, reallocateOrder, reassignGroup, rejectOrder, type Engine, type NewOrderInput, type OrderRow } from '../dispatch';
import { NotFoundError, ValidationError } from '../errors';
import { getInsights } from '../insights';
import type { Principal } from '../principal';
import { principalByEmail, testOrder } from '../testing';
import { getOverridesReport, listOverrideReasons, ruleDecisionsInScope, saveOverrideReasons, type OverrideRecord } from './index';

const NOW = new Date('2026-03-06T17:00:00Z');

const order = (over: Partial<NewOrderInput>): NewOrderInput => testOrder({ title: 'Override order', ...over });
const hvacNorth = (title: string) =>
  order({ title, flow: 'flow-group-provider-engineer', category: 'HVAC', priority: 'Urgent', requiredSkills: ['hvac'], location: { lat: 40.755, lng: -73.985 } });
const installSouth = (title: string) =>
  order({ title, flow: 'flow-provider-then-engineer', category: 'Install', priority: 'Urgent', requiredSkills: ['install'], address: { street: '', city: 'Brooklyn', region: 'South', postcode: '11201' } });

/** The error's field errors, when the call is refused as bad input. */
async function refusal(call: Promise<unknown>): Promise<{ message: string; fields: Record<string, string[]> }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ValidationError) return { message: error.message, fields: error.fieldErrors };
    throw error;
  }
  throw new Error('the call was not refused');
}

describe('overrides on the database', () => {
  let db: TestDatabase;
  let engine: Engine;
  let clock = new Date(0);
  let p: Record<'admin' | 'dispatcher' | 'gina' | 'sol' | 'brightspark', Principal>;
  const at = (iso: string) => (clock = new Date(iso));
  const ref = (r: OrderRow) => ({ orderId: r.id, version: r.version });
  const create = async (input: NewOrderInput) => (await createOrder(engine, { type: 'user', principal: p.dispatcher }, input)).order;
  const lastEvent = async (r: OrderRow, type: 'reassigned' | 'reallocated' | 'rejected') =>
    (await db.db.select().from(s.orderEvents).where(and(eq(s.orderEvents.orderId, r.id), eq(s.orderEvents.type, type))).orderBy(asc(s.orderEvents.id))).at(-1)!;
  const ruleOf = async (r: OrderRow) =>
    (await db.db.select().from(s.orderEvents).where(and(eq(s.orderEvents.orderId, r.id), eq(s.orderEvents.type, 'auto_assigned'))).orderBy(asc(s.orderEvents.id))).map((e) => e.actorId!);
  const o: Record<string, OrderRow> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 0 });
    engine = createEngine({ db: db.db, cacheTtlMs: 0, clock: () => clock });
    const byEmail = (email: string) => principalByEmail(db.db, email);
    p = {
      admin: await byEmail('admin@hudson.example'),
      dispatcher: await byEmail('dispatcher@hudson.example'),
      gina: await byEmail('group.dispatcher@hudson.example'),
      sol: await byEmail('south.dispatcher@hudson.example'),
      brightspark: await byEmail('dispatch@brightspark.example'),
    };
    // Monday 2 March: A and R decided by the rules (north group, then an engineer); M assigned by hand.
    at('2026-03-02T15:00:00Z');
    o.A = await create(hvacNorth('Order A'));
    o.R = await create(hvacNorth('Order R'));
    o.M = await create(order({ title: 'Order M' }));
    o.M = await assignOrder(engine, p.dispatcher, { ...ref(o.M), assignee: { type: 'service_group', id: 'sg-north' }, collaboratorIds: [] });
    // Tuesday 3 March: P, a provider chosen by a rule.
    at('2026-03-03T15:00:00Z');
    o.P = await create(installSouth('Order P'));
    // 20 February: an old decision, outside a 7-day period.
    at('2026-02-20T15:00:00Z');
    o.Old = await create(installSouth('Order Old'));
    at('2026-03-05T15:00:00Z');
  }, 120_000);
  afterAll(() => db?.dispose());

  it('the demo rules decided the orders the test overrides', async () => {
    expect(o.A.assign_way).toBe('auto');
    expect((await ruleOf(o.A)).length).toBeGreaterThan(0);
    expect(o.P.providerId).toBe('sp-brightspark');
    expect(o.Old.providerId).toBe('sp-brightspark');
    expect(o.M.assign_way).toBe('manual');
  });

  it('seeds the default reasons, "Other" asking for text', async () => {
    const reasons = await listOverrideReasons(db.db);
    expect(reasons.map((r) => r.label)).toEqual(['Customer request', 'Engineer unavailable', 'Better skill match', 'Closer engineer available', 'Rule is wrong', 'Other']);
    expect(reasons.filter((r) => r.needsText).map((r) => r.code)).toEqual(['other']);
  });

  it('rejecting what a rule decided needs a reason from the list, named by its field', async () => {
    const rule = (await ruleOf(o.P)).at(-1)!;
    const missing = await refusal(rejectOrder(engine, p.brightspark, { ...ref(o.P), reason: 'No installer free' }));
    expect(missing.fields).toHaveProperty('reasonCode');
    expect(missing.message).toContain(`rule "${rule}"`);
    const unknown = await refusal(rejectOrder(engine, p.brightspark, { ...ref(o.P), reason: 'No installer free', reasonCode: 'made-up' }));
    expect(unknown.fields.reasonCode).toEqual(['Pick a reason from the list']);
    o.P = await rejectOrder(engine, p.brightspark, { ...ref(o.P), reason: 'No installer free', reasonCode: 'engineer-unavailable' });
    const event = await lastEvent(o.P, 'rejected');
    expect(event.data.override).toEqual({
      decision: expect.any(Number),
      rule,
      decided: { type: 'service_provider', id: 'sp-brightspark', name: 'BrightSpark Electric' },
      became: { type: 'returned_to', id: expect.any(String), name: expect.any(String) },
      reason: 'engineer-unavailable',
      reasonLabel: 'Engineer unavailable',
      text: 'No installer free',
    } satisfies Record<keyof OverrideRecord, unknown>);
  });

  it('changing a decision made by hand needs no reason and records no override', async () => {
    o.M = await reassignGroup(engine, p.gina, { ...ref(o.M), groupId: 'sg-south', reason: 'South has capacity' });
    expect((await lastEvent(o.M, 'reassigned')).data).not.toHaveProperty('override');
  });

  it('reallocating what a rule decided: a reason, with text when it is "Other"', async () => {
    const decided = o.A.engineerId ? { type: 'engineer' as const, id: o.A.engineerId } : { type: 'service_group' as const, id: o.A.serviceGroupId! };
    const to = decided.type === 'engineer' ? { type: 'engineer' as const, id: decided.id === 'e-001' ? 'e-002' : 'e-001' } : { type: 'service_group' as const, id: 'sg-south' };
    const missing = await refusal(reallocateOrder(engine, p.dispatcher, { ...ref(o.A), assignee: to, collaboratorIds: [] }));
    expect(Object.keys(missing.fields)).toEqual(['reasonCode']);
    const noText = await refusal(reallocateOrder(engine, p.dispatcher, { ...ref(o.A), assignee: to, collaboratorIds: [], reasonCode: 'other', reason: '  ' }));
    expect(noText.fields.reason).toEqual(['"Other" needs a few words on why']);
    o.A = await reallocateOrder(engine, p.dispatcher, { ...ref(o.A), assignee: to, collaboratorIds: [], reasonCode: 'other', reason: 'Customer asked for the same engineer as last time' });
    const override = (await lastEvent(o.A, 'reallocated')).data.override as OverrideRecord;
    expect(override).toMatchObject({ rule: (await ruleOf(o.A)).at(-1), reason: 'other', reasonLabel: 'Other', text: 'Customer asked for the same engineer as last time' });
    expect(override.decided?.id).toBe(decided.id);
    expect(override.became.id).toBe(to.id);
    // The override is now the order's decision: changing it again is no override.
    const back = decided.type === 'engineer' ? { type: 'engineer' as const, id: decided.id } : { type: 'service_group' as const, id: decided.id };
    o.A = await reallocateOrder(engine, p.dispatcher, { ...ref(o.A), assignee: back, collaboratorIds: [] });
    expect((await lastEvent(o.A, 'reallocated')).data).not.toHaveProperty('override');
  });

  it('the report counts each rule’s decisions in the period, the overridden ones and their reasons, with the orders', async () => {
    at('2026-03-05T16:00:00Z');
    o.Old = await rejectOrder(engine, p.brightspark, { ...ref(o.Old), reason: 'Wrong trade for us', reasonCode: 'rule-is-wrong' });
    const week = await getOverridesReport(db.db, p.admin, { period: '7d' }, NOW);
    const aRule = (await ruleOf(o.A)).at(-1)!;
    const pRule = (await ruleOf(o.P))[0];
    const decisionsOf = async (rule: string, since: Date) =>
      (await db.db.select().from(s.orderEvents).where(and(eq(s.orderEvents.type, 'auto_assigned'), eq(s.orderEvents.actorId, rule)))).filter((e) => e.createdAt >= since).length;
    const byRule = new Map(week.rules.map((r) => [r.rule, r]));
    // P's rule: P in the week (overridden), Old before it (its override later does not count here).
    expect(byRule.get(pRule)).toMatchObject({ overridden: 1, reasons: [{ code: 'engineer-unavailable', label: 'Engineer unavailable', count: 1 }] });
    expect(byRule.get(pRule)!.decisions).toBe(await decisionsOf(pRule, new Date(week.from)));
    expect(byRule.get(pRule)!.orders.map((x) => [x.number, x.action, x.reasonLabel, x.decided, x.by])).toEqual([[o.P.number, 'rejected', 'Engineer unavailable', 'BrightSpark Electric', 'Tom Becker']]);
    const a = byRule.get(aRule)!;
    expect(a).toMatchObject({ overridden: 1, reasons: [{ code: 'other', label: 'Other', count: 1 }] });
    expect(a.decisions).toBe(await decisionsOf(aRule, new Date(week.from)));
    expect(a.share).toBeCloseTo(1 / a.decisions);
    expect(a.orders).toMatchObject([{ orderId: o.A.id, number: o.A.number, action: 'reallocated', text: 'Customer asked for the same engineer as last time', by: 'Dina Dispatcher' }]);
    expect(week.overridden).toBe(2);
    // The totals are every rule's decisions in the week, counted by hand from the history.
    const inWeek = (await db.db.select().from(s.orderEvents).where(eq(s.orderEvents.type, 'auto_assigned'))).filter((e) => e.createdAt >= new Date(week.from) && e.createdAt < new Date(week.to));
    expect(week.decisions).toBe(inWeek.length);
    expect(week.rules.map((r) => r.rule).sort()).toEqual([...new Set(inWeek.map((e) => e.actorId!))].sort());

    // A custom period of February holds only Old's decision, overridden since.
    const feb = await getOverridesReport(db.db, p.admin, { period: 'custom', from: '2026-02-01', to: '2026-02-28' }, NOW);
    expect(feb.rules.map((r) => [r.rule, r.decisions, r.overridden, r.reasons.map((x) => x.code)])).toEqual([[pRule, 1, 1, ['rule-is-wrong']]]);
    const bad = await refusal(getOverridesReport(db.db, p.admin, { period: 'custom', from: '2026-02-01' }, NOW));
    expect(bad.fields).toHaveProperty('to');
  });

  it('each role sees the report of its own orders', async () => {
    const aRule = (await ruleOf(o.A)).at(-1)!;
    // Gina dispatches North: A (north) is hers, P (a provider's, no group) is not.
    const gina = await getOverridesReport(db.db, p.gina, { period: '7d' }, NOW);
    expect(gina.rules.flatMap((r) => r.orders.map((x) => x.number))).toEqual([o.A.number]);
    expect(gina.rules.find((r) => r.rule === aRule)?.overridden).toBe(1);
    // Sol dispatches South and West: none of these decisions.
    const sol = await getOverridesReport(db.db, p.sol, { period: '7d' }, NOW);
    expect(sol.overridden).toBe(0);
    expect(sol.rules.flatMap((r) => r.orders)).toEqual([]);
  });

  it('tells the dialogs which orders a rule decided, within the caller’s scope', async () => {
    const rRule = (await ruleOf(o.R)).at(-1)!;
    const admin = await ruleDecisionsInScope(db.db, p.admin, { orderIds: [o.R.id, o.M.id, o.A.id] });
    // A's override (and M's manual decisions) made them no rule's decision any more.
    expect(Object.keys(admin)).toEqual([o.R.id]);
    expect(admin[o.R.id].rule).toBe(rRule);
    expect(await ruleDecisionsInScope(db.db, p.gina, { orderIds: [o.R.id] })).toHaveProperty([o.R.id]);
    await expect(ruleDecisionsInScope(db.db, p.sol, { orderIds: [o.R.id] })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('Insights count the same overrides', async () => {
    for (const [who, period] of [[p.admin, '7d'], [p.gina, '7d'], [p.admin, '90d']] as const) {
      const report = await getOverridesReport(db.db, who, { period }, NOW);
      const insights = await getInsights(db.db, who, { period, bucket: 'week' }, NOW);
      // Every order here was created when its rule decided, so the cohorts agree.
      expect(insights.points.reduce((n, x) => n + x.overrides, 0)).toBe(report.overridden);
    }
  });

  it('an admin edits the list: renames, adds, drops (kept inactive for history); refused duplicates', async () => {
    const before = await listOverrideReasons(db.db);
    const next = [
      { code: 'customer-request', label: 'Customer asked', needsText: false },
      { label: 'Parts not in stock', needsText: false },
      ...before.filter((r) => r.code !== 'customer-request' && r.code !== 'rule-is-wrong').map((r) => ({ code: r.code, label: r.label, needsText: r.needsText })),
    ];
    const saved = await saveOverrideReasons(db.db, p.admin, { reasons: next });
    expect(saved.map((r) => r.label)).toEqual(['Customer asked', 'Parts not in stock', 'Engineer unavailable', 'Better skill match', 'Closer engineer available', 'Other']);
    expect(saved[1].code).toBe('parts-not-in-stock');
    const all = await listOverrideReasons(db.db, { includeInactive: true });
    expect(all.find((r) => r.code === 'rule-is-wrong')).toMatchObject({ active: false, label: 'Rule is wrong' });
    // History keeps its label in the report.
    const feb = await getOverridesReport(db.db, p.admin, { period: 'custom', from: '2026-02-01', to: '2026-02-28' }, NOW);
    expect(feb.rules[0].reasons).toEqual([{ code: 'rule-is-wrong', label: 'Rule is wrong', count: 1 }]);
    // An inactive reason is no longer offered.
    o.R = (await db.db.select().from(s.workOrders).where(eq(s.workOrders.id, o.R.id)))[0];
    const to = o.R.engineerId ? { type: 'engineer' as const, id: o.R.engineerId === 'e-001' ? 'e-002' : 'e-001' } : { type: 'service_group' as const, id: 'sg-south' };
    const inactive = await refusal(reallocateOrder(engine, p.dispatcher, { ...ref(o.R), assignee: to, collaboratorIds: [], reasonCode: 'rule-is-wrong' }));
    expect(inactive.fields.reasonCode).toEqual(['Pick a reason from the list']);
    const dup = await refusal(saveOverrideReasons(db.db, p.admin, { reasons: [{ label: 'Other' }, { label: 'other' }] }));
    expect(dup.fields).toHaveProperty(['reasons.1.label']);
    const audit = await db.db.select().from(s.auditLog).where(eq(s.auditLog.action, 'override_reasons.update'));
    expect(audit).toHaveLength(1);
  });
});
