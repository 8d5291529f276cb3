import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { TRPCError } from '@trpc/server';
import { count, eq, isNotNull } from 'drizzle-orm';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { createContextInner } from '../../server/context';
import { appRouter, createCaller } from '../../server/root';
import { demoPrincipal } from '../../server/testing/principals';
import type { Principal } from '../principal';

describe('directory', () => {
  let db: TestDatabase;
  let admin: Principal;
  let caller: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 30 });
    admin = await demoPrincipal(db.db, 'admin');
    caller = createCaller(createContextInner({ db: db.db, principal: admin }));
  });
  afterAll(() => db?.dispose());

  const rows = async (table: typeof s.serviceGroups | typeof s.serviceProviders | typeof s.engineers | typeof s.users | typeof s.customFieldDefs) =>
    (await db.db.select({ n: count() }).from(table))[0].n;

  /** Calls over HTTP, so the response carries the formatted error with its field errors. */
  async function post(path: string, input: unknown) {
    const req = new Request(`http://localhost/api/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(superjson.serialize(input)),
    });
    const res = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req,
      router: appRouter,
      createContext: () => createContextInner({ db: db.db, principal: admin }),
    });
    return { status: res.status, body: (await res.json()) as { error?: { json: { message: string; data: { code: string; fieldErrors: Record<string, string[]> | null } } } } };
  }

  it('shows field errors for a bad service group and writes nothing', async () => {
    const before = await rows(s.serviceGroups);
    const { status, body } = await post('directory.groups.create', { name: 'x', kind: 'robots', memberIds: [] });
    expect(status).toBe(400);
    expect(body.error!.json.data.code).toBe('BAD_REQUEST');
    expect(Object.keys(body.error!.json.data.fieldErrors!).sort()).toEqual(['kind', 'name']);
    expect(body.error!.json.data.fieldErrors!.name[0]).toMatch(/at least 2/i);
    expect(await rows(s.serviceGroups)).toBe(before);
  });

  it('refuses a duplicate group name by the field', async () => {
    const before = await rows(s.serviceGroups);
    const { status, body } = await post('directory.groups.create', { name: 'north metro', kind: 'engineers' });
    expect(status).toBe(400);
    expect(body.error!.json.data.fieldErrors!.name[0]).toMatch(/already exists/);
    expect(await rows(s.serviceGroups)).toBe(before);
  });

  it('refuses members of the wrong kind and writes nothing', async () => {
    const before = await rows(s.serviceGroups);
    const { body } = await post('directory.groups.create', { name: 'Bad Members', kind: 'engineers', memberIds: ['sp-coolfix'] });
    expect(body.error!.json.data.fieldErrors!.memberIds[0]).toMatch(/sp-coolfix/);
    expect(await rows(s.serviceGroups)).toBe(before);
  });

  it('creates and edits a group with members and dispatchers', async () => {
    const [gd] = await db.db.select().from(s.users).where(eq(s.users.role, 'group_dispatcher'));
    const group = await caller.directory.groups.create({ name: 'Night Shift', kind: 'engineers', memberIds: ['e-002', 'e-003'], dispatcherIds: [gd.id] });
    let read = await caller.directory.groups.get({ id: group.id });
    expect(read.memberIds.sort()).toEqual(['e-002', 'e-003']);
    expect(read.dispatchers.map((d) => d.id)).toEqual([gd.id]);
    await caller.directory.groups.update({ id: group.id, data: { name: 'Night Shift North', kind: 'engineers', memberIds: ['e-004'], dispatcherIds: [] } });
    read = await caller.directory.groups.get({ id: group.id });
    expect(read.name).toBe('Night Shift North');
    expect(read.memberIds).toEqual(['e-004']);
  });

  it('validates providers: tenant, capacity and rating', async () => {
    const before = await rows(s.serviceProviders);
    const { body } = await post('directory.providers.create', { name: 'Fixers', tenantId: '', tenantName: 'Fixers', capacity: -1, rating: 9 });
    expect(Object.keys(body.error!.json.data.fieldErrors!).sort()).toEqual(['capacity', 'rating', 'tenantId']);
    const dup = await post('directory.providers.create', { name: 'Fixers', tenantId: 't-901', tenantName: 'Fixers', capacity: 5 });
    expect(dup.body.error!.json.data.fieldErrors!.tenantId[0]).toMatch(/already connected/);
    expect(await rows(s.serviceProviders)).toBe(before);
  });

  it('validates engineers: location range and skills', async () => {
    const before = await rows(s.engineers);
    const { body } = await post('directory.engineers.create', {
      name: 'Zed', status: 'sleeping', region: 'North', capacity: 3, location: { lat: 123, lng: -74 },
    });
    expect(Object.keys(body.error!.json.data.fieldErrors!).sort()).toEqual(['location.lat', 'status']);
    expect(await rows(s.engineers)).toBe(before);
    const e = await caller.directory.engineers.create({ name: 'Zed Ortiz', status: 'available', region: 'North', capacity: 3, skills: ['hvac', 'hvac'], location: { lat: 40.8, lng: -73.9 } });
    expect(e.skills).toEqual(['hvac']);
    expect(e.locationAt).toBeInstanceOf(Date);
  });

  it('validates users: provider roles need a provider, emails are unique, passwords are long enough', async () => {
    const before = await rows(s.users);
    const a = await post('directory.users.create', { name: 'Pat', email: 'pat@x.example', role: 'provider_dispatcher', password: 'long-enough-password' });
    expect(a.body.error!.json.data.fieldErrors!.providerId).toBeTruthy();
    const b = await post('directory.users.create', { name: 'Pat', email: 'admin@hudson.example', role: 'dispatcher', password: 'long-enough-password' });
    expect(b.body.error!.json.data.fieldErrors!.email[0]).toMatch(/already has a sign-in/);
    const c = await post('directory.users.create', { name: 'Pat', email: 'not-an-email', role: 'dispatcher', password: 'short' });
    expect(Object.keys(c.body.error!.json.data.fieldErrors!).sort()).toEqual(['email', 'password']);
    expect(await rows(s.users)).toBe(before);
  });

  it('grants and revokes the reallocate permission', async () => {
    const u = await caller.directory.users.create({ name: 'Robin Reyes', email: 'robin@hudson.example', role: 'dispatcher', permissions: ['reallocate'], password: 'a-good-password-1' });
    let listed = (await caller.directory.users.list()).find((x) => x.id === u.id)!;
    expect(listed.permissions).toEqual(['reallocate']);
    await caller.directory.users.update({ id: u.id, data: { name: 'Robin Reyes', email: 'robin@hudson.example', role: 'dispatcher', permissions: [] } });
    listed = (await caller.directory.users.list()).find((x) => x.id === u.id)!;
    expect(listed.permissions).toEqual([]);
  });

  it('validates custom fields: names usable in rules, enum values', async () => {
    const before = await rows(s.customFieldDefs);
    const { body } = await post('directory.customFields.create', { name: '1 bad name', label: 'Bad', type: 'enum', options: ['only'] });
    expect(Object.keys(body.error!.json.data.fieldErrors!).sort()).toEqual(['name', 'options']);
    expect(await rows(s.customFieldDefs)).toBe(before);
    const f = await caller.directory.customFields.create({ name: 'siteRisk', label: 'Site risk', type: 'enum', options: ['Low', 'High'], required: true });
    await expect(caller.directory.customFields.update({ id: f.id, data: { name: 'siteRisk', label: 'Site risk', type: 'number', options: [] } })).rejects.toThrow(
      TRPCError,
    );
  });

  it('refuses an admin deactivating their own sign-in', async () => {
    await expect(caller.directory.users.setActive({ id: admin.id, active: false })).rejects.toThrow(/your own sign-in/);
    const [me] = await db.db.select().from(s.users).where(eq(s.users.id, admin.id));
    expect(me.active).toBe(true);
  });

  it('deactivates without deleting, and history stays intact', async () => {
    const [order] = await db.db.select().from(s.workOrders).where(isNotNull(s.workOrders.providerId)).limit(1);
    const providerId = order.providerId!;
    const eventsBefore = (await db.db.select().from(s.orderEvents).where(eq(s.orderEvents.orderId, order.id))).length;
    await caller.directory.providers.setActive({ id: providerId, active: false });
    await caller.directory.engineers.setActive({ id: 'e-002', active: false });
    const [provider] = await db.db.select().from(s.serviceProviders).where(eq(s.serviceProviders.id, providerId));
    expect(provider.active).toBe(false);
    const [stillThere] = await db.db.select().from(s.workOrders).where(eq(s.workOrders.id, order.id));
    expect(stillThere.providerId).toBe(providerId);
    expect((await db.db.select().from(s.orderEvents).where(eq(s.orderEvents.orderId, order.id))).length).toBe(eventsBefore);
    await caller.directory.providers.setActive({ id: providerId, active: true });
  });
});
