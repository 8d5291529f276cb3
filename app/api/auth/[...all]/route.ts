import { getServerApp } from '../../../../server/app';

export const dynamic = 'force-dynamic';

async function handler(req: Request) {
  const { auth } = await getServerApp();
  return auth.handler(req);
}

export { handler as GET, handler as POST };
