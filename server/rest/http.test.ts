// The REST API's bounds and error bodies: the body limit holds for chunked bodies (no
// Content-Length) too, JSON nested deeper than 10 levels is a 400 naming the field (never a 500,
// however deep), `__proto__` is not a field name, and an unexpected error answers 500
// `internal_error` with only an error id, while the log keeps the SQL, parameters and stack.
import { count, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { DEMO_API_KEY, seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { createEngine, type Engine } from '../../engine/dispatch';
import { captureErrorLog } from '../testing/error-log';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH, jsonShapeProblem, readJson, type ErrorBody } from './http';
import { BASE, apiRequest, orderBody } from './testing/fixtures';
import { handleBatchWorkOrders, handleCreateWorkOrder } from './work-orders';

let db: TestDatabase;
let deps: Engine;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.db, { orders: 2 });
  deps = createEngine({ db: db.db, cacheTtlMs: 0 });
}, 120_000);
afterAll(() => db?.dispose());
const logged = captureErrorLog();

const orderCount = async () => (await db.db.select({ n: count() }).from(s.workOrders))[0].n;

/** A POST whose body streams in 64 KB chunks with no Content-Length; counts the chunks read. */
function chunkedPost(path: string, prefix: string, padBytes: number, suffix: string) {
  const enc = new TextEncoder();
  const chunk = enc.encode('x'.repeat(64 * 1024));
  let sent = -1;
  const stats = { pulls: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      stats.pulls++;
      if (sent < 0) {
        controller.enqueue(enc.encode(prefix));
        sent = 0;
      } else if (sent < padBytes) {
        controller.enqueue(chunk);
        sent += chunk.byteLength;
      } else {
        controller.enqueue(enc.encode(suffix));
        controller.close();
      }
    },
  });
  const req = new Request(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': DEMO_API_KEY },
    body,
    duplex: 'half',
  } as RequestInit);
  return { req, stats };
}

/** `{"custom":{"a":{"a":…}}}` with `levels` objects inside `custom`. */
function nestedCustom(levels: number): Record<string, unknown> {
  let v: Record<string, unknown> = {};
  for (let i = 0; i < levels - 1; i++) v = { a: v };
  return orderBody({ custom: v });
}

describe('body limit', () => {
  it('answers 413 for a chunked body over the limit without reading it all, and writes nothing', async () => {
    const before = await orderCount();
    const { req, stats } = chunkedPost('/api/v1/work-orders', '{"title":"', 20_000_000, '"}');
    expect(req.headers.get('content-length')).toBeNull();
    const res = await handleCreateWorkOrder(req, deps);
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error).toEqual({ code: 'payload_too_large', message: `The body is larger than ${MAX_BODY_BYTES} bytes` });
    expect(stats.pulls).toBeLessThan(40); // 1 MB is 16 chunks; 20 MB would be 300
    expect(await orderCount()).toBe(before);
  });

  it('answers 413 for a declared Content-Length over the limit', async () => {
    const res = await readJson(new Request(`${BASE}/x`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '5000000' }, body: 'x' }));
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.response.status).toBe(413);
  });

  it('takes a chunked body under the limit', async () => {
    const { req } = chunkedPost('/x', '{"pad":"', 200_000, '"}');
    const res = await readJson(req);
    expect(res.ok).toBe(true);
    if (res.ok) expect((res.value as { pad: string }).pad.length).toBeGreaterThan(200_000);
  });

  it('the batch endpoint keeps its larger limit, also when chunked', async () => {
    const { req } = chunkedPost('/api/v1/work-orders/batch', '{"pad":"', 11_000_000, '"}');
    const res = await handleBatchWorkOrders(req, deps);
    expect(res.status).toBe(413);
  });
});

