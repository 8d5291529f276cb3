// The tRPC endpoint over HTTP (the same handler the Next.js route uses): bodies are limited while
// they stream in, batches are limited, and an unexpected error reaches the client as
// INTERNAL_SERVER_ERROR with an error id only, while the server log keeps the SQL, its parameters
// and the stack under that id. Domain errors and input errors keep their codes and messages.
import { sql } from 'drizzle-orm';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../drizzle/client';
import { seedDemoData } from '../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../drizzle/testing';
import type { Principal } from '../engine/principal';
import { createContextInner } from './context';
import { captureErrorLog } from './testing/error-log';
import { demoPrincipal } from './testing/principals';
import { DEFAULT_BODY_LIMIT, MAX_BATCH_SIZE, bodyLimitFor, handleTrpcRequest } from './trpc-http';

interface ErrorJson {
  message: string;
  code: number;
  data: { code: string; httpStatus: number; path?: string; errorId: string | null; fieldErrors: Record<string, string[]> | null; domainKind: string | null; stack?: string };
}

let db: TestDatabase;
let admin: Principal;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.db, { orders: 3 });
  admin = await demoPrincipal(db.db, 'admin');
}, 120_000);
afterAll(() => db?.dispose());
const logged = captureErrorLog();

const send = (req: Request, database: Db = db.db) => handleTrpcRequest(req, () => createContextInner({ db: database, principal: admin }));

const url = (path: string, query = '') => `http://localhost/api/trpc/${path}${query}`;

function mutation(path: string, input: unknown) {
  return new Request(url(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(superjson.serialize(input)) });
}

