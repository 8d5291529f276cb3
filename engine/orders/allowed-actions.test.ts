// The actions the server sends with each order (queue rows, the order page, the engineer's tasks) are
// exactly the ones the engine carries out: for every role and demo order, each action in the list
// gets past every check of the engine's own action (it succeeds, or only its payload is refused),
// and each action not in the list is refused (forbidden, conflict or not found). Every probe runs in
// a transaction that is rolled back, so all of them see the same demo data.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { demoPrincipal } from '../../server/testing/principals';
import { loadPrincipal } from '../directory/principal';
import {
  acceptOrder,
  assignOrder,
  completeWork,
  createEngine,
  declineOrder,
  reallocateOrder,
  reassignGroup,
  rejectOrder,
  pauseWork,
  startWork,
  type Engine,
} from '../dispatch';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { ORDER_ACTIONS, type OrderAction } from '../flow/node-roles';
import type { Principal } from '../principal';
import { getOrderDetail, listQueueOrders } from '../queues';
import { listOrders } from './queries';

const ROLLBACK = new Error('rollback');
const TARGETS = ['service_group', 'service_provider', 'engineer', 'provider_engineer'] as const;
const NOBODY = 'nobody-at-all';

/** How the engine answers one action: carried out (or only its payload refused), or refused. */
type Answer = 'permitted' | 'refused';

describe('allowed actions', () => {
  let db: TestDatabase;
  let engineOf: (tx: Db) => Engine;
  const people: [string, Principal][] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 60, now: new Date() });
    const engine = createEngine({ db: db.db, cacheTtlMs: 0 });
    // The engine with its transactions nested in the probe's (savepoints), so the probe can roll back.
    engineOf = (tx) => ({ ...engine, db: tx });
    const byEmail = async (email: string) => {
      const [u] = await db.db.select().from(s.users).where(eq(s.users.email, email));
      return (await loadPrincipal(db.db, u.id))!;
    };
    for (const role of ['admin', 'dispatcher', 'group_dispatcher', 'provider_dispatcher', 'engineer', 'provider_engineer'] as const) {
      people.push([role, await demoPrincipal(db.db, role)]);
    }
    people.push(['dispatcher without reallocate', await byEmail('dispatcher2@hudson.example')]);
    people.push(['south group dispatcher', await byEmail('south.dispatcher@hudson.example')]);
    people.push(['aquaflow dispatcher', await byEmail('dispatch@aquaflow.example')]);
    // A group dispatcher granted reallocate: reallocates within their groups.
    people.push(['group dispatcher with reallocate', { ...(await demoPrincipal(db.db, 'group_dispatcher')), permissions: ['reallocate'] }]);
    // The demo engineer also holds an order waiting for her acceptance.
    const ana = people.find(([who]) => who === 'engineer')![1];
    const [waiting] = await db.db.select().from(s.workOrders).where(eq(s.workOrders.status, 'assigned')).limit(1);
    await db.db.update(s.workOrders).set({ engineerId: ana.engineerId, collaboratorIds: [] }).where(eq(s.workOrders.id, waiting.id));
  });
  afterAll(() => db?.dispose());

  /** Runs the action in a transaction that is rolled back, and says how the engine answered. */
  async function probe(p: Principal, order: { id: string; version: number }, action: OrderAction): Promise<Answer> {
    const ref = { orderId: order.id, version: order.version };
    const attempts: (() => Promise<unknown>)[] =
      action === 'assign'
        ? [() => assignOrder(e(), p, { ...ref, assignee: { type: 'engineer', id: NOBODY }, collaboratorIds: [] })]
        : action === 'reassignGroup'
          ? [() => reassignGroup(e(), p, { ...ref, groupId: NOBODY, reason: 'Probe: another group' })]
          : action === 'reject'
            ? [() => rejectOrder(e(), p, { ...ref, reason: 'Probe: not ours' })]
            : action === 'reallocate'
              ? TARGETS.map((type) => () => reallocateOrder(e(), p, { ...ref, assignee: { type, id: NOBODY }, collaboratorIds: [] }))
              : action === 'accept'
                ? [() => acceptOrder(e(), p, ref)]
                : action === 'decline'
                  ? [() => declineOrder(e(), p, { ...ref, reason: 'Probe: cannot make it' })]
                  : action === 'start'
                    ? [() => startWork(e(), p, ref)]
                    : action === 'pause'
                      ? [() => pauseWork(e(), p, ref)]
                      : [() => completeWork(e(), p, ref)];
    let tx: Db | null = null;
    const e = () => engineOf(tx!);
    for (const attempt of attempts) {
      let answer: Answer | null = null;
      await db.db
        .transaction(async (t) => {
          tx = t as unknown as Db;
          try {
            await attempt();
            answer = 'permitted';
          } catch (error) {
            if (error instanceof ValidationError) answer = 'permitted';
            else if (error instanceof ForbiddenError || error instanceof ConflictError || error instanceof NotFoundError) answer = 'refused';
            else throw error;
          }
          throw ROLLBACK;
        })
        .catch((error) => {
          if (error !== ROLLBACK) throw error;
        });
      if (answer === 'permitted') return 'permitted';
    }
    return 'refused';
  }

  it('lists, for every role and demo order, exactly the actions the engine carries out', async () => {
    const orders = await db.db.select().from(s.workOrders);
    // One order per distinct situation keeps the probes few.
    const seen = new Set<string>();
    const sample = orders.filter((o) => {
      const key = [o.flowVersionId, o.currentNodeId, o.status, o.serviceGroupId, o.providerId, o.engineerId].join('|');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const permittedSomewhere = new Set<OrderAction>();
    const mismatches: string[] = [];
    for (const [who, p] of people) {
      const listed = new Map((await listOrders(db.db, p, { page: 1, pageSize: 200, sort: 'createdAt', direction: 'desc' })).rows.map((r) => [r.id, r.actions]));
      for (const o of sample) {
        const actions = listed.get(o.id) ?? [];
        for (const action of ORDER_ACTIONS) {
          const answer = await probe(p, o, action);
          if (answer === 'permitted') permittedSomewhere.add(action);
          if ((answer === 'permitted') !== actions.includes(action)) {
            mismatches.push(`${who} · ${o.number} (${o.status} at ${o.currentNodeId}) · ${action}: engine ${answer}, list [${actions.join(', ')}]`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    // The demo data exercises every action somewhere.
    expect([...permittedSomewhere].sort()).toEqual([...ORDER_ACTIONS].sort());
    // Every role × situation × action is a transaction of its own: a few hundred of them.
  }, 120_000);

  it('sends the same actions on queue rows, the order page and the order list', async () => {
    let compared = 0;
    for (const [, p] of people) {
      const listed = new Map((await listOrders(db.db, p, { page: 1, pageSize: 200, sort: 'createdAt', direction: 'desc' })).rows.map((r) => [r.id, r.actions]));
      const queue = p.role === 'engineer' || p.role === 'provider_engineer' ? [] : (await listQueueOrders(db.db, p, { pageSize: 200 })).rows;
      for (const row of queue) {
        expect(row.actions, row.number).toEqual(listed.get(row.id));
        expect(row.actions).toContain('assign');
        compared++;
      }
      for (const [id, actions] of [...listed].slice(0, 15)) {
        expect((await getOrderDetail(db.db, p, id)).actions).toEqual(actions);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });
});
