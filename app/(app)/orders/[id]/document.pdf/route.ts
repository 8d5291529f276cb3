// The work-order document as a PDF (server/document): scoped like the order page, signed in only.
import { getServerApp } from '../../../../../server/app';
import { handleDocumentRequest } from '../../../../../server/document';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return handleDocumentRequest(req, await getServerApp(), id);
}
