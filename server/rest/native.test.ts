// The intake's fast path (server/rest/native.ts) on a real node http server: it answers the intake
// API's requests exactly as the route handlers do, with the security headers, and passes every other
// request on to Next.js.
import http from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData, DEMO_API_KEY } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { createEngine, type Engine } from '../../engine/dispatch';
import staticHeaders from '../static-headers.json';
import { nativeIntake, nativeRoute } from './native';
import { orderBody } from './testing/fixtures';

let db: TestDatabase;
let engine: Engine;
let server: http.Server;
let base: string;
const passedOn: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.db, { orders: 2 });
  engine = createEngine({ db: db.db, cacheTtlMs: 0 });
  const serve = nativeIntake(async () => engine);
  server = http.createServer((req, res) => {
    if (serve(req, res, `http://${req.headers.host}`)) return;
    passedOn.push(`${req.method} ${req.url}`);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Next.js would answer');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await db?.dispose();
});

const headers = (extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', 'x-api-key': DEMO_API_KEY, ...extra });

describe('the intake served natively', () => {
  it('creates an order: 201, an absolute Location on the host asked, the security headers, the order dispatched', async () => {
    const res = await fetch(`${base}/api/v1/work-orders`, { method: 'POST', headers: headers({ 'idempotency-key': 'native-1' }), body: JSON.stringify(orderBody()) });
    expect(res.status).toBe(201);
    const order = (await res.json()) as { id: string; number: string; status: string };
    expect(res.headers.get('location')).toBe(`${base}/api/v1/work-orders/${order.id}`);
    for (const { key, value } of [...staticHeaders.everyPath, ...staticHeaders.api]) expect(res.headers.get(key)).toBe(value);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const [row] = await db.db.select().from(s.workOrders).where(eq(s.workOrders.id, order.id));
    expect(row.number).toBe(order.number);
    expect(row.idempotencyKey).toBe('native-1');

    const again = await fetch(`${base}/api/v1/work-orders`, { method: 'POST', headers: headers({ 'idempotency-key': 'native-1' }), body: JSON.stringify(orderBody()) });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as { id: string }).id).toBe(order.id);

    const read = await fetch(`${base}/api/v1/work-orders/${encodeURIComponent(order.number)}?x=1`, { headers: headers() });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { id: string }).id).toBe(order.id);
  });

  it('refuses as the route handler does: no key 401, bad JSON 400, a field error 400 naming the field', async () => {
    const noKey = await fetch(`${base}/api/v1/work-orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const badJson = await fetch(`${base}/api/v1/work-orders`, { method: 'POST', headers: headers(), body: '{"title": ' });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    const invalid = await fetch(`${base}/api/v1/work-orders`, { method: 'POST', headers: headers(), body: JSON.stringify(orderBody({ priority: 'Soon' })) });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { fieldErrors: Record<string, string[]> } }).error.fieldErrors.priority).toBeDefined();
  });

  it('cuts a chunked body off at 1 MB with 413 and closes that connection, writing nothing', async () => {
    const before = (await db.db.select({ id: s.workOrders.id }).from(s.workOrders)).length;
    const { status, connection } = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const req = http.request(`${base}/api/v1/work-orders`, { method: 'POST', headers: headers({ 'transfer-encoding': 'chunked' }) }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
      });
      req.on('error', reject);
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 2_000_000) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect(connection).toBe('close');
    expect((await db.db.select({ id: s.workOrders.id }).from(s.workOrders)).length).toBe(before);
  });

  it('passes every other request on to Next.js', async () => {
    passedOn.length = 0;
    for (const [method, path] of [['GET', '/api/v1/work-orders'], ['PUT', '/api/v1/work-orders'], ['GET', '/api/v1/openapi.json'], ['GET', '/queues'], ['POST', '/api/v1/work-orders/'], ['GET', '/api/v1/work-orders/batch']] as const) {
      const res = await fetch(`${base}${path}`, { method, headers: headers(), body: method === 'GET' ? undefined : '{}' });
      expect(res.status).toBe(404);
    }
    expect(passedOn).toHaveLength(6);
    expect(nativeRoute('POST', '/api/v1/work-orders/batch')).not.toBeNull();
    expect(nativeRoute('GET', '/api/v1/work-orders/%E0%A4%A')).toBeNull();
  });
});
