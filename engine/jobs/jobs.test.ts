// pg-boss end to end: the SLA scan runs as a real pg-boss job, sent by hand and from the cron
// schedule, on Postgres (TEST_DATABASE_URL) and on PGlite through the `db` adapter.
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../../drizzle/testing';
import { principalByEmail, testOrder } from '../testing';
import { createEngine, createOrder, type NewOrderInput, type OrderRow } from '../dispatch';
import type { DeliveryChannels, PushPayload } from '../delivery';
import { DELIVERY, SLA_SCAN, jobsEnabled, startJobs, type Jobs } from './index';

const overdue = (title: string): NewOrderInput => testOrder({ title, priority: 'Urgent', location: null });

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe(`pg-boss jobs (${testServerUrl() ? 'Postgres' : 'PGlite'})`, () => {
  let db: TestDatabase;
  let jobs: Jobs | null = null;
  const quiet = () => {};

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 0 });
  });
  afterEach(async () => {
    await jobs?.stop();
    jobs = null;
  });
  afterAll(() => db?.dispose());

  async function createOverdue(title: string): Promise<OrderRow> {
    const principal = await principalByEmail(db.db, 'dispatcher@hudson.example');
    const yesterday = new Date(Date.now() - 24 * 3600_000);
    const deps = createEngine({ db: db.db, clock: () => yesterday, cacheTtlMs: 0 });
    return (await createOrder(deps, { type: 'user', principal }, overdue(title))).order;
  }
  const breachedAt = async (o: OrderRow) =>
    (await db.db.select({ at: s.workOrders.resolveBreachedAt }).from(s.workOrders).where(eq(s.workOrders.id, o.id)))[0].at;

  it('runs a queued sla-scan job through a worker, which records the breach', async () => {
    // A long cron so only the job sent here runs.
    jobs = await startJobs({ database: db, url: db.url, slaCron: '0 0 1 1 *', pollingIntervalSeconds: 0.5, log: quiet });
    const order = await createOverdue('Sent job');
    const id = await jobs.sendSlaScan();
    expect(id).toBeTruthy();
    await waitFor('the breach', () => breachedAt(order), 20_000);
    const job = await waitFor(
      'the job to complete',
      async () => {
        const j = await jobs!.boss.getJobById(SLA_SCAN, id!, { includeArchive: true });
        return j?.state === 'completed' ? j : null;
      },
      20_000,
    );
    expect(job.name).toBe(SLA_SCAN);
    const events = await db.db.select().from(s.orderEvents).where(eq(s.orderEvents.orderId, order.id));
    expect(events.filter((e) => e.type === 'sla_breached').map((e) => e.data.which).sort()).toEqual(['resolve', 'respond']);
  }, 60_000);

  it('schedules the scan every minute, and the scheduled job runs', async () => {
    jobs = await startJobs({
      database: db,
      url: db.url,
      pollingIntervalSeconds: 0.5,
      cronMonitorIntervalSeconds: 1,
      cronWorkerIntervalSeconds: 1,
      log: quiet,
    });
    const schedules = await jobs.boss.getSchedules();
    expect(schedules.map((x) => [x.name, x.cron])).toEqual([[SLA_SCAN, '* * * * *']]);
    const order = await createOverdue('Scheduled job');
    // pg-boss sends a due cron job within a minute; it is due at once after the first minute tick.
    await waitFor('the scheduled scan to record the breach', () => breachedAt(order), 70_000);
  }, 90_000);

  it('delivers a new notification by push through the delivery job, outside the transaction that wrote it', async () => {
    const pushed: { endpoint: string; payload: PushPayload }[] = [];
    const delivery: DeliveryChannels = {
      baseUrl: 'https://dispatch.example.test',
      push: { send: async (target, payload) => void pushed.push({ endpoint: target.endpoint, payload }) },
      email: null,
    };
    const [gina] = await db.db.select().from(s.users).where(eq(s.users.email, 'group.dispatcher@hudson.example'));
    await db.db.insert(s.pushSubscriptions).values({ userId: gina.id, endpoint: 'https://push.example.test/gina', p256dh: 'k', auth: 'a' });
    jobs = await startJobs({ database: db, url: db.url, slaCron: '0 0 1 1 *', pollingIntervalSeconds: 0.5, log: quiet, delivery, deliveryIntervalSeconds: 1 });
    expect((await jobs.boss.getSchedules()).map((x) => x.name).sort()).toEqual([DELIVERY, SLA_SCAN].sort());
    const [n] = await db.db
      .insert(s.notifications)
      .values({ recipientId: gina.id, orderId: 'wo-x', kind: 'assigned', title: 'WO-9 assigned to North Metro', body: 'By the job' })
      .returning();
    const got = await waitFor('the push', async () => pushed.find((p) => p.payload.notificationId === n.id), 20_000);
    expect(got).toEqual({
      endpoint: 'https://push.example.test/gina',
      payload: { title: 'WO-9 assigned to North Metro', body: 'By the job', url: '/orders/wo-x', tag: `notification-${n.id}`, kind: 'assigned', notificationId: n.id },
    });
    const deliveries = await db.db.select().from(s.notificationDeliveries).where(eq(s.notificationDeliveries.notificationId, n.id));
    expect(deliveries.map((x) => x.status)).toEqual(['sent']);
  }, 60_000);

  it('stops cleanly and can start again (the schema is already there)', async () => {
    jobs = await startJobs({ database: db, url: db.url, slaCron: '0 0 1 1 *', log: quiet });
    await jobs.stop();
    await jobs.stop(); // twice is fine
    jobs = await startJobs({ database: db, url: db.url, slaCron: '0 0 1 1 *', log: quiet });
    expect(await jobs.boss.isInstalled()).toBe(true);
  }, 60_000);

  it('is off in tests, while building, and with JOBS=off', () => {
    expect(jobsEnabled({ VITEST: 'true' })).toBe(false);
    expect(jobsEnabled({ JOBS: 'off' })).toBe(false);
    expect(jobsEnabled({ NEXT_PHASE: 'phase-production-build' })).toBe(false);
    expect(jobsEnabled({ NODE_ENV: 'production' })).toBe(true);
  });
});
