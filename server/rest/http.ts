// JSON responses and problem bodies of the REST API. Every error answers
// `{ error: { code, message, fieldErrors? } }` so clients handle one shape.
import type { ZodError } from 'zod';
import { isDomainError, type DomainErrorKind } from '../../engine/errors';

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
  error: { code: ErrorCode; message: string; fieldErrors?: Record<string, string[]> };
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

export function problem(
  status: number,
  code: ErrorCode,
  message: string,
  extra: { fieldErrors?: Record<string, string[]>; headers?: Record<string, string> } = {},
): Response {
  const body: ErrorBody = { error: { code, message, ...(extra.fieldErrors ? { fieldErrors: extra.fieldErrors } : {}) } };
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

/** The status, code, message and field errors for an error thrown by the engine (500 for anything else). */
export function describeError(error: unknown): { status: number; code: ErrorCode; message: string; fieldErrors?: Record<string, string[]> } {
  if (isDomainError(error)) {
    const [status, code] = STATUS_BY_KIND[error.kind];
    const fieldErrors = 'fieldErrors' in error ? (error as { fieldErrors: Record<string, string[]> }).fieldErrors : undefined;
    return { status, code, message: error.message, ...(fieldErrors && Object.keys(fieldErrors).length ? { fieldErrors } : {}) };
  }
  return { status: 500, code: 'internal_error', message: 'Something went wrong on our side; retry with the same Idempotency-Key' };
}

export function errorResponse(error: unknown): Response {
  const d = describeError(error);
  if (d.status === 500) console.error('REST API:', error);
  return problem(d.status, d.code, d.message, { fieldErrors: d.fieldErrors });
}

export const MAX_BODY_BYTES = 1_000_000;

/** Reads a JSON body: 415 for another content type, 413 when too large, 400 when it is not JSON. */
export async function readJson(req: Request, maxBytes = MAX_BODY_BYTES): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const type = req.headers.get('content-type');
  if (type && !/^application\/([\w.+-]+\+)?json\b/i.test(type.trim())) {
    return { ok: false, response: problem(415, 'unsupported_media_type', 'Send the body as application/json') };
  }
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > maxBytes) return { ok: false, response: problem(413, 'payload_too_large', `The body is larger than ${maxBytes} bytes`) };
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) {
    return { ok: false, response: problem(413, 'payload_too_large', `The body is larger than ${maxBytes} bytes`) };
  }
  if (!text.trim()) return { ok: false, response: problem(400, 'invalid_json', 'The request body is empty; send a JSON object') };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, response: problem(400, 'invalid_json', `The body is not valid JSON: ${(error as Error).message}`) };
  }
}
