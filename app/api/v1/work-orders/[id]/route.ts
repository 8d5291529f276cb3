import { getServerApp } from '../../../../../server/app';
import { handleGetWorkOrder } from '../../../../../server/rest';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return handleGetWorkOrder(req, (await getServerApp()).engine, id);
}
