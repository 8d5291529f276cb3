// Delivery end to end on a real database: an order assigned by a dispatcher reaches the group
// dispatcher's device as an encrypted web push (decrypted here with the device's keys) and their
// inbox through an SMTP server this test starts; a channel that is down is retried with back-off
// until dead, an admin's retry delivers once; nothing in the in-app list depends on it.
import { and, eq, sql } from 'drizzle-orm';
import { queryRows } from '../../drizzle/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../../drizzle/testing';
import { assignOrder, createEngine, createOrder, type Engine, type NewOrderInput, type OrderRow } from '../dispatch';
import type { Principal } from '../principal';
import { principalByEmail, testOrder } from '../testing';
import {
  fanOutNotifications,
  generateVapidKeys,
  listDevices,
  listFailedDeliveries,
  listPreferences,
  retryDeliveries,
  runDelivery,
  setPreference,
  smtpChannel,
  subscribePush,
  unsubscribePush,
  webPushChannel,
  type DeliveryChannels,
  type PushPayload,
  type RetryPolicy,
} from './index';
import { browserKeys, startPushEndpoint, startSmtpServer, verifyVapid, type PushEndpoint, type SmtpTestServer } from './testing';

const BASE_URL = 'https://dispatch.example.test';
const FROM = 'Dispatch Studio <dispatch@example.test>';
const RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 3_600_000 };

const newOrder = (title: string): NewOrderInput => testOrder({ title });