/** A body sent in chunks with no Content-Length, as `Transfer-Encoding: chunked` arrives. */
function chunked(path: string, totalBytes: number, onPull?: () => void) {
  const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
  let sent = 0;
  const prefix = new TextEncoder().encode('{"json":{"text":"');
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      onPull?.();
      if (sent === 0) {
        controller.enqueue(prefix);
        sent += prefix.byteLength;
      } else if (sent < totalBytes) {
        controller.enqueue(chunk);
        sent += chunk.byteLength;
      } else {
        controller.enqueue(new TextEncoder().encode('"}}'));
        controller.close();
      }
    },
  });
  const req = new Request(url(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
  expect(req.headers.get('content-length')).toBeNull();
  return req;
}

async function errorOf(res: Response): Promise<ErrorJson> {
  const body = (await res.json()) as { error: { json: ErrorJson } } | { error: { json: ErrorJson } }[];
  return Array.isArray(body) ? body[0].error.json : body.error.json;
}

describe('request body limit', () => {
  it('is 1 MB by default and larger only for the procedures that take large text', () => {
    expect(DEFAULT_BODY_LIMIT).toBe(1_000_000);
    expect(bodyLimitFor(['orders.create'])).toBe(1_000_000);
    expect(bodyLimitFor(['flows.import'])).toBeGreaterThanOrEqual(4_000_000);
    for (const p of ['rules.check', 'rules.test', 'rules.backtest']) expect(bodyLimitFor([p])).toBeGreaterThanOrEqual(1_000_000);
    expect(bodyLimitFor(['constructor'])).toBe(1_000_000);
    expect(bodyLimitFor(['__proto__'])).toBe(1_000_000);
  });

  it('answers 413 PAYLOAD_TOO_LARGE for a body over 1 MB with a Content-Length', async () => {
    const res = await send(mutation('orders.create', { title: 'x'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
    const e = await errorOf(res);
    expect(e.data.code).toBe('PAYLOAD_TOO_LARGE');
    expect(e.message).toMatch(/larger than 1 MB/);
    expect(e.message).toContain('orders.create');
  });

  it('answers 413 for a chunked body without Content-Length, and stops reading at the limit', async () => {
    let pulls = 0;
    const res = await send(chunked('orders.create', 50_000_000, () => pulls++));
    expect(res.status).toBe(413);
    expect((await errorOf(res)).data.code).toBe('PAYLOAD_TOO_LARGE');
    // 1 MB in 64 KB chunks is ~16 pulls (the stream may read a few ahead); 50 MB would be ~760.
    expect(pulls).toBeLessThan(40);
  });

  it('lets flows.import take a 3 MB body (up to 2 MB of text, escaped), and refuses 5 MB', async () => {
    // 1.9 MB of text; its newlines double when the text is sent as a JSON string.
    const text = `{"name":"Big","nodes":[],"edges":[],"pad":"${'y'.repeat(1_000_000)}"}${'\n'.repeat(900_000)}`;
    const big = JSON.stringify(superjson.serialize({ text }));
    expect(big.length).toBeGreaterThan(2_500_000);
    const res = await send(new Request(url('flows.import'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: big }));
    expect(res.status).not.toBe(413);
    const chunkedRes = await send(chunked('flows.import', 5_000_000));
    expect(chunkedRes.status).toBe(413);
    expect((await errorOf(chunkedRes)).message).toContain('flows.import');
  });

  it('lets rules.check take a 500 KB source', async () => {
    const source = `# ${'z'.repeat(499_000)}\n`;
    const res = await send(mutation('rules.check', { source }));
    expect(res.status).toBe(200);
  });

  it('a body under the limit still works (chunked too)', async () => {
    const res = await send(chunked('rules.check', 10_000));
    expect(res.status).not.toBe(413);
  });
});

describe('batch size', () => {
  const batch = (n: number) =>
    new Request(
      url(
        Array.from({ length: n }, () => 'flows.list').join(','),
        `?batch=1&input=${encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, {}]))))}`,
      ),
    );

  it(`takes a batch of ${MAX_BATCH_SIZE} calls`, async () => {
    expect(MAX_BATCH_SIZE).toBeLessThanOrEqual(20);
    const res = await send(batch(MAX_BATCH_SIZE));
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBe(MAX_BATCH_SIZE);
  });

  it(`refuses a batch of ${MAX_BATCH_SIZE + 1} with BAD_REQUEST, running none of it`, async () => {
    const res = await send(batch(MAX_BATCH_SIZE + 1));
    expect(res.status).toBe(400);
    const e = await errorOf(res);
    expect(e.data.code).toBe('BAD_REQUEST');
    expect(e.message).toMatch(/batch/i);
  });
});

describe('errors tell clients only what is meant for them', () => {
  /** A database whose every query fails in the driver, with SQL and a parameter in the error. */
  function brokenDb(): Db {
    const fail = () => db.db.execute(sql`SELECT secret_column FROM missing_table_x WHERE token = ${'param-hunter2'}`);
    // A query builder stand-in: every chained call (from, where, leftJoin, …) returns it; awaiting it runs the failing query.
    const chain: unknown = new Proxy(() => {}, {
      get: (_t, prop) => (prop === 'then' ? (ok: (v: unknown) => unknown, ko: (e: unknown) => unknown) => fail().then(ok, ko) : () => chain),
      apply: () => chain,
    });
    return new Proxy(db.db, {
      get(target, prop, receiver) {
        if (['select', 'selectDistinct', 'execute', 'transaction', 'insert', 'update', 'delete', 'query', 'with'].includes(String(prop))) return () => chain;
        return Reflect.get(target, prop, receiver);
      },
    }) as Db;
  }

  it('a raw database error is INTERNAL_SERVER_ERROR with an error id: no SQL, no parameters, no driver message, no stack', async () => {
    const res = await send(new Request(url('flows.list')), brokenDb());
    expect(res.status).toBe(500);
    const raw = await res.text();
    for (const secret of ['Failed query', 'missing_table_x', 'secret_column', 'param-hunter2', 'SELECT', 'does not exist', 'at ']) {
      expect(raw).not.toContain(secret);
    }
    const e = (JSON.parse(raw) as { error: { json: ErrorJson } }).error.json;
    expect(e.data.code).toBe('INTERNAL_SERVER_ERROR');
    expect(e.data.errorId).toMatch(/^[0-9a-f]{16}$/);
    expect(e.message).toBe(`Something went wrong on our side (error id ${e.data.errorId})`);
    expect(e.data.stack).toBeUndefined();
    expect(Object.keys(e.data).sort()).toEqual(['code', 'domainKind', 'errorId', 'fieldErrors', 'httpStatus', 'path']);

    // The log has it all, under the same id.
    expect(logged).toHaveLength(1);
    expect(logged[0].line).toContain(`[error ${e.data.errorId}]`);
    expect(logged[0].line).toContain('tRPC flows.list');
    expect(logged[0].line).toContain('missing_table_x');
    expect(logged[0].line).toContain('param-hunter2');
    expect(String((logged[0].error as Error).stack)).toBeTruthy();
  });

  it('a driver error in a mutation is answered the same way', async () => {
    const res = await send(mutation('flows.import', { text: '{"name":"x","nodes":[],"edges":[]}' }), brokenDb());
    expect(res.status).toBe(500);
    const e = await errorOf(res);
    expect(e.data.code).toBe('INTERNAL_SERVER_ERROR');
    expect(e.message).toMatch(/^Something went wrong on our side \(error id [0-9a-f]{16}\)$/);
    expect(logged.map((l) => l.line.includes(e.data.errorId!))).toEqual([true]);
  });

  it('each error of a batch has its own id', async () => {
    const res = await send(new Request(url('flows.list,rules.list', `?batch=1&input=${encodeURIComponent('{"0":{},"1":{}}')}`)), brokenDb());
    const body = (await res.json()) as { error: { json: ErrorJson } }[];
    const ids = body.map((b) => b.error.json.data.errorId);
    expect(ids.every((id) => /^[0-9a-f]{16}$/.test(id!))).toBe(true);
    expect(new Set(ids).size).toBe(2);
    expect(logged).toHaveLength(2);
  });

  it('domain errors keep their codes and messages, with no error id and nothing logged', async () => {
    const res = await send(new Request(url('flows.get', `?input=${encodeURIComponent(JSON.stringify(superjson.serialize({ id: 'no-such-flow' })))}`)));
    expect(res.status).toBe(404);
    const e = await errorOf(res);
    expect(e.data.code).toBe('NOT_FOUND');
    expect(e.data.domainKind).toBe('not_found');
    expect(e.message).toContain('no-such-flow');
    expect(e.data.errorId).toBeNull();
    expect(e.data.stack).toBeUndefined();
    expect(logged).toEqual([]);
  });

  it('input errors keep their field errors', async () => {
    const res = await send(mutation('directory.groups.create', { name: 'x', kind: 'robots' }));
    expect(res.status).toBe(400);
    const e = await errorOf(res);
    expect(e.data.code).toBe('BAD_REQUEST');
    expect(Object.keys(e.data.fieldErrors!).sort()).toEqual(['kind', 'name']);
    expect(e.data.errorId).toBeNull();
    expect(e.data.stack).toBeUndefined();
    expect(logged).toEqual([]);
  });

  it('an unauthorised call is UNAUTHORIZED, as before', async () => {
    const res = await handleTrpcRequest(new Request(url('flows.list')), () => createContextInner({ db: db.db, principal: null }));
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toBe('Sign in first');
  });
});

describe('procedure paths', () => {
  it('a malformed path gets the default limit and an answer from tRPC, not a crash', async () => {
    const res = await send(new Request('http://localhost/api/trpc/%E0%A4%A', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
