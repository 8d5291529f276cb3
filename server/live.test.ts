// Live updates come from the database: a notification the engine writes reaches its recipient's
// subscriber through LISTEN/NOTIFY — on Postgres over a second, separate connection (as another app
// server would hear it), on PGlite from the same instance — and reaches nobody else. On Postgres the
// listening connection survives being killed (pg_terminate_backend) and open streams are told to
// re-fetch; streams end with their session or scope, a client that does not read is dropped, and a
// user holds at most five streams.
import { and, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgListener, LISTEN_APPLICATION_NAME, openDatabase, queryRows, type Database } from '../drizzle/client';
import * as s from '../drizzle/schema';
import { seedDemoData } from '../drizzle/seed/seed';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../drizzle/testing';
import { assignOrder, createEngine, createOrder, reassignGroup, type Engine } from '../engine/dispatch';
import type { Principal } from '../engine/principal';
import { testOrder } from '../engine/testing';
import { DEMO_PASSWORD } from '../drizzle/seed/demo-data';
import { createAuth } from './auth';
import { createLiveHub, handleLiveRequest, MAX_STREAMS_PER_USER, openLiveStream, type LiveEvent, type LiveHub } from './live';
import { demoPrincipal } from './testing/principals';

async function waitFor<T>(what: string, fn: () => T | null | undefined, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads a stream as text: `until(needle)` resolves once it has arrived, `ended()` once the stream is done. */
function textReader(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = '';
  return {
    get text() {
      return text;
    },
    async until(needle: string, from = 0, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (!text.slice(from).includes(needle)) {
        if (Date.now() > until) throw new Error(`no "${needle}" in ${JSON.stringify(text)}`);
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended without "${needle}": ${JSON.stringify(text)}`);
        text += decoder.decode(value);
      }
    },
    async ended() {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return text;
        text += decoder.decode(value);
      }
    },
    cancel: () => reader.cancel(),
  };
}

describe(`live updates (${testServerUrl() ? 'Postgres, second connection' : 'PGlite, same instance'})`, () => {
  let db: TestDatabase;
  let listener: Database; // what another app server would hold
  let hub: LiveHub;
  let deps: Engine;
  let dispatcher: Principal;
  let gina: Principal;
  let ana: Principal;
  let listens = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 0 });
    deps = createEngine({ db: db.db, cacheTtlMs: 0 });
    dispatcher = await demoPrincipal(db.db, 'dispatcher');
    gina = await demoPrincipal(db.db, 'group_dispatcher');
    ana = await demoPrincipal(db.db, 'engineer');
    const base = db.url ? await openDatabase({ url: db.url, poolMax: 1 }) : db;
    listener = {
      ...base,
      listen: (channel, cb, options) => {
        listens++;
        return base.listen(channel, cb, options);
      },
    };
    hub = createLiveHub(listener);
  });
  afterAll(async () => {
    await hub?.close();
    if (listener && db?.url) await listener.close();
    await db?.dispose();
  });

  it('delivers a notification to its recipient only, and order pings to those who may see the order', async () => {
    const toGina: LiveEvent[] = [];
    const toAna: LiveEvent[] = [];
    const toDispatcher: LiveEvent[] = [];
    const offGina = await hub.subscribe(gina, (e) => toGina.push(e));
    const offAna = await hub.subscribe(ana, (e) => toAna.push(e));
    const offDispatcher = await hub.subscribe(dispatcher, (e) => toDispatcher.push(e));
    try {
      const { order } = await createOrder(
        deps,
        { type: 'user', principal: dispatcher },
        testOrder({ title: 'Live test', address: { street: '', city: 'Bronx', region: 'North', postcode: '' }, location: null }),
      );
      const assigned = await assignOrder(deps, dispatcher, {
        orderId: order.id,
        version: order.version,
        assignee: { type: 'service_group', id: 'sg-north' },
        collaboratorIds: [],
      });

      const note = await waitFor('Gina’s notification', () => toGina.find((e) => e.type === 'notification'));
      const [row] = await db.db.select().from(s.notifications).where(eq(s.notifications.id, (note.data as { id: number }).id));
      expect(row.recipientId).toBe(gina.id);
      expect(note.data).toEqual({ id: row.id, orderId: order.id });

      // The company dispatcher and Gina (her group holds it now) hear that the order changed, with
      // nothing beyond its id, status and version; Ana, an engineer it has nothing to do with, does not.
      const seen = (events: LiveEvent[], version: number) => events.find((e) => e.type === 'order' && e.data.id === order.id && e.data.version === version);
      await waitFor('the dispatcher’s order ping', () => seen(toDispatcher, assigned.version));
      const ping = await waitFor('Gina’s order ping', () => seen(toGina, assigned.version));
      expect(ping.data).toEqual({ id: order.id, status: assigned.status, version: assigned.version });

      // Moved to another group: Gina still hears it (the order leaves her queue), by its id alone
      // (not its new status or version), and then no more.
      const pingsToGina = () => toGina.filter((e) => e.type === 'order' && e.data.id === order.id);
      const before = pingsToGina().length;
      const moved = await reassignGroup(deps, gina, { orderId: order.id, version: assigned.version, groupId: 'sg-south', reason: 'South covers it' });
      await waitFor('the dispatcher’s ping of the move', () => seen(toDispatcher, moved.version));
      const left = await waitFor('Gina’s ping of the move', () => pingsToGina()[before]);
      expect(left.data).toEqual({ id: order.id });
      // A later change while the order is elsewhere (written directly: only its ping matters here).
      const later = await db.db.update(s.workOrders).set({ title: 'Live test, south', version: moved.version + 1 }).where(eq(s.workOrders.id, order.id)).returning();
      await waitFor('the dispatcher’s ping of a later change', () => seen(toDispatcher, later[0].version));

      await sleep(300);
      expect(toAna.filter((e) => e.type === 'notification')).toEqual([]);
      expect(toAna.filter((e) => e.type === 'order' && e.data.id === order.id)).toEqual([]);
      expect(toGina.filter((e) => e.type === 'notification')).toHaveLength(1);
      expect(pingsToGina()).toHaveLength(before + 1);
    } finally {
      offGina();
      offAna();
      offDispatcher();
    }
  });

  it('delivers every row of a statement that writes many at once, in payloads under the NOTIFY limit', async () => {
    const toAna: LiveEvent[] = [];
    const off = await hub.subscribe(ana, (e) => toAna.push(e));
    const payloads: string[] = [];
    const unlisten = await listener.listen('ds_notifications', (p) => payloads.push(p));
    try {
      // 300 notifications in one INSERT: more than one 8000-byte payload can carry.
      const rows = await db.db
        .insert(s.notifications)
        .values(Array.from({ length: 300 }, (_, i) => ({ recipientId: i % 3 === 0 ? ana.id : gina.id, kind: 'test', title: `Bulk ${i}`, body: '' })))
        .returning({ id: s.notifications.id, recipientId: s.notifications.recipientId });
      const anas = rows.filter((r) => r.recipientId === ana.id).map((r) => r.id);
      await waitFor('all of Ana’s notifications', () => toAna.filter((e) => e.type === 'notification').length >= anas.length || null);
      await sleep(200);
      expect(toAna.filter((e) => e.type === 'notification').map((e) => e.data.id).sort((a, b) => Number(a) - Number(b))).toEqual(anas);
      expect(payloads.length).toBeGreaterThan(1);
      expect(payloads.length).toBeLessThan(30);
      for (const p of payloads) expect(p.length).toBeLessThan(8000);
    } finally {
      off();
      await unlisten();
    }
  });

  it('shares one LISTEN per channel across subscribers', async () => {
    const before = listens;
    const offs = await Promise.all(Array.from({ length: 10 }, (_, i) => hub.subscribe({ ...ana, id: `user-${i}` }, () => {})));
    expect(listens - before).toBe(0); // already listening since the first test
    expect(listens).toBe(3); // the hub's two channels, and the bulk test's own listener
    expect(hub.subscribers).toBe(10);
    offs.forEach((off) => off());
    expect(hub.subscribers).toBe(0);
  });

  it('streams Server-Sent Events with heartbeats, and cleans up on abort', async () => {
    const abort = new AbortController();
    const stream = await openLiveStream(hub, ana, abort.signal, { heartbeatMs: 50 });
    expect(hub.subscribers).toBe(1);
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      const until = Date.now() + 10_000;
      while (!text.includes(needle)) {
        if (Date.now() > until) throw new Error(`no "${needle}" in ${JSON.stringify(text)}`);
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += decoder.decode(value);
      }
    };
    await readUntil('event: ready');
    await readUntil(': heartbeat');
    const [inserted] = await db.db
      .insert(s.notifications)
      .values({ recipientId: ana.id, kind: 'test', title: 'Hello Ana', body: '' })
      .returning();
    await db.db.insert(s.notifications).values({ recipientId: gina.id, kind: 'test', title: 'Not for Ana', body: '' });
    await readUntil(`event: notification\ndata: {"id":${inserted.id},"orderId":null}\n\n`);
    abort.abort();
    // The stream ends and the subscription is gone.
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
    expect(hub.subscribers).toBe(0);
    expect(text.match(/event: notification/g)).toHaveLength(1);
  });

  it('answers GET /api/live with 401 when signed out, and with an event stream for a session', async () => {
    const auth = createAuth(db.db, { secret: 'test-secret-test-secret-test-secret-0123', baseURL: 'http://localhost:3000' });
    const app = { database: listener, auth };
    const signedOut = await handleLiveRequest(new Request('http://localhost:3000/api/live'), app, { hub });
    expect(signedOut.status).toBe(401);

    const signIn = await auth.api.signInEmail({ body: { email: 'engineer@hudson.example', password: DEMO_PASSWORD }, asResponse: true });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const abort = new AbortController();
    const response = await handleLiveRequest(new Request('http://localhost:3000/api/live', { headers: { cookie }, signal: abort.signal }), app, { hub });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain('event: ready');
    expect(hub.subscribers).toBe(1);
    abort.abort();
    await waitFor('the subscription to end', () => hub.subscribers === 0 || null);
  });

  const SECRET = 'test-secret-test-secret-test-secret-0123';
  async function signIn(email = 'engineer@hudson.example') {
    const auth = createAuth(db.db, { secret: SECRET, baseURL: 'http://localhost:3000' });
    const signedIn = await auth.api.signInEmail({ body: { email, password: DEMO_PASSWORD }, asResponse: true });
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0];
    return { auth, cookie, app: { database: listener, auth } };
  }
  const liveRequest = (cookie: string, signal: AbortSignal) => new Request('http://localhost:3000/api/live', { headers: { cookie }, signal });

  it('sends every open stream "resync" when the database listener is back after a drop', async () => {
    const reconnects: Array<() => void> = [];
    const fake: Database = {
      ...listener,
      listen: async (_channel, _onPayload, options) => {
        if (options?.onReconnect) reconnects.push(options.onReconnect);
        return async () => {};
      },
    };
    const fakeHub = createLiveHub(fake);
    const abort = new AbortController();
    try {
      const a = textReader(await openLiveStream(fakeHub, ana, abort.signal));
      const b = textReader(await openLiveStream(fakeHub, gina, abort.signal));
      await a.until('event: ready');
      await b.until('event: ready');
      expect(reconnects).toHaveLength(2); // one per channel; the real listener calls a shared callback once
      reconnects[0]();
      await a.until('event: resync\ndata: {}\n\n');
      await b.until('event: resync\ndata: {}\n\n');
    } finally {
      abort.abort();
      await fakeHub.close();
    }
  });

  it('ends an open stream at the next re-check when the session ends or the user’s role or scope changes, not for other edits', async () => {
    const open = async () => {
      const { auth, cookie, app } = await signIn();
      const abort = new AbortController();
      const response = await handleLiveRequest(liveRequest(cookie, abort.signal), app, { hub, recheckMs: 40 });
      expect(response.status).toBe(200);
      const reader = textReader(response.body!);
      await reader.until('event: ready');
      return { auth, cookie, reader, abort };
    };
    const ended = async (reader: ReturnType<typeof textReader>, reason: string) => {
      const text = await reader.ended();
      expect(text).toContain(`event: end\ndata: {"reason":"${reason}"}\n\n`);
      await waitFor('the subscription to end', () => hub.subscribers === 0 || null);
    };
    const whereAna = eq(s.users.id, ana.id);

    // A change of name is no change of scope: the stream goes on.
    {
      const { reader, abort } = await open();
      await db.db.update(s.users).set({ name: 'Ana R.' }).where(whereAna);
      try {
        await sleep(250);
        expect(hub.subscribers).toBe(1);
      } finally {
        await db.db.update(s.users).set({ name: ana.name }).where(whereAna);
        abort.abort();
        await reader.ended();
      }
    }
    // Signed out.
    {
      const { auth, cookie, reader } = await open();
      await auth.api.signOut({ headers: new Headers({ cookie }) });
      await ended(reader, 'session_ended');
    }
    // The session expired.
    {
      const { reader } = await open();
      await db.db.update(s.sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(s.sessions.userId, ana.id));
      await ended(reader, 'session_ended');
    }
    // Deactivated.
    {
      const { reader } = await open();
      await db.db.update(s.users).set({ active: false }).where(whereAna);
      try {
        await ended(reader, 'deactivated');
      } finally {
        await db.db.update(s.users).set({ active: true }).where(whereAna);
      }
    }
    // Given a permission.
    {
      const { reader } = await open();
      await db.db.insert(s.userPermissions).values({ userId: ana.id, permission: 'reallocate' });
      try {
        await ended(reader, 'scope_changed');
      } finally {
        await db.db.delete(s.userPermissions).where(and(eq(s.userPermissions.userId, ana.id), eq(s.userPermissions.permission, 'reallocate')));
      }
    }
    // Made dispatcher of a service group.
    {
      const { reader } = await open();
      await db.db.insert(s.serviceGroupDispatchers).values({ userId: ana.id, groupId: 'sg-north' });
      try {
        await ended(reader, 'scope_changed');
      } finally {
        await db.db.delete(s.serviceGroupDispatchers).where(eq(s.serviceGroupDispatchers.userId, ana.id));
      }
    }
    // Another role.
    {
      const { reader } = await open();
      await db.db.update(s.users).set({ role: 'dispatcher' }).where(whereAna);
      try {
        await ended(reader, 'scope_changed');
      } finally {
        await db.db.update(s.users).set({ role: ana.role }).where(whereAna);
      }
    }
  });

  it('drops a client that does not read once its queue is over the bound, and keeps one that reads', async () => {
    const abort = new AbortController();
    try {
      const idle = await openLiveStream(hub, ana, abort.signal, { heartbeatMs: 1, maxQueuedBytes: 1024 });
      expect(hub.subscribers).toBe(1);
      await waitFor('the idle client to be dropped', () => hub.subscribers === 0 || null);
      await expect(idle.getReader().read()).rejects.toThrow(/stopped reading/);

      const reading = textReader(await openLiveStream(hub, ana, abort.signal, { heartbeatMs: 1, maxQueuedBytes: 1024 }));
      const until = Date.now() + 300;
      while (Date.now() < until) await reading.until(': heartbeat', reading.text.length);
      expect(hub.subscribers).toBe(1);
    } finally {
      abort.abort();
    }
    await waitFor('the subscription to end', () => hub.subscribers === 0 || null);
  });

  it(`refuses a user’s stream beyond ${MAX_STREAMS_PER_USER} with 429, even when they open at once, and takes one again after another closed`, async () => {
    const { cookie, app } = await signIn();
    const aborts: AbortController[] = [];
    const open = () => {
      const abort = new AbortController();
      aborts.push(abort);
      return handleLiveRequest(liveRequest(cookie, abort.signal), app, { hub });
    };
    try {
      const responses = await Promise.all(Array.from({ length: MAX_STREAMS_PER_USER + 1 }, open));
      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 429]);
      const refused = responses.find((r) => r.status === 429)!;
      expect(await refused.text()).toBe('At most 5 live connections per user; close another tab or window of Dispatch Studio');
      expect(refused.headers.get('retry-after')).toBe('30');
      expect(hub.subscribers).toBe(MAX_STREAMS_PER_USER);

      // Another user is not counted against Ana.
      const other = await openLiveStream(hub, dispatcher, aborts[0].signal);
      expect(hub.subscribers).toBe(MAX_STREAMS_PER_USER + 1);
      void other.cancel();
      await waitFor('the other user’s stream to end', () => hub.subscribers === MAX_STREAMS_PER_USER || null);

      aborts[responses.findIndex((r) => r.status === 200)].abort();
      await waitFor('one stream to end', () => hub.subscribers === MAX_STREAMS_PER_USER - 1 || null);
      expect((await open()).status).toBe(200);
    } finally {
      aborts.forEach((a) => a.abort());
    }
    await waitFor('every subscription to end', () => hub.subscribers === 0 || null);
  });

  it.skipIf(!testServerUrl())(
    'Postgres: one listening connection; after pg_terminate_backend (and while the server refuses) it reconnects, LISTENs again, streams get "resync", nothing is thrown',
    async () => {
      const unhandled: unknown[] = [];
      const onUnhandled = (error: unknown) => unhandled.push(error);
      process.on('unhandledRejection', onUnhandled);
      process.on('uncaughtException', onUnhandled);
      const admin = new pg.Client({ connectionString: testServerUrl()! });
      await admin.connect();
      const name = new URL(db.url!).pathname.slice(1);
      const byListener = 'FROM pg_stat_activity WHERE datname = $1 AND application_name = $2';
      const listening = async () => (await admin.query(`SELECT pid ${byListener}`, [name, LISTEN_APPLICATION_NAME])).rows.length;
      const kill = async () => (await admin.query(`SELECT pg_terminate_backend(pid) ${byListener}`, [name, LISTEN_APPLICATION_NAME])).rows.length;
      const notify = async (title: string) => {
        const [row] = await db.db.insert(s.notifications).values({ recipientId: ana.id, kind: 'test', title, body: '' }).returning();
        return `event: notification\ndata: {"id":${row.id},"orderId":null}\n\n`;
      };
      const abort = new AbortController();
      try {
        const reader = textReader(await openLiveStream(hub, ana, abort.signal));
        await reader.until('event: ready');
        expect(await listening()).toBe(1); // both channels, every subscriber: one connection

        // Killed: it comes back, the stream is told to re-fetch, and NOTIFY reaches it again.
        expect(await kill()).toBe(1);
        await reader.until('event: resync');
        await reader.until(await notify('After the kill'));
        expect(await listening()).toBe(1);
        const [{ n }] = await queryRows<{ n: number }>(
          db.db,
          sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = ${LISTEN_APPLICATION_NAME} AND query LIKE 'LISTEN%'`,
        );
        expect(n).toBe(1);

        // Killed while the server refuses connections: it keeps trying with back-off until it may.
        await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(name)} ALLOW_CONNECTIONS false`);
        let from = 0;
        try {
          expect(await kill()).toBe(1);
          from = reader.text.length;
          await sleep(1200); // about three refused attempts: 250, 500, 1000 ms
          expect(await listening()).toBe(0);
          expect(reader.text.slice(from)).not.toContain('event: resync');
        } finally {
          await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(name)} ALLOW_CONNECTIONS true`);
        }
        await reader.until('event: resync', from, 20_000);
        await reader.until(await notify('After the outage'));
        expect(await listening()).toBe(1);
        expect(reader.text.match(/event: resync/g)).toHaveLength(2);
        expect(unhandled).toEqual([]);
      } finally {
        abort.abort();
        process.off('unhandledRejection', onUnhandled);
        process.off('uncaughtException', onUnhandled);
        await admin.end();
      }
    },
  );

  it.skipIf(!testServerUrl())('Postgres: one connection LISTENs for every channel, UNLISTENs and closes when none is left; an unreachable server rejects cleanly', async () => {
    const unreachable = createPgListener('postgres://postgres@127.0.0.1:1/nowhere');
    await expect(unreachable.listen('ds_nowhere', () => {})).rejects.toThrow();
    expect(unreachable.connected).toBe(0);
    await unreachable.close();

    const listener = createPgListener(db.url!, { applicationName: 'ds-live-test' });
    const connections = async () =>
      (await queryRows<{ n: number }>(db.db, sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'ds-live-test'`))[0].n;
    const heard: string[] = [];
    try {
      const offA = await listener.listen('ds_test_a', (p) => heard.push(`a:${p}`));
      const offB = await listener.listen('ds_test_b', (p) => heard.push(`b:${p}`));
      const offFailing = await listener.listen('ds_test_b', () => {
        throw new Error('a failing subscriber harms nobody');
      });
      expect(await connections()).toBe(1);
      await db.db.execute(sql`SELECT pg_notify('ds_test_a', '1'), pg_notify('ds_test_b', '2')`);
      await waitFor('both payloads', () => heard.length === 2 || null);
      await offA();
      await db.db.execute(sql`SELECT pg_notify('ds_test_a', '3'), pg_notify('ds_test_b', '4')`);
      await waitFor('the second payload of b', () => heard.includes('b:4') || null);
      await sleep(100);
      expect(heard).toEqual(['a:1', 'b:2', 'b:4']);
      await offB();
      expect(listener.connected).toBe(1); // the failing subscriber still listens on b
      await offFailing();
      expect(listener.connected).toBe(0);
      for (let i = 0; (await connections()) > 0; i++) {
        if (i > 100) throw new Error('the listening connection did not close');
        await sleep(25);
      }
    } finally {
      await listener.close();
    }
  });
});
