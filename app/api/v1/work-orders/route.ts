import { getServerApp } from '../../../../server/app';
import { handleCreateWorkOrder } from '../../../../server/rest';

export const dynamic = 'force-dynamic';

export async function POST(req: Request) {
  return handleCreateWorkOrder(req, (await getServerApp()).engine);
}
