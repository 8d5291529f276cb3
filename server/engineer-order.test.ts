// The engineer's order page (orders.engineerOrder) as every role calls it: engineers and provider
// engineers get exactly the orders they own or collaborate on (an order of anyone else answers as
// a missing id does), with the readings, booking, team and the actions the engine allows; every
// dispatching role is refused by the policy before any order is read.
import { TRPCError } from '@trpc/server';
import { and, eq, not } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../drizzle/schema';
import { seedDemoData } from '../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../drizzle/testing';
import { createEngine, createOrder, type Engine, type OrderRow } from '../engine/dispatch';
import { orderScope } from '../engine/orders';
import type { Principal } from '../engine/principal';
import { testOrder } from '../engine/testing';
import { createContextInner } from './context';
import { createCaller } from './root';
import { demoPrincipal } from './testing/principals';
import { ALL_ROLES } from './trpc';

const MISSING = '00000000-0000-4000-8000-00000000beef';

describe('orders.engineerOrder', () => {
  let db: TestDatabase;
  let engine: Engine;
  const principals = new Map<s.Role, Principal>();
  const as = (principal: Principal) => createCaller(createContextInner({ db: db.db, principal, engine })).orders;
  let owned: OrderRow;
  let helping: OrderRow;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 40, now: new Date() });
    engine = createEngine({ db: db.db, cacheTtlMs: 0 });
    for (const role of ALL_ROLES) principals.set(role, await demoPrincipal(db.db, role));
    const dispatcher = principals.get('dispatcher')!;
    const gina = principals.get('group_dispatcher')!;
    const make = async (owner: string, collaborator: string) => {
      const input = testOrder({
        title: 'Boiler pressure low',
        priority: 'High',
        durationMinutes: 60,
        diagnostics: [{ name: 'Supply pressure', value: 0.4, unit: 'bar', time: '2026-11-30T07:00:00Z' }],
      });
      let o = (await createOrder(engine, { type: 'user', principal: dispatcher }, input)).order;
      const c = createCaller(createContextInner({ db: db.db, principal: dispatcher, engine })).orders;
      o = await c.assign({ orderId: o.id, version: o.version, assignee: { type: 'service_group', id: 'sg-north' }, collaboratorIds: [] });
      return createCaller(createContextInner({ db: db.db, principal: gina, engine })).orders.assign({
        orderId: o.id,
        version: o.version,
        assignee: { type: 'engineer', id: owner },
        collaboratorIds: [collaborator],
      });
    };
    owned = await make('e-001', 'e-002');
    helping = await make('e-002', 'e-001');
  });
  afterAll(() => db?.dispose());

  async function answer(fn: () => Promise<unknown>) {
    try {
      return { value: await fn() };
    } catch (error) {
      if (error instanceof TRPCError) return { error: { code: error.code, message: error.message.replaceAll(/"[^"]+"/g, '"<id>"') } };
      throw error;
    }
  }

  it.each(['engineer', 'provider_engineer'] as const)('as %s: every order of theirs, and no other', async (role) => {
    const p = principals.get(role)!;
    const mine = await db.db.select().from(s.workOrders).where(orderScope(p));
    const others = await db.db.select().from(s.workOrders).where(not(orderScope(p)!));
    expect(mine.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
    for (const o of mine) {
      const got = await as(p).engineerOrder({ id: o.id });
      expect(got.order.number).toBe(o.number);
      expect(got.owner).toBe(o.engineerId === p.engineerId);
    }
    const missing = await answer(() => as(p).engineerOrder({ id: MISSING }));
    expect(missing).toEqual({ error: { code: 'NOT_FOUND', message: 'Work order "<id>" was not found' } });
    for (const o of others) {
      const got = await answer(() => as(p).engineerOrder({ id: o.id }));
      expect(got, o.number).toEqual(missing);
    }
  });

  it.each(['admin', 'dispatcher', 'group_dispatcher', 'provider_dispatcher'] as const)('as %s: refused by the policy, for any order', async (role) => {
    const p = principals.get(role)!;
    for (const id of [owned.id, MISSING]) {
      const got = await answer(() => as(p).engineerOrder({ id }));
      expect(got).toEqual({ error: { code: 'FORBIDDEN', message: expect.stringMatching(/^The \w+ role may not do this$/) } });
    }
  });

  it('gives the owner the order with its readings, booking, team and actions; the collaborator sees it without actions', async () => {
    const ana = principals.get('engineer')!;
    const page = await as(ana).engineerOrder({ id: owned.id });
    expect(page.owner).toBe(true);
    expect(page.order.diagnostics).toEqual([{ name: 'Supply pressure', value: 0.4, unit: 'bar', time: '2026-11-30T07:00:00.000Z' }]);
    expect(page.order.booking?.engineerId).toBe('e-001');
    expect(page.order.collaboratorIds).toEqual(['e-002']);
    expect(page.names['e-002']).toBeTruthy();
    expect(page.actions).toEqual(['accept', 'decline']);
    // Only their own notifications about it.
    expect(page.notifications.every((n) => n.recipientId === ana.id)).toBe(true);

    const theirs = await as(ana).engineerOrder({ id: helping.id });
    expect(theirs.owner).toBe(false);
    expect(theirs.actions).toEqual([]);
  });

  it('says when work was paused, and not once it starts again', async () => {
    const ana = principals.get('engineer')!;
    let o = await as(ana).accept({ orderId: owned.id, version: owned.version });
    expect((await as(ana).engineerOrder({ id: o.id })).paused).toBe(false);
    o = await as(ana).start({ orderId: o.id, version: o.version });
    expect((await as(ana).engineerOrder({ id: o.id })).actions).toEqual(['pause', 'complete']);
    o = await as(ana).pause({ orderId: o.id, version: o.version });
    const paused = await as(ana).engineerOrder({ id: o.id });
    expect([paused.paused, paused.order.status, paused.actions]).toEqual([true, 'accepted', ['start']]);
    expect(paused.events.at(-1)?.type).toBe('paused');
    o = await as(ana).start({ orderId: o.id, version: o.version });
    expect((await as(ana).engineerOrder({ id: o.id })).paused).toBe(false);
    const [row] = await db.db.select().from(s.workOrders).where(and(eq(s.workOrders.id, o.id), eq(s.workOrders.status, 'in_progress')));
    expect(row).toBeTruthy();
  });
});
