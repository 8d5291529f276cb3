import { getServerApp } from '../../../../server/app';
import { handleCreateWorkOrder, restDeps } from '../../../../server/rest';

export const dynamic = 'force-dynamic';

export async function POST(req: Request) {
  return handleCreateWorkOrder(req, restDeps(await getServerApp()));
}
