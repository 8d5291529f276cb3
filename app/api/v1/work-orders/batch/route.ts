import { getServerApp } from '../../../../../server/app';
import { handleBatchWorkOrders } from '../../../../../server/rest';

export const dynamic = 'force-dynamic';
// A batch of 100 orders runs each through its flow; give it time.
export const maxDuration = 60;

export async function POST(req: Request) {
  return handleBatchWorkOrders(req, (await getServerApp()).engine);
}
