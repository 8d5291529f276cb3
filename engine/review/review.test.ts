// Dispatchers review and modify orders (issue 14, point 6), on the database (PGlite, or Postgres
// with TEST_DATABASE_URL): an edit writes each field's before and after; a field the rules read,
// changed while the order waits at a dispatch node, runs that node's rules again; stale versions
// and callers outside the order's step are refused; a flow's review setting holds new orders from
// the chosen sources only, and approving one dispatches it as intake would have.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { CUSTOM_VALUE_MAX, assignOrder, createEngine, createOrder, type Engine, type NewOrderInput, type OrderRow } from '../dispatch';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { publishFlow, saveFlowDraft } from '../flows';
import type { FlowGraph } from '../flow';
import { editFormOf, editOrder, orderFieldsOf, type OrderFields } from '../orders';
import type { Principal } from '../principal';
import { principalByEmail, testOrder } from '../testing';
import { approveOrder, listReviewQueue, rejectHeldOrder, reviewSourcesOf, withReviewSources } from './index';

const FLOW = 'flow-group-provider-engineer';

const order = (over: Partial<NewOrderInput> = {}): NewOrderInput => testOrder({ title: 'AC not cooling', category: 'HVAC', flow: FLOW, ...over });

describe('dispatchers review and modify orders', () => {
  let db: TestDatabase;
  let engine: Engine;
  let p: Record<'admin' | 'dispatcher' | 'gina' | 'coolfix' | 'ana', Principal>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 0 });
    engine = createEngine({ db: db.db, cacheTtlMs: 0 });
    const byEmail = (email: string) => principalByEmail(db.db, email);
    p = {
      admin: await byEmail('admin@hudson.example'),
      dispatcher: await byEmail('dispatcher@hudson.example'),
      gina: await byEmail('group.dispatcher@hudson.example'),
      coolfix: await byEmail('provider.dispatcher@coolfix.example'),
      ana: await byEmail('engineer@hudson.example'),
    };
  });
  afterAll(() => db?.dispose());

  const ref = (o: OrderRow) => ({ orderId: o.id, version: o.version });
  const byHand = async (over: Partial<NewOrderInput> = {}) => (await createOrder(engine, { type: 'user', principal: p.dispatcher }, order(over))).order;
  const byApi = async (over: Partial<NewOrderInput> = {}) => (await createOrder(engine, { type: 'api', apiKeyId: 'key-review-test' }, order(over))).order;
  const events = async (o: OrderRow) =>
    db.db.select().from(s.orderEvents).where(eq(s.orderEvents.orderId, o.id)).orderBy(asc(s.orderEvents.id));
  const fields = (o: OrderRow, over: Partial<OrderFields>): OrderFields => ({ ...orderFieldsOf(o), ...over });

  it('writes one history event with the before and after of each field changed; a new priority moves the SLA targets', async () => {
    const o = await byHand({ category: 'Plumbing' });
    const edited = await editOrder(engine, p.dispatcher, {
      ...ref(o),
      ...fields(o, { title: 'Boiler leaking', priority: 'High', address: { ...orderFieldsOf(o).address, street: '9 Elm St' }, tags: ['vip'] }),
    });
    expect(edited.version).toBe(o.version + 1);
    expect([edited.title, edited.priority, edited.street, edited.tags]).toEqual(['Boiler leaking', 'High', '9 Elm St', ['vip']]);
    expect(edited.resolveBy.getTime()).toBeLessThan(o.resolveBy.getTime());
    // High's policy (demo Settings: respond in 4 hours, resolve in 24), counted from the order's creation as at intake.
    expect([edited.respondBy.getTime() - o.createdAt.getTime(), edited.resolveBy.getTime() - o.createdAt.getTime()]).toEqual([4 * 3600_000, 24 * 3600_000]);
    const [event] = (await events(edited)).filter((e) => e.type === 'edited');
    expect(event.actorId).toBe(p.dispatcher.id);
    const changes = event.data.changes as { field: string; before: unknown; after: unknown }[];
    expect(changes.map((c) => c.field)).toEqual(['title', 'priority', 'address.street', 'tags', 'sla.respondBy', 'sla.resolveBy']);
    expect(changes[0]).toEqual({ field: 'title', before: 'AC not cooling', after: 'Boiler leaking' });
    expect(changes[1]).toEqual({ field: 'priority', before: 'Medium', after: 'High' });
    expect(changes[3]).toEqual({ field: 'tags', before: [], after: ['vip'] });
    // Nothing the rules at "assign-group" read for a Plumbing order changed into a match: it still waits, and no rerun is claimed for the street.
    expect(edited.status).toBe('pending_assignment');
  });

  it('bad fields are refused per field, and an edit that changes nothing is refused', async () => {
    const o = await byHand();
    await expect(editOrder(engine, p.dispatcher, { ...ref(o), ...fields(o, { title: 'x' }) })).rejects.toMatchObject({
      fieldErrors: { title: ['At least 3 characters'] },
    });
    await expect(editOrder(engine, p.dispatcher, { ...ref(o), ...fields(o, { custom: { nope: 1 } }) })).rejects.toMatchObject({
      fieldErrors: { 'custom.nope': ['There is no custom field "nope"'] },
    });
    await expect(editOrder(engine, p.dispatcher, { ...ref(o), ...fields(o, { custom: { ...orderFieldsOf(o).custom, assetTag: 'A'.repeat(CUSTOM_VALUE_MAX + 1) } }) })).rejects.toMatchObject({
      message: `custom.assetTag: At most ${CUSTOM_VALUE_MAX} characters`,
      fieldErrors: { 'custom.assetTag': [`At most ${CUSTOM_VALUE_MAX} characters`] },
    });
    await expect(editOrder(engine, p.dispatcher, { ...ref(o), ...orderFieldsOf(o) })).rejects.toBeInstanceOf(ValidationError);
  });

  it('a field the rules read, changed while the order waits at a dispatch node, runs the rules there again: now auto-assigned', async () => {
    const o = await byHand();
    expect([o.status, o.currentNodeId]).toEqual(['pending_assignment', 'assign-group']);
    // The street is read by no rule: no re-run.
    const street = await editOrder(engine, p.dispatcher, { ...ref(o), ...fields(o, { address: { ...orderFieldsOf(o).address, street: '2 Main St' } }) });
    expect((await events(street)).at(-1)).toMatchObject({ type: 'edited', data: expect.not.objectContaining({ rerun: expect.anything() }) });
    expect(street.currentNodeId).toBe('assign-group');
    // "urgent-hvac-north" reads the priority: Urgent HVAC in the North goes to North Metro.
    const urgent = await editOrder(engine, p.dispatcher, { ...ref(street), ...fields(street, { priority: 'Urgent' }) });
    expect(urgent.serviceGroupId).toBe('sg-north');
    expect(urgent.assign_way).toBe('auto');
    const history = await events(urgent);
    const edit = history.findLastIndex((e) => e.type === 'edited');
    expect(history[edit]).toMatchObject({ data: { rerun: { nodeId: 'assign-group', fields: expect.arrayContaining(['priority']) } } });
    expect(history[edit + 1]).toMatchObject({ type: 'auto_assigned', actorId: 'urgent-hvac-north', nodeId: 'assign-group' });
  });

  it('refuses a stale version, a caller outside the order (not found) or not handling its step, an engineer, and a closed order', async () => {
    const o = await byHand({ category: 'Plumbing' });
    const f = fields(o, { title: 'Changed title' });
    const edited = await editOrder(engine, p.dispatcher, { ...ref(o), ...f });
    await expect(editOrder(engine, p.dispatcher, { ...ref(o), ...fields(o, { title: 'Another title' }) })).rejects.toBeInstanceOf(ConflictError);
    // The group and provider dispatchers do not see an order waiting for the company's dispatcher.
    await expect(editOrder(engine, p.gina, { ...ref(edited), ...f })).rejects.toBeInstanceOf(NotFoundError);
    await expect(editOrder(engine, p.coolfix, { ...ref(edited), ...f })).rejects.toBeInstanceOf(NotFoundError);
    // At the group's step: its dispatcher edits; the company's dispatcher does not handle it.
    const atGroup = await assignOrder(engine, p.dispatcher, { ...ref(edited), assignee: { type: 'service_group', id: 'sg-north' }, collaboratorIds: [] });
    await expect(editOrder(engine, p.dispatcher, { ...ref(atGroup), ...fields(atGroup, { title: 'By the company' }) })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await editFormOf(engine, p.dispatcher, atGroup.id)).editable).toBe(false);
    const byGina = await editOrder(engine, p.gina, { ...ref(atGroup), ...fields(atGroup, { title: 'By the group' }) });
    expect(byGina.title).toBe('By the group');
    // The engineer doing the work does not edit it.
    const withAna = await assignOrder(engine, p.gina, { ...ref(byGina), assignee: { type: 'engineer', id: 'e-001' }, collaboratorIds: [] });
    await expect(editOrder(engine, p.ana, { ...ref(withAna), ...fields(withAna, { title: 'By Ana' }) })).rejects.toBeInstanceOf(ForbiddenError);
    // ...but hears of a change the group's dispatcher makes (the step that assigned her).
    const later = await editOrder(engine, p.gina, { ...ref(withAna), ...fields(withAna, { description: 'Bring a ladder' }) });
    const [note] = await db.db.select().from(s.notifications).where(eq(s.notifications.orderId, later.id)).orderBy(asc(s.notifications.id)).then((n) => n.filter((x) => x.kind === 'edited'));
    expect([note.recipientId, note.body]).toEqual([p.ana.id, 'By the group — description']);
  });

  describe('the review setting', () => {
    let version: number;
    beforeAll(async () => {
      const [flow] = await db.db.select().from(s.flows).where(eq(s.flows.id, FLOW));
      const graph = withReviewSources(flow.draft as FlowGraph, ['api']);
      expect(reviewSourcesOf(graph)).toEqual(['api']);
      await saveFlowDraft(db.db, p.admin, { id: FLOW, graph });
      version = (await publishFlow(db.db, p.admin, FLOW)).version;
      engine.config.invalidate();
    });

    it('holds new orders from the chosen sources only, for the dispatchers of the first step, who hear of it', async () => {
      expect(version).toBe(2);
      const held = await byApi({ priority: 'Urgent' });
      expect([held.status, held.currentNodeId, held.serviceGroupId]).toEqual(['in_review', 'start', null]);
      expect((await events(held)).map((e) => e.type)).toEqual(['created', 'held_for_review']);
      const notes = await db.db.select().from(s.notifications).where(eq(s.notifications.orderId, held.id));
      expect(notes.find((n) => n.recipientId === p.dispatcher.id)).toMatchObject({ kind: 'review', title: `${held.number} waits for review` });
      // Admins handle company steps but are not notified of them; group dispatchers do not review.
      expect(notes.map((n) => n.recipientId)).not.toContain(p.gina.id);
      // The same order by hand is dispatched at once (the rules assign it).
      const manual = await byHand({ priority: 'Urgent' });
      expect([manual.status, manual.serviceGroupId, manual.assign_way]).toEqual(['assigned', 'sg-north', 'auto']);

      expect((await listReviewQueue(engine, p.dispatcher)).map((r) => r.id)).toContain(held.id);
      expect((await listReviewQueue(engine, p.admin)).map((r) => r.id)).toContain(held.id);
      expect(await listReviewQueue(engine, p.gina)).toEqual([]);
    });

    it('approving dispatches the order as intake would, on its fields as edited in review', async () => {
      const held = await byApi({ priority: 'Medium' });
      await expect(approveOrder(engine, p.gina, ref(held))).rejects.toBeInstanceOf(NotFoundError);
      const edited = await editOrder(engine, p.dispatcher, { ...ref(held), ...fields(held, { priority: 'Urgent' }) });
      expect(edited.status).toBe('in_review');
      await expect(approveOrder(engine, p.dispatcher, ref(held))).rejects.toBeInstanceOf(ConflictError);
      const approved = await approveOrder(engine, p.dispatcher, ref(edited));
      expect([approved.status, approved.currentNodeId, approved.serviceGroupId, approved.assign_way]).toEqual(['assigned', 'accept', 'sg-north', 'auto']);
      const history = await events(approved);
      expect(history.slice(0, 5).map((e) => [e.type, e.actorId])).toEqual([
        ['created', 'key-review-test'],
        ['held_for_review', null],
        ['edited', p.dispatcher.id],
        ['approved', p.dispatcher.id],
        ['auto_assigned', 'urgent-hvac-north'],
      ]);
      await expect(approveOrder(engine, p.dispatcher, ref(approved))).rejects.toThrow(/is not waiting for review/);
      expect((await listReviewQueue(engine, p.dispatcher)).map((r) => r.id)).not.toContain(held.id);
    });

    it('rejecting cancels the held order with the reason', async () => {
      const held = await byApi();
      await expect(rejectHeldOrder(engine, p.dispatcher, { ...ref(held), reason: 'no' })).rejects.toBeInstanceOf(ValidationError);
      const rejected = await rejectHeldOrder(engine, p.admin, { ...ref(held), reason: 'Duplicate of WO-1' });
      expect(rejected.status).toBe('cancelled');
      expect((await events(rejected)).at(-1)).toMatchObject({ type: 'cancelled', actorId: p.admin.id, data: { reason: 'Duplicate of WO-1', review: 'rejected' } });
      await expect(editOrder(engine, p.dispatcher, { ...ref(rejected), ...fields(rejected, { title: 'Too late' }) })).rejects.toBeInstanceOf(ConflictError);
    });
  });
});
