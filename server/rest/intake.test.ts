// The intake API over a real database (PGlite, or Postgres with TEST_DATABASE_URL): API keys,
// field errors, idempotency (also under concurrency), the public representation with the
// dispatch fields under their API names, and batch intake.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { assignOrder, createEngine, type Engine } from '../../engine/dispatch';
import { demoPrincipal } from '../testing/principals';
import { createApiKey, hashApiKey, revokeApiKey } from './api-keys';
import type { ErrorBody } from './http';
import type { PublicOrder } from './representation';
import { DISPATCH_FIELDS, apiRequest, orderBody } from './testing/fixtures';
import { handleBatchWorkOrders, handleCreateWorkOrder, handleGetWorkOrder } from './work-orders';

let db: TestDatabase;
let deps: Engine;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 12 });
  await seedDemoData(db.db, { orders: 5 });
  deps = createEngine({ db: db.db, cacheTtlMs: 0 });
});
afterAll(() => db?.dispose());

async function counts() {
  const [orders] = await db.db.select({ n: count() }).from(s.workOrders);
  const [events] = await db.db.select({ n: count() }).from(s.orderEvents);
  return { orders: orders.n, events: events.n };
}

const post = (body: unknown, init: Parameters<typeof apiRequest>[1] = {}) =>
  handleCreateWorkOrder(apiRequest('/api/v1/work-orders', { body, ...init }), deps);

async function ordersWithKey(key: string) {
  return db.db.select().from(s.workOrders).where(and(eq(s.workOrders.apiKeyId, 'key-webform'), eq(s.workOrders.idempotencyKey, key)));
}

async function createdEventsOf(orderId: string) {
  return db.db
    .select()
    .from(s.orderEvents)
    .where(and(eq(s.orderEvents.orderId, orderId), eq(s.orderEvents.type, 'created')));
}

describe('API key authentication', () => {
  it('refuses a request without a key, with an unknown key and with a revoked key, writing nothing', async () => {
    const { key, id } = await createApiKey(db.db, { name: 'soon revoked' }, null);
    await revokeApiKey(db.db, id, new Date());
    const before = await counts();
    for (const attempt of [null, 'dsk_not_a_real_key', key]) {
      const res = await post(orderBody(), { key: attempt, idempotencyKey: `auth-${attempt}` });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe('unauthorized');
      const batch = await handleBatchWorkOrders(
        apiRequest('/api/v1/work-orders/batch', { key: attempt, body: { orders: [{ order: orderBody() }] } }),
        deps,
      );
      expect(batch.status).toBe(401);
    }
    const revoked = await post(orderBody(), { key });
    expect(((await revoked.json()) as ErrorBody).error.message).toMatch(/revoked/);
    expect(await counts()).toEqual(before);
  });

  it('refuses GET without a valid key', async () => {
    const [any] = await db.db.select().from(s.workOrders).limit(1);
    const res = await handleGetWorkOrder(apiRequest(`/api/v1/work-orders/${any.id}`, { key: 'dsk_wrong' }), deps, any.id);
    expect(res.status).toBe(401);
  });

  it('takes the key as a bearer token or in X-API-Key, finds it by hash and records its use', async () => {
    const { key, id } = await createApiKey(db.db, { name: 'bearer test' }, null);
    const [stored] = await db.db.select().from(s.apiKeys).where(eq(s.apiKeys.id, id));
    expect(stored.hash).toBe(hashApiKey(key));
    expect(stored.hash).not.toContain(key);
    expect(stored.lastUsedAt).toBeNull();
    const viaBearer = await handleCreateWorkOrder(
      apiRequest('/api/v1/work-orders', { key: null, headers: { authorization: `Bearer ${key}` }, body: orderBody(), idempotencyKey: 'bearer-1' }),
      deps,
    );
    expect(viaBearer.status).toBe(201);
    const [used] = await db.db.select().from(s.apiKeys).where(eq(s.apiKeys.id, id));
    expect(used.lastUsedAt).toBeInstanceOf(Date);
    const viaHeader = await post(orderBody(), { key, idempotencyKey: 'bearer-1' });
    expect(viaHeader.status).toBe(200);
    // Keys are separate idempotency scopes: the demo key's "bearer-1" is another order.
    const otherKey = await post(orderBody(), { idempotencyKey: 'bearer-1' });
    expect(otherKey.status).toBe(201);
  });
});

