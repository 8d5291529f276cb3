// "Why not …?" through tRPC, as each role calls it: explain.whyNot beside an automatic decision of
// an order's history, and the assignment dialog's candidates with the rules' reason for each.
import { TRPCError } from '@trpc/server';
import { and, eq, inArray, isNotNull, isNull, not } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../drizzle/schema';
import { seedDemoData } from '../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../drizzle/testing';
import { createEngine, createOrder, type Engine } from '../engine/dispatch';
import { orderScope } from '../engine/orders';
import type { Principal } from '../engine/principal';
import { testOrder } from '../engine/testing';
import { createContextInner } from './context';
import { createCaller } from './root';
import { demoPrincipal } from './testing/principals';
import { ALL_ROLES } from './trpc';

async function code(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe('why not this candidate, through tRPC', () => {
  let db: TestDatabase;
  let engine: Engine;
  const principals = new Map<s.Role, Principal>();
  const as = (role: s.Role) => createCaller(createContextInner({ db: db.db, principal: principals.get(role)!, engine }));
  let decision: { orderId: string; eventId: number; assignee: string; collaborators: string[] };

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 60, now: new Date() });
    engine = createEngine({ db: db.db, cacheTtlMs: 0 });
    for (const role of ALL_ROLES) principals.set(role, await demoPrincipal(db.db, role));
    const events = await db.db.select().from(s.orderEvents).where(eq(s.orderEvents.type, 'auto_assigned'));
    const e = events.find((x) => (x.data as { assignee?: { type: string } }).assignee?.type === 'engineer');
    if (!e) throw new Error('the demo data has no engineer auto-assigned by a rule');
    const data = e.data as { assignee: { id: string }; collaborators: Array<{ id: string }> };
    decision = { orderId: e.orderId, eventId: e.id, assignee: data.assignee.id, collaborators: data.collaborators.map((c) => c.id) };
  });
  afterAll(() => db?.dispose());

  it('the assignee is chosen; another engineer gets each rule’s reason in words, the rule that decided last', async () => {
    const chosen = await as('admin').explain.whyNot({ orderId: decision.orderId, eventId: decision.eventId, candidateId: decision.assignee });
    expect(chosen.candidate).toBe(true);
    expect(chosen.first).toBe('chosen by the rules');
    const [other] = await db.db
      .select({ id: s.engineers.id })
      .from(s.engineers)
      .where(not(inArray(s.engineers.id, [decision.assignee, ...decision.collaborators])))
      .limit(1);
    const why = await as('dispatcher').explain.whyNot({ orderId: decision.orderId, eventId: decision.eventId, candidateId: other.id });
    expect(why.candidate === false || why.rules.at(-1)?.reason === 'rank').toBe(true);
    expect(why.rules.length).toBeGreaterThan(0);
    expect(why.rules.at(-1)!.rule).toBe(why.decision.rule);
    for (const r of why.rules) expect(r.text.length).toBeGreaterThan(0);
    expect(why.first).toBeTruthy();
  });

  it('bad input is named; an event that is not a decision is refused; an unknown candidate is not found', async () => {
    await expect(as('admin').explain.whyNot({ orderId: decision.orderId, eventId: decision.eventId, candidateId: ' ' })).rejects.toThrow(/Pick an engineer, provider or group/);
    const [created] = await db.db.select().from(s.orderEvents).where(and(eq(s.orderEvents.orderId, decision.orderId), eq(s.orderEvents.type, 'created')));
    expect(await code(() => as('admin').explain.whyNot({ orderId: decision.orderId, eventId: created.id, candidateId: decision.assignee }))).toBe('CONFLICT');
    expect(await code(() => as('admin').explain.whyNot({ orderId: decision.orderId, eventId: decision.eventId, candidateId: 'e-nobody' }))).toBe('NOT_FOUND');
  });

  it('every role: engineers may not ask; the dispatcher roles only about orders in their scope, as if the order did not exist', async () => {
    for (const role of ALL_ROLES) {
      const principal = principals.get(role)!;
      const scope = orderScope(principal);
      const [foreign] = scope ? await db.db.select({ id: s.workOrders.id }).from(s.workOrders).where(not(scope)).limit(1) : [];
      const ask = (orderId: string) => () => as(role).explain.whyNot({ orderId, eventId: decision.eventId, candidateId: decision.assignee });
      if (role === 'engineer' || role === 'provider_engineer') {
        expect(await code(ask(decision.orderId)), role).toBe('FORBIDDEN');
        continue;
      }
      if (foreign) {
        expect(await code(ask(foreign.id)), role).toBe('NOT_FOUND');
        expect(await code(ask('00000000-0000-4000-8000-00000000dead')), role).toBe('NOT_FOUND');
      } else {
        expect(await code(ask(decision.orderId)), role).toBe('OK');
      }
    }
  });

  it('a provider’s dispatcher asks about their own provider’s engineers only', async () => {
    const p = principals.get('provider_dispatcher')!;
    const [ev] = await db.db
      .select({ id: s.orderEvents.id, orderId: s.orderEvents.orderId })
      .from(s.orderEvents)
      .innerJoin(s.workOrders, eq(s.workOrders.id, s.orderEvents.orderId))
      .where(and(inArray(s.orderEvents.type, ['auto_assigned', 'queued']), orderScope(p)!))
      .limit(1);
    expect(ev, 'the demo data has a decision in the provider dispatcher’s scope').toBeDefined();
    const [internal] = await db.db.select({ id: s.engineers.id }).from(s.engineers).where(isNull(s.engineers.providerId)).limit(1);
    expect(await code(() => as('provider_dispatcher').explain.whyNot({ orderId: ev!.orderId, eventId: ev!.id, candidateId: internal.id }))).toBe('NOT_FOUND');
  });

  it('a provider’s dispatcher is told of a decision without the other party’s engineer it named', async () => {
    const p = principals.get('provider_dispatcher')!;
    // An urgent HVAC job in the North on a Monday morning: the rules give it to North Metro, then to one of our engineers.
    const monday = createEngine({ db: db.db, cacheTtlMs: 0, clock: () => new Date('2026-03-02T15:00:00Z') });
    const hvacNorth = testOrder({ category: 'HVAC', priority: 'Urgent', requiredSkills: ['hvac'], location: { lat: 40.755, lng: -73.985 } });
    const { order } = await createOrder(monday, { type: 'user', principal: principals.get('dispatcher')! }, hvacNorth);
    const [decided] = await db.db
      .select()
      .from(s.orderEvents)
      .where(and(eq(s.orderEvents.orderId, order.id), eq(s.orderEvents.type, 'auto_assigned'), eq(s.orderEvents.nodeId, 'group-internal')));
    const named = (decided.data as { assignee: { id: string; name: string; type: string } }).assignee;
    const [ours] = await db.db.select({ id: s.engineers.id, name: s.engineers.name, providerId: s.engineers.providerId }).from(s.engineers).where(eq(s.engineers.id, named.id));
    expect(ours.providerId, 'the rule chose an internal engineer').toBeNull();
    // The order then goes to the provider: now in its dispatcher's scope, with that decision in its history.
    await db.db.update(s.workOrders).set({ providerId: p.providerId }).where(eq(s.workOrders.id, order.id));
    const [theirs] = await db.db.select({ id: s.engineers.id }).from(s.engineers).where(eq(s.engineers.providerId, p.providerId!)).limit(1);
    const ask = { orderId: order.id, eventId: decided.id, candidateId: theirs.id };

    const admin = JSON.stringify(await as('admin').explain.whyNot(ask));
    expect(admin, 'the explanation names the decided engineer').toContain(ours.id);
    const why = await as('provider_dispatcher').explain.whyNot(ask);
    expect(why.decision.assignee).toMatch(/^hidden-engineer-\d+$/);
    const text = JSON.stringify(why);
    expect(text).not.toContain(ours.id);
    expect(text).not.toContain(ours.name);
  });

  it('the assignment dialog’s candidates carry whether the rules would have them and, if not, why in words', async () => {
    const [waiting] = await db.db
      .select({ id: s.workOrders.id })
      .from(s.workOrders)
      .where(and(eq(s.workOrders.status, 'pending_assignment'), isNotNull(s.workOrders.currentNodeId)))
      .limit(1);
    const list = await as('admin').orders.candidates({ orderId: waiting.id });
    expect(list.candidates.length).toBeGreaterThan(0);
    for (const c of list.candidates) {
      expect(typeof c.ruleCandidate).toBe('boolean');
      if (!c.ruleCandidate) expect(c.whyNot, c.id).toBeTruthy();
      else expect(c.whyNot).toBeNull();
    }
  });
});
