// GET /orders/:id/document.pdf (app/(app)/orders/[id]/document.pdf/route.ts mounts this): the
// signed-in user's session cookie names them (as for tRPC, server/context.ts); an order outside
// their scope answers 404 exactly like a missing one; signed out, a browser is sent to sign in and
// anything else gets 401. The PDF is shown inline under the order number and never cached.
import { createRequestContext } from '../context';
import type { ServerApp } from '../app';
import { internalErrorMessage, logInternalError, newErrorId } from '../error-log';
import { NotFoundError } from '../../engine/errors';
import { loadDocumentRows } from './load';
import { buildWorkOrderDocument } from './model';
import { renderWorkOrderPdf } from './render';

/** Longer than any id the app makes: answered as not found without a query. */
const MAX_ID_LENGTH = 200;

const NO_STORE = { 'Cache-Control': 'no-store' };

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...NO_STORE, ...headers } });

/** A page navigation (a link clicked, an address typed), as against a script's fetch. */
const isNavigation = (req: Request) =>
  req.headers.get('sec-fetch-mode') === 'navigate' || (req.headers.get('accept') ?? '').split(',').some((t) => t.trim().startsWith('text/html'));

export async function handleDocumentRequest(req: Request, app: Pick<ServerApp, 'database' | 'auth' | 'engine'>, orderId: string): Promise<Response> {
  const ctx = await createRequestContext({ database: app.database, auth: app.auth, headers: req.headers, engine: app.engine });
  if (!ctx.principal) {
    if (isNavigation(req)) return new Response(null, { status: 303, headers: { Location: new URL('/sign-in', req.url).toString(), ...NO_STORE } });
    return text(401, 'Sign in first');
  }
  if (!orderId || orderId.length > MAX_ID_LENGTH) return text(404, `Work order "${orderId.slice(0, MAX_ID_LENGTH)}" was not found`);
  try {
    const rows = await loadDocumentRows(ctx.db, ctx.principal, orderId, ctx.now());
    const document = buildWorkOrderDocument(rows);
    const pdf = await renderWorkOrderPdf(document);
    return new Response(new Uint8Array(pdf), {
      status: 200,
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `inline; filename="${document.fileName}"`,
        'Content-Length': String(pdf.length),
        ...NO_STORE,
      },
    });
  } catch (error) {
    if (error instanceof NotFoundError) return text(404, error.message);
    const id = newErrorId();
    logInternalError(id, 'GET /orders/:id/document.pdf', error);
    return text(500, internalErrorMessage(id));
  }
}
