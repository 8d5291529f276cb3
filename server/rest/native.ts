// The intake API served straight from node's http server, ahead of Next.js's router. Integrations
// send orders by the thousand; through a route handler each request also paid for Next.js's routing,
// its web-stream Request and Response and their tracing (about half the server's CPU per order, see
// bench/dispatch.bench.ts). The handlers are the very ones app/api/v1/ mounts as route handlers
// (which still answer wherever this path is not installed, e.g. a runtime without instrumentation),
// with the same security headers (server/static-headers.json). server/request-hooks.ts installs it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import staticHeaders from '../static-headers.json';
import type { Engine } from '../../engine/dispatch';
import { bodyTextOf, errorResponse, type RestRequest } from './http';
import { handleBatchWorkOrders, handleCreateWorkOrder, handleGetWorkOrder, WORK_ORDERS_PATH } from './work-orders';

type NativeHandler = (req: RestRequest, engine: Engine) => Promise<Response>;

const BATCH_PATH = `${WORK_ORDERS_PATH}/batch`;
const ORDER_PATH = new RegExp(`^${WORK_ORDERS_PATH}/([^/]+)$`);

/** The handler for a method and path (without the query), or null: Next.js answers that request. */
export function nativeRoute(method: string | undefined, path: string): NativeHandler | null {
  if (method === 'POST') {
    if (path === WORK_ORDERS_PATH) return handleCreateWorkOrder;
    if (path === BATCH_PATH) return handleBatchWorkOrders;
    return null;
  }
  if (method === 'GET') {
    const m = ORDER_PATH.exec(path);
    if (m && m[1] !== 'batch') {
      let id: string;
      try {
        id = decodeURIComponent(m[1]);
      } catch {
        return null; // malformed escapes: Next.js answers as it would
      }
      return (req, engine) => handleGetWorkOrder(req, engine, id);
    }
  }
  return null;
}

function headerReader(req: IncomingMessage) {
  return {
    get(name: string): string | null {
      const v = req.headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
  };
}

/** The request as the handlers read it; `abandoned()` tells whether part of its body was left unread. */
function fromIncoming(req: IncomingMessage, origin: string) {
  let abandoned = false;
  const rest: RestRequest = {
    url: origin + (req.url ?? '/'),
    headers: headerReader(req),
    readText: (maxBytes) =>
      new Promise<string | null>((resolve, reject) => {
        const chunks: Buffer[] = [];
        let total = 0;
        const onData = (chunk: Buffer) => {
          total += chunk.length;
          if (total > maxBytes) {
            cleanUp();
            abandoned = true;
            req.pause();
            resolve(null);
            return;
          }
          chunks.push(chunk);
        };
        const onEnd = () => {
          cleanUp();
          resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, total).toString('utf8'));
        };
        const onError = (error: Error) => {
          cleanUp();
          reject(error);
        };
        const cleanUp = () => {
          req.off('data', onData);
          req.off('end', onEnd);
          req.off('error', onError);
        };
        req.on('data', onData);
        req.on('end', onEnd);
        req.on('error', onError);
      }),
    discardBody: async () => {
      if (!req.readableEnded) {
        abandoned = true;
        req.pause();
      }
    },
  };
  return { rest, abandoned: () => abandoned || !req.readableEnded };
}

const PRODUCTION = process.env.NODE_ENV === 'production';
const SECURITY_HEADERS: [string, string][] = [
  ...staticHeaders.everyPath,
  ...(PRODUCTION ? staticHeaders.productionOnly : []),
  ...staticHeaders.api,
].map(({ key, value }) => [key.toLowerCase(), value]);

async function engineOfProcess(): Promise<Engine> {
  // The process's one app (server/app.ts keeps it on globalThis), whichever bundle made it first.
  const { getServerApp } = await import('../app');
  return (await getServerApp()).engine;
}

async function send(res: ServerResponse, response: Response, closeAfter: boolean) {
  const headers: Record<string, string> = {};
  for (const [k, v] of SECURITY_HEADERS) headers[k] = v;
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  const body = bodyTextOf(response) ?? (await response.text());
  headers['content-length'] = String(Buffer.byteLength(body));
  // Part of the body was not read (too large): the connection cannot carry another request.
  if (closeAfter) headers.connection = 'close';
  res.writeHead(response.status, headers);
  res.end(body);
}

export type ServeNatively = (req: IncomingMessage, res: ServerResponse, origin: string) => boolean;

/**
 * A hook that answers a request if it is one of the intake API's (true), else leaves it to Next.js
 * (false). `origin` is the scheme and host the request was addressed to (for Location headers).
 */
export function nativeIntake(engineOf: () => Promise<Engine>): ServeNatively {
  return (req, res, origin) => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const handler = nativeRoute(req.method, q === -1 ? url : url.slice(0, q));
    if (!handler) return false;
    void answer(handler, req, res, origin, engineOf);
    return true;
  };
}

/** The hook of the app's process: its one engine (server/app.ts). */
export const serveNatively: ServeNatively = nativeIntake(engineOfProcess);

async function answer(handler: NativeHandler, req: IncomingMessage, res: ServerResponse, origin: string, engineOf: () => Promise<Engine>) {
  const { rest, abandoned } = fromIncoming(req, origin);
  let response: Response;
  try {
    response = await handler(rest, await engineOf());
  } catch (error) {
    response = errorResponse(error, 'REST API');
  }
  try {
    await send(res, response, abandoned());
  } catch (error) {
    res.destroy(error as Error);
  }
}
