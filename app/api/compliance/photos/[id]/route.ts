// A compliance photo or signature (engine/compliance), for whoever may see its order: signed in
// only; a photo of an order outside the caller's scope answers 404 like a missing one. The type
// sent is the one its content was checked as when it was taken, never one a client declared.
import { photoForPrincipal } from '../../../../../engine/compliance';
import { getServerApp } from '../../../../../server/app';
import { createRequestContext } from '../../../../../server/context';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const text = (status: number, body: string) => new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const app = await getServerApp();
  const ctx = await createRequestContext({ database: app.database, auth: app.auth, headers: req.headers, engine: app.engine });
  if (!ctx.principal) return text(401, 'Sign in first');
  const photo = id.length <= 200 ? await photoForPrincipal(ctx.db, ctx.principal, id) : null;
  if (!photo) return text(404, `Photo "${id.slice(0, 200)}" was not found`);
  return new Response(new Uint8Array(photo.bytes), {
    headers: {
      'Content-Type': photo.contentType,
      'Content-Length': String(photo.bytes.length),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
