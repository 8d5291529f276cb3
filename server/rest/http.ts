// JSON responses and problem bodies of the REST API. Every error answers
// `{ error: { code, message, fieldErrors?, errorId? } }` so clients handle one shape; an unexpected
// error says only that it happened and under which id the server logged it.
import type { ZodError } from 'zod';
import { isDomainError, type DomainErrorKind } from '../../engine/errors';
import { internalErrorMessage, logInternalError, newErrorId } from '../error-log';

export type ErrorCode =
  | 'unauthorized'
  | 'invalid_json'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'validation_failed'
  | 'invalid_idempotency_key'
  | 'idempotency_conflict'
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'unavailable'
  | 'method_not_allowed'
  | 'internal_error';

export interface ErrorBody {
  /** errorId: only for `internal_error`, the id the error was logged under. */
  error: { code: ErrorCode; message: string; fieldErrors?: Record<string, string[]>; errorId?: string };
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

const BODY_TEXT = Symbol.for('dispatch-studio.rest.body-text');

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body);
  const response = new Response(text, { status, headers: { ...JSON_HEADERS, ...headers } });
  // Kept beside the stream: the intake's fast path writes it as it is instead of reading the stream back.
  (response as unknown as Record<symbol, string>)[BODY_TEXT] = text;
  return response;
}

/** The text of a response made by json() or problem(), or null for any other. */
export function bodyTextOf(response: Response): string | null {
  const text = (response as unknown as Record<symbol, unknown>)[BODY_TEXT];
  return typeof text === 'string' && !response.bodyUsed ? text : null;
}

export function problem(
  status: number,
  code: ErrorCode,
  message: string,
  extra: { fieldErrors?: Record<string, string[]>; errorId?: string; headers?: Record<string, string> } = {},
): Response {
  const body: ErrorBody = {
    error: { code, message, ...(extra.fieldErrors ? { fieldErrors: extra.fieldErrors } : {}), ...(extra.errorId ? { errorId: extra.errorId } : {}) },
  };
  return json(body, status, extra.headers);
}

/** Zod issues by dotted path (`customer.name`); problems with the whole body under `_`. */
export function fieldErrorsOf(error: ZodError, prefix: (string | number)[] = []): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = [...prefix, ...issue.path].map(String).join('.') || '_';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

const STATUS_BY_KIND: Record<DomainErrorKind, [number, ErrorCode]> = {
  invalid: [400, 'validation_failed'],
  not_found: [404, 'not_found'],
  forbidden: [403, 'forbidden'],
  conflict: [409, 'conflict'],
  unavailable: [503, 'unavailable'],
};

/** What a client is told about an error: an unexpected one only says so, with the id it was logged under. */
export interface ErrorDescription {
  status: number;
  code: ErrorCode;
  message: string;
  fieldErrors?: Record<string, string[]>;
  errorId?: string;
}

/**
 * The status, code, message and field errors for an error thrown by the engine. Anything else is
 * a 500 `internal_error` whose body holds only an error id; the error itself (its message, SQL,
 * parameters, stack) is logged under that id, here, once.
 */
export function describeError(error: unknown, where = 'REST API'): ErrorDescription {
  if (isDomainError(error)) {
    const [status, code] = STATUS_BY_KIND[error.kind];
    const fieldErrors = 'fieldErrors' in error ? (error as { fieldErrors: Record<string, string[]> }).fieldErrors : undefined;
    return { status, code, message: error.message, ...(fieldErrors && Object.keys(fieldErrors).length ? { fieldErrors } : {}) };
  }
  const errorId = newErrorId();
  logInternalError(errorId, where, error);
  return { status: 500, code: 'internal_error', message: `${internalErrorMessage(errorId)}; retry with the same Idempotency-Key`, errorId };
}

export function errorResponse(error: unknown, where?: string): Response {
  const d = describeError(error, where);
  return problem(d.status, d.code, d.message, {
    fieldErrors: d.fieldErrors,
    errorId: d.errorId,
    headers: d.errorId ? { 'x-error-id': d.errorId } : undefined,
  });
}

