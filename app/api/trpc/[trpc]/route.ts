import { getServerApp } from '../../../../server/app';
import { createRequestContext } from '../../../../server/context';
import { handleTrpcRequest } from '../../../../server/trpc-http';

export const dynamic = 'force-dynamic';

// Body limits, the batch size limit and error ids: server/trpc-http.ts and server/trpc.ts.
async function handler(req: Request) {
  const app = await getServerApp();
  return handleTrpcRequest(req, () => createRequestContext({ database: app.database, auth: app.auth, headers: req.headers, engine: app.engine }));
}

export { handler as GET, handler as POST };
