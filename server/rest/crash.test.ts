// A server killed (SIGKILL) in the middle of a batch intake leaves only whole orders: each order
// is created in one transaction with its history, so there is never an order without its
// `created` event or one stuck half way into its flow. Sending the same batch again with the same
// idempotency keys makes the rest, and every order exists exactly once.
// Needs a Postgres server (TEST_DATABASE_URL): the child process and the test share the database.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { DEMO_API_KEY, seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../../drizzle/testing';
import { orderBody } from './testing/fixtures';

const BATCH = 100;
const APP_NAME = 'ds-crash-child';

/** Starts the batch server in a child process; resolves once it listens. */
async function startChild(url: string): Promise<{ child: ChildProcess; port: number; exited: Promise<NodeJS.Signals | number | null> }> {
  const target = new URL(url);
  target.searchParams.set('application_name', APP_NAME);
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/rest/testing/batch-server.ts', target.toString()], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the batch server did not start: ${stderr}`)), 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const { port } = JSON.parse(line) as { port: number };
        clearTimeout(timer);
        resolve(port);
      } catch {
        // not the ready line
      }
    });
    void exited.then((code) => reject(new Error(`the batch server exited (${code}): ${stderr}`)));
  });
  return { child, port, exited };
}

/** 100 orders, a quarter of them urgent HVAC in the north (auto-assigned through two nodes). */
function batchOf(tag: string) {
  return {
    orders: Array.from({ length: BATCH }, (_, i) => ({
      idempotencyKey: `${tag}-${i}`,
      order: orderBody({
        title: `Batch order ${i}`,
        priority: i % 4 === 0 ? 'Urgent' : i % 4 === 1 ? 'High' : 'Medium',
        custom: { contractLevel: 'Plus', floors: i },
      }),
    })),
  };
}

const post = (port: number, body: unknown) =>
  fetch(`http://127.0.0.1:${port}/api/v1/work-orders/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': DEMO_API_KEY },
    body: JSON.stringify(body),
  });

describe.skipIf(!testServerUrl())('batch intake killed half way (Postgres)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 5 });
  }, 120_000);
  afterAll(() => db?.dispose());

  const batchOrders = (tag: string) =>
    db.db
      .select()
      .from(s.workOrders)
      .where(and(eq(s.workOrders.apiKeyId, 'key-webform'), like(s.workOrders.idempotencyKey, `${tag}-%`)));

  async function expectConsistent(tag: string) {
    // Every order in the database has exactly one `created` event, and there are no others.
    const perOrder = await queryRows<{ id: string; created: string }>(
      db.db,
      sql`SELECT o.id, count(e.id) FILTER (WHERE e.type = 'created')::text AS created
          FROM work_orders o LEFT JOIN order_events e ON e.order_id = o.id GROUP BY o.id`,
    );
    expect(perOrder.filter((r) => r.created !== '1')).toEqual([]);
    const [totals] = await queryRows<{ orders: string; created: string }>(
      db.db,
      sql`SELECT (SELECT count(*) FROM work_orders)::text AS orders,
                 (SELECT count(*) FROM order_events WHERE type = 'created')::text AS created`,
    );
    expect(totals.orders).toBe(totals.created);
    // Each order of the batch ran to its first stop in the same transaction.
    const rows = await batchOrders(tag);
    for (const o of rows) {
      expect(o.status, o.number).not.toBe('new');
      expect(o.currentNodeId, o.number).toBeTruthy();
      expect(o.nodePath.length, o.number).toBeGreaterThan(1); // written where the run stopped, not half-way
      expect(o.flowVersionId, o.number).toBeTruthy();
      expect(o.requestHash, o.number).toMatch(/^[0-9a-f]{64}$/);
      if (o.assign_way === 'auto') {
        const auto = await db.db
          .select()
          .from(s.orderEvents)
          .where(and(eq(s.orderEvents.orderId, o.id), eq(s.orderEvents.type, 'auto_assigned')));
        expect(auto.length, o.number).toBeGreaterThanOrEqual(1);
      }
    }
    return rows;
  }

  /** Waits until the killed child's connections are gone (Postgres rolls back their open transactions). */
  async function childConnectionsGone() {
    for (let i = 0; i < 200; i++) {
      const [{ n }] = await queryRows<{ n: string }>(
        db.db,
        sql`SELECT count(*)::text AS n FROM pg_stat_activity WHERE application_name = ${APP_NAME} AND datname = current_database()`,
      );
      if (n === '0') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the killed server still holds connections');
  }

  it('leaves no half-written order, and a resend with the same keys makes each order exactly once', async () => {
    const batch = batchOf('crash');
    const first = await startChild(db.url!);
    const answer = post(first.port, batch).then(
      (r) => ({ ok: true as const, status: r.status }),
      (error: unknown) => ({ ok: false as const, error }),
    );

    // Kill the server as soon as some, but not all, orders are in.
    let made = 0;
    for (let i = 0; i < 6000 && made < 5; i++) {
      made = (await batchOrders('crash')).length;
      if (made < 5) await new Promise((r) => setTimeout(r, 5));
    }
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const outcome = await answer;
    expect(outcome.ok, 'the batch should not have answered').toBe(false);
    await childConnectionsGone();

    const partial = await expectConsistent('crash');
    expect(partial.length).toBeGreaterThanOrEqual(5);
    expect(partial.length).toBeLessThan(BATCH);
    // Orders are made in turn: what exists is exactly the first n of the batch.
    const n = partial.length;
    expect(partial.map((o) => o.idempotencyKey).sort()).toEqual(Array.from({ length: n }, (_, i) => `crash-${i}`).sort());

    // A new server; the client sends the same batch again.
    const second = await startChild(db.url!);
    try {
      const res = await post(second.port, batch);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { results: { index: number; status: number; order: { id: string } | null }[]; summary: Record<string, number> };
      expect(body.results.filter((r) => r.status === 200).map((r) => r.index)).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(body.results.filter((r) => r.status === 201)).toHaveLength(BATCH - n);
      expect(body.summary).toEqual({ created: BATCH - n, replayed: n, failed: 0 });
      const byKey = new Map(partial.map((o) => [o.idempotencyKey, o.id]));
      for (const r of body.results.slice(0, n)) expect(r.order!.id).toBe(byKey.get(`crash-${r.index}`));
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }

    const all = await expectConsistent('crash');
    expect(all).toHaveLength(BATCH);
    const keys = all.map((o) => o.idempotencyKey);
    expect(new Set(keys).size).toBe(BATCH);
    expect(keys.sort()).toEqual(Array.from({ length: BATCH }, (_, i) => `crash-${i}`).sort());
  }, 180_000);
});
