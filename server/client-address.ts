// The address of the client behind a request, for sign-in throttling and session records.
//
// Next.js sets `x-forwarded-for` to the socket's address only when the client sent none, so a
// route handler cannot tell a proxy's entry from one the client made up. instrumentation.ts
// therefore writes the socket's address into PEER_ADDRESS_HEADER on every request, overwriting
// whatever a client sent under that name; X-Forwarded-For is read only through the configured
// number of trusted proxy hops (TRUSTED_PROXY_HOPS), counted from the right.
import { isIP } from 'node:net';

/** Set by the server (instrumentation.ts) from the socket on every request; never from the client. */
export const PEER_ADDRESS_HEADER = 'x-dispatch-peer-address';
/** Set by our auth route for better-auth's own records (advanced.ipAddress); overwritten on every request. */
export const CLIENT_ADDRESS_HEADER = 'x-dispatch-client-address';
/** The bucket of requests whose address is not known (code running outside the patched server). */
export const UNKNOWN_ADDRESS = 'unknown';

const MAX_ADDRESS_LENGTH = 64;

/** `::ffff:10.0.0.1` → `10.0.0.1`; IPv6 lower-cased; anything odd cut short so it cannot bloat a key. */
export function normalizeAddress(value: string): string {
  let address = value.trim().toLowerCase();
  if (address.startsWith('[') && address.includes(']')) address = address.slice(1, address.indexOf(']'));
  if (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4) address = address.slice(7);
  return address.slice(0, MAX_ADDRESS_LENGTH) || UNKNOWN_ADDRESS;
}

interface HeaderSource {
  get(name: string): string | null;
}

/**
 * The client's address: with `hops` = 0 the peer (socket) address; with `hops` = N the entry N
 * places from the right of [...X-Forwarded-For entries, peer], the one the outermost trusted
 * proxy saw. Without the peer header the address is unknown: the raw X-Forwarded-For is never
 * trusted on its own.
 */
export function clientAddress(headers: HeaderSource | null | undefined, hops: number): string {
  const peer = headers?.get(PEER_ADDRESS_HEADER)?.trim();
  if (!headers || !peer) return UNKNOWN_ADDRESS;
  if (hops <= 0) return normalizeAddress(peer);
  const forwarded = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  // Fewer entries than trusted hops (a misconfigured count): the leftmost is all there is.
  return normalizeAddress(chain[Math.max(0, chain.length - 1 - hops)]);
}
