import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getServerApp } from '../../../../server/app';
import { createRequestContext } from '../../../../server/context';
import { appRouter } from '../../../../server/root';

export const dynamic = 'force-dynamic';

async function handler(req: Request) {
  const app = await getServerApp();
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => createRequestContext({ database: app.database, auth: app.auth, headers: req.headers, caches: app.caches }),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path}:`, error);
    },
  });
}

export { handler as GET, handler as POST };
