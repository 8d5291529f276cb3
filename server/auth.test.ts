import http from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../drizzle/client';
import * as s from '../drizzle/schema';
import { DEMO_PASSWORD } from '../drizzle/seed/demo-data';
import { seedDemoData } from '../drizzle/seed/seed';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../drizzle/testing';
import { setUserActive } from '../engine/directory';
import { createAuth, type Auth } from './auth';
import { PEER_ADDRESS_HEADER, UNKNOWN_ADDRESS, clientAddress } from './client-address';
import { installRequestHooks } from './request-hooks';
import { DEFAULT_THROTTLE_POLICIES, backOffMs, pruneSignInThrottle, throttledMessage } from './sign-in-throttle';
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

// ---------------------------------------------------------------------------------------------
// Sign-in throttling: per account and per client address, counted in the database
// ---------------------------------------------------------------------------------------------

const SECRET = 'test-secret-test-secret-test-secret-0123';
const WRONG = 'not-the-password';

/** A sign-in through better-auth's HTTP handler, as /api/auth/sign-in/email receives it. */
async function postSignIn(auth: Auth, email: string, password: string, from: { peer?: string; forwardedFor?: string } = {}) {
  const headers = new Headers({ 'content-type': 'application/json', origin: BASE });
  if (from.peer) headers.set(PEER_ADDRESS_HEADER, from.peer);
  if (from.forwardedFor) headers.set('x-forwarded-for', from.forwardedFor);
  const response = await auth.handler(new Request(`${BASE}/api/auth/sign-in/email`, { method: 'POST', headers, body: JSON.stringify({ email, password }) }));
  const body = (await response.json().catch(() => null)) as { message?: string; code?: string } | null;
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body, cookie: response.headers.get('set-cookie')?.split(';')[0] ?? null };
}

async function throttleRows(db: TestDatabase) {
  return db.db.select().from(s.signInThrottle);
}

describe('clientAddress', () => {
  const h = (entries: Record<string, string>) => new Headers(entries);
  it('with no trusted hops is the peer, whatever X-Forwarded-For says', () => {
    expect(clientAddress(h({ [PEER_ADDRESS_HEADER]: '198.51.100.7', 'x-forwarded-for': '203.0.113.1' }), 0)).toBe('198.51.100.7');
    expect(clientAddress(h({ [PEER_ADDRESS_HEADER]: '::ffff:198.51.100.7' }), 0)).toBe('198.51.100.7');
  });
  it('with one trusted hop is the entry the proxy added, not what the client sent before it', () => {
    const headers = h({ [PEER_ADDRESS_HEADER]: '10.0.0.2', 'x-forwarded-for': '203.0.113.1, 198.51.100.7' });
    expect(clientAddress(headers, 1)).toBe('198.51.100.7');
    expect(clientAddress(headers, 2)).toBe('203.0.113.1');
    // More hops configured than entries: the leftmost is all there is.
    expect(clientAddress(h({ [PEER_ADDRESS_HEADER]: '10.0.0.2', 'x-forwarded-for': '198.51.100.7' }), 3)).toBe('198.51.100.7');
  });
  it('is unknown without the peer header: a bare X-Forwarded-For is never trusted', () => {
    expect(clientAddress(h({ 'x-forwarded-for': '203.0.113.1' }), 0)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(h({ 'x-forwarded-for': '203.0.113.1, 198.51.100.7' }), 1)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(undefined, 0)).toBe(UNKNOWN_ADDRESS);
  });
});

describe('installRequestHooks (instrumentation.ts)', () => {
  it("stamps every request with its socket's address, overwriting what the client sent", async () => {
    await installRequestHooks();
    await installRequestHooks(); // once per process, however often it is called
    const seen: (string | string[] | undefined)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers[PEER_ADDRESS_HEADER]);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_ADDRESS_HEADER]: '203.0.113.10', 'x-forwarded-for': '203.0.113.9' } });
      await fetch(`http://127.0.0.1:${port}/`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(seen).toEqual(['127.0.0.1', '127.0.0.1']);
  });
});

describe('backOffMs', () => {
  it('is free for the first failures, then doubles from 1 s up to its cap', () => {
    const policy = DEFAULT_THROTTLE_POLICIES.account;
    expect([1, 5, 6, 7, 8, 9].map((f) => backOffMs(f, policy))).toEqual([0, 0, 1_000, 2_000, 4_000, 8_000]);
    expect(backOffMs(30, policy)).toBe(15 * 60_000);
    expect(backOffMs(10_000, policy)).toBe(15 * 60_000);
  });
});

