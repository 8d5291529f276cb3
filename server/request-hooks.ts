// What every request an http.Server of this process receives goes through before Next.js sees it:
// 1. Its socket's address is stamped as PEER_ADDRESS_HEADER, replacing anything the client sent under
//    that name (server/client-address.ts). Next.js fills in `x-forwarded-for` from the socket only when
//    the client sent none, so from a handler a made-up header looks like a proxy's.
// 2. The intake API's requests are answered here, by the same handlers the route files mount
//    (server/rest/native.ts), without Next.js's routing and web streams; every other request goes on.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PEER_ADDRESS_HEADER } from './client-address';

const PATCHED = Symbol.for('dispatch-studio.request-hooks');

export function stampPeerAddress(req: IncomingMessage) {
  const address = req.socket?.remoteAddress;
  if (address) req.headers[PEER_ADDRESS_HEADER] = address;
  else delete req.headers[PEER_ADDRESS_HEADER];
}

type ServeNatively = (req: IncomingMessage, res: ServerResponse, origin: string) => boolean;

export interface RequestHookOptions {
  /** Answers the requests it knows (true); null: every request goes to Next.js. */
  serveNatively?: ServeNatively | null;
  /** With proxies in front (TRUSTED_PROXY_HOPS > 0), X-Forwarded-Proto names the scheme clients used. */
  trustForwardedProto?: boolean;
}

function originOf(req: IncomingMessage, trustForwardedProto: boolean): string {
  const forwarded = trustForwardedProto ? req.headers['x-forwarded-proto'] : undefined;
  const proto =
    typeof forwarded === 'string' && forwarded ? forwarded.split(',')[0].trim() : (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  return `${proto}://${req.headers.host ?? 'localhost'}`;
}

/** Patches http.Server (and https.Server) once per process. */
export async function installRequestHooks(options: RequestHookOptions = {}) {
  const http = await import('node:http');
  const https = await import('node:https');
  const serve = options.serveNatively ?? null;
  const trustProto = options.trustForwardedProto ?? false;
  for (const Server of [http.Server, https.Server]) {
    const proto = Server.prototype as unknown as { emit: (event: string | symbol, ...args: unknown[]) => boolean; [PATCHED]?: true };
    if (Object.prototype.hasOwnProperty.call(proto, PATCHED)) continue;
    const emit = proto.emit;
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === 'request') {
        const req = args[0] as IncomingMessage;
        stampPeerAddress(req);
        if (serve && serve(req, args[1] as ServerResponse, originOf(req, trustProto))) return true;
      }
      return emit.call(this, event, ...args);
    };
    proto[PATCHED] = true;
  }
}
