// The tRPC HTTP endpoint, testable without Next.js: a body limit per procedure (1 MB unless one
// needs more), enforced while the body streams in (also for chunked bodies without a
// Content-Length), at most MAX_BATCH_SIZE calls per batch, and unexpected errors answered with
// an error id only (see errorFormatter in ./trpc).
import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { Context } from './context';
import { appRouter } from './root';

export const TRPC_ENDPOINT = '/api/trpc';
export const MAX_BATCH_SIZE = 20;
export const DEFAULT_BODY_LIMIT = 1_000_000;

/**
 * Procedures that take more than 1 MB. Bodies are JSON, so text fields count with their escapes
 * (quotes and newlines double in size): the limit is about twice the largest text the input takes.
 */
export const BODY_LIMITS: Readonly<Record<string, number>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, number>, {
    // A flow file of up to 2 MB of text, and the graphs the editor saves and checks after importing one.
    'flows.import': 4_500_000,
    'flows.create': 4_500_000,
    'flows.saveDraft': 4_500_000,
    'flows.check': 4_500_000,
    // Rule sources of up to 500 KB.
    'rules.check': 1_500_000,
    'rules.test': 1_500_000,
    'rules.backtest': 1_500_000,
    'rules.create': 1_500_000,
    'rules.saveDraft': 1_500_000,
    // A photo or signature of up to 5 MB as a base64 data URL (4/3 of it), with the other entries sent beside it.
    'compliance.record': 8_000_000,
  }),
);

/** The procedure paths a request calls (`a.b,c.d` for a batch). */
export function procedurePaths(req: Request, endpoint = TRPC_ENDPOINT): string[] {
  const pathname = new URL(req.url).pathname;
  const rest = pathname.startsWith(endpoint) ? pathname.slice(endpoint.length) : pathname;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest.replace(/^\/+|\/+$/g, ''));
  } catch {
    return []; // a malformed path: tRPC answers it; the default limit applies
  }
  return decoded.split(',').filter(Boolean);
}

/** The largest body any of the called procedures may take (a batch may carry the largest). */
export function bodyLimitFor(paths: string[]): number {
  let limit = DEFAULT_BODY_LIMIT;
  for (const p of paths) if (Object.hasOwn(BODY_LIMITS, p)) limit = Math.max(limit, BODY_LIMITS[p]);
  return limit;
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1_000_000) * 10) / 10} MB`;

export function payloadTooLarge(limit: number, paths: string[]): TRPCError {
  const what = paths.length === 1 ? paths[0] : 'this request';
  return new TRPCError({
    code: 'PAYLOAD_TOO_LARGE',
    message: `The request body is larger than ${megabytes(limit)}, the most ${what} accepts`,
  });
}

/**
 * The request with its body limited to `limit` bytes: a declared Content-Length over the limit
 * fails at once without reading anything; otherwise the body is counted as it streams and reading
 * stops with PAYLOAD_TOO_LARGE as soon as it passes the limit. tRPC reads the body when it parses
 * the input, so the error is answered in tRPC's shape (status 413).
 */
export function limitBody(req: Request, limit: number, tooLarge: () => Error): Request {
  if (!req.body) return req;
  const declared = Number(req.headers.get('content-length') ?? NaN);
  let body: ReadableStream<Uint8Array>;
  if (Number.isFinite(declared) && declared > limit) {
    void req.body.cancel().catch(() => {});
    body = new ReadableStream({ start: (controller) => controller.error(tooLarge()) });
  } else {
    const reader = req.body.getReader();
    let seen = 0;
    body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        seen += value.byteLength;
        if (seen > limit) {
          void reader.cancel().catch(() => {});
          return controller.error(tooLarge());
        }
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    });
  }
  const headers = new Headers(req.headers);
  headers.delete('content-length');
  return new Request(req.url, { method: req.method, headers, body, signal: req.signal, duplex: 'half' } as RequestInit);
}

/** Answers one request to the tRPC endpoint. */
export function handleTrpcRequest(req: Request, createContext: () => Context | Promise<Context>, endpoint = TRPC_ENDPOINT): Promise<Response> {
  const paths = procedurePaths(req, endpoint);
  const limit = bodyLimitFor(paths);
  return fetchRequestHandler({
    endpoint,
    req: limitBody(req, limit, () => payloadTooLarge(limit, paths)),
    router: appRouter,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext,
    // Unexpected errors are logged, with their id, by the error formatter (server/trpc.ts).
  });
}
