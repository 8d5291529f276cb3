// Server-Sent Events for the signed-in user's open pages: their new notifications and order-change
// pings, heard from the database (LISTEN/NOTIFY) by this process's one shared listener.
import { getServerApp } from '../../../server/app';
import { handleLiveRequest } from '../../../server/live';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(req: Request) {
  return handleLiveRequest(req, await getServerApp());
}
