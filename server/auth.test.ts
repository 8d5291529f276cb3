import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../drizzle/schema';
import { DEMO_PASSWORD } from '../drizzle/seed/demo-data';
import { seedDemoData } from '../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../drizzle/testing';
import { setUserActive } from '../engine/directory';
import { createAuth, type Auth } from './auth';
import { createRequestContext } from './context';

const BASE = 'http://localhost:3000';

async function signIn(auth: Auth, email: string, password: string) {
  const response = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
  const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? null;
  return { status: response.status, cookie };
}

describe('sign-in', () => {
  let db: TestDatabase;
  let auth: Auth;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 10 });
    auth = createAuth(db.db, { secret: 'test-secret-test-secret-test-secret-0123', baseURL: BASE });
  });
  afterAll(() => db?.dispose());

  it('signs in with the right password and stores the session in the database', async () => {
    const { status, cookie } = await signIn(auth, 'dispatcher@hudson.example', DEMO_PASSWORD);
    expect(status).toBe(200);
    expect(cookie).toMatch(/session_token=/);
    const ctx = await createRequestContext({ database: db, auth, headers: new Headers({ cookie: cookie! }) });
    expect(ctx.principal?.email).toBe('dispatcher@hudson.example');
    expect(ctx.principal?.role).toBe('dispatcher');
    expect(ctx.principal?.permissions).toContain('reallocate');
    const sessions = await db.db.select().from(s.sessions);
    expect(sessions.length).toBe(1);
  });

  it('refuses a wrong password and creates no session', async () => {
    const before = (await db.db.select().from(s.sessions)).length;
    const { status, cookie } = await signIn(auth, 'dispatcher@hudson.example', 'not-the-password');
    expect(status).toBe(401);
    expect(cookie).toBeNull();
    expect((await db.db.select().from(s.sessions)).length).toBe(before);
  });

  it('refuses an unknown email the same way', async () => {
    const { status } = await signIn(auth, 'nobody@hudson.example', DEMO_PASSWORD);
    expect(status).toBe(401);
  });

  it('refuses an expired session', async () => {
    const { cookie } = await signIn(auth, 'admin@hudson.example', DEMO_PASSWORD);
    const headers = new Headers({ cookie: cookie! });
    expect((await createRequestContext({ database: db, auth, headers })).principal?.role).toBe('admin');
    const [admin] = await db.db.select().from(s.users).where(eq(s.users.email, 'admin@hudson.example'));
    await db.db.update(s.sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(s.sessions.userId, admin.id));
    expect((await createRequestContext({ database: db, auth, headers })).principal).toBeNull();
  });

  it('signs out: the session cookie stops working', async () => {
    const { cookie } = await signIn(auth, 'engineer@hudson.example', DEMO_PASSWORD);
    const headers = new Headers({ cookie: cookie! });
    expect((await createRequestContext({ database: db, auth, headers })).principal?.role).toBe('engineer');
    await auth.api.signOut({ headers });
    expect((await createRequestContext({ database: db, auth, headers })).principal).toBeNull();
  });

  it('refuses a deactivated user, and ends their open sessions', async () => {
    const { cookie } = await signIn(auth, 'dispatcher2@hudson.example', DEMO_PASSWORD);
    const headers = new Headers({ cookie: cookie! });
    const [user] = await db.db.select().from(s.users).where(eq(s.users.email, 'dispatcher2@hudson.example'));
    await setUserActive(db.db, user.id, false);
    expect((await createRequestContext({ database: db, auth, headers })).principal).toBeNull();
    const again = await signIn(auth, 'dispatcher2@hudson.example', DEMO_PASSWORD);
    expect(again.cookie).toBeNull();
    expect(again.status).toBeGreaterThanOrEqual(400);
  });
});
