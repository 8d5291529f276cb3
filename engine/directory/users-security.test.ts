// Permissions are never self-granted: only an admin holding manage_users changes users, never their
// own permissions, role or active flag; a password reset ends the user's sessions; installations
// where nobody holds manage_users get it for their active admins at start (DESIGN.md, "Security model").
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../drizzle/prepare';
import * as s from '../../drizzle/schema';
import { DEMO_PASSWORD } from '../../drizzle/seed/demo-data';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { createAuth, type Auth } from '../../server/auth';
import { createContextInner, createRequestContext } from '../../server/context';
import { createCaller } from '../../server/root';
import { demoPrincipal } from '../../server/testing/principals';
import { listAudit } from '../audit';
import { ForbiddenError } from '../errors';
import type { Principal } from '../principal';
import { updateUser } from './directory';

const BASE = 'http://localhost:3000';
const SECRET = 'test-secret-test-secret-test-secret-0123';

let db: TestDatabase;
let admin: Principal;
let caller: ReturnType<typeof createCaller>;
let auth: Auth;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.db, { orders: 0 });
  admin = await demoPrincipal(db.db, 'admin');
  caller = createCaller(createContextInner({ db: db.db, principal: admin }));
  auth = createAuth(db.db, { secret: SECRET, baseURL: BASE });
});
afterAll(() => db?.dispose());

const permissionsOf = async (userId: string) =>
  (await db.db.select({ p: s.userPermissions.permission }).from(s.userPermissions).where(eq(s.userPermissions.userId, userId)))
    .map((r) => r.p)
    .sort();

const userData = (u: { name: string; email: string; role: s.Role; providerId: string | null }, permissions: s.Permission[], password?: string) => ({
  name: u.name,
  email: u.email,
  role: u.role,
  providerId: u.providerId,
  permissions,
  ...(password ? { password } : {}),
});

async function signIn(email: string, password: string) {
  const response = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
  return response.headers.get('set-cookie')?.split(';')[0] ?? null;
}

describe('permissions cannot be self-granted', () => {
  it('refuses an admin granting themselves a permission, and writes nothing', async () => {
    const before = await permissionsOf(admin.id);
    const auditBefore = (await listAudit(db.db, { entityId: admin.id })).entries.length;
    // Remove one first (as if another admin had), then try to take it back oneself.
    await db.db.delete(s.userPermissions).where(and(eq(s.userPermissions.userId, admin.id), eq(s.userPermissions.permission, 'reallocate')));
    const err = await caller.directory.users
      .update({ id: admin.id, data: userData(admin, [...before]) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe('FORBIDDEN');
    expect((err as TRPCError).message).toMatch(/your own permissions/);
    expect(await permissionsOf(admin.id)).not.toContain('reallocate');
    expect((await listAudit(db.db, { entityId: admin.id })).entries.length).toBe(auditBefore);
    await db.db.insert(s.userPermissions).values({ userId: admin.id, permission: 'reallocate' });
  });

  it('refuses an admin removing their own permission or changing their own role', async () => {
    const mine = await permissionsOf(admin.id);
    await expect(updateUser(db.db, admin.id, userData(admin, mine.filter((p) => p !== 'manage_users')), admin)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(caller.directory.users.update({ id: admin.id, data: { ...userData(admin, mine), role: 'dispatcher' } })).rejects.toThrow(/your own role/);
    expect(await permissionsOf(admin.id)).toEqual(mine);
    const [me] = await db.db.select().from(s.users).where(eq(s.users.id, admin.id));
    expect(me.role).toBe('admin');
  });

  it('lets an admin edit their own name with their permissions unchanged', async () => {
    const mine = await permissionsOf(admin.id);
    await caller.directory.users.update({ id: admin.id, data: userData({ ...admin, name: 'Alex A. Admin' }, mine) });
    const [me] = await db.db.select().from(s.users).where(eq(s.users.id, admin.id));
    expect(me.name).toBe('Alex A. Admin');
    await caller.directory.users.update({ id: admin.id, data: userData(admin, mine) });
  });

  it('refuses an admin deactivating or reactivating themselves', async () => {
    await expect(caller.directory.users.setActive({ id: admin.id, active: false })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.directory.users.setActive({ id: admin.id, active: true })).rejects.toThrow(/your own sign-in/);
  });

  it('refuses every user write to an admin without manage_users; reading the list stays allowed', async () => {
    const without: Principal = { ...admin, permissions: admin.permissions.filter((p) => p !== 'manage_users') };
    const weak = createCaller(createContextInner({ db: db.db, principal: without }));
    const [dispatcher] = await db.db.select().from(s.users).where(eq(s.users.email, 'dispatcher@hudson.example'));
    const attempts = [
      weak.directory.users.create({ name: 'Sam Sneaky', email: 'sam@hudson.example', role: 'admin', permissions: ['manage_users'], password: 'a-long-password-1' }),
      weak.directory.users.update({ id: dispatcher.id, data: userData(dispatcher, ['reallocate', 'manage_users']) }),
      weak.directory.users.update({ id: without.id, data: userData(without, [...without.permissions, 'manage_users']) }),
      weak.directory.users.setActive({ id: dispatcher.id, active: false }),
    ];
    for (const attempt of attempts) await expect(attempt).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/manage_users/) });
    expect(await permissionsOf(dispatcher.id)).toEqual(['reallocate']);
    expect((await weak.directory.users.list()).length).toBeGreaterThan(3);
  });

  it('lets an admin holding manage_users grant and remove permissions of another user, logging the lists', async () => {
    const [dispatcher] = await db.db.select().from(s.users).where(eq(s.users.email, 'dispatcher@hudson.example'));
    await caller.directory.users.update({ id: dispatcher.id, data: userData(dispatcher, ['reallocate', 'publish_flows']) });
    await caller.directory.users.update({ id: dispatcher.id, data: userData(dispatcher, ['publish_flows']) });
    const { entries } = await listAudit(db.db, { entityType: 'permission', entityId: dispatcher.id });
    expect(entries.map((e) => e.action)).toEqual(['permission.remove', 'permission.grant']);
    expect(entries[1]).toMatchObject({
      actorId: admin.id,
      actorName: admin.name,
      before: { permissions: ['reallocate'] },
      after: { permissions: ['publish_flows', 'reallocate'], granted: ['publish_flows'], removed: [] },
    });
    expect(entries[0]).toMatchObject({ before: { permissions: ['publish_flows', 'reallocate'] }, after: { permissions: ['publish_flows'], removed: ['reallocate'] } });
    await caller.directory.users.update({ id: dispatcher.id, data: userData(dispatcher, ['reallocate']) });
  });
});

