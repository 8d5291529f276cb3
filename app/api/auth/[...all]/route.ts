import { getServerApp } from '../../../../server/app';
import { CLIENT_ADDRESS_HEADER, clientAddress } from '../../../../server/client-address';
import { serverConfig } from '../../../../server/config';

export const dynamic = 'force-dynamic';

async function handler(req: Request) {
  const { auth } = await getServerApp();
  // better-auth's own records and limits read the client's address from this header: it is set
  // here on every request from the socket and the trusted proxies, never taken from the client.
  const headers = new Headers(req.headers);
  headers.set(CLIENT_ADDRESS_HEADER, clientAddress(req.headers, serverConfig().trustedProxyHops));
  return auth.handler(new Request(req, { headers }));
}

export { handler as GET, handler as POST };
