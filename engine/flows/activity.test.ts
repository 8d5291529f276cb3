// The canvas's Activity figures on the database (PGlite, or Postgres with TEST_DATABASE_URL): orders
// created and moved through the engine on the demo flow (group → group's internal step → provider's
// engineer step, passed for an engineer → accept → work), at known times, with a decline and a
// reject sent back along the path, and an SLA breach recorded by the job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../../drizzle/testing';
import {
  acceptOrder,
  assignOrder,
  completeWork,
  createEngine,
  createOrder,
  declineOrder,
  rejectOrder,
  startWork,
  type Engine,
  type NewOrderInput,
  type OrderRow,
} from '../dispatch';
import { ValidationError } from '../errors';
import type { Principal } from '../principal';
import { principalByEmail, testOrder } from '../testing';
import { recordSlaBreaches } from '../sla';
import { flowActivity, type FlowActivity } from './index';

const MIN = 60_000;
const HOUR = 60 * MIN;
const FLOW = 'flow-group-provider-engineer';

// Medium priority: respond in 8 h, resolve in 48 h; no demo rule takes it.
const order = (over: Partial<NewOrderInput> = {}): NewOrderInput => testOrder({ title: 'Leaking pipe', flow: FLOW, ...over });

describe(`flow activity (${testServerUrl() ? 'Postgres' : 'PGlite'})`, () => {
  let db: TestDatabase;
  let clock: Date;
  let engine: Engine;
  let p: Record<'dispatcher' | 'gina' | 'ana', Principal>;
  // Everything happens in the hour before T0, at known minutes.
  const T0 = new Date(Date.now() - 2 * HOUR);
  const t = (minute: number) => new Date(T0.getTime() - HOUR + minute * MIN);
  const o: Record<string, OrderRow> = {};

  const byEmail = (email: string) => principalByEmail(db.db, email);
  async function at<T>(minute: number, fn: () => Promise<T>): Promise<T> {
    clock = t(minute);
    try {
      return await fn();
    } finally {
      clock = new Date();
    }
  }
  const ref = (x: OrderRow) => ({ orderId: x.id, version: x.version });
  const create = (input: NewOrderInput) => createOrder(engine, { type: 'user', principal: p.dispatcher }, input).then((r) => r.order);
  const toGroup = (x: OrderRow, groupId: string) => assignOrder(engine, p.dispatcher, { ...ref(x), assignee: { type: 'service_group', id: groupId }, collaboratorIds: [] });
  const toAna = (x: OrderRow) => assignOrder(engine, p.gina, { ...ref(x), assignee: { type: 'engineer', id: p.ana.engineerId! }, collaboratorIds: [] });
  const activity = (from: Date, to: Date) => flowActivity(db.db, { flowId: FLOW, from, to });

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 0 });
    clock = new Date();
    engine = createEngine({ db: db.db, clock: () => clock, cacheTtlMs: 0 });
    p = {
      dispatcher: await byEmail('dispatcher@hudson.example'),
      gina: await byEmail('group.dispatcher@hudson.example'),
      ana: await byEmail('engineer@hudson.example'),
    };
    // A: the whole way, by hand. B: declined by Ana, back at the group's step. C: waiting at the
    // first step. D: sent to the partner network by a rule, rejected by its dispatcher, back at
    // the first step. E: created three days ago, still waiting, breached its SLA now.
    o.E = await at(-3 * 24 * 60, () => create(order({ title: 'Old' })));
    o.A = await at(0, () => create(order({ title: 'Order A' })));
    o.B = await at(0, () => create(order({ title: 'Order B' })));
    o.C = await at(5, () => create(order({ title: 'Order C' })));
    o.D = await at(5, () => create(order({ title: 'Order D', category: 'Install', priority: 'High' })));
    o.A = await at(10, () => toGroup(o.A, 'sg-north'));
    o.B = await at(20, () => toGroup(o.B, 'sg-north'));
    o.A = await at(30, () => toAna(o.A));
    o.B = await at(30, () => toAna(o.B));
    o.A = await at(35, () => acceptOrder(engine, p.ana, ref(o.A)));
    o.B = await at(40, () => declineOrder(engine, p.ana, { ...ref(o.B), reason: 'Too far away today' }));
    o.D = await at(45, () => rejectOrder(engine, p.gina, { ...ref(o.D), reason: 'No partner free', reasonCode: 'engineer-unavailable' }));
    o.A = await at(50, () => startWork(engine, p.ana, ref(o.A)));
    o.A = await at(55, () => completeWork(engine, p.ana, ref(o.A)));
    clock = t(58);
    await recordSlaBreaches(engine, { now: t(58), limit: 500 });
    clock = new Date();
  });
  afterAll(() => db?.dispose());

  it('moved the orders as the scenario says (so the figures below are about known paths)', () => {
    expect([o.A.currentNodeId, o.A.status]).toEqual(['end', 'completed']);
    expect([o.B.currentNodeId, o.B.status]).toEqual(['group-internal', 'pending_assignment']);
    expect([o.D.currentNodeId, o.D.status]).toEqual(['assign-group', 'pending_assignment']);
  });

  let hour: FlowActivity;
  it('counts per node: waiting now, entered in the period, decisions, median wait and breaches', async () => {
    hour = await activity(t(0), t(60));
    expect(hour.version).toBe(1);
    expect(hour.orders).toBe(4); // A–D moved; E only breached (a breach is no move)
    const fig = (id: string) => {
      const n = hour.nodes[id];
      return [n.waiting, n.passed, n.auto, n.manual, n.breaches];
    };
    // waiting, passed, auto, manual, breaches
    expect(fig('start')).toEqual([0, 4, 0, 0, 0]);
    expect(fig('assign-group')).toEqual([3, 4, 1, 2, 1]); // C, D, E wait; D by rule, A and B by hand; E breached there
    expect(fig('group-internal')).toEqual([1, 3, 0, 2, 0]); // A, B (twice), D; B waits again
    expect(fig('provider-engineer')).toEqual([0, 2, 0, 0, 0]); // passed: the order already had an engineer
    expect(fig('accept')).toEqual([0, 2, 0, 0, 0]);
    expect(fig('work')).toEqual([0, 1, 0, 0, 0]);
    expect(fig('end')).toEqual([0, 1, 0, 0, 0]);
    expect(hour.nodes['assign-group'].autoShare).toBeCloseTo(1 / 3);
    expect(hour.nodes['accept'].autoShare).toBeNull();
    // Left assign-group: D at once (0), A after 10 min, B after 20 (D, back from the reject, waits). Median of 0, 10, 20.
    expect(hour.nodes['assign-group'].medianWaitMs).toBe(10 * MIN);
    // Left group-internal: A after 20 min (10 → 30), B after 10 (20 → 30), D after 40 (5 → 45).
    expect(hour.nodes['group-internal'].medianWaitMs).toBe(20 * MIN);
    // Left accept: A after 5 min (30 → 35), B after 10 (30 → 40): the median of two is their mean.
    expect(hour.nodes['accept'].medianWaitMs).toBe(7.5 * MIN);
    expect(hour.nodes['work'].medianWaitMs).toBe(20 * MIN); // 35 → 55
    expect(hour.nodes['end'].medianWaitMs).toBeNull();
  });

  it('counts per edge, and the decline and the reject as loops back along the path', () => {
    const count = (from: string, to: string) => hour.edges.find((e) => e.from === from && e.to === to)?.count;
    expect(count('start', 'assign-group')).toBe(4);
    expect(count('assign-group', 'group-internal')).toBe(3);
    expect(count('group-internal', 'provider-engineer')).toBe(2);
    expect(count('provider-engineer', 'accept')).toBe(2);
    expect(count('accept', 'work')).toBe(1);
    expect(count('work', 'end')).toBe(1);
    expect(hour.edges).toHaveLength(6); // every edge of the version, none invented
    expect(hour.loops).toEqual(
      expect.arrayContaining([
        { from: 'accept', to: 'group-internal', kind: 'declined', count: 1 },
        { from: 'group-internal', to: 'assign-group', kind: 'rejected', count: 1 },
      ]),
    );
    expect(hour.loops).toHaveLength(2);
  });

  it('counts only what happened in the period', async () => {
    // Minutes 0–25: A, B, C, D created; A and B sent to the group; D routed by the rule.
    const early = await activity(t(0), t(25));
    expect(early.edges.find((e) => e.from === 'assign-group' && e.to === 'group-internal')!.count).toBe(3);
    expect(early.edges.find((e) => e.from === 'group-internal' && e.to === 'provider-engineer')!.count).toBe(0);
    expect(early.loops).toEqual([]);
    expect(early.nodes['assign-group'].breaches).toBe(0);
    // Waiting now does not depend on the period.
    expect(early.nodes['assign-group'].waiting).toBe(3);
    // A week: E's arrival counts too.
    const week = await activity(new Date(T0.getTime() - 7 * 24 * HOUR), new Date());
    expect(week.nodes['start'].passed).toBe(5);
    expect(week.nodes['assign-group'].passed).toBe(5);
    // Before anything happened: nothing passed.
    const before = await activity(t(-600), t(-10));
    expect(Object.values(before.nodes).every((n) => n.passed === 0 && n.medianWaitMs === null)).toBe(true);
    expect(before.edges.every((e) => e.count === 0)).toBe(true);
  });

  it('refuses a period that ends before it starts, and a flow with no published version', async () => {
    await expect(activity(t(10), t(0))).rejects.toThrow(ValidationError);
    await expect(activity(t(10), t(0))).rejects.toThrow(/ends before it starts/);
    await expect(flowActivity(db.db, { flowId: 'no-such-flow', from: t(0), to: t(10) })).rejects.toThrow(/no-such-flow/);
  });
});
