import { handleOpenApi } from '../../../../server/rest';

export const dynamic = 'force-dynamic';

export function GET() {
  return handleOpenApi();
}