describe('sign-in throttling', () => {
  let db: TestDatabase;
  let auth: Auth;
  let clock: Date;
  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };
  const makeAuth = (trustedProxyHops = 0) => createAuth(db.db, { secret: SECRET, baseURL: BASE, trustedProxyHops, now: () => clock });

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 1 });
    auth = makeAuth();
  });
  afterAll(() => db?.dispose());
  beforeEach(async () => {
    clock = new Date('2026-03-02T09:00:00Z');
    await db.db.delete(s.signInThrottle);
  });

  it('answers 429 with Retry-After and "try again in N s" once an account backs off', async () => {
    const from = { peer: '198.51.100.10' };
    for (let i = 0; i < 6; i++) expect((await postSignIn(auth, 'dispatcher@hudson.example', WRONG, from)).status).toBe(401);
    const refused = await postSignIn(auth, 'dispatcher@hudson.example', DEMO_PASSWORD, from);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe('1');
    expect(refused.body?.message).toBe('Too many failed sign-ins; try again in 1 s.');
    expect(refused.cookie).toBeNull();
    // The same through auth.api (the sign-in page's Server Action calls it this way).
    const viaApi = auth.api.signInEmail({ body: { email: 'Dispatcher@Hudson.example', password: DEMO_PASSWORD }, headers: new Headers({ [PEER_ADDRESS_HEADER]: '198.51.100.11' }) });
    await expect(viaApi).rejects.toMatchObject({ statusCode: 429, body: { message: throttledMessage(1) } });
  });

  it('backs off exponentially, lets the right password in once the block ends, and starts afresh', async () => {
    const from = { peer: '198.51.100.20' };
    const email = 'engineer@hudson.example';
    for (let i = 0; i < 5; i++) expect((await postSignIn(auth, email, WRONG, from)).status).toBe(401);
    const waits: string[] = [];
    for (const expected of [1, 2, 4, 8]) {
      expect((await postSignIn(auth, email, WRONG, from)).status).toBe(401); // counted: the block grows
      const refused = await postSignIn(auth, email, WRONG, from);
      expect(refused.status).toBe(429);
      waits.push(refused.retryAfter!);
      advance(expected * 1000 - 1);
      expect((await postSignIn(auth, email, WRONG, from)).status).toBe(429); // not yet
      advance(1);
    }
    expect(waits).toEqual(['1', '2', '4', '8']);
    // Refused attempts are not counted: the account stands at 9 failures.
    const [account] = (await throttleRows(db)).filter((r) => r.scope === 'account');
    expect(account.failures).toBe(9);
    // The right password after the block: signed in, and the account's counter is gone.
    const ok = await postSignIn(auth, email, DEMO_PASSWORD, from);
    expect(ok.status).toBe(200);
    expect(ok.cookie).toMatch(/session_token=/);
    expect((await throttleRows(db)).filter((r) => r.scope === 'account')).toEqual([]);
  });

  it('forgets old failures after a quiet period', async () => {
    const from = { peer: '198.51.100.30' };
    for (let i = 0; i < 5; i++) await postSignIn(auth, 'dispatcher2@hudson.example', WRONG, from);
    advance(DEFAULT_THROTTLE_POLICIES.account.quietPeriodMs + 1);
    for (let i = 0; i < 5; i++) expect((await postSignIn(auth, 'dispatcher2@hudson.example', WRONG, from)).status).toBe(401);
    const [account] = (await throttleRows(db)).filter((r) => r.scope === 'account');
    expect(account.failures).toBe(5);
    expect(account.blockedUntil).toBeNull();
  });

  it('refuses thirty wrong passwords for one account from thirty addresses; the right user signs in from elsewhere after the back-off', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 30; i++) statuses.push((await postSignIn(auth, 'admin@hudson.example', `${WRONG}-${i}`, { peer: `203.0.113.${i}` })).status);
    expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(statuses.slice(6).every((st) => st === 429)).toBe(true);
    // No address was blocked: each tried once.
    expect((await throttleRows(db)).filter((r) => r.scope === 'address' && r.blockedUntil)).toEqual([]);
    // The admin from their own address: refused while the account backs off, then in.
    const home = { peer: '192.0.2.50' };
    const early = await postSignIn(auth, 'admin@hudson.example', DEMO_PASSWORD, home);
    expect(early.status).toBe(429);
    advance(Number(early.retryAfter) * 1000);
    const ok = await postSignIn(auth, 'admin@hudson.example', DEMO_PASSWORD, home);
    expect(ok.status).toBe(200);
    expect(ok.cookie).toMatch(/session_token=/);
  });

  it('with no trusted hops ignores a spoofed X-Forwarded-For: it neither escapes the address limit nor locks out the address it names', async () => {
    const attacker = '198.51.100.66';
    const victim = '192.0.2.77';
    const statuses: number[] = [];
    // One address trying many accounts, a different made-up X-Forwarded-For each time (the victim's among them).
    for (let i = 0; i < 24; i++) {
      statuses.push((await postSignIn(auth, `user${i}@hudson.example`, WRONG, { peer: attacker, forwardedFor: i % 2 ? victim : `203.0.113.${i}` })).status);
    }
    expect(statuses.slice(0, 21).every((st) => st === 401)).toBe(true);
    expect(statuses.slice(21).every((st) => st === 429)).toBe(true);
    const addresses = (await throttleRows(db)).filter((r) => r.scope === 'address');
    expect(addresses.map((r) => r.key)).toEqual([attacker]);
    // The victim, whose address the attacker named, signs in.
    const ok = await postSignIn(auth, 'dispatcher@hudson.example', DEMO_PASSWORD, { peer: victim });
    expect(ok.status).toBe(200);
    const [session] = await db.db.select().from(s.sessions).where(eq(s.sessions.token, decodeURIComponent(ok.cookie!.split('=')[1]).split('.')[0]));
    expect(session.ipAddress).toBe(victim);
  });

  it('with one trusted hop counts the address the proxy saw', async () => {
    const behindProxy = makeAuth(1);
    const proxy = '10.0.0.2';
    // The client behind the proxy claims to be someone else; the proxy appends what it saw.
    for (let i = 0; i < 3; i++) await postSignIn(behindProxy, 'nobody@hudson.example', WRONG, { peer: proxy, forwardedFor: `192.0.2.77, 198.51.100.${i}` });
    const addresses = (await throttleRows(db)).filter((r) => r.scope === 'address').map((r) => r.key);
    expect(addresses.sort()).toEqual(['198.51.100.0', '198.51.100.1', '198.51.100.2']);
  });

  it('a successful sign-in does not clear its address, only takes back its own attempt', async () => {
    const from = { peer: '198.51.100.90' };
    for (let i = 0; i < 3; i++) await postSignIn(auth, `probe${i}@hudson.example`, WRONG, from);
    expect((await postSignIn(auth, 'engineer@hudson.example', DEMO_PASSWORD, from)).status).toBe(200);
    const [address] = (await throttleRows(db)).filter((r) => r.scope === 'address');
    expect(address.failures).toBe(3);
  });

  it('does not count a deactivated user with the right password, nor a malformed request', async () => {
    const from = { peer: '198.51.100.91' };
    expect((await postSignIn(auth, 'not-an-email', WRONG, from)).status).toBe(400);
    const [user] = await db.db.select().from(s.users).where(eq(s.users.email, 'south.dispatcher@hudson.example'));
    await setUserActive(db.db, user.id, false);
    expect((await postSignIn(auth, 'south.dispatcher@hudson.example', DEMO_PASSWORD, from)).status).toBe(401);
    const rows = await throttleRows(db);
    expect(rows.every((r) => r.failures === 0)).toBe(true);
  });

  it('forgets rows quiet for longer than any policy remembers', async () => {
    const old = new Date(clock.getTime() - 2 * 60 * 60_000);
    await db.db.insert(s.signInThrottle).values([
      { scope: 'account', key: 'old@hudson.example', failures: 3, lastFailureAt: old },
      { scope: 'address', key: '192.0.2.200', failures: 30, lastFailureAt: old, blockedUntil: new Date(clock.getTime() + 60_000) },
      { scope: 'address', key: '192.0.2.201', failures: 2, lastFailureAt: clock },
    ]);
    await pruneSignInThrottle(db.db, clock);
    expect((await throttleRows(db)).map((r) => r.key).sort()).toEqual(['192.0.2.200', '192.0.2.201']);
  });

  it('without the peer header counts everything in one unknown address', async () => {
    await auth.api.signInEmail({ body: { email: 'nobody@hudson.example', password: WRONG }, headers: new Headers({ 'x-forwarded-for': '203.0.113.5' }) }).catch(() => null);
    const addresses = (await throttleRows(db)).filter((r) => r.scope === 'address').map((r) => r.key);
    expect(addresses).toEqual([UNKNOWN_ADDRESS]);
  });
});