describe('validation', () => {
  it('answers field errors by path and writes nothing', async () => {
    const before = await counts();
    const res = await post(
      { title: 'x', priority: 'Soon', customer: { tier: 'Gold' }, address: { city: '' }, location: { lat: 100, lng: 0 } },
      { idempotencyKey: 'invalid-1' },
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toBeTruthy();
    expect(Object.keys(body.error.fieldErrors!).sort()).toEqual(
      ['address.city', 'category', 'customer.name', 'location.lat', 'priority', 'title'].sort(),
    );
    expect(body.error.fieldErrors!['customer.name']).toEqual([expect.any(String)]);
    expect(body.error.fieldErrors!['location.lat'][0]).toMatch(/between -90 and 90/);
    expect(await counts()).toEqual(before);
    expect(await ordersWithKey('invalid-1')).toHaveLength(0);
  });

  it('answers the engine\'s field errors (custom fields, flow) the same way, and its transaction leaves nothing', async () => {
    const before = await counts();
    const res = await post(orderBody({ custom: { contractLevel: 'Gold-plated', nope: 1 } }), { idempotencyKey: 'invalid-2' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.fieldErrors!).sort()).toEqual(['custom.contractLevel', 'custom.nope']);
    const noFlow = await post(orderBody({ flow: 'no-such-flow' }));
    expect(noFlow.status).toBe(400);
    expect(((await noFlow.json()) as ErrorBody).error.fieldErrors).toHaveProperty('flow');
    expect(await counts()).toEqual(before);
  });

  it('answers 400 for a body that is not JSON, an empty one, a non-object, or a bad Idempotency-Key', async () => {
    const before = await counts();
    const bad = await post(undefined, { rawBody: '{"title": "half' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.code).toBe('invalid_json');
    const empty = await handleCreateWorkOrder(apiRequest('/api/v1/work-orders', { method: 'POST' }), deps);
    expect(empty.status).toBe(400);
    const list = await post([orderBody()]);
    expect(list.status).toBe(400);
    expect(((await list.json()) as ErrorBody).error.fieldErrors).toHaveProperty('_');
    const tooLong = await post(orderBody(), { idempotencyKey: 'k'.repeat(201) });
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as ErrorBody).error.code).toBe('invalid_idempotency_key');
    const longest = await post(orderBody(), { idempotencyKey: 'k'.repeat(200) });
    expect(longest.status).toBe(201);
    const form = await post(undefined, { rawBody: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    expect((await counts()).orders).toBe(before.orders + 1);
  });
});

describe('idempotency', () => {
  it('creates once: 201, then 200 with the same order on a repeat, one order and one created event', async () => {
    const first = await post(orderBody(), { idempotencyKey: 'repeat-1' });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const created = (await first.json()) as PublicOrder;
    expect(first.headers.get('location')).toBe(`http://localhost:3000/api/v1/work-orders/${created.id}`);
    expect(created.source).toBe('api');

    const second = await post(orderBody(), { idempotencyKey: 'repeat-1' });
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    const replayed = (await second.json()) as PublicOrder;
    expect(replayed.id).toBe(created.id);
    expect(replayed.number).toBe(created.number);

    // The same order with keys in another order and untrimmed text is the same request.
    const { title, ...rest } = orderBody();
    const reordered = await post({ ...rest, title: `  ${String(title)} ` }, { idempotencyKey: 'repeat-1' });
    expect(reordered.status).toBe(200);

    const rows = await ordersWithKey('repeat-1');
    expect(rows).toHaveLength(1);
    expect(await createdEventsOf(rows[0].id)).toHaveLength(1);
  });

  it('refuses the same key with a different body (409) and keeps the first order', async () => {
    const first = await post(orderBody(), { idempotencyKey: 'repeat-2' });
    expect(first.status).toBe(201);
    const other = await post(orderBody({ title: 'Something else entirely' }), { idempotencyKey: 'repeat-2' });
    expect(other.status).toBe(409);
    const body = (await other.json()) as ErrorBody;
    expect(body.error.code).toBe('idempotency_conflict');
    const rows = await ordersWithKey('repeat-2');
    expect(rows).toHaveLength(1);
    expect(rows[0].title).toBe('No heating on the 3rd floor');
  });

  it('creates separate orders without a key', async () => {
    const before = await counts();
    expect((await post(orderBody())).status).toBe(201);
    expect((await post(orderBody())).status).toBe(201);
    expect((await counts()).orders).toBe(before.orders + 2);
  });

  it(`makes one order from 10 concurrent requests with one key (${process.env.TEST_DATABASE_URL ? 'Postgres' : 'PGlite'})`, async () => {
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(orderBody({ priority: 'High' }), { idempotencyKey: 'race-1' })));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const ids = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as PublicOrder).id)));
    expect(ids.size).toBe(1);
    const rows = await ordersWithKey('race-1');
    expect(rows).toHaveLength(1);
    expect(await createdEventsOf(rows[0].id)).toHaveLength(1);
  });
});

