// Gives route handlers the socket's address. Next.js fills in `x-forwarded-for` from the socket
// only when the client sent none, so from a handler a made-up header looks like a proxy's. Every
// request an http.Server of this process emits gets PEER_ADDRESS_HEADER set to its socket's
// remote address, replacing anything the client sent under that name (server/client-address.ts).
import type { IncomingMessage } from 'node:http';
import { PEER_ADDRESS_HEADER } from './client-address';

const PATCHED = Symbol.for('dispatch-studio.peer-address');

export function stampPeerAddress(req: IncomingMessage) {
  const address = req.socket?.remoteAddress;
  if (address) req.headers[PEER_ADDRESS_HEADER] = address;
  else delete req.headers[PEER_ADDRESS_HEADER];
}

/** Patches http.Server (and https.Server) once per process. */
export async function recordPeerAddresses() {
  const http = await import('node:http');
  const https = await import('node:https');
  for (const Server of [http.Server, https.Server]) {
    const proto = Server.prototype as unknown as { emit: (event: string | symbol, ...args: unknown[]) => boolean; [PATCHED]?: true };
    if (Object.prototype.hasOwnProperty.call(proto, PATCHED)) continue;
    const emit = proto.emit;
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === 'request') stampPeerAddress(args[0] as IncomingMessage);
      return emit.call(this, event, ...args);
    };
    proto[PATCHED] = true;
  }
}