describe('nesting depth', () => {
  it(`takes ${MAX_JSON_DEPTH} levels and refuses ${MAX_JSON_DEPTH + 1} with a 400 naming the field`, async () => {
    expect(jsonShapeProblem(nestedCustom(MAX_JSON_DEPTH))).toBeNull();
    const before = await orderCount();
    const res = await handleCreateWorkOrder(apiRequest('/api/v1/work-orders', { body: nestedCustom(MAX_JSON_DEPTH + 1) }), deps);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.fieldErrors).toEqual({ 'custom.a.a.a.a.a.a.a.a.a.a': ['Nested deeper than 10 levels'] });
    expect(await orderCount()).toBe(before);
  });

  it('a 100,000-deep array in any field is a 400, not a stack overflow or a 500', async () => {
    const raw = `{"title":"Deep","tags":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const res = await handleCreateWorkOrder(apiRequest('/api/v1/work-orders', { rawBody: raw }), deps);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('validation_failed');
    const [field] = Object.keys(body.error.fieldErrors!);
    expect(field).toBe(['tags', ...Array.from({ length: 10 }, () => '0')].join('.'));
    expect(body.error.fieldErrors![field]).toEqual(['Nested deeper than 10 levels']);
  });

  it('deep nesting inside a batch item is a 400 for the whole batch, naming the path', async () => {
    const res = await handleBatchWorkOrders(apiRequest('/api/v1/work-orders/batch', { body: { orders: [{ order: nestedCustom(12) }] } }), deps);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(Object.keys(body.error.fieldErrors!)[0]).toMatch(/^orders\.0\.order\.custom\.a/);
  });
});

describe('custom field names from Object.prototype', () => {
  it('"__proto__" is refused by name, not silently dropped or merged into the prototype', async () => {
    const before = await orderCount();
    const raw = JSON.stringify(orderBody({ custom: { contractLevel: 'Plus' } })).replace('"custom":{', '"custom":{"__proto__":{"contractLevel":"Premium","isAdmin":true},');
    const res = await handleCreateWorkOrder(apiRequest('/api/v1/work-orders', { rawBody: raw }), deps);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.fieldErrors).toEqual({ 'custom.__proto__': ['"__proto__" is not allowed as a field name'] });
    expect(await orderCount()).toBe(before);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('"constructor", "toString" and "hasOwnProperty" are unknown custom fields', async () => {
    const res = await handleCreateWorkOrder(
      apiRequest('/api/v1/work-orders', { body: orderBody({ custom: { contractLevel: 'Plus', constructor: 'x', toString: 1, hasOwnProperty: true } }) }),
      deps,
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.fieldErrors!).sort()).toEqual(['custom.constructor', 'custom.hasOwnProperty', 'custom.toString']);
    expect(body.error.fieldErrors!['custom.constructor']).toEqual(['There is no custom field "constructor"']);
  });
});

describe('unexpected errors', () => {
  /** The real database, except that writing an order fails in the driver with SQL and a parameter. */
  function failingWrites(): Db {
    const fail = () => db.db.execute(sql`INSERT INTO missing_orders_x (secret) VALUES (${'param-hunter2'})`);
    return new Proxy(db.db, {
      get(target, prop, receiver) {
        if (prop === 'transaction' || prop === 'execute' || prop === 'insert') return () => fail();
        return Reflect.get(target, prop, receiver);
      },
    }) as Db;
  }

  it('answer 500 internal_error with only code, message and errorId; the log has the SQL under that id', async () => {
    const res = await handleCreateWorkOrder(apiRequest('/api/v1/work-orders', { body: orderBody(), idempotencyKey: 'boom-1' }), createEngine({ db: failingWrites(), cacheTtlMs: 0 }));
    expect(res.status).toBe(500);
    const raw = await res.text();
    for (const secret of ['Failed query', 'missing_orders_x', 'param-hunter2', 'INSERT', 'does not exist', 'stack']) expect(raw).not.toContain(secret);
    const body = JSON.parse(raw) as ErrorBody;
    expect(Object.keys(body)).toEqual(['error']);
    expect(Object.keys(body.error).sort()).toEqual(['code', 'errorId', 'message']);
    expect(body.error.code).toBe('internal_error');
    expect(body.error.errorId).toMatch(/^[0-9a-f]{16}$/);
    expect(body.error.message).toBe(`Something went wrong on our side (error id ${body.error.errorId}); retry with the same Idempotency-Key`);
    expect(res.headers.get('x-error-id')).toBe(body.error.errorId);
    expect(logged).toHaveLength(1);
    expect(logged[0].line).toContain(`[error ${body.error.errorId}]`);
    expect(logged[0].line).toContain('missing_orders_x');
    expect(logged[0].line).toContain('param-hunter2');
  });

  it('a failed batch item says internal_error with its error id and no SQL', async () => {
    const res = await handleBatchWorkOrders(apiRequest('/api/v1/work-orders/batch', { body: { orders: [{ order: orderBody() }] } }), createEngine({ db: failingWrites(), cacheTtlMs: 0 }));
    expect(res.status).toBe(200);
    const raw = await res.text();
    expect(raw).not.toContain('missing_orders_x');
    expect(raw).not.toContain('param-hunter2');
    const { results } = JSON.parse(raw) as { results: { status: number; error: { code: string; message: string } }[] };
    expect(results[0].status).toBe(500);
    expect(results[0].error.code).toBe('internal_error');
    const id = /error id ([0-9a-f]{16})/.exec(results[0].error.message)![1];
    expect(logged.map((l) => l.line.startsWith(`[error ${id}] REST API batch item 0`))).toEqual([true]);
  });

  it('domain errors keep their codes and messages and are not logged', async () => {
    const res = await handleCreateWorkOrder(apiRequest('/api/v1/work-orders', { body: orderBody({ flow: 'no-such-flow' }) }), deps);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.fieldErrors).toEqual({ flow: ['No published flow "no-such-flow"'] });
    expect(body.error.errorId).toBeUndefined();
    expect(res.headers.get('x-error-id')).toBeNull();
    expect(logged).toEqual([]);
  });
});