describe.skipIf(!testServerUrl())('sign-in throttling across two app servers (Postgres)', () => {
  let db: TestDatabase;
  let second: Database;
  let one: Auth;
  let two: Auth;
  const clock = new Date('2026-03-02T09:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 1 });
    second = await openDatabase({ url: db.url!, poolMax: 10 });
    one = createAuth(db.db, { secret: SECRET, baseURL: BASE, now: () => clock });
    two = createAuth(second.db, { secret: SECRET, baseURL: BASE, now: () => clock });
  });
  afterAll(async () => {
    await second?.close();
    await db?.dispose();
  });

  it('sees one count: failures on either server add up, and both refuse', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await postSignIn(i % 2 ? two : one, 'dispatcher@hudson.example', WRONG, { peer: `203.0.113.${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
    const [row] = await second.db.select().from(s.signInThrottle).where(eq(s.signInThrottle.key, 'dispatcher@hudson.example'));
    expect(row.failures).toBe(6);
  });

  it('lets exactly one of a parallel burst on both servers through when the back-off starts', async () => {
    const email = 'engineer@hudson.example';
    for (let i = 0; i < 5; i++) await postSignIn(one, email, WRONG, { peer: `198.51.100.${i}` });
    const burst = await Promise.all(Array.from({ length: 16 }, (_, i) => postSignIn(i % 2 ? two : one, email, WRONG, { peer: `192.0.2.${i}` })));
    const statuses = burst.map((b) => b.status);
    expect(statuses.filter((st) => st === 401)).toHaveLength(1);
    expect(statuses.filter((st) => st === 429)).toHaveLength(15);
    const [row] = await db.db.select().from(s.signInThrottle).where(eq(s.signInThrottle.key, email));
    expect(row.failures).toBe(6);
  });
});
