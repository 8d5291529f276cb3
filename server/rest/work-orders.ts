// The intake API's handlers: plain `Request` in, `Response` out, so they test without Next.js.
// Every order is made by the engine's one creation function (`createOrder`), the same one manual
// creation uses; an Idempotency-Key makes a repeat answer with the first order instead of a new one.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { createValidOrder, newOrderInput, type Engine, type NewOrderInput, type OrderRow } from '../../engine/dispatch';
import { authenticateApiKey, mayReadOrder, type ApiKeyAuth } from './api-keys';
import { describeError, errorResponse, fieldErrorsOf, json, problem, readJson, restRequest, type ErrorCode, type HeaderReader, type RestRequest } from './http';
import { findOrder, toPublicOrder } from './representation';

export const WORK_ORDERS_PATH = '/api/v1/work-orders';
export const IDEMPOTENCY_KEY_MAX = 200;
export const BATCH_MAX = 100;

const idempotencyKeySchema = z
  .string()
  .min(1, 'The Idempotency-Key is empty')
  .max(IDEMPOTENCY_KEY_MAX, `The Idempotency-Key is at most ${IDEMPOTENCY_KEY_MAX} characters`);

/** The `Idempotency-Key` header: absent (no idempotency), valid, or a 400. */
function readIdempotencyKey(headers: HeaderReader): { ok: true; value: string | undefined } | { ok: false; response: Response } {
  const raw = headers.get('idempotency-key');
  if (raw === null) return { ok: true, value: undefined };
  const parsed = idempotencyKeySchema.safeParse(raw.trim());
  if (!parsed.success) {
    return { ok: false, response: problem(400, 'invalid_idempotency_key', parsed.error.issues[0].message, { fieldErrors: { 'Idempotency-Key': parsed.error.issues.map((i) => i.message) } }) };
  }
  return { ok: true, value: parsed.data };
}

/** JSON with object keys sorted, so equal requests hash equal whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The hash of a validated order (defaults filled, text trimmed), stored with its idempotency key. */
export const requestHashOf = (input: NewOrderInput) => createHash('sha256').update(canonicalJson(input)).digest('hex');

type IntakeOutcome = { kind: 'created' | 'replayed'; order: OrderRow } | { kind: 'key_reused'; order: OrderRow };

/** One order through the engine; a repeat of a key with another body is told apart from a true replay. */
async function intakeOne(engine: Engine, apiKeyId: string, input: NewOrderInput, idempotencyKey: string | undefined): Promise<IntakeOutcome> {
  const requestHash = requestHashOf(input);
  const { order, created } = await createValidOrder(engine, { type: 'api', apiKeyId }, input, { idempotencyKey, requestHash });
  if (created) return { kind: 'created', order };
  // Orders keyed before request hashes were kept (request_hash null) count as the same request.
  if (order.requestHash && order.requestHash !== requestHash) return { kind: 'key_reused', order };
  return { kind: 'replayed', order };
}

const keyReusedMessage = (order: OrderRow) =>
  `This Idempotency-Key was already used for work order ${order.number} with a different request body`;

/** The request's API key if it may create work orders; else the answer: 401, or 403 for a key without the create scope. */
async function creatingKey(req: RestRequest, engine: Engine): Promise<ApiKeyAuth> {
  const auth = await authenticateApiKey(engine.db, req.headers, engine.now());
  if (!auth.ok || auth.scopes.includes('create')) return auth;
  return { ok: false, response: problem(403, 'forbidden', 'This API key may not create work orders: it lacks the create scope') };
}

const orderUrl = (req: RestRequest, id: string) => new URL(`${WORK_ORDERS_PATH}/${encodeURIComponent(id)}`, req.url).toString();