export const MAX_BODY_BYTES = 1_000_000;
/** Objects and arrays nest at most this deep below the body itself (`custom.a.b…`). */
export const MAX_JSON_DEPTH = 10;

const tooLarge = (maxBytes: number) => problem(413, 'payload_too_large', `The body is larger than ${maxBytes} bytes`);

/** Reads a request's headers by (lower-case) name; `Headers` is one. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * A request as the handlers read it, whichever server received it: a web `Request` (Next.js route
 * handlers, tests) or node's IncomingMessage (server/rest/native.ts, the intake's own fast path).
 */
export interface RestRequest {
  /** Absolute: responses name URLs from it (Location). */
  readonly url: string;
  readonly headers: HeaderReader;
  /** The body as text, or null as soon as it passes `maxBytes` (reading stops there). */
  readText(maxBytes: number): Promise<string | null>;
  /** Reads no more of the body. */
  discardBody(): Promise<void>;
}

/**
 * Reads the body as it streams in and stops as soon as it passes `maxBytes` (a chunked body has
 * no Content-Length to check first): null when it is too large.
 */
async function readLimited(req: Request, maxBytes: number): Promise<string | null> {
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

const webRequests = new WeakMap<Request, RestRequest>();

/** A web Request as a RestRequest; a RestRequest as itself. */
export function restRequest(req: Request | RestRequest): RestRequest {
  if (!(req instanceof Request)) return req;
  let wrapped = webRequests.get(req);
  if (!wrapped) {
    wrapped = {
      url: req.url,
      headers: req.headers,
      readText: (maxBytes) => readLimited(req, maxBytes),
      discardBody: async () => {
        await req.body?.cancel().catch(() => {});
      },
    };
    webRequests.set(req, wrapped);
  }
  return wrapped;
}

/**
 * The first place where the parsed body nests deeper than `maxDepth`, or uses `__proto__` as a
 * key, by dotted path. Iterative, so a body of 100,000 nested arrays cannot overflow the stack.
 */
export function jsonShapeProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): { path: string; message: string } | null {
  const stack: { v: unknown; path: string[] }[] = [{ v: value, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (path.length > maxDepth) return { path: path.join('.'), message: `Nested deeper than ${maxDepth} levels` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, String(i)] });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      if (key === '__proto__') return { path: [...path, key].join('.'), message: '"__proto__" is not allowed as a field name' };
      stack.push({ v: (v as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return null;
}

/**
 * Reads a JSON body: 415 for another content type, 413 when too large (checked while it streams),
 * 400 when it is not JSON, and a 400 `validation_failed` naming the field when it nests deeper
 * than MAX_JSON_DEPTH or uses `__proto__` as a key.
 */
export async function readJson(
  request: Request | RestRequest,
  maxBytes = MAX_BODY_BYTES,
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const req = restRequest(request);
  const type = req.headers.get('content-type');
  if (type && !/^application\/([\w.+-]+\+)?json\b/i.test(type.trim())) {
    return { ok: false, response: problem(415, 'unsupported_media_type', 'Send the body as application/json') };
  }
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await req.discardBody();
    return { ok: false, response: tooLarge(maxBytes) };
  }
  const text = await req.readText(maxBytes);
  if (text === null) return { ok: false, response: tooLarge(maxBytes) };
  if (!text.trim()) return { ok: false, response: problem(400, 'invalid_json', 'The request body is empty; send a JSON object') };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (error instanceof RangeError) {
      return { ok: false, response: problem(400, 'validation_failed', 'The body is nested too deeply', { fieldErrors: { _: [`Nested deeper than ${MAX_JSON_DEPTH} levels`] } }) };
    }
    return { ok: false, response: problem(400, 'invalid_json', `The body is not valid JSON: ${(error as Error).message}`) };
  }
  const shape = jsonShapeProblem(value);
  if (shape) {
    return { ok: false, response: problem(400, 'validation_failed', `${shape.path}: ${shape.message}`, { fieldErrors: { [shape.path]: [shape.message] } }) };
  }
  return { ok: true, value };
}
