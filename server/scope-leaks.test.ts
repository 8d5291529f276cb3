// Scope leaks closed (issue 11, point 8), through the tRPC procedures as each role calls them:
// an order outside the caller's scope answers exactly like an id that does not exist; provider
// roles see only their own provider's positions, engineers and names in traces; a group dispatcher
// reallocates only within their groups; the default flow needs publish_flows; concurrent publishes
// make one version and one CONFLICT.
import { createECDH, randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { and, count, eq, gte, lt, not } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../drizzle/schema';
import { seedDemoData } from '../drizzle/seed/seed';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../drizzle/testing';
import { isUniqueViolation } from '../engine/db-errors';
import { createEngine, createOrder, type Engine, type NewOrderInput, type OrderRow } from '../engine/dispatch';
import type { FlowGraph } from '../engine/flow';
import { publishFlow, saveFlowDraft } from '../engine/flows';
import { withReviewSources } from '../engine/review';
import { orderScope } from '../engine/orders';
import type { Principal } from '../engine/principal';
import { principalByEmail, testOrder } from '../engine/testing';
import { createContextInner } from './context';
import { createCaller } from './root';
import { demoPrincipal } from './testing/principals';
import { ALL_ROLES } from './trpc';

const MISSING = '00000000-0000-4000-8000-00000000dead';

/** Valid fields for orders.edit (so zod passes and the engine decides). */
const { flow: _flow, ...editFields } = testOrder({ title: 'Scope test order, edited', priority: 'High', location: null, custom: {} });

const order = (over: Partial<NewOrderInput> & { flow: string }): NewOrderInput => testOrder({ title: 'Scope test order', ...over });

type Outcome = { error: { code: string; message: string } } | { value: unknown };

async function outcome(fn: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { value: await fn() };
  } catch (error) {
    if (error instanceof TRPCError) return { error: { code: error.code, message: error.message } };
    throw error;
  }
}

/** The outcome with the order's id replaced, so a foreign order and a missing id compare equal. */
const normal = (o: Outcome, id: string) => JSON.parse(JSON.stringify(o).replaceAll(id, '<id>'));