describe('GET /api/v1/work-orders/:id', () => {
  it('shows an auto-assigned order with the dispatch fields under their API names, by id and by number', async () => {
    const res = await post(
      orderBody({ title: 'Chiller down in the server room', priority: 'Urgent', category: 'HVAC', requiredSkills: ['hvac'] }),
      { idempotencyKey: 'urgent-hvac-north' },
    );
    expect(res.status).toBe(201);
    const { id, number } = (await res.json()) as PublicOrder;

    for (const ref of [id, number]) {
      const got = await handleGetWorkOrder(apiRequest(`/api/v1/work-orders/${ref}`), deps, ref);
      expect(got.status).toBe(200);
      const order = (await got.json()) as Record<string, unknown> & PublicOrder;
      expect(order.id).toBe(id);
      for (const field of DISPATCH_FIELDS) expect(order).toHaveProperty(field);
      // No internal column names leak.
      for (const internal of ['assignUser', 'field_out_deal_user', 'apiKeyId', 'idempotencyKey', 'requestHash', 'version', 'nodePath']) {
        expect(order).not.toHaveProperty(internal);
      }
      expect(order.serviceGroup).toEqual({ id: expect.any(String), name: 'North Metro' });
      expect(order.engineer).toEqual({ id: expect.any(String), name: expect.any(String) });
      expect(order.assign_way).toBe('auto');
      expect(order.assign_user).toBeNull();
      expect(Date.parse(order.assign_time!)).not.toBeNaN();
      expect(order.field_partner).toBeNull();
      expect(order.field_outDealUser).toBeNull();
      expect(order.field_downstreamOuterTenantName).toBeNull();
      expect(order.field_downstreamOuterTenantId).toBeNull();
      expect(order.status).toBe('assigned');
      expect(order.customer).toEqual({ name: 'Acme Retail', tier: 'Gold' });
      expect(order.address).toEqual({ street: '12 Grand Concourse', city: 'Bronx', region: 'North', postcode: '10451' });
      expect(order.location).toEqual({ lat: 40.86, lng: -73.89 });
      expect(order.flow.currentNode).toBeTruthy();
      expect(order.flow.versionId).toBeTruthy();
      expect(Object.keys(order.sla).sort()).toEqual(
        ['resolveBreachedAt', 'resolveBy', 'resolvedAt', 'respondBreachedAt', 'respondBy', 'respondedAt'].sort(),
      );
      expect(order.collaborators.every((c) => c.id && c.name)).toBe(true);
    }
  });

  it('shows the provider fields once the rules send an order to a provider', async () => {
    // Urgent installs go to the Partner Network (a provider group), whose rule picks a provider.
    const res = await post(
      orderBody({ title: 'Install a rooftop unit', category: 'Install', priority: 'Urgent', requiredSkills: ['install'] }),
      { idempotencyKey: 'urgent-install' },
    );
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as PublicOrder;
    const order = (await (await handleGetWorkOrder(apiRequest(`/api/v1/work-orders/${id}`), deps, id)).json()) as PublicOrder;
    const [row] = await db.db.select().from(s.workOrders).where(eq(s.workOrders.id, id));
    expect(order.serviceGroup?.name).toBe('Partner Network');
    expect(row.field_partner).toBeTruthy();
    const [provider] = await db.db.select().from(s.serviceProviders).where(eq(s.serviceProviders.id, row.field_partner!));
    expect(order.provider).toEqual({ id: provider.id, name: provider.name });
    expect(order.field_partner).toBe(provider.id);
    expect(order.field_downstreamOuterTenantId).toBe(provider.tenantId);
    expect(order.field_downstreamOuterTenantName).toBe(provider.tenantName);
    expect(order.assign_way).toBe('auto');
    expect(order.assign_user).toBeNull();
  });

  it('shows the dispatcher in assign_user after a manual assignment', async () => {
    const res = await post(orderBody({ title: 'Thermostat replacement', priority: 'Low' }), { idempotencyKey: 'manual-1' });
    const created = (await res.json()) as PublicOrder;
    expect(created.status).toBe('pending_assignment');
    expect(created.assign_way).toBeNull();
    const dispatcher = await demoPrincipal(db.db, 'dispatcher');
    const [row] = await db.db.select().from(s.workOrders).where(eq(s.workOrders.id, created.id));
    await assignOrder(deps, dispatcher, { orderId: row.id, version: row.version, assignee: { type: 'service_group', id: 'sg-north' }, collaboratorIds: [] });
    const order = (await (await handleGetWorkOrder(apiRequest(`/api/v1/work-orders/${created.id}`), deps, created.id)).json()) as PublicOrder;
    expect(order.assign_way).toBe('manual');
    expect(order.assign_user).toBe(dispatcher.id);
    expect(order.serviceGroup).toEqual({ id: 'sg-north', name: 'North Metro' });
    expect(Date.parse(order.assign_time!)).toBeGreaterThanOrEqual(Date.parse(created.createdAt));
  });

  it('answers 404 JSON for an unknown order', async () => {
    const res = await handleGetWorkOrder(apiRequest('/api/v1/work-orders/WO-0'), deps, 'WO-0');
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).error.code).toBe('not_found');
  });
});

