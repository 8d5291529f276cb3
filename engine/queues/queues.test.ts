// Queues on the database: which orders each dispatcher sees (scoped exactly like `handles()`), the
// to-do list's paging, filters and sorting, column settings, and bulk preview and apply.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { createEngine, handles, type Engine } from '../dispatch';
import type { Principal } from '../principal';
import { principalByEmail } from '../testing';
import { applyBulk, providerPositions, getTodoColumns, listQueueOrders, listQueues, loadQueueNodes, previewBulk, setTodoColumns, DEFAULT_TODO_COLUMNS } from './index';

const byEmail = (db: TestDatabase, email: string): Promise<Principal> => principalByEmail(db.db, email);

describe('queues', () => {
  let db: TestDatabase;
  let deps: Engine;
  let p: Record<'dispatcher' | 'gina' | 'sol' | 'coolfix' | 'aquaflow' | 'ana' | 'admin', Principal>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 60 });
    deps = createEngine({ db: db.db, cacheTtlMs: 0 });
    p = {
      dispatcher: await byEmail(db, 'dispatcher@hudson.example'),
      gina: await byEmail(db, 'group.dispatcher@hudson.example'),
      sol: await byEmail(db, 'south.dispatcher@hudson.example'),
      coolfix: await byEmail(db, 'provider.dispatcher@coolfix.example'),
      aquaflow: await byEmail(db, 'dispatch@aquaflow.example'),
      ana: await byEmail(db, 'engineer@hudson.example'),
      admin: await byEmail(db, 'admin@hudson.example'),
    };
  }, 120_000);
  afterAll(() => db?.dispose());

  async function allPending() {
    const nodes = await loadQueueNodes(db.db);
    const kindOf = new Map(nodes.map((n) => [n.key, n.kind]));
    const rows = await db.db.select().from(s.workOrders).where(eq(s.workOrders.status, 'pending_assignment'));
    return rows.map((r) => ({ ...r, kind: kindOf.get(`${r.flowId}/${r.currentNodeId}`)! }));
  }

  async function everyQueueOrder(principal: Principal) {
    const out = await listQueueOrders(db.db, principal, { pageSize: 200 });
    return out.rows;
  }

  it('shows each principal exactly the pending orders handles() lets them assign', async () => {
    const pending = await allPending();
    for (const who of Object.values(p)) {
      const expected = pending.filter((r) => r.kind && handles(who, r.kind, r)).map((r) => r.id).sort();
      const seen = (await everyQueueOrder(who)).map((r) => r.id).sort();
      expect(seen, who.email).toEqual(expected);
      const queues = await listQueues(db.db, who);
      expect(queues.total, who.email).toBe(expected.length);
    }
  });

  it('a group dispatcher never sees other groups’ orders', async () => {
    const rows = await everyQueueOrder(p.gina);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(p.gina.groupIds).toContain(r.serviceGroupId);
      expect(r.queue?.kind).toBe('group_internal_assign');
    }
    const sol = await everyQueueOrder(p.sol);
    for (const r of sol) expect(p.sol.groupIds).toContain(r.serviceGroupId);
    expect(rows.filter((r) => sol.some((x) => x.id === r.id))).toEqual([]);
    // Even asking for a queue by key does not widen the scope.
    for (const q of (await listQueues(db.db, p.dispatcher)).queues) {
      const other = await listQueueOrders(db.db, p.gina, { queue: q.key, pageSize: 200 });
      expect(other.total).toBe(0);
    }
  });

  it('a provider dispatcher sees only their provider’s orders at the provider step', async () => {
    const rows = await everyQueueOrder(p.coolfix);
    for (const r of rows) {
      expect(r.providerId).toBe(p.coolfix.providerId);
      expect(r.queue?.kind).toBe('provider_assign_engineer');
    }
    const aqua = await everyQueueOrder(p.aquaflow);
    for (const r of aqua) expect(r.providerId).toBe(p.aquaflow.providerId);
    const queues = await listQueues(db.db, p.coolfix);
    expect(queues.queues.every((q) => q.kind === 'provider_assign_engineer')).toBe(true);
  });

  it('engineers have no queues', async () => {
    expect((await listQueues(db.db, p.ana)).queues).toEqual([]);
    expect((await listQueueOrders(db.db, p.ana, {})).total).toBe(0);
  });

  it('counts per queue and overdue by the node’s overdueMinutes', async () => {
    const { queues, total } = await listQueues(db.db, p.dispatcher);
    expect(queues.some((q) => q.key === 'flow-group-provider-engineer/assign-group')).toBe(true);
    expect(queues.reduce((a, q) => a + q.count, 0)).toBe(total);
    for (const q of queues) {
      const rows = (await listQueueOrders(db.db, p.dispatcher, { queue: q.key, pageSize: 200 })).rows;
      expect(rows.length).toBe(q.count);
      expect(rows.filter((r) => r.waitingOverdue).length).toBe(q.overdue);
    }
  });

  it('pages, sorts and filters in SQL', async () => {
    const all = await listQueueOrders(db.db, p.dispatcher, { pageSize: 200, sort: 'slaDue', direction: 'asc' });
    const due = all.rows.map((r) => r.resolveBy.getTime());
    expect(due).toEqual([...due].sort((a, b) => a - b));
    const page2 = await listQueueOrders(db.db, p.dispatcher, { pageSize: 5, page: 2, sort: 'slaDue', direction: 'asc' });
    expect(page2.rows.map((r) => r.id)).toEqual(all.rows.slice(5, 10).map((r) => r.id));
    expect(page2.total).toBe(all.total);

    const urgent = await listQueueOrders(db.db, p.dispatcher, { pageSize: 200, filters: { priority: ['Urgent', 'High'] } });
    expect(urgent.rows.every((r) => r.priority === 'Urgent' || r.priority === 'High')).toBe(true);
    expect(urgent.total).toBe(all.rows.filter((r) => r.priority === 'Urgent' || r.priority === 'High').length);

    const region = all.rows[0].region;
    const byRegion = await listQueueOrders(db.db, p.dispatcher, { pageSize: 200, filters: { region: [region] } });
    expect(byRegion.total).toBe(all.rows.filter((r) => r.region === region).length);

    const overdue = await listQueueOrders(db.db, p.dispatcher, { pageSize: 200, filters: { slaDue: 'overdue' } });
    expect(overdue.rows.every((r) => r.resolveBy.getTime() < Date.now())).toBe(true);

    const text = await listQueueOrders(db.db, p.dispatcher, { pageSize: 200, filters: { text: all.rows[0].number } });
    expect(text.rows.map((r) => r.id)).toEqual([all.rows[0].id]);

    const byPriority = await listQueueOrders(db.db, p.dispatcher, { pageSize: 200, sort: 'priority', direction: 'desc' });
    const rank = { Urgent: 4, High: 3, Medium: 2, Low: 1 };
    const ranks = byPriority.rows.map((r) => rank[r.priority]);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  });

  it('keeps column settings per user', async () => {
    expect(await getTodoColumns(db.db, p.gina.id)).toEqual({ columns: DEFAULT_TODO_COLUMNS, saved: false });
    await setTodoColumns(db.db, p.gina.id, { columns: ['priority', 'number', 'slaDue'] });
    expect((await getTodoColumns(db.db, p.gina.id)).columns).toEqual(['priority', 'number', 'slaDue']);
    expect((await getTodoColumns(db.db, p.sol.id)).saved).toBe(false);
    await expect(setTodoColumns(db.db, p.gina.id, { columns: [] })).rejects.toThrow();
  });

  it('previews a bulk reassignment, then applies it per order', async () => {
    const north = (await everyQueueOrder(p.gina)).filter((r) => r.serviceGroupId === 'sg-north');
    const foreign = (await everyQueueOrder(p.sol))[0];
    expect(north.length).toBeGreaterThan(0);
    const ids = [...north.slice(0, 2).map((r) => r.id), ...(foreign ? [foreign.id] : [])];
    const action = { type: 'reassignGroup' as const, groupId: 'sg-south', reason: 'South team has capacity' };
    const preview = await previewBulk(deps, p.gina, { orderIds: ids, action });
    expect(preview.items.filter((i) => i.ok).map((i) => i.orderId)).toEqual(north.slice(0, 2).map((r) => r.id));
    expect(preview.items.find((i) => i.effect.includes('South Metro'))?.effect).toContain('North Metro → South Metro');
    if (foreign) expect(preview.items.find((i) => i.orderId === foreign.id)?.effect).toMatch(/Refused/);
    // Nothing changed by previewing.
    const [before] = await db.db.select().from(s.workOrders).where(eq(s.workOrders.id, ids[0]));
    expect(before.serviceGroupId).toBe('sg-north');

    const applied = await applyBulk(deps, p.gina, { orderIds: ids, action });
    expect(applied.ok).toBe(Math.min(2, north.length));
    if (foreign) expect(applied.results.find((r) => r.orderId === foreign.id)?.ok).toBe(false);
    const [after] = await db.db.select().from(s.workOrders).where(eq(s.workOrders.id, ids[0]));
    expect(after.serviceGroupId).not.toBe('sg-north');
    const gone = (await everyQueueOrder(p.gina)).map((r) => r.id);
    expect(gone).not.toContain(ids[0]);
  });

  it('previews a bulk assignment with refusals for ineligible orders', async () => {
    const rows = (await listQueueOrders(db.db, p.dispatcher, { queue: 'flow-group-provider-engineer/assign-group', pageSize: 3 })).rows;
    if (!rows.length) return;
    const preview = await previewBulk(deps, p.dispatcher, {
      orderIds: rows.map((r) => r.id),
      action: { type: 'assign', assignee: { type: 'service_group', id: 'sg-north' }, collaboratorIds: [] },
    });
    expect(preview.items.every((i) => i.ok || /Refused/.test(i.effect))).toBe(true);
    const wrongType = await previewBulk(deps, p.dispatcher, {
      orderIds: [rows[0].id],
      action: { type: 'assign', assignee: { type: 'engineer', id: 'e-001' }, collaboratorIds: [] },
    });
    expect(wrongType.items[0].ok).toBe(false);
    const notMine = await previewBulk(deps, p.gina, {
      orderIds: [rows[0].id],
      action: { type: 'assign', assignee: { type: 'service_group', id: 'sg-north' }, collaboratorIds: [] },
    });
    expect(notMine.items[0].ok).toBe(false);
  });

  it('places providers at the centre of their located engineers', async () => {
    const [coolfix] = await providerPositions(db.db, ['sp-coolfix']);
    expect(coolfix.providerId).toBe('sp-coolfix');
    expect(coolfix.engineers).toBeGreaterThan(0);
    expect(coolfix.lat).toBeGreaterThan(40.5);
    expect(coolfix.lat).toBeLessThan(41);
    expect(await providerPositions(db.db, [])).toEqual([]);
  });
});
