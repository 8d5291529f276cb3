// For tests: a push service and an SMTP server on the loopback address, started by the test
// itself, and a browser's side of web push (its keys, and decrypting what arrived, RFC 8291).
import { createECDH, createDecipheriv, createHmac, createPublicKey, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface BrowserKeys {
  /** What the browser's PushSubscription.toJSON().keys holds. */
  keys: { p256dh: string; auth: string };
  decrypt(body: Buffer): Buffer;
}

/** A browser's push keys: a P-256 key pair and a 16-byte auth secret, as PushManager makes them. */
export function browserKeys(): BrowserKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  const uaPublic = ecdh.getPublicKey();
  return {
    keys: { p256dh: uaPublic.toString('base64url'), auth: auth.toString('base64url') },
    decrypt(body) {
      // aes128gcm (RFC 8188) header: salt(16) | record size(4) | key id length(1) | key id = the sender's public key.
      const salt = body.subarray(0, 16);
      const idLength = body[20];
      const asPublic = body.subarray(21, 21 + idLength);
      const ciphertext = body.subarray(21 + idLength);
      const hmac = (key: Buffer, ...data: Buffer[]) => {
        const h = createHmac('sha256', key);
        for (const d of data) h.update(d);
        return h.digest();
      };
      // RFC 8291 §3.4: the input keying material from the ECDH secret and the auth secret.
      const prkKey = hmac(auth, ecdh.computeSecret(asPublic));
      const ikm = hmac(prkKey, Buffer.from('WebPush: info\0'), uaPublic, asPublic, Buffer.from([1]));
      const prk = hmac(salt, ikm);
      const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0'), Buffer.from([1])).subarray(0, 16);
      const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0'), Buffer.from([1])).subarray(0, 12);
      const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
      decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
      const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
      // One record: the data, the last-record delimiter 0x02, then zero padding.
      let end = padded.length - 1;
      while (end >= 0 && padded[end] === 0) end--;
      if (padded[end] !== 2) throw new Error('not the last record of an aes128gcm body');
      return padded.subarray(0, end);
    },
  };
}

export interface PushRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface PushEndpoint {
  /** An endpoint URL on this server (one path per subscription). */
  url(path?: string): string;
  received: PushRequest[];
  /** The status the next requests are answered with (201 by default). */
  status: number;
  close(): Promise<void>;
}

export async function startPushEndpoint(): Promise<PushEndpoint> {
  const received: PushRequest[] = [];
  const endpoint = { received, status: 201 } as PushEndpoint;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(endpoint.status, { 'content-type': 'text/plain' }).end(endpoint.status < 300 ? '' : `status ${endpoint.status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  endpoint.url = (path = '/push/device-1') => `http://127.0.0.1:${port}${path}`;
  endpoint.close = () => new Promise((resolve) => server.close(() => resolve()));
  return endpoint;
}

/** Checks a VAPID `Authorization: vapid t=…, k=…` header: signed by `publicKey`, for the endpoint's origin. */
export function verifyVapid(header: string | undefined, publicKey: string, endpoint: string): { aud: string; sub: string; exp: number } {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!match) throw new Error(`not a VAPID authorization header: ${header}`);
  const [, jwt, k] = match;
  if (k !== publicKey) throw new Error('the header names another public key');
  const [head, claims, signature] = jwt.split('.');
  const raw = Buffer.from(k, 'base64url');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') },
    format: 'jwk',
  });
  const ok = verify('sha256', Buffer.from(`${head}.${claims}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  if (!ok) throw new Error('the VAPID signature does not verify');
  const payload = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8'));
  if (payload.aud !== new URL(endpoint).origin) throw new Error(`the JWT is for ${payload.aud}, not ${new URL(endpoint).origin}`);
  return payload;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** The raw message with quoted-printable undone (soft line breaks and =XX bytes). */
  decoded: string;
}

export interface SmtpTestServer {
  url: string;
  received: ReceivedMail[];
  /** While true, every connection is refused with 421 (the server is "down"). */
  down: boolean;
  close(): Promise<void>;
}

const unquote = (raw: string) =>
  Buffer.from(
    raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');

export async function startSmtpServer(): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = [];
  const state = { received, down: false } as SmtpTestServer;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      if (state.down) callback(Object.assign(new Error('Service not available, try again later'), { responseCode: 421 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw, decoded: unquote(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}
