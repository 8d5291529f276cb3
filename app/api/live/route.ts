// Server-Sent Events for the signed-in user's open pages: their new notifications and order-change
// pings, heard from the database (LISTEN/NOTIFY) by this process's one shared listener, and
// `resync` when that listener reconnected. 401 signed out, 429 beyond 5 streams per user (in this
// process), 503 when the database cannot be listened to; an open stream ends with its session or
// when the user's scope changes (server/live.ts).
import { getServerApp } from '../../../server/app';
import { handleLiveRequest } from '../../../server/live';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(req: Request) {
  return handleLiveRequest(req, await getServerApp());
}