describe(`delivery by push and e-mail (${testServerUrl() ? 'Postgres' : 'PGlite'})`, () => {
  let db: TestDatabase;
  let engine: Engine;
  let dispatcher: Principal;
  let gina: Principal;
  let push: PushEndpoint;
  let smtp: SmtpTestServer;
  let channels: DeliveryChannels;
  const vapid = { ...generateVapidKeys(), subject: 'mailto:ops@example.test' };

  const byEmail = (email: string) => principalByEmail(db.db, email);
  /** An order sent to the North Metro group by the dispatcher: Gina, its dispatcher, is notified. */
  async function assignedToNorth(title: string): Promise<{ order: OrderRow; notification: typeof s.notifications.$inferSelect }> {
    const created = (await createOrder(engine, { type: 'user', principal: dispatcher }, newOrder(title))).order;
    const order = await assignOrder(engine, dispatcher, {
      orderId: created.id,
      version: created.version,
      assignee: { type: 'service_group', id: 'sg-north' },
      collaboratorIds: [],
    });
    const [notification] = await db.db
      .select()
      .from(s.notifications)
      .where(and(eq(s.notifications.orderId, order.id), eq(s.notifications.recipientId, gina.id), eq(s.notifications.kind, 'assigned')));
    expect(notification).toBeDefined();
    return { order, notification };
  }
  const deliveriesOf = (notificationId: number) =>
    db.db.select().from(s.notificationDeliveries).where(eq(s.notificationDeliveries.notificationId, notificationId));
  const run = (now = new Date()) => runDelivery(db.db, channels, { now: () => now, retry: RETRY, settleSeconds: 0 });

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 0 });
    engine = createEngine({ db: db.db, cacheTtlMs: 0 });
    dispatcher = await byEmail('dispatcher@hudson.example');
    gina = await byEmail('group.dispatcher@hudson.example');
    push = await startPushEndpoint();
    smtp = await startSmtpServer();
    channels = { baseUrl: BASE_URL, push: webPushChannel(vapid), email: smtpChannel({ url: smtp.url, from: FROM, timeoutMs: 5_000 }) };
    await run(); // whatever the seed wrote is fanned out before the tests begin
  });
  afterAll(async () => {
    channels?.email?.close?.();
    await Promise.all([push?.close(), smtp?.close()]);
    await db?.dispose();
  });
  beforeEach(async () => {
    push.received.length = 0;
    push.status = 201;
    smtp.received.length = 0;
    smtp.down = false;
    await db.db.delete(s.pushSubscriptions).where(eq(s.pushSubscriptions.userId, gina.id));
    await db.db.delete(s.notificationPreferences).where(eq(s.notificationPreferences.userId, gina.id));
  });

  it('pushes an assignment to the subscribed device, encrypted for its keys, with the title, text and the order’s link', async () => {
    const phone = browserKeys();
    const endpoint = push.url('/push/gina-phone');
    await subscribePush(db.db, gina.id, { endpoint, keys: phone.keys, label: 'Chrome on Android' }, new Date(), { allowLoopbackHttp: true });
    // The defaults: in-app everywhere, push for assignments, no e-mail.
    const prefs = await listPreferences(db.db, gina.id);
    expect(prefs.find((p) => p.kind === 'assigned')).toMatchObject({ inApp: true, push: true, email: false, isDefault: true });
    expect(prefs.find((p) => p.kind === 'sla_breached')).toMatchObject({ inApp: true, push: false, email: false });

    const { order, notification } = await assignedToNorth('Leaking valve in the boiler room');
    expect(push.received).toHaveLength(0); // nothing is sent inside the order's transaction
    const result = await run();
    expect(result).toMatchObject({ sent: 1, dead: 0 });

    expect(push.received).toHaveLength(1);
    const [req] = push.received;
    expect(req.path).toBe('/push/gina-phone');
    expect(req.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(req.headers.ttl)).toBeGreaterThan(0);
    const claims = verifyVapid(req.headers.authorization, vapid.publicKey, endpoint);
    expect(claims.sub).toBe('mailto:ops@example.test');
    const payload = JSON.parse(phone.decrypt(req.body).toString('utf8')) as PushPayload;
    expect(payload).toEqual({
      title: notification.title,
      body: notification.body,
      url: `/orders/${order.id}`,
      tag: `notification-${notification.id}`,
      kind: 'assigned',
      notificationId: notification.id,
    });
    expect(payload.title).toBe(`${order.number} assigned to North Metro`);
    // Another device cannot read it.
    expect(() => browserKeys().decrypt(req.body)).toThrow();

    const [delivery] = await deliveriesOf(notification.id);
    expect(delivery).toMatchObject({ channel: 'push', status: 'sent', attempts: 1 });
    expect(smtp.received).toHaveLength(0); // e-mail is off by default
    // Sent once: the next runs find nothing new.
    await run();
    await run();
    expect(push.received).toHaveLength(1);
    const [device] = await listDevices(db.db, gina.id, endpoint);
    expect(device).toMatchObject({ label: 'Chrome on Android', service: new URL(endpoint).host, current: true });
    expect(device.lastSuccessAt).not.toBeNull();
  });

  it('e-mails the kinds the user chose, from MAIL_FROM to their address, with the link to the order', async () => {
    await setPreference(db.db, gina.id, { kind: 'assigned', inApp: true, push: false, email: true });
    const { order, notification } = await assignedToNorth('No hot water on floor 3');
    await run();
    expect(push.received).toHaveLength(0);
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail.from).toBe('dispatch@example.test');
    expect(mail.to).toEqual(['group.dispatcher@hudson.example']);
    expect(mail.decoded).toContain(`Subject: ${notification.title}`);
    expect(mail.decoded).toContain('From: Dispatch Studio <dispatch@example.test>');
    expect(mail.decoded).toContain(notification.body); // "No hot water on floor 3 — assigned by Dina Dispatcher"
    expect(mail.decoded).toContain(`Open the order: ${BASE_URL}/orders/${order.id}`);
    expect(mail.decoded).toContain(`href="${BASE_URL}/orders/${order.id}"`);
    expect(mail.decoded).toContain(`${BASE_URL}/settings/notifications`);
  });

  it('sends to every device the user turned push on for, and to none they turned off', async () => {
    const [a, b] = [browserKeys(), browserKeys()];
    await subscribePush(db.db, gina.id, { endpoint: push.url('/push/a'), keys: a.keys, label: 'Phone' }, new Date(), { allowLoopbackHttp: true });
    const tablet = await subscribePush(db.db, gina.id, { endpoint: push.url('/push/b'), keys: b.keys, label: 'Tablet' }, new Date(), { allowLoopbackHttp: true });
    await assignedToNorth('Two devices');
    await run();
    expect(push.received.map((r) => r.path).sort()).toEqual(['/push/a', '/push/b']);
    expect(JSON.parse(a.decrypt(push.received.find((r) => r.path === '/push/a')!.body).toString()).title).toMatch(/assigned to North Metro$/);

    push.received.length = 0;
    await unsubscribePush(db.db, gina.id, { id: tablet.id }, new Date());
    await assignedToNorth('One device left');
    await run();
    expect(push.received.map((r) => r.path)).toEqual(['/push/a']);

    // Push off for the kind: nothing, though the device is still there; the in-app list has it all.
    push.received.length = 0;
    await setPreference(db.db, gina.id, { kind: 'assigned', inApp: true, push: false, email: false });
    const { notification } = await assignedToNorth('Push off for assignments');
    await run();
    expect(push.received).toHaveLength(0);
    expect(await deliveriesOf(notification.id)).toEqual([]);
    const [inApp] = await db.db.select().from(s.notifications).where(eq(s.notifications.id, notification.id));
    expect(inApp.readAt).toBeNull();
  });

  it('drops a device whose subscription the push service says is gone (410)', async () => {
    const phone = browserKeys();
    const device = await subscribePush(db.db, gina.id, { endpoint: push.url('/push/gone'), keys: phone.keys }, new Date(), { allowLoopbackHttp: true });
    push.status = 410;
    const { notification } = await assignedToNorth('Expired subscription');
    await run();
    const [delivery] = await deliveriesOf(notification.id);
    expect(delivery.status).toBe('cancelled');
    expect(delivery.lastError).toMatch(/410/);
    expect(await db.db.select().from(s.pushSubscriptions).where(eq(s.pushSubscriptions.id, device.id))).toEqual([]);
  });

  it('retries a channel that is down with back-off, then dead; an admin’s retry delivers once, the in-app notification unaffected', async () => {
    await setPreference(db.db, gina.id, { kind: 'assigned', inApp: true, push: false, email: true });
    smtp.down = true;
    const t0 = new Date(Date.now() + 3_600_000);
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const { notification } = await assignedToNorth('SMTP is down');
    await run(t0);
    let [delivery] = await deliveriesOf(notification.id);
    expect(delivery).toMatchObject({ channel: 'email', status: 'retrying', attempts: 1, nextAttemptAt: at(60_000) });
    expect(delivery.lastError).toMatch(/421|not available/i);

    await run(at(30_000)); // not due yet
    [delivery] = await deliveriesOf(notification.id);
    expect(delivery.attempts).toBe(1);
    await run(at(60_000));
    [delivery] = await deliveriesOf(notification.id);
    expect(delivery).toMatchObject({ status: 'retrying', attempts: 2, nextAttemptAt: at(60_000 + 120_000) });
    await run(at(180_000));
    [delivery] = await deliveriesOf(notification.id);
    expect(delivery).toMatchObject({ status: 'dead', attempts: 3 });
    expect(smtp.received).toHaveLength(0);

    // The admins' list shows it with the error; the in-app notification is there, unread.
    const failures = await listFailedDeliveries(db.db, { status: 'dead' });
    expect(failures.items.find((f) => f.id === delivery.id)).toMatchObject({
      channel: 'email',
      target: 'group.dispatcher@hudson.example',
      userName: 'Gina Groups',
      title: notification.title,
      attempts: 3,
    });
    expect(failures.counts.dead).toBeGreaterThanOrEqual(1);
    const [inApp] = await db.db.select().from(s.notifications).where(eq(s.notifications.id, notification.id));
    expect([inApp.title, inApp.readAt]).toEqual([notification.title, null]);

    // Back up: a dead delivery stays dead until retried; retried, it is sent once.
    smtp.down = false;
    await run(at(10 * 3_600_000));
    expect(smtp.received).toHaveLength(0);
    expect((await retryDeliveries(db.db, [delivery.id], at(10 * 3_600_000))).retried).toEqual([delivery.id]);
    await run(at(10 * 3_600_000));
    await run(at(11 * 3_600_000));
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].decoded).toContain(`Subject: ${notification.title}`);
    [delivery] = await deliveriesOf(notification.id);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect((await retryDeliveries(db.db, [delivery.id], at(12 * 3_600_000))).retried).toEqual([]); // a sent one is not sent again
  });

  it('delivers once when the channel comes back before the last attempt', async () => {
    await setPreference(db.db, gina.id, { kind: 'assigned', inApp: true, push: false, email: true });
    smtp.down = true;
    const t0 = new Date(Date.now() + 2 * 3_600_000);
    const { notification } = await assignedToNorth('SMTP comes back');
    await run(t0);
    smtp.down = false;
    await run(new Date(t0.getTime() + 59_000)); // not due: nothing yet
    expect(smtp.received).toHaveLength(0);
    for (const later of [60_000, 120_000, 3_600_000]) await run(new Date(t0.getTime() + later));
    expect(smtp.received).toHaveLength(1);
    const [delivery] = await deliveriesOf(notification.id);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it(`sends each delivery once with several workers at once (${testServerUrl() ? 'Postgres: truly at once' : 'PGlite: one after the other'})`, async () => {
    await setPreference(db.db, gina.id, { kind: 'assigned', inApp: true, push: false, email: true });
    const rows = await db.db
      .insert(s.notifications)
      .values(Array.from({ length: 12 }, (_, i) => ({ recipientId: gina.id, orderId: null, kind: 'assigned', title: `Busy hour ${i + 1}`, body: '' })))
      .returning({ id: s.notifications.id });
    const now = new Date();
    const workers = Array.from({ length: 3 }, () => runDelivery(db.db, channels, { now: () => now, retry: RETRY, settleSeconds: 0 }));
    const results = await Promise.all(workers);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(12);
    expect(results.reduce((n, r) => n + r.planned, 0)).toBe(12);
    expect(smtp.received.map((m) => /Subject: (.*)/.exec(m.decoded)![1].trim()).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `Busy hour ${i + 1}`).sort());
    for (const { id } of rows) expect((await deliveriesOf(id)).map((x) => x.status)).toEqual(['sent']);
  });

  it('fans a notification out once, also one whose id is lower than one already fanned out (committed later)', async () => {
    await setPreference(db.db, gina.id, { kind: 'assigned', inApp: true, push: false, email: true });
    const [{ earlier }] = await queryRows<{ earlier: number }>(db.db, sql`SELECT nextval(pg_get_serial_sequence('notifications', 'id'))::int AS earlier`);
    const text = (title: string) => ({ recipientId: gina.id, orderId: null, kind: 'assigned', title, body: '' });
    const [later] = await db.db.insert(s.notifications).values(text('Written second, committed first')).returning();
    expect(later.id).toBeGreaterThan(earlier);
    const now = new Date();
    const first = await fanOutNotifications(db.db, { now, channels: { push: true, email: true } });
    expect(first.notifications).toBe(1);
    expect(first.cursor).toBeLessThan(later.id); // not settled yet: the cursor waits
    // The transaction that took the lower id commits now.
    await db.db.insert(s.notifications).values({ id: earlier, ...text('Written first, committed second') });
    const second = await fanOutNotifications(db.db, { now, channels: { push: true, email: true } });
    expect(second.notifications).toBe(1);
    const again = await fanOutNotifications(db.db, { now, channels: { push: true, email: true } });
    expect(again.notifications).toBe(0);
    for (const id of [earlier, later.id]) expect(await deliveriesOf(id)).toHaveLength(1);
  });
});