describe('scope leaks closed', () => {
  let db: TestDatabase;
  let engine: Engine;
  const principals = new Map<s.Role, Principal>();
  let aquaflow: Principal;
  const as = (principal: Principal) => createCaller(createContextInner({ db: db.db, principal, engine }));
  const byEmail = (email: string) => principalByEmail(db.db, email);
  const create = async (input: NewOrderInput) =>
    (await createOrder(engine, { type: 'user', principal: principals.get('dispatcher')! }, input)).order;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 60, now: new Date() });
    engine = createEngine({ db: db.db, cacheTtlMs: 0 });
    for (const role of ALL_ROLES) principals.set(role, await demoPrincipal(db.db, role));
    aquaflow = await byEmail('dispatch@aquaflow.example');
  });
  afterAll(() => db?.dispose());

  // Every procedure that takes an order, with a valid input for it (so zod passes and the engine decides).
  const PROCEDURES: Record<string, (c: ReturnType<typeof as>, id: string, version: number) => Promise<unknown>> = {
    'orders.get': (c, id) => c.orders.get({ id }),
    'queues.orderDetail': (c, id) => c.queues.orderDetail({ id }),
    'orders.candidates': (c, id) => c.orders.candidates({ orderId: id }),
    'orders.assign': (c, id, version) => c.orders.assign({ orderId: id, version, assignee: { type: 'engineer', id: 'e-001' }, collaboratorIds: [] }),
    'orders.reassignGroup': (c, id, version) => c.orders.reassignGroup({ orderId: id, version, groupId: 'sg-south', reason: 'Not ours' }),
    'orders.reject': (c, id, version) => c.orders.reject({ orderId: id, version, reason: 'Not ours' }),
    'orders.reallocate': (c, id, version) => c.orders.reallocate({ orderId: id, version, assignee: { type: 'service_group', id: 'sg-south' }, collaboratorIds: [] }),
    'orders.accept': (c, id, version) => c.orders.accept({ orderId: id, version }),
    'orders.decline': (c, id, version) => c.orders.decline({ orderId: id, version, reason: 'Too far away' }),
    'orders.start': (c, id, version) => c.orders.start({ orderId: id, version }),
    'orders.pause': (c, id, version) => c.orders.pause({ orderId: id, version }),
    'orders.engineerOrder': (c, id) => c.orders.engineerOrder({ id }),
    'orders.complete': (c, id, version) => c.orders.complete({ orderId: id, version }),
    'orders.reschedule': (c, id, version) => c.orders.reschedule({ orderId: id, version, start: '2030-01-07T15:00:00Z' }),
    'orders.editForm': (c, id) => c.orders.editForm({ id }),
    'orders.edit': (c, id, version) => c.orders.edit({ orderId: id, version, ...editFields }),
    'orders.approve': (c, id, version) => c.orders.approve({ orderId: id, version }),
    'orders.rejectReview': (c, id, version) => c.orders.rejectReview({ orderId: id, version, reason: 'Not ours' }),
    'schedule.book': (c, id, version) => c.schedule.book({ orderId: id, engineerId: 'e-001', start: null, version }),
    'schedule.move': (c, id, version) => c.schedule.move({ orderId: id, engineerId: 'e-001', start: '2030-01-07T15:00:00Z', version }),
    'queues.bulkPreview': (c, id) => c.queues.bulkPreview({ orderIds: [id], action: { type: 'reject', reason: 'Not ours' } }),
    'queues.bulkPreview (assign)': (c, id) =>
      c.queues.bulkPreview({ orderIds: [id], action: { type: 'assign', assignee: { type: 'engineer', id: 'e-001' }, collaboratorIds: [] } }),
    'queues.bulkApply': (c, id, version) => c.queues.bulkApply({ orderIds: [id], action: { type: 'reject', reason: 'Not ours' }, versions: { [id]: version } }),
    'queues.bulkApply (reassign)': (c, id) => c.queues.bulkApply({ orderIds: [id], action: { type: 'reassignGroup', groupId: 'sg-south', reason: 'Not ours' } }),
    'overrides.ruleDecisions': (c, id) => c.overrides.ruleDecisions({ orderIds: [id] }),
    'compliance.forOrder': (c, id) => c.compliance.forOrder({ orderId: id }),
    'compliance.record': (c, id) => c.compliance.record({ orderId: id, entries: [{ clientEntryId: 'scope-leak-entry', fieldId: 'any-field', value: true }] }),
  };

  /** Orders a principal may not see, the most telling first (waiting at a step, then held by someone). */
  async function foreignOrders(p: Principal): Promise<OrderRow[]> {
    const scope = orderScope(p);
    if (!scope) return [];
    const rows = await db.db.select().from(s.workOrders).where(not(scope));
    const rank = (o: OrderRow) => (o.status === 'pending_assignment' ? 0 : o.status === 'assigned' ? 1 : o.status === 'accepted' ? 2 : 3);
    return rows.sort((a, b) => rank(a) - rank(b));
  }

  const ROLES_WITH_A_SCOPE = ALL_ROLES.filter((r) => r !== 'admin' && r !== 'dispatcher');

  describe.each(ROLES_WITH_A_SCOPE)('as %s, an order outside the scope is not found', (role) => {
    it.each(Object.keys(PROCEDURES))('%s answers for it exactly as for a missing id', async (name) => {
      // With the reallocate permission, so that the procedure reaches the engine for the roles that may call it.
      const principal = { ...principals.get(role)!, permissions: [...principals.get(role)!.permissions, 'reallocate' as const] };
      const foreign = (await foreignOrders(principal)).slice(0, 3);
      expect(foreign.length).toBeGreaterThan(0);
      const call = PROCEDURES[name];
      for (const o of foreign) {
        // The right version, and a stale one (a "version mismatch" would tell that the order exists).
        for (const version of [o.version, o.version + 7]) {
          const got = await outcome(() => call(as(principal), o.id, version));
          const missing = await outcome(() => call(as(principal), MISSING, version));
          expect(normal(got, o.id), `${name} for ${o.number} (${o.status})`).toEqual(normal(missing, MISSING));
          const text = JSON.stringify(got);
          expect(text).not.toContain(o.number);
          if ('error' in got) {
            // FORBIDDEN only from the role policy, before any order is read ("The engineer role may not do this").
            expect(['NOT_FOUND', 'FORBIDDEN']).toContain(got.error.code);
            if (got.error.code === 'NOT_FOUND') expect(got.error.message).toBe(`Work order "${o.id}" was not found`);
            else expect(got.error.message).toMatch(/^The \w+ role may not do this$/);
          }
        }
      }
    });
  });

  it.each(['admin', 'dispatcher'] as const)('as %s (who sees every order), a missing id is NOT_FOUND in every procedure it may call', async (role) => {
    const principal = principals.get(role)!;
    for (const [name, call] of Object.entries(PROCEDURES)) {
      const got = await outcome(() => call(as(principal), MISSING, 1));
      if ('value' in got) expect(JSON.stringify(got.value), name).toMatch(/no such order/i);
      else if (got.error.code !== 'FORBIDDEN') expect(got.error, name).toEqual({ code: 'NOT_FOUND', message: `Work order "${MISSING}" was not found` });
    }
  });

  it('answers NOT_FOUND (not FORBIDDEN or CONFLICT) for every engine procedure the role may call', async () => {
    const gina = principals.get('group_dispatcher')!;
    const [foreign] = await foreignOrders(gina);
    for (const name of ['orders.get', 'queues.orderDetail', 'orders.candidates', 'orders.assign', 'orders.reassignGroup', 'orders.reject']) {
      const got = await outcome(() => PROCEDURES[name](as(gina), foreign.id, foreign.version + 1));
      expect(got, name).toEqual({ error: { code: 'NOT_FOUND', message: `Work order "${foreign.id}" was not found` } });
    }
    const engineer = principals.get('engineer')!;
    const [notHis] = await foreignOrders(engineer);
    for (const name of ['orders.accept', 'orders.decline', 'orders.start', 'orders.pause', 'orders.complete', 'orders.get', 'orders.engineerOrder']) {
      const got = await outcome(() => PROCEDURES[name](as(engineer), notHis.id, notHis.version));
      expect(got, name).toEqual({ error: { code: 'NOT_FOUND', message: `Work order "${notHis.id}" was not found` } });
    }
  });

  it.each(['admin', 'dispatcher', 'group_dispatcher', 'provider_dispatcher'] as const)(
    'as %s, the schedule board shows only the engineers and orders of their scope',
    async (role) => {
      const p = principals.get(role)!;
      const from = new Date();
      const board = await as(p).schedule.board({ from: from.toISOString(), to: new Date(from.getTime() + 7 * 86_400_000).toISOString() });
      expect(board.engineers.length).toBeGreaterThan(0);
      const members = new Set(
        (await db.db.select({ id: s.serviceGroupMembers.engineerId }).from(s.serviceGroupMembers)).filter((m) => m.id).map((m) => m.id!),
      );
      const groupMembers = new Set(
        (await db.db.select({ id: s.serviceGroupMembers.engineerId, g: s.serviceGroupMembers.groupId }).from(s.serviceGroupMembers))
          .filter((m) => m.id && p.groupIds.includes(m.g))
          .map((m) => m.id!),
      );
      for (const e of board.engineers) {
        if (role === 'provider_dispatcher') expect(e.providerId).toBe(p.providerId);
        if (role === 'group_dispatcher') expect(groupMembers.has(e.id)).toBe(true);
      }
      if (role === 'admin' || role === 'dispatcher') expect(board.engineers.some((e) => !members.has(e.id))).toBe(true);
      const visible = new Set((await db.db.select({ id: s.workOrders.id }).from(s.workOrders).where(orderScope(p))).map((o) => o.id));
      for (const o of board.unscheduled) expect(visible.has(o.orderId), o.number).toBe(true);
      for (const b of board.engineers.flatMap((e) => e.bookings)) expect(typeof b.number).toBe('string');
    },
  );

  it('as every role, a held order is in the review queue of the company roles only, and no one else reaches it', async () => {
    const admin = principals.get('admin')!;
    const [flow] = await db.db.select().from(s.flows).where(eq(s.flows.id, 'flow-direct-provider-engineer'));
    await saveFlowDraft(db.db, admin, { id: flow.id, graph: withReviewSources(flow.draft as FlowGraph, ['api']) });
    await publishFlow(db.db, admin, flow.id);
    engine.config.invalidate();
    const held = (await createOrder(engine, { type: 'api', apiKeyId: 'key-scope-test' }, order({ flow: flow.id }))).order;
    expect(held.status).toBe('in_review');
    for (const role of ALL_ROLES) {
      const p = principals.get(role)!;
      const queue = await outcome(() => as(p).orders.reviewQueue());
      const form = await outcome(() => as(p).orders.editForm({ id: held.id }));
      if (role === 'admin' || role === 'dispatcher') {
        expect('value' in queue && (queue.value as { id: string }[]).map((o) => o.id), role).toContain(held.id);
        expect('value' in form && form.value, role).toMatchObject({ editable: true, status: 'in_review' });
      } else {
        expect(queue, role).toEqual({ error: { code: 'FORBIDDEN', message: expect.stringMatching(/^The \w+ role may not do this$/) } });
        // Outside their scope: exactly as a missing id (the engineers' roles are refused before any order is read).
        expect(normal(form, held.id), role).toEqual(normal(await outcome(() => as(p).orders.editForm({ id: MISSING })), MISSING));
      }
    }
  });

  it('refuses the schedule board to engineers', async () => {
    for (const role of ['engineer', 'provider_engineer'] as const) {
      await expect(as(principals.get(role)!).schedule.board({ from: new Date().toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('keeps a notification about an order the user can no longer see, without its order', async () => {
    const dispatcher = principals.get('dispatcher')!;
    const gina = principals.get('group_dispatcher')!;
    const sol = await byEmail('south.dispatcher@hudson.example');
    let o = await create(order({ flow: 'flow-group-provider-engineer' }));
    o = await as(dispatcher).orders.assign({ orderId: o.id, version: o.version, assignee: { type: 'service_group', id: 'sg-north' }, collaboratorIds: [] });
    const before = (await as(gina).notifications.list()).items.filter((n) => n.title.startsWith(o.number));
    expect(before.map((n) => n.orderId)).toEqual([o.id]);
    o = await as(gina).orders.reassignGroup({ orderId: o.id, version: o.version, groupId: 'sg-south', reason: 'South Metro covers this street' });
    const after = (await as(gina).notifications.list()).items.filter((n) => n.title.startsWith(o.number));
    expect(after).toHaveLength(1);
    expect(after[0].orderId).toBeNull();
    expect(after[0].title).toBe(before[0].title);
    const theirs = (await as(sol).notifications.list()).items.filter((n) => n.title.startsWith(o.number));
    expect(theirs.map((n) => n.orderId)).toEqual([o.id]);
    // And nobody reads another user's: the list is bound to the caller.
    const all = await db.db.select({ n: count() }).from(s.notifications).where(eq(s.notifications.orderId, o.id));
    expect(all[0].n).toBeGreaterThan(theirs.length);
  });

  describe('provider roles', () => {
    const FOREIGN_NAMES = ['BrightSpark', 'sp-brightspark', 't-902', 'AquaFlow', 'sp-aquaflow', 'SecureNet', 'sp-securenet', 'Partner Network', 'sg-partners', 'North Metro', 'sg-north', 'South Metro'];
    let o: OrderRow;

    beforeAll(async () => {
      // Install + Urgent in Central: "installs-to-partners" names the Partner Network group, then
      // "provider-by-region" ranks CoolFix over BrightSpark: both named in the decision traces.
      o = await create(order({ flow: 'flow-group-provider-engineer', category: 'Install', priority: 'Urgent', requiredSkills: ['install'], address: { street: '5 Park Ave', city: 'Manhattan', region: 'Central', postcode: '10016' } }));
      expect([o.currentNodeId, o.providerId]).toEqual(['provider-engineer', 'sp-coolfix']);
    });

    it('sees no other provider, group or engineer in the history and its traces', async () => {
      const admin = principals.get('admin')!;
      const coolfix = principals.get('provider_dispatcher')!;
      const adminView = JSON.stringify(await as(admin).queues.orderDetail({ id: o.id }));
      expect(adminView).toContain('BrightSpark Electric');
      expect(adminView).toContain('Partner Network');
      for (const view of [await as(coolfix).queues.orderDetail({ id: o.id }), await as(coolfix).orders.get({ id: o.id })]) {
        const text = JSON.stringify(view);
        for (const name of FOREIGN_NAMES) expect(text, name).not.toContain(name);
        expect(text).toContain('CoolFix Ltd');
        expect(text).toContain('another provider #1');
        expect(view.order.serviceGroupId).toBeNull();
      }
      // Their provider engineer, once assigned, neither.
      const kai = principals.get('provider_engineer')!;
      await as(coolfix).orders.assign({ orderId: o.id, version: o.version, assignee: { type: 'provider_engineer', id: kai.engineerId! }, collaboratorIds: [] });
      const kais = await as(kai).queues.orderDetail({ id: o.id });
      const text = JSON.stringify(kais);
      for (const name of FOREIGN_NAMES) expect(text, name).not.toContain(name);
      expect(kais.notifications.every((n) => n.recipientId === kai.id)).toBe(true);
    });

    it('lists only their own engineers as candidates, and only their own provider position', async () => {
      const coolfix = principals.get('provider_dispatcher')!;
      const waiting = await create(order({ flow: 'flow-group-provider-engineer', category: 'Install', priority: 'Urgent', requiredSkills: ['install'], address: { street: '6 Park Ave', city: 'Manhattan', region: 'Central', postcode: '10016' } }));
      const list = await as(coolfix).orders.candidates({ orderId: waiting.id });
      expect(list.candidates.length).toBeGreaterThan(0);
      expect(list.candidates.every((c) => c.type === 'provider_engineer' && c.id.startsWith('pe-coolfix-'))).toBe(true);
      expect(JSON.stringify(list)).not.toMatch(/BrightSpark|AquaFlow|SecureNet|Partner Network/);
      // Another provider's dispatcher: not found.
      await expect(as(aquaflow).orders.candidates({ orderId: waiting.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });

      const ids = ['sp-coolfix', 'sp-aquaflow', 'sp-brightspark'];
      expect((await as(coolfix).queues.providerPositions({ ids })).map((p) => p.providerId)).toEqual(['sp-coolfix']);
      expect(await as(aquaflow).queues.providerPositions({ ids: ['sp-coolfix'] })).toEqual([]);
      expect((await as(principals.get('dispatcher')!).queues.providerPositions({ ids })).map((p) => p.providerId).sort()).toEqual(ids.slice().sort());
      // The directory's engineer list stays closed to provider roles.
      await expect(as(coolfix).directory.engineers.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(as(principals.get('provider_engineer')!).directory.engineers.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('previews a bulk action without naming the group the order came through', async () => {
      const coolfix = principals.get('provider_dispatcher')!;
      const waiting = await create(order({ flow: 'flow-group-provider-engineer', category: 'Install', priority: 'Urgent', requiredSkills: ['install'], address: { street: '7 Park Ave', city: 'Manhattan', region: 'Central', postcode: '10016' } }));
      const preview = await as(coolfix).queues.bulkPreview({ orderIds: [waiting.id], action: { type: 'reject', reason: 'No capacity' } });
      expect(preview.items[0].ok).toBe(true);
      expect(JSON.stringify(preview)).not.toMatch(/Partner Network|sg-partners/);
      // Nor the to-do list or the order list.
      const todo = await as(coolfix).queues.orders({ pageSize: 200 });
      expect(todo.rows.map((r) => r.id)).toContain(waiting.id);
      expect(JSON.stringify(todo)).not.toMatch(/Partner Network|sg-partners|North Metro|sg-north/);
      const list = await as(coolfix).orders.list({ pageSize: 200 });
      expect(list.rows.length).toBeGreaterThan(0);
      expect(list.rows.every((r) => r.serviceGroupId === null)).toBe(true);
    });
  });

  describe('a group dispatcher with reallocate', () => {
    it('reallocates only within their own groups', async () => {
      const dispatcher = principals.get('dispatcher')!;
      const gina = { ...principals.get('group_dispatcher')!, permissions: ['reallocate' as const] };
      const sol = { ...(await byEmail('south.dispatcher@hudson.example')), permissions: ['reallocate' as const] };
      let o = await create(order({ flow: 'flow-group-provider-engineer' }));
      o = await as(dispatcher).orders.assign({ orderId: o.id, version: o.version, assignee: { type: 'service_group', id: 'sg-north' }, collaboratorIds: [] });
      // To a group that is not theirs: refused, and nothing changed.
      await expect(
        as(gina).orders.reallocate({ orderId: o.id, version: o.version, assignee: { type: 'service_group', id: 'sg-south' }, collaboratorIds: [] }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const [still] = await db.db.select().from(s.workOrders).where(eq(s.workOrders.id, o.id));
      expect([still.serviceGroupId, still.version]).toEqual(['sg-north', o.version]);
      // Another group's dispatcher does not even find it.
      await expect(
        as(sol).orders.reallocate({ orderId: o.id, version: o.version, assignee: { type: 'service_group', id: 'sg-south' }, collaboratorIds: [] }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND', message: `Work order "${o.id}" was not found` });
      // Within their groups: done.
      o = await as(gina).orders.reallocate({ orderId: o.id, version: o.version, assignee: { type: 'service_group', id: 'sg-partners' }, collaboratorIds: [] });
      expect(o.serviceGroupId).toBe('sg-partners');

      // An engineer outside their groups: refused too.
      let e = await create(order({ flow: 'flow-group-provider-engineer' }));
      e = await as(dispatcher).orders.assign({ orderId: e.id, version: e.version, assignee: { type: 'service_group', id: 'sg-north' }, collaboratorIds: [] });
      e = await as(gina).orders.assign({ orderId: e.id, version: e.version, assignee: { type: 'engineer', id: 'e-001' }, collaboratorIds: [] });
      const southMembers = await db.db.select({ id: s.serviceGroupMembers.engineerId }).from(s.serviceGroupMembers).where(eq(s.serviceGroupMembers.groupId, 'sg-south'));
      const northMembers = new Set(
        (await db.db.select({ id: s.serviceGroupMembers.engineerId }).from(s.serviceGroupMembers).where(eq(s.serviceGroupMembers.groupId, 'sg-north'))).map((m) => m.id),
      );
      const outsider = southMembers.map((m) => m.id).find((id) => id && !northMembers.has(id))!;
      const refused = await outcome(() => as(gina).orders.reallocate({ orderId: e.id, version: e.version, assignee: { type: 'engineer', id: outsider }, collaboratorIds: [] }));
      expect('error' in refused && ['FORBIDDEN', 'BAD_REQUEST'].includes(refused.error.code)).toBe(true);
      const [unchanged] = await db.db.select().from(s.workOrders).where(eq(s.workOrders.id, e.id));
      expect(unchanged.engineerId).toBe('e-001');
    });
  });

  describe('flows: the default and publishing', () => {
    it('needs publish_flows to change the default flow, and keeps exactly one', async () => {
      const admin = principals.get('admin')!;
      const without = { ...admin, permissions: admin.permissions.filter((p) => p !== 'publish_flows') };
      await expect(as(without).flows.setDefault({ id: 'flow-direct-provider-engineer' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await as(admin).flows.setDefault({ id: 'flow-direct-provider-engineer' });
      const draft = await as(admin).flows.create({ name: 'Never published', template: 'direct-provider-engineer' });
      await expect(as(admin).flows.setDefault({ id: draft.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(as(admin).flows.setDefault({ id: MISSING })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      // Two changes at once: one default at the end, and no 500.
      const both = await Promise.allSettled([as(admin).flows.setDefault({ id: 'flow-group-provider-engineer' }), as(admin).flows.setDefault({ id: 'flow-provider-then-engineer' })]);
      for (const r of both) if (r.status === 'rejected') expect((r.reason as TRPCError).code).toBe('CONFLICT');
      expect(both.some((r) => r.status === 'fulfilled')).toBe(true);
      const defaults = await db.db.select({ id: s.flows.id }).from(s.flows).where(eq(s.flows.isDefault, true));
      expect(defaults).toHaveLength(1);
    });

    it('has the database refuse a second default or a duplicate version, recognised as such', async () => {
      const other = await db.db.select({ id: s.flows.id }).from(s.flows).where(eq(s.flows.isDefault, false)).limit(1);
      const second = await db.db.update(s.flows).set({ isDefault: true }).where(eq(s.flows.id, other[0].id)).catch((e: unknown) => e);
      expect(isUniqueViolation(second, 'flows_one_default_uq')).toBe(true);
      const [v] = await db.db.select().from(s.flowVersions).limit(1);
      const dup = await db.db.insert(s.flowVersions).values({ flowId: v.flowId, version: v.version, graph: v.graph }).catch((e: unknown) => e);
      expect(isUniqueViolation(dup, 'flow_versions_flow_version_uq')).toBe(true);
      expect(isUniqueViolation(dup, 'flows_one_default_uq')).toBe(false);
      expect(isUniqueViolation(new Error('boom'))).toBe(false);
    });

    it('does not publish an unchanged draft a second time', async () => {
      const admin = principals.get('admin')!;
      const flow = await as(admin).flows.create({ name: 'Publish once', template: 'direct-provider-engineer' });
      expect((await as(admin).flows.publish({ id: flow.id })).version).toBe(1);
      await expect(as(admin).flows.publish({ id: flow.id })).rejects.toMatchObject({ code: 'CONFLICT' });
      const rs = await as(admin).rules.create({ name: 'Publish once rules', source: 'rule "a"\n  when order.priority == "High"\n  assign manual\n' });
      expect((await as(admin).rules.publish({ id: rs.id })).version).toBe(1);
      await expect(as(admin).rules.publish({ id: rs.id })).rejects.toMatchObject({ code: 'CONFLICT' });
      const [n] = await db.db.select({ n: count() }).from(s.ruleSetVersions).where(eq(s.ruleSetVersions.ruleSetId, rs.id));
      expect(n.n).toBe(1);
    });

    // On PGlite (one connection) the two run one after the other; on a Postgres server, truly at once.
    it(`two concurrent publishes of a flow make one version and one CONFLICT (${testServerUrl() ? 'Postgres' : 'PGlite'})`, async () => {
      const admin = principals.get('admin')!;
      const flow = await as(admin).flows.create({ name: 'Published twice at once', template: 'direct-provider-engineer' });
      for (const round of [1, 2]) {
        if (round === 2) {
          const { flow: f } = await as(admin).flows.get({ id: flow.id });
          await as(admin).flows.saveDraft({ id: flow.id, graph: { ...(f.draft as object), description: 'second round' } });
        }
        const results = await Promise.allSettled([as(admin).flows.publish({ id: flow.id }), as(admin).flows.publish({ id: flow.id })]);
        const ok = results.filter((r) => r.status === 'fulfilled');
        const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(ok).toHaveLength(1);
        expect(refused).toHaveLength(1);
        expect((refused[0].reason as TRPCError).code).toBe('CONFLICT');
        const [n] = await db.db.select({ n: count() }).from(s.flowVersions).where(eq(s.flowVersions.flowId, flow.id));
        expect(n.n).toBe(round);
      }
    });

    it(`two concurrent publishes of a rule set make one version and one CONFLICT (${testServerUrl() ? 'Postgres' : 'PGlite'})`, async () => {
      const admin = principals.get('admin')!;
      const rs = await as(admin).rules.create({ name: 'Rules published twice', source: 'rule "a"\n  when order.priority == "High"\n  assign manual\n' });
      for (const round of [1, 2]) {
        if (round === 2) await as(admin).rules.saveDraft({ id: rs.id, source: 'rule "b"\n  when order.priority == "Low"\n  assign manual\n' });
        const results = await Promise.allSettled([as(admin).rules.publish({ id: rs.id }), as(admin).rules.publish({ id: rs.id })]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(refused.map((r) => (r.reason as TRPCError).code)).toEqual(['CONFLICT']);
        const [n] = await db.db.select({ n: count() }).from(s.ruleSetVersions).where(and(eq(s.ruleSetVersions.ruleSetId, rs.id)));
        expect(n.n).toBe(round);
      }
    });
  });

  describe('the flow\u2019s traffic (flows.activity) and the orders list by a node', () => {
    it.each(ALL_ROLES)('as %s, gets the figures only as an admin, and a node\u2019s orders only within the scope', async (role) => {
      const me = principals.get(role)!;
      const admin = principals.get('admin')!;
      const dispatcher = principals.get('dispatcher')!;
      // Two orders through the group's internal step of North Metro, one through South's.
      for (const group of ['sg-north', 'sg-north', 'sg-south']) {
        const o = await create(order({ flow: 'flow-group-provider-engineer' }));
        await as(dispatcher).orders.assign({ orderId: o.id, version: o.version, assignee: { type: 'service_group', id: group }, collaboratorIds: [] });
      }
      const period = { from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 60_000) };
      const figures = await outcome(() => as(me).flows.activity({ flowId: 'flow-group-provider-engineer', ...period }));
      if (role === 'admin') {
        expect(figures).toMatchObject({ value: { version: 1 } });
        const v = (figures as { value: { nodes: Record<string, { passed: number }> } }).value;
        expect(v.nodes['group-internal'].passed).toBeGreaterThanOrEqual(3);
      } else {
        expect(figures).toEqual({ error: { code: 'FORBIDDEN', message: expect.stringMatching(/may not do this/) } });
      }

      const through = { flowId: 'flow-group-provider-engineer', nodeId: 'group-internal', ...period };
      const all = await as(admin).orders.list({ pageSize: 200, through });
      expect(all.total).toBeGreaterThanOrEqual(3);
      const mine = await as(me).orders.list({ pageSize: 200, through });
      const scope = orderScope(me);
      const inScope = new Set(
        (await db.db.select({ id: s.workOrders.id }).from(s.workOrders).where(scope ? scope : undefined)).map((r) => r.id),
      );
      expect(mine.rows.map((r) => r.id).sort()).toEqual(all.rows.map((r) => r.id).filter((id) => inScope.has(id)).sort());
      expect(mine.total).toBe(mine.rows.length);
      // A node the version does not have is named in the refusal.
      await expect(as(me).orders.list({ through: { ...through, nodeId: 'no-such-node' } })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/no-such-node/) });
    });
  });

  describe('overrides (overrides.reasons, overrides.report)', () => {
    let overridden: OrderRow[] = [];
    beforeAll(async () => {
      // Two rule decisions overridden: a provider's (rejected by BrightSpark) and North Metro's (reassigned by Gina).
      const brightspark = await byEmail('dispatch@brightspark.example');
      const p = await create(order({ flow: 'flow-provider-then-engineer', category: 'Install', priority: 'Urgent', requiredSkills: ['install'], address: { street: '', city: 'Brooklyn', region: 'South', postcode: '11201' } }));
      const rejected = await as(brightspark).orders.reject({ orderId: p.id, version: p.version, reason: 'No installer free', reasonCode: 'engineer-unavailable' });
      const n = await create(order({ flow: 'flow-group-provider-engineer', category: 'Plumbing', priority: 'Urgent', address: { street: '', city: 'Bronx', region: 'North', postcode: '10451' } }));
      const gina = principals.get('group_dispatcher')!;
      const reassigned = n.serviceGroupId === 'sg-north' && n.currentNodeId === 'group-internal' && n.status === 'pending_assignment'
        ? [await as(gina).orders.reassignGroup({ orderId: n.id, version: n.version, groupId: 'sg-south', reason: 'South has capacity', reasonCode: 'closer-engineer' })]
        : [];
      overridden = [rejected, ...reassigned];
    });

    it.each(ALL_ROLES)('as %s, reads the reasons when it may change a rule’s decision, and the report of its own scope only', async (role) => {
      const me = principals.get(role)!;
      const reasons = await outcome(() => as(me).overrides.reasons());
      if (role === 'engineer' || role === 'provider_engineer') expect(reasons).toEqual({ error: { code: 'FORBIDDEN', message: expect.stringMatching(/may not do this/) } });
      else expect((reasons as { value: { label: string }[] }).value.map((r) => r.label)).toContain('Other');
      // An empty list is refused as bad input, so only a role that passes the policy reaches it.
      await expect(as(me).overrides.saveReasons({ reasons: [] })).rejects.toMatchObject({ code: role === 'admin' ? 'BAD_REQUEST' : 'FORBIDDEN' });

      const report = await outcome(() => as(me).overrides.report({ period: '7d' }));
      if (!['admin', 'dispatcher', 'group_dispatcher'].includes(role)) {
        expect(report).toEqual({ error: { code: 'FORBIDDEN', message: expect.stringMatching(/may not do this/) } });
        return;
      }
      const listed = (report as { value: { rules: { orders: { orderId: string }[] }[] } }).value.rules.flatMap((r) => r.orders.map((x) => x.orderId)).sort();
      const scope = orderScope(me);
      const inScope = new Set((await db.db.select({ id: s.workOrders.id }).from(s.workOrders).where(scope ? scope : undefined)).map((r) => r.id));
      const all = (await as(principals.get('admin')!).overrides.report({ period: '7d' })).rules.flatMap((r) => r.orders.map((x) => x.orderId));
      expect(all).toEqual(expect.arrayContaining(overridden.map((o) => o.id)));
      expect(listed).toEqual(all.filter((id) => inScope.has(id)).sort());
    });
  });

  describe('insights (insights.get) and the orders behind a point', () => {
    it.each(ALL_ROLES)('as %s, counts only the orders in the caller\u2019s scope, and lists only those behind a point', async (role) => {
      const me = principals.get(role)!;
      const admin = principals.get('admin')!;
      const figures = await outcome(() => as(me).insights.get({ period: '90d', split: 'category' }));
      if (role === 'engineer' || role === 'provider_engineer') {
        expect(figures).toEqual({ error: { code: 'FORBIDDEN', message: expect.stringMatching(/may not do this/) } });
        return;
      }
      const got = (figures as { value: { from: string; to: string; points: { orders: number }[] } }).value;
      const scope = orderScope(me);
      const from = new Date(got.from);
      const to = new Date(got.to);
      const [{ n }] = await db.db
        .select({ n: count() })
        .from(s.workOrders)
        .where(and(scope, gte(s.workOrders.createdAt, from), lt(s.workOrders.createdAt, to)));
      expect(n).toBeGreaterThan(0);
      expect(got.points.reduce((sum, p) => sum + p.orders, 0)).toBe(n);
      // The orders behind the whole period: the admin's list cut down to the caller's scope.
      const insight = { from: got.from, to: got.to, split: 'none' as const, measure: 'created' as const };
      const all = await as(admin).orders.list({ pageSize: 200, insight });
      const mine = await as(me).orders.list({ pageSize: 200, insight });
      const inScope = new Set((await db.db.select({ id: s.workOrders.id }).from(s.workOrders).where(scope)).map((r) => r.id));
      expect(mine.total).toBe(n);
      expect(mine.rows.map((r) => r.id).every((id) => inScope.has(id))).toBe(true);
      expect(all.total).toBeGreaterThanOrEqual(mine.total);
      // Provider roles never learn the groups orders came through: no split by group.
      const byGroup = await outcome(() => as(me).insights.get({ period: '90d', split: 'group' }));
      if (role === 'provider_dispatcher') expect(byGroup).toMatchObject({ error: { code: 'FORBIDDEN' } });
      else expect(byGroup).toHaveProperty('value');
    });
  });

  describe('push devices, notification settings and failed deliveries', () => {
    const keys = () => {
      const ecdh = createECDH('prime256v1');
      return { p256dh: ecdh.generateKeys().toString('base64url'), auth: randomBytes(16).toString('base64url') };
    };

    it.each(ALL_ROLES)('as %s, manages only their own push devices; another user’s answers like a missing one', async (role) => {
      const me = principals.get(role)!;
      const other = principals.get(role === 'admin' ? 'dispatcher' : 'admin')!;
      const mine = await as(me).delivery.subscribe({ endpoint: `https://push.example.test/${role}/phone`, keys: keys(), label: 'Phone' });
      const theirs = await as(other).delivery.subscribe({ endpoint: `https://push.example.test/${role}/other`, keys: keys(), label: 'Theirs' });
      const listed = await as(me).delivery.devices({ currentEndpoint: `https://push.example.test/${role}/phone` });
      expect(listed.map((d) => [d.id, d.current])).toEqual([[mine.id, true]]);
      expect(JSON.stringify(listed)).not.toContain(theirs.id);

      const foreign = await outcome(() => as(me).delivery.unsubscribe({ id: theirs.id }));
      const missing = await outcome(() => as(me).delivery.unsubscribe({ id: MISSING }));
      expect(normal(foreign, theirs.id)).toEqual(normal(missing, MISSING));
      expect(foreign).toMatchObject({ error: { code: 'NOT_FOUND' } });
      expect(await outcome(() => as(me).delivery.unsubscribe({ endpoint: `https://push.example.test/${role}/other` }))).toMatchObject({ error: { code: 'NOT_FOUND' } });
      expect((await as(other).delivery.devices()).map((d) => d.id)).toContain(theirs.id);

      await as(me).delivery.unsubscribe({ id: mine.id });
      expect(await as(me).delivery.devices()).toEqual([]);
      await as(other).delivery.unsubscribe({ id: theirs.id });
    });

    it('refuses push endpoints that are not https, or keys that are not a browser’s', async () => {
      const me = principals.get('engineer')!;
      await expect(as(me).delivery.subscribe({ endpoint: 'ftp://push.example.test/x', keys: keys() })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(as(me).delivery.subscribe({ endpoint: 'http://10.0.0.5/x', keys: keys() })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(as(me).delivery.subscribe({ endpoint: 'https://push.example.test/x', keys: { p256dh: 'abc', auth: 'def' } })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    });

    it('keeps each user’s channel choices their own, and hides the kinds they turned off in-app from their list only', async () => {
      const gina = principals.get('group_dispatcher')!;
      const dispatcher = principals.get('dispatcher')!;
      const choice = await as(gina).delivery.setPreference({ kind: 'assigned', inApp: false, push: false, email: true });
      expect(choice.find((p) => p.kind === 'assigned')).toMatchObject({ inApp: false, push: false, email: true, isDefault: false });
      expect((await as(dispatcher).delivery.preferences()).find((p) => p.kind === 'assigned')).toMatchObject({ inApp: true, push: true, email: false, isDefault: true });

      let o = await create(order({ flow: 'flow-group-provider-engineer' }));
      o = await as(dispatcher).orders.assign({ orderId: o.id, version: o.version, assignee: { type: 'service_group', id: 'sg-north' }, collaboratorIds: [] });
      const hidden = await as(gina).notifications.list();
      expect(hidden.items.filter((n) => n.title.startsWith(o.number))).toEqual([]);
      expect(hidden.items.every((n) => n.kind !== 'assigned')).toBe(true);
      await as(gina).delivery.setPreference({ kind: 'assigned', inApp: true, push: true, email: false });
      const shown = await as(gina).notifications.list();
      expect(shown.items.filter((n) => n.title.startsWith(o.number)).map((n) => n.kind)).toEqual(['assigned']);
      expect(shown.unread).toBeGreaterThan(hidden.unread);
    });

    it('shows failed deliveries and retries them for admins only', async () => {
      for (const role of ALL_ROLES.filter((r) => r !== 'admin')) {
        await expect(as(principals.get(role)!).delivery.failures()).rejects.toMatchObject({ code: 'FORBIDDEN' });
        await expect(as(principals.get(role)!).delivery.retry({ ids: [1] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      }
      const admin = principals.get('admin')!;
      expect(await as(admin).delivery.failures()).toMatchObject({ items: [], counts: { dead: 0, retrying: 0 } });
      expect(await as(admin).delivery.retry({ ids: [1] })).toEqual({ retried: [] });
    });
  });
});