/** POST /api/v1/work-orders */
export async function handleCreateWorkOrder(request: Request | RestRequest, engine: Engine): Promise<Response> {
  const req = restRequest(request);
  try {
    const auth = await creatingKey(req, engine);
    if (!auth.ok) return auth.response;
    const key = readIdempotencyKey(req.headers);
    if (!key.ok) return key.response;
    const body = await readJson(req);
    if (!body.ok) return body.response;
    const parsed = newOrderInput.safeParse(body.value);
    if (!parsed.success) {
      return problem(400, 'validation_failed', 'The work order is not valid', { fieldErrors: fieldErrorsOf(parsed.error) });
    }
    const outcome = await intakeOne(engine, auth.apiKeyId, parsed.data, key.value);
    if (outcome.kind === 'key_reused') return problem(409, 'idempotency_conflict', keyReusedMessage(outcome.order));
    const location = orderUrl(req, outcome.order.id);
    // Named from the engine's cached directory (the assignee was just chosen from it): no query.
    const order = await toPublicOrder(engine.db, outcome.order, await engine.directory.get());
    return outcome.kind === 'created'
      ? json(order, 201, { location })
      : json(order, 200, { location, 'idempotent-replayed': 'true' });
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * GET /api/v1/work-orders/:id (an id or a number such as WO-1042). A key reads the orders it created,
 * or any with the read_all scope; any other order is answered as if it did not exist.
 */
export async function handleGetWorkOrder(request: Request | RestRequest, engine: Engine, idOrNumber: string): Promise<Response> {
  const req = restRequest(request);
  try {
    const auth = await authenticateApiKey(engine.db, req.headers, engine.now());
    if (!auth.ok) return auth.response;
    const row = idOrNumber ? await findOrder(engine.db, idOrNumber) : null;
    if (!row || !mayReadOrder(auth, row)) return problem(404, 'not_found', `Work order "${idOrNumber}" was not found`);
    return json(await toPublicOrder(engine.db, row));
  } catch (error) {
    return errorResponse(error);
  }
}

// ---------------------------------------------------------------------------------------------
// Batch intake
// ---------------------------------------------------------------------------------------------
export const batchEnvelope = z.object({
  orders: z
    .array(
      z.object({
        idempotencyKey: idempotencyKeySchema.optional(),
        // Each order is validated on its own, so one bad order does not sink the others.
        order: z.unknown(),
      }),
    )
    .min(1, 'Send at least one order')
    .max(BATCH_MAX, `At most ${BATCH_MAX} orders per batch`),
});

export const batchResultSchema = z.object({
  index: z.number().int(),
  status: z.number().int().meta({ description: '201 created, 200 replayed, 400 invalid, 409 key reused with another body, 5xx failed' }),
  idempotencyKey: z.string().nullable(),
  order: z.object({ id: z.string(), number: z.string(), status: z.string(), url: z.string() }).nullable(),
  error: z
    .object({ code: z.string(), message: z.string(), fieldErrors: z.record(z.string(), z.array(z.string())).optional() })
    .nullable(),
});
export type BatchResult = z.infer<typeof batchResultSchema>;

export const batchResponseSchema = z.object({
  results: z.array(batchResultSchema),
  summary: z.object({ created: z.number().int(), replayed: z.number().int(), failed: z.number().int() }),
});

/**
 * POST /api/v1/work-orders/batch: creates each order in turn, each in its own transaction, and
 * answers per item. A server that stops half way leaves whole orders only; sending the same batch
 * again with the same keys creates the rest and replays the ones already made.
 */
export async function handleBatchWorkOrders(request: Request | RestRequest, engine: Engine): Promise<Response> {
  const req = restRequest(request);
  try {
    const auth = await creatingKey(req, engine);
    if (!auth.ok) return auth.response;
    const body = await readJson(req, 10_000_000);
    if (!body.ok) return body.response;
    const envelope = batchEnvelope.safeParse(body.value);
    if (!envelope.success) {
      return problem(400, 'validation_failed', 'The batch is not valid', { fieldErrors: fieldErrorsOf(envelope.error) });
    }
    const results: BatchResult[] = [];
    for (const [index, item] of envelope.data.orders.entries()) {
      const idempotencyKey = item.idempotencyKey ?? null;
      const fail = (status: number, code: ErrorCode, message: string, fieldErrors?: Record<string, string[]>): BatchResult => ({
        index,
        status,
        idempotencyKey,
        order: null,
        error: { code, message, ...(fieldErrors ? { fieldErrors } : {}) },
      });
      const parsed = newOrderInput.safeParse(item.order);
      if (!parsed.success) {
        results.push(fail(400, 'validation_failed', 'The work order is not valid', fieldErrorsOf(parsed.error)));
        continue;
      }
      try {
        const outcome = await intakeOne(engine, auth.apiKeyId, parsed.data, item.idempotencyKey);
        if (outcome.kind === 'key_reused') {
          results.push(fail(409, 'idempotency_conflict', keyReusedMessage(outcome.order)));
          continue;
        }
        const o = outcome.order;
        results.push({
          index,
          status: outcome.kind === 'created' ? 201 : 200,
          idempotencyKey,
          order: { id: o.id, number: o.number, status: o.status, url: orderUrl(req, o.id) },
          error: null,
        });
      } catch (error) {
        const d = describeError(error, `REST API batch item ${index}`); // logs an unexpected error under its id
        results.push(fail(d.status, d.code, d.message, d.fieldErrors));
      }
    }
    const summary = {
      created: results.filter((r) => r.status === 201).length,
      replayed: results.filter((r) => r.status === 200).length,
      failed: results.filter((r) => r.status >= 400).length,
    };
    return json({ results, summary }, 200);
  } catch (error) {
    return errorResponse(error);
  }
}