describe("an admin's password reset", () => {
  it("ends the user's sessions in the same change, and logs the reset without the password", async () => {
    const [user] = await db.db.select().from(s.users).where(eq(s.users.email, 'engineer@hudson.example'));
    const cookie = await signIn(user.email, DEMO_PASSWORD);
    expect(cookie).toMatch(/session_token=/);
    const headers = new Headers({ cookie: cookie! });
    expect((await auth.api.getSession({ headers }))?.user.id).toBe(user.id);

    const newPassword = 'a-brand-new-password-42';
    await caller.directory.users.update({ id: user.id, data: userData(user, await permissionsOf(user.id), newPassword) });

    expect(await auth.api.getSession({ headers })).toBeNull();
    expect((await createRequestContext({ database: db, auth, headers })).principal).toBeNull();
    expect(await db.db.select().from(s.sessions).where(eq(s.sessions.userId, user.id))).toEqual([]);
    expect(await signIn(user.email, DEMO_PASSWORD)).toBeNull();
    expect(await signIn(user.email, newPassword)).toMatch(/session_token=/);

    const [entry] = (await listAudit(db.db, { action: 'user.password_reset', entityId: user.id })).entries;
    expect(entry).toMatchObject({ actorId: admin.id, entityType: 'user', after: { passwordReset: true, sessionsEnded: 1 } });
    const text = JSON.stringify(await listAudit(db.db, { entityId: user.id }));
    expect(text).not.toContain(newPassword);
    const [account] = await db.db.select().from(s.accounts).where(eq(s.accounts.userId, user.id));
    expect(text).not.toContain(account.password!);
  });

  it('a plain edit keeps the sessions', async () => {
    const [user] = await db.db.select().from(s.users).where(eq(s.users.email, 'dispatcher@hudson.example'));
    const cookie = await signIn(user.email, DEMO_PASSWORD);
    await caller.directory.users.update({ id: user.id, data: userData({ ...user, name: 'Dana Dispatcher-Lee' }, await permissionsOf(user.id)) });
    expect((await auth.api.getSession({ headers: new Headers({ cookie: cookie! }) }))?.user.id).toBe(user.id);
    const [entry] = (await listAudit(db.db, { action: 'user.update', entityId: user.id })).entries;
    expect(entry.before).toEqual({ name: user.name });
    expect(entry.after).toEqual({ name: 'Dana Dispatcher-Lee' });
  });
});

describe('manage_users bootstrap', () => {
  it('grants manage_users to every active admin when no active admin holds it, once, as the system', async () => {
    const second = await caller.directory.users.create({ name: 'Bea Boss', email: 'bea@hudson.example', role: 'admin', permissions: ['publish_flows'], password: 'a-long-password-2' });
    const retired = await caller.directory.users.create({ name: 'Old Admin', email: 'old@hudson.example', role: 'admin', permissions: [], password: 'a-long-password-3' });
    await caller.directory.users.setActive({ id: retired.id, active: false });
    // As an installation from before the permission existed: nobody holds it.
    await db.db.delete(s.userPermissions).where(eq(s.userPermissions.permission, 'manage_users'));

    await prepareDatabase(db, { seedIfEmpty: false });
    expect(await permissionsOf(admin.id)).toContain('manage_users');
    expect(await permissionsOf(second.id)).toEqual(['manage_users', 'publish_flows']);
    expect(await permissionsOf(retired.id)).toEqual([]);
    const { entries } = await listAudit(db.db, { actorId: 'system', action: 'permission.grant' });
    expect(entries.map((e) => e.entityId).sort()).toEqual([admin.id, second.id].sort());
    const bea = entries.find((e) => e.entityId === second.id)!;
    expect(bea).toMatchObject({ actorId: null, actorName: 'system', before: { permissions: ['publish_flows'] }, after: { permissions: ['manage_users', 'publish_flows'], granted: ['manage_users'] } });

    // Held by a non-admin only, it is of no use (only admins manage users): the admins get it.
    const [dispatcher] = await db.db.select().from(s.users).where(eq(s.users.email, 'dispatcher@hudson.example'));
    await db.db.delete(s.userPermissions).where(eq(s.userPermissions.permission, 'manage_users'));
    await db.db.insert(s.userPermissions).values({ userId: dispatcher.id, permission: 'manage_users' });
    await prepareDatabase(db, { seedIfEmpty: false });
    expect(await permissionsOf(admin.id)).toContain('manage_users');
    expect((await listAudit(db.db, { actorId: 'system', action: 'permission.grant' })).entries).toHaveLength(4);

    // An admin holds it now: starting again changes nothing.
    await prepareDatabase(db, { seedIfEmpty: false });
    expect((await listAudit(db.db, { actorId: 'system', action: 'permission.grant' })).entries).toHaveLength(4);
  });
});
