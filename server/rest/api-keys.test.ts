// Admins manage API keys through tRPC; the key is shown once, only its hash is kept, and a revoked key stops working at once.
// Keys are scoped: a key reads only the orders it created unless it has read_all, and creates only with create.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { createEngine, type Engine } from '../../engine/dispatch';
import { createContextInner } from '../context';
import { createCaller } from '../root';
import { demoPrincipal } from '../testing/principals';
import { listAudit } from '../../engine/audit';
import { DEMO_API_KEY } from '../../drizzle/seed/seed';
import { hashApiKey, presentedKey } from './api-keys';
import type { ErrorBody } from './http';
import type { PublicOrder } from './representation';
import { apiRequest, orderBody } from './testing/fixtures';
import { handleBatchWorkOrders, handleCreateWorkOrder, handleGetWorkOrder } from './work-orders';

let db: TestDatabase;
let deps: Engine;
let admin: ReturnType<typeof createCaller>;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.db, { orders: 0 });
  deps = createEngine({ db: db.db, cacheTtlMs: 0 });
  admin = createCaller(createContextInner({ db: db.db, principal: await demoPrincipal(db.db, 'admin') }));
});
afterAll(() => db?.dispose());

describe('apiKeys router', () => {
  it('creates a key, shows it once, stores only its hash, and the key works', async () => {
    const created = await admin.apiKeys.create({ name: '  Partner portal ' });
    expect(created.key).toMatch(/^dsk_[A-Za-z0-9_-]{43}$/);
    expect(created.name).toBe('Partner portal');
    expect(created.prefix).toBe(created.key.slice(0, 12));
    expect(created.scopes).toEqual(['create', 'read_own']);

    const [row] = await db.db.select().from(s.apiKeys).where(eq(s.apiKeys.id, created.id));
    expect(row.hash).toBe(hashApiKey(created.key));
    expect(Object.values(row)).not.toContain(created.key);
    expect(row.createdBy).toBeTruthy();

    const list = await admin.apiKeys.list();
    const listed = list.find((k) => k.id === created.id)!;
    expect(listed).toEqual(
      expect.objectContaining({ name: 'Partner portal', prefix: created.prefix, scopes: ['create', 'read_own'], lastUsedAt: null, revokedAt: null, createdBy: expect.objectContaining({ name: 'Alex Admin' }) }),
    );
    expect(listed).not.toHaveProperty('hash');
    expect(listed).not.toHaveProperty('key');
    expect(list.some((k) => k.id === 'key-webform')).toBe(true);

    const res = await handleCreateWorkOrder(apiRequest('/api/v1/work-orders', { key: created.key, body: orderBody() }), deps);
    expect(res.status).toBe(201);
    const used = (await admin.apiKeys.list()).find((k) => k.id === created.id)!;
    expect(used.lastUsedAt).toBeInstanceOf(Date);
  });

  it('revokes a key: requests with it get 401 from then on; revoking again keeps the first time', async () => {
    const created = await admin.apiKeys.create({ name: 'Old integration' });
    const first = await admin.apiKeys.revoke({ id: created.id });
    expect(first.revokedAt).toBeInstanceOf(Date);
    const again = await admin.apiKeys.revoke({ id: created.id });
    expect(again.revokedAt!.getTime()).toBe(first.revokedAt!.getTime());
    const res = await handleCreateWorkOrder(apiRequest('/api/v1/work-orders', { key: created.key, body: orderBody() }), deps);
    expect(res.status).toBe(401);
    expect((await admin.apiKeys.list()).find((k) => k.id === created.id)!.revokedAt).toBeInstanceOf(Date);
  });

  it('refuses an empty name, no scopes or an unknown scope, and an unknown key id', async () => {
    await expect(admin.apiKeys.create({ name: '   ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.apiKeys.create({ name: 'Nothing', scopes: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/at least one scope/) });
    await expect(admin.apiKeys.create({ name: 'Root', scopes: ['admin' as 'create'] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.apiKeys.revoke({ id: 'no-such-key' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reads the key from a bearer token or X-API-Key', () => {
    expect(presentedKey(new Headers({ authorization: 'Bearer dsk_abc' }))).toBe('dsk_abc');
    expect(presentedKey(new Headers({ authorization: 'bearer   dsk_abc ' }))).toBe('dsk_abc');
    expect(presentedKey(new Headers({ 'x-api-key': ' dsk_abc ' }))).toBe('dsk_abc');
    expect(presentedKey(new Headers({ authorization: 'Basic Zm9vOmJhcg==' }))).toBeNull();
    expect(presentedKey(new Headers())).toBeNull();
  });
});

describe('API key scopes', () => {
  const create = (key: string, body = orderBody()) => handleCreateWorkOrder(apiRequest('/api/v1/work-orders', { key, body }), deps);
  const get = (key: string, ref: string) => handleGetWorkOrder(apiRequest(`/api/v1/work-orders/${encodeURIComponent(ref)}`, { key }), deps, ref);

  let mine: { key: string; id: string };
  let other: { key: string; id: string };
  let ownOrder: PublicOrder;
  let otherOrder: PublicOrder;

  beforeAll(async () => {
    mine = await admin.apiKeys.create({ name: 'Web form (scoped)', scopes: ['create', 'read_own'] });
    other = await admin.apiKeys.create({ name: 'Phone app', scopes: ['read_own', 'create'] });
    ownOrder = (await (await create(mine.key, orderBody({ title: 'Mine: leaking tap' }))).json()) as PublicOrder;
    otherOrder = (await (await create(other.key, orderBody({ title: 'Theirs: broken boiler' }))).json()) as PublicOrder;
  });

  it('reads the orders the key created, by id and by number', async () => {
    for (const ref of [ownOrder.id, ownOrder.number]) {
      const res = await get(mine.key, ref);
      expect(res.status).toBe(200);
      expect(((await res.json()) as PublicOrder).id).toBe(ownOrder.id);
    }
  });

  it("answers 404 for another key's order, by id and by number, exactly as for an unknown order", async () => {
    for (const ref of [otherOrder.id, otherOrder.number]) {
      const res = await get(mine.key, ref);
      expect(res.status).toBe(404);
      const body = (await res.json()) as ErrorBody;
      expect(body.error).toEqual({ code: 'not_found', message: `Work order "${ref}" was not found` });
      expect(JSON.stringify(body)).not.toContain(otherOrder.title);
    }
    // Nor is the key's order the demo key's.
    expect((await get(DEMO_API_KEY, ownOrder.id)).status).toBe(404);
  });

  it('with read_all reads every order', async () => {
    const reader = await admin.apiKeys.create({ name: 'Reporting', scopes: ['read_all'] });
    for (const ref of [ownOrder.id, otherOrder.number]) expect((await get(reader.key, ref)).status).toBe(200);
  });

  it('without create gets 403 on POST, single and batch, and nothing is written', async () => {
    const reader = await admin.apiKeys.create({ name: 'Read only', scopes: ['read_own'] });
    const orders = await db.db.select({ id: s.workOrders.id }).from(s.workOrders);
    const single = await create(reader.key);
    expect(single.status).toBe(403);
    expect(((await single.json()) as ErrorBody).error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/create scope/) });
    const batch = await handleBatchWorkOrders(apiRequest('/api/v1/work-orders/batch', { key: reader.key, body: { orders: [{ order: orderBody() }] } }), deps);
    expect(batch.status).toBe(403);
    expect((await db.db.select({ id: s.workOrders.id }).from(s.workOrders)).length).toBe(orders.length);
  });

  it('without read_own does not read even its own orders', async () => {
    const writer = await admin.apiKeys.create({ name: 'Write only', scopes: ['create'] });
    const res = await create(writer.key);
    expect(res.status).toBe(201);
    const made = (await res.json()) as PublicOrder;
    expect((await get(writer.key, made.id)).status).toBe(404);
  });

  it('a revoked key is refused at once, on read and on create', async () => {
    const doomed = await admin.apiKeys.create({ name: 'Doomed', scopes: ['create', 'read_own'] });
    const made = (await (await create(doomed.key)).json()) as PublicOrder;
    expect((await get(doomed.key, made.id)).status).toBe(200);
    await admin.apiKeys.revoke({ id: doomed.id });
    expect((await get(doomed.key, made.id)).status).toBe(401);
    expect((await create(doomed.key)).status).toBe(401);
  });

  it('writes key creation and revocation to the audit log with name and scopes, never the key or its hash', async () => {
    const key = await admin.apiKeys.create({ name: 'Audited', scopes: ['read_all'] });
    await admin.apiKeys.revoke({ id: key.id });
    const { entries } = await listAudit(db.db, { entityType: 'api_key', entityId: key.id });
    expect(entries.map((e) => e.action)).toEqual(['api_key.revoke', 'api_key.create']);
    expect(entries[1]).toMatchObject({ actorName: 'Alex Admin', before: null, after: { name: 'Audited', prefix: key.prefix, scopes: ['read_all'] } });
    expect(entries[0]).toMatchObject({ before: { revokedAt: null }, after: { revokedAt: expect.any(String) } });
    const text = JSON.stringify(entries);
    expect(text).not.toContain(key.key);
    expect(text).not.toContain(hashApiKey(key.key));
  });
});
