// Admins manage API keys through tRPC; the key is shown once, only its hash is kept, and a revoked key stops working at once.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { createEngineCaches } from '../../engine/dispatch';
import { createContextInner } from '../context';
import { createCaller } from '../root';
import { demoPrincipal } from '../testing/principals';
import { hashApiKey, presentedKey } from './api-keys';
import { apiRequest, orderBody } from './testing/fixtures';
import { handleCreateWorkOrder, type RestDeps } from './work-orders';

let db: TestDatabase;
let deps: RestDeps;
let admin: ReturnType<typeof createCaller>;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.db, { orders: 0 });
  deps = { db: db.db, caches: createEngineCaches(), now: () => new Date() };
  admin = createCaller(createContextInner({ db: db.db, principal: await demoPrincipal(db.db, 'admin') }));
});
afterAll(() => db?.dispose());

describe('apiKeys router', () => {
  it('creates a key, shows it once, stores only its hash, and the key works', async () => {
    const created = await admin.apiKeys.create({ name: '  Partner portal ' });
    expect(created.key).toMatch(/^dsk_[A-Za-z0-9_-]{43}$/);
    expect(created.name).toBe('Partner portal');
    expect(created.prefix).toBe(created.key.slice(0, 12));

    const [row] = await db.db.select().from(s.apiKeys).where(eq(s.apiKeys.id, created.id));
    expect(row.hash).toBe(hashApiKey(created.key));
    expect(Object.values(row)).not.toContain(created.key);
    expect(row.createdBy).toBeTruthy();

    const list = await admin.apiKeys.list();
    const listed = list.find((k) => k.id === created.id)!;
    expect(listed).toEqual(
      expect.objectContaining({ name: 'Partner portal', prefix: created.prefix, lastUsedAt: null, revokedAt: null, createdBy: expect.objectContaining({ name: 'Alex Admin' }) }),
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

  it('refuses an empty name and an unknown key id', async () => {
    await expect(admin.apiKeys.create({ name: '   ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
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