describe('POST /api/v1/work-orders/batch', () => {
  const batch = (body: unknown) => handleBatchWorkOrders(apiRequest('/api/v1/work-orders/batch', { body }), deps);

  it('creates each order in turn and answers per item; a resend replays', async () => {
    const before = await counts();
    const orders = [
      { idempotencyKey: 'batch-a', order: orderBody({ title: 'Batch order A' }) },
      { idempotencyKey: 'batch-b', order: orderBody({ title: 'x', customer: { name: '' } }) },
      { idempotencyKey: 'batch-c', order: orderBody({ title: 'Batch order C', custom: { contractLevel: 'Basic' } }) },
      { order: orderBody({ title: 'Batch order without a key' }) },
    ];
    const res = await batch({ orders });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: { index: number; status: number; order: { id: string } | null; error: ErrorBody['error'] | null }[]; summary: unknown };
    expect(body.results.map((r) => r.status)).toEqual([201, 400, 201, 201]);
    expect(body.results[1].error!.fieldErrors).toHaveProperty(['customer.name']);
    expect(body.summary).toEqual({ created: 3, replayed: 0, failed: 1 });
    expect((await counts()).orders).toBe(before.orders + 3);

    const again = await batch({ orders: orders.slice(0, 3) });
    const replay = (await again.json()) as typeof body;
    expect(replay.results.map((r) => r.status)).toEqual([200, 400, 200]);
    expect(replay.results[0].order!.id).toBe(body.results[0].order!.id);
    expect((await counts()).orders).toBe(before.orders + 3);

    const changed = await batch({ orders: [{ idempotencyKey: 'batch-a', order: orderBody({ title: 'Another A' }) }] });
    expect(((await changed.json()) as typeof body).results[0].status).toBe(409);
  });

  it('refuses an empty batch, more than 100 orders and a bad envelope, writing nothing', async () => {
    const before = await counts();
    expect((await batch({ orders: [] })).status).toBe(400);
    const tooMany = await batch({ orders: Array.from({ length: 101 }, (_, i) => ({ idempotencyKey: `many-${i}`, order: orderBody() })) });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as ErrorBody).error.fieldErrors).toHaveProperty('orders');
    const badKey = await batch({ orders: [{ idempotencyKey: '', order: orderBody() }] });
    expect(((await badKey.json()) as ErrorBody).error.fieldErrors).toHaveProperty(['orders.0.idempotencyKey']);
    expect((await batch({ nope: true })).status).toBe(400);
    expect(await counts()).toEqual(before);
  });
});
