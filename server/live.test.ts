// Live updates come from the database: a notification the engine writes reaches its recipient's
// subscriber through LISTEN/NOTIFY — on Postgres over a second, separate connection (as another app
// server would hear it), on PGlite from the same instance — and reaches nobody else.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../drizzle/client';
import * as s from '../drizzle/schema';
import { seedDemoData } from '../drizzle/seed/seed';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../drizzle/testing';
import { assignOrder, createEngineCaches, createOrder, reassignGroup, type EngineDeps } from '../engine/dispatch';
import type { Principal } from '../engine/principal';
import { DEMO_PASSWORD } from '../drizzle/seed/demo-data';
import { createAuth } from './auth';
import { createLiveHub, handleLiveRequest, openLiveStream, type LiveEvent, type LiveHub } from './live';
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

describe(`live updates (${testServerUrl() ? 'Postgres, second connection' : 'PGlite, same instance'})`, () => {
  let db: TestDatabase;
  let listener: Database; // what another app server would hold
  let hub: LiveHub;
  let deps: EngineDeps;
  let dispatcher: Principal;
  let gina: Principal;
  let ana: Principal;
  let listens = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 0 });
    deps = { db: db.db, caches: createEngineCaches(0), now: () => new Date() };
    dispatcher = await demoPrincipal(db.db, 'dispatcher');
    gina = await demoPrincipal(db.db, 'group_dispatcher');
    ana = await demoPrincipal(db.db, 'engineer');
    const base = db.url ? await openDatabase({ url: db.url, poolMax: 1 }) : db;
    listener = {
      ...base,
      listen: (channel, cb) => {
        listens++;
        return base.listen(channel, cb);
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
      const { order } = await createOrder(deps, { type: 'user', principal: dispatcher }, {
        title: 'Live test',
        description: '',
        category: 'Plumbing',
        priority: 'Medium',
        customer: { name: 'Acme', tier: 'Standard' },
        address: { street: '', city: 'Bronx', region: 'North', postcode: '' },
        location: null,
        requiredSkills: [],
        tags: [],
        custom: { contractLevel: 'Basic' },
        flow: 'flow-group-provider-engineer',
      });
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

      // Moved to another group: Gina still hears it (the order leaves her queue), and then no more.
      const moved = await reassignGroup(deps, gina, { orderId: order.id, version: assigned.version, groupId: 'sg-south', reason: 'South covers it' });
      await waitFor('Gina’s ping of the move', () => seen(toGina, moved.version));
      // A later change while the order is elsewhere (written directly: only its ping matters here).
      const later = await db.db.update(s.workOrders).set({ title: 'Live test, south', version: moved.version + 1 }).where(eq(s.workOrders.id, order.id)).returning();
      await waitFor('the dispatcher’s ping of a later change', () => seen(toDispatcher, later[0].version));

      await sleep(300);
      expect(toAna.filter((e) => e.type === 'notification')).toEqual([]);
      expect(toAna.filter((e) => e.type === 'order' && e.data.id === order.id)).toEqual([]);
      expect(toGina.filter((e) => e.type === 'notification')).toHaveLength(1);
      expect(toGina.filter((e) => e.type === 'order' && e.data.id === order.id && e.data.version > moved.version)).toEqual([]);
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
});
