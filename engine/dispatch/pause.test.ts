// Pausing work: the assigned engineer stops an order in progress for now, history says so, and the
// order starts again later (and is then completed as usual). Only the owner may pause, only work in
// progress, and only on the version they saw.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { actionsFor, listMyWork, listOrders } from '../orders';
import { getEngineerOrder } from '../orders/engineer-order';
import { scheduleBoard } from '../queues/board';
import { getOrderDetail } from '../queues/detail';
import type { Principal } from '../principal';
import { principalByEmail, testOrder } from '../testing';
import { acceptOrder, assignOrder, completeWork, createEngine, createOrder, pauseWork, startWork, type Engine, type OrderRow } from './index';

describe('pausing work', () => {
  let db: TestDatabase;
  let engine: Engine;
  let p: Record<'dispatcher' | 'gina' | 'ana' | 'ben' | 'kai', Principal>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 0 });
    engine = createEngine({ db: db.db, cacheTtlMs: 0 });
    const byEmail = (email: string) => principalByEmail(db.db, email);
    const ana = await byEmail('engineer@hudson.example');
    p = {
      dispatcher: await byEmail('dispatcher@hudson.example'),
      gina: await byEmail('group.dispatcher@hudson.example'),
      ana,
      // The collaborator, signed in as the engineer record e-002 (the demo gives only Ana a sign-in).
      ben: { ...ana, id: 'user-ben', name: 'Ben', engineerId: 'e-002' },
      kai: await byEmail('provider.engineer@coolfix.example'),
    };
  });
  afterAll(() => db?.dispose());

  const ref = (o: OrderRow) => ({ orderId: o.id, version: o.version });
  const history = async (o: OrderRow) =>
    (await db.db.select().from(s.orderEvents).where(eq(s.orderEvents.orderId, o.id)).orderBy(asc(s.orderEvents.id))).map((e) => [e.type, e.actorId]);
  const actionsOf = async (who: Principal, o: OrderRow) => (await actionsFor(db.db, who, [o]))[0];

  /** An order with Ana as owner and Ben as collaborator, accepted by Ana. */
  async function acceptedByAna() {
    let o = (await createOrder(engine, { type: 'user', principal: p.dispatcher }, testOrder({ title: 'Boiler pressure low' }))).order;
    o = await assignOrder(engine, p.dispatcher, { ...ref(o), assignee: { type: 'service_group', id: 'sg-north' }, collaboratorIds: [] });
    o = await assignOrder(engine, p.gina, { ...ref(o), assignee: { type: 'engineer', id: 'e-001' }, collaboratorIds: ['e-002'] });
    return acceptOrder(engine, p.ana, ref(o));
  }

  it('stops work in progress, writes "paused", and the order starts again and completes', async () => {
    let o = await acceptedByAna();
    await expect(pauseWork(engine, p.ana, ref(o))).rejects.toThrow(/cannot be paused now \(it is accepted\)/);
    o = await startWork(engine, p.ana, ref(o));
    expect(await actionsOf(p.ana, o)).toEqual(['pause', 'complete']);

    o = await pauseWork(engine, p.ana, ref(o));
    expect([o.status, o.currentNodeId]).toEqual(['accepted', 'work']);
    // Paused work offers start again, and nothing that needs work in progress.
    expect(await actionsOf(p.ana, o)).toEqual(['start']);
    await expect(completeWork(engine, p.ana, ref(o))).rejects.toBeInstanceOf(ConflictError);

    o = await startWork(engine, p.ana, ref(o));
    expect(o.status).toBe('in_progress');
    o = await completeWork(engine, p.ana, ref(o));
    expect(o.status).toBe('completed');
    const types = (await history(o)).map(([type]) => type);
    expect(types.slice(types.indexOf('accepted'))).toEqual(['accepted', 'started', 'paused', 'started', 'completed']);
    expect((await history(o)).find(([type]) => type === 'paused')![1]).toBe(p.ana.id);
  });

  it('shows as paused in the engineer’s day and on their order page until work starts again; never started is not paused', async () => {
    let o = await acceptedByAna();
    // What My work and the order page say about the order, as Ana and as Ben (collaborator).
    const state = async (who: Principal) => {
      const row = (await listMyWork(db.db, who)).rows.find((r) => r.id === o.id)!;
      return { status: row.status, paused: row.paused, page: (await getEngineerOrder(db.db, who, o.id)).paused, actions: row.actions };
    };
    expect(await state(p.ana)).toEqual({ status: 'accepted', paused: false, page: false, actions: ['start'] });
    o = await startWork(engine, p.ana, ref(o));
    expect(await state(p.ana)).toEqual({ status: 'in_progress', paused: false, page: false, actions: ['pause', 'complete'] });
    o = await pauseWork(engine, p.ana, ref(o));
    expect(await state(p.ana)).toEqual({ status: 'accepted', paused: true, page: true, actions: ['start'] });
    expect(await state(p.ben)).toEqual({ status: 'accepted', paused: true, page: true, actions: [] });
    // The dispatcher's order page says so too.
    expect((await getOrderDetail(db.db, p.dispatcher, o.id)).paused).toBe(true);
    o = await startWork(engine, p.ana, ref(o));
    expect(await state(p.ana)).toEqual({ status: 'in_progress', paused: false, page: false, actions: ['pause', 'complete'] });
  });

  it('shows as paused in the dispatcher’s orders list and on the schedule board’s booking, from the same last work event', async () => {
    let o = await acceptedByAna();
    const now = new Date();
    // Booked on assignment (the test order has a duration): Ana's bar on the board.
    const [booked] = await db.db.select().from(s.bookings).where(and(eq(s.bookings.orderId, o.id), eq(s.bookings.engineerId, 'e-001')));
    expect(booked).toBeDefined();
    const lists = async () => {
      const row = (await listOrders(db.db, p.dispatcher, { page: 1, pageSize: 50, search: o.number, sort: 'createdAt', direction: 'desc' })).rows.find((r) => r.id === o.id)!;
      const board = await scheduleBoard(db.db, p.dispatcher, { from: booked.startsAt.toISOString(), to: booked.endsAt.toISOString() }, now);
      const booking = board.engineers.find((e) => e.id === 'e-001')!.bookings.find((b) => b.orderId === o.id)!;
      return { list: [row.status, row.paused], board: [booking.status, booking.paused], page: (await getOrderDetail(db.db, p.dispatcher, o.id)).paused };
    };
    // Accepted and never started: not paused.
    expect(await lists()).toEqual({ list: ['accepted', false], board: ['accepted', false], page: false });
    o = await startWork(engine, p.ana, ref(o));
    expect(await lists()).toEqual({ list: ['in_progress', false], board: ['in_progress', false], page: false });
    o = await pauseWork(engine, p.ana, ref(o));
    expect(await lists()).toEqual({ list: ['accepted', true], board: ['accepted', true], page: true });
    o = await startWork(engine, p.ana, ref(o));
    expect(await lists()).toEqual({ list: ['in_progress', false], board: ['in_progress', false], page: false });
  });

  it('is the owner’s: a collaborator is refused, another engineer does not find the order, a stale version conflicts', async () => {
    let o = await acceptedByAna();
    o = await startWork(engine, p.ana, ref(o));
    expect(await actionsOf(p.ben, o)).toEqual([]);
    await expect(pauseWork(engine, p.ben, ref(o))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(pauseWork(engine, p.kai, ref(o))).rejects.toBeInstanceOf(NotFoundError);
    await expect(pauseWork(engine, p.dispatcher, ref(o))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(pauseWork(engine, p.ana, { orderId: o.id, version: o.version - 1 })).rejects.toBeInstanceOf(ConflictError);
    const unchanged = (await db.db.select().from(s.workOrders).where(eq(s.workOrders.id, o.id)))[0];
    expect([unchanged.status, unchanged.version]).toEqual(['in_progress', o.version]);
    expect((await history(o)).some(([type]) => type === 'paused')).toBe(false);
  });
});
