// Live updates from the database. The triggers of migrations 0008 and 0009 NOTIFY
// `ds_notifications` for outbox rows and `ds_orders` for changes of work orders (with who held each
// order before and after), once per statement with a JSON array of the rows (a single object is
// accepted too); whichever app server wrote the rows, every app server hears it. Each process holds
// ONE listening connection (drizzle/client.ts, shared by the hub for both channels) and passes each
// payload to the open pages allowed to see it (Server-Sent Events, app/api/live). When that
// connection drops it comes back by itself; the hub then sends every open stream `resync`, and the
// pages re-fetch what they show (whatever was notified meanwhile is lost).
//
// An open stream re-checks its session every 60 s and ends when the session does (sign-out,
// expiry, deactivation) or the user's role or scope changed; a client that stops reading is dropped
// once 256 KiB wait for it; and a user has at most 5 streams at once. App servers share no state,
// so that limit is per process: behind a load balancer with N app servers a user may hold 5 × N.
import type { Database } from '../drizzle/client';
import { loadPrincipal } from '../engine/directory/principal';
import { inOrderScope } from '../engine/orders';
import type { Principal } from '../engine/principal';
import type { Auth } from './auth';

export const NOTIFICATIONS_CHANNEL = 'ds_notifications';
export const ORDERS_CHANNEL = 'ds_orders';

/** A new notification for the subscriber; the page refetches its list. */
export interface NotificationPing {
  id: number;
  orderId: string | null;
}
/**
 * An order the user may see changed; the page refetches what it shows. Its id, status and version
 * only, nothing more; to a user who just lost the order (it left their scope), its id alone.
 */
export interface OrderPing {
  id: string;
  status?: string;
  version?: number;
}
export type LiveEvent =
  | { type: 'notification'; data: NotificationPing }
  | { type: 'order'; data: OrderPing }
  /** Events may have been missed (the database connection was lost and is back): re-fetch everything shown. */
  | { type: 'resync'; data: Record<string, never> };

/** Why the server ended a stream (the `end` event); the page reconnects only after `scope_changed`. */
export type LiveEndReason = 'session_ended' | 'deactivated' | 'scope_changed';

export const MAX_STREAMS_PER_USER = 5;
export const RECHECK_MS = 60_000;
export const HEARTBEAT_MS = 20_000;
/** Bytes a stream may hold for a client that does not read before it is dropped. */
export const MAX_QUEUED_BYTES = 256 * 1024;

/** The user already has the most streams allowed in this process (GET /api/live answers 429). */
export class LiveLimitError extends Error {
  constructor(readonly limit: number) {
    super(`At most ${limit} live connections per user; close another tab or window of Dispatch Studio`);
    this.name = 'LiveLimitError';
  }
}

export interface LiveHub {
  /**
   * Starts delivering this user's events: their own notifications, pings of the orders they may
   * see (or saw until this change), and `resync` after the database connection came back; resolves
   * once listening. With `maxPerUser`, throws LiveLimitError when the user already has that many.
   */
  subscribe(principal: Principal, onEvent: (event: LiveEvent) => void, options?: { maxPerUser?: number }): Promise<() => void>;
  readonly subscribers: number;
  close(): Promise<void>;
}

interface Subscriber {
  principal: Principal;
  onEvent: (event: LiveEvent) => void;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The rows of a payload: a JSON array of objects, or one object. */
function parse(payload: string): Array<Record<string, unknown>> {
  try {
    const value = JSON.parse(payload) as unknown;
    const items = Array.isArray(value) ? value : [value];
    return items.filter((v): v is Record<string, unknown> => !!v && typeof v === 'object');
  } catch {
    return [];
  }
}

export function createLiveHub(database: Database, options: { onError?: (error: unknown) => void } = {}): LiveHub {
  const onError = options.onError ?? ((error: unknown) => console.error('[live]', error));
  const subscribers = new Set<Subscriber>();
  const perUser = new Map<string, number>();
  let listening: Promise<Array<() => Promise<void>>> | null = null;
  let closed = false;

  const deliver = (subscriber: Subscriber, event: LiveEvent) => {
    try {
      subscriber.onEvent(event);
    } catch (error) {
      onError(error);
    }
  };

  function onNotification(payload: string) {
    if (!subscribers.size) return;
    for (const p of parse(payload)) {
      if (typeof p.recipientId !== 'string') continue;
      const event: LiveEvent = {
        type: 'notification',
        data: { id: Number(p.id), orderId: typeof p.orderId === 'string' ? p.orderId : null },
      };
      for (const s of subscribers) if (s.principal.id === p.recipientId) deliver(s, event);
    }
  }

  function onOrder(payload: string) {
    if (!subscribers.size) return;
    for (const p of parse(payload)) {
      if (typeof p.id !== 'string') continue;
      const event: LiveEvent = { type: 'order', data: { id: p.id, status: String(p.status ?? ''), version: Number(p.version ?? 0) } };
      const gone: LiveEvent = { type: 'order', data: { id: p.id } };
      const holders = { groups: strings(p.groups), providers: strings(p.providers), engineers: strings(p.engineers) };
      const now = p.now && typeof p.now === 'object' ? (p.now as Record<string, unknown>) : null;
      // Pings from before migration 0013 name no current holders: treat everyone named as one.
      const current = now ? { groups: strings(now.groups), providers: strings(now.providers), engineers: strings(now.engineers) } : holders;
      for (const s of subscribers) {
        if (inOrderScope(s.principal, current)) deliver(s, event);
        else if (inOrderScope(s.principal, holders)) deliver(s, gone);
      }
    }
  }

  // The listener calls each distinct callback once per reconnect, however many channels it serves.
  function onReconnect() {
    const event: LiveEvent = { type: 'resync', data: {} };
    for (const s of [...subscribers]) deliver(s, event);
  }

  function ensureListening() {
    listening ??= Promise.allSettled([
      database.listen(NOTIFICATIONS_CHANNEL, onNotification, { onReconnect }),
      database.listen(ORDERS_CHANNEL, onOrder, { onReconnect }),
    ]).then(async (results) => {
      const failed = results.find((r) => r.status === 'rejected');
      const unlisten = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      if (!failed) return unlisten;
      await Promise.all(unlisten.map((u) => u().catch(onError)));
      listening = null; // the next subscriber tries again
      throw failed.reason;
    });
    return listening;
  }

  return {
    async subscribe(principal, onEvent, subscribeOptions = {}) {
      if (closed) throw new Error('The live hub is closed');
      await ensureListening();
      // Counted and added in one step after the await, so concurrent requests cannot all slip under the limit.
      const held = perUser.get(principal.id) ?? 0;
      if (subscribeOptions.maxPerUser !== undefined && held >= subscribeOptions.maxPerUser) {
        throw new LiveLimitError(subscribeOptions.maxPerUser);
      }
      const subscriber: Subscriber = { principal, onEvent };
      subscribers.add(subscriber);
      perUser.set(principal.id, held + 1);
      return () => {
        if (!subscribers.delete(subscriber)) return;
        const left = (perUser.get(principal.id) ?? 1) - 1;
        if (left > 0) perUser.set(principal.id, left);
        else perUser.delete(principal.id);
      };
    },
    get subscribers() {
      return subscribers.size;
    },
    async close() {
      closed = true;
      subscribers.clear();
      perUser.clear();
      const unlisten = await listening?.catch(() => null);
      listening = null;
      if (unlisten) await Promise.all(unlisten.map((u) => u().catch(onError)));
    },
  };
}

const globalForLive = globalThis as unknown as { dispatchStudioLive?: WeakMap<Database, LiveHub> };

/** The process's hub for this database: one listening connection, however many pages are open. */
export function getLiveHub(database: Database): LiveHub {
  const hubs = (globalForLive.dispatchStudioLive ??= new WeakMap());
  let hub = hubs.get(database);
  if (!hub) {
    hub = createLiveHub(database);
    hubs.set(database, hub);
  }
  return hub;
}

export const LIVE_HEADERS: HeadersInit = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

const encoder = new TextEncoder();
const frame = (type: string, data: unknown) => encoder.encode(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);

export interface LiveStreamOptions {
  /** A comment line this often keeps proxies from closing an idle connection. Default 20 s. */
  heartbeatMs?: number;
  /** Asks whether the stream may go on: 'ok', or why it ends. Errors (database down) count as 'ok'. */
  recheck?: () => Promise<'ok' | LiveEndReason>;
  /** How often `recheck` runs. Default 60 s. */
  recheckMs?: number;
  /** Bytes queued for a client that does not read before the stream is dropped. Default 256 KiB. */
  maxQueuedBytes?: number;
  /** Streams a user may hold at once in this process. Default 5. */
  maxStreamsPerUser?: number;
}

/**
 * A Server-Sent Events stream of one user's live events, subscribed before it is returned (so a
 * failure to listen becomes an error response, not a dead stream; LiveLimitError when the user has
 * too many). Abort or cancel ends everything. The stream is bounded: once more than
 * `maxQueuedBytes` wait for a client that does not read, it is errored (with an AbortError, which
 * Next.js treats as a client gone) and its queue let go, rather than buffered without bound.
 */
export async function openLiveStream(
  hub: LiveHub,
  principal: Principal,
  signal: AbortSignal,
  options: LiveStreamOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let done = false;
  let unsubscribe = () => {};
  let heartbeat: ReturnType<typeof setInterval> | null = null;
  let recheckTimer: ReturnType<typeof setTimeout> | null = null;

  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      cancel() {
        finish();
      },
    },
    { highWaterMark: options.maxQueuedBytes ?? MAX_QUEUED_BYTES, size: (chunk) => chunk.byteLength },
  );

  function cleanUp() {
    done = true;
    if (heartbeat) clearInterval(heartbeat);
    if (recheckTimer) clearTimeout(recheckTimer);
    unsubscribe();
    signal.removeEventListener('abort', finish);
  }
  function finish() {
    if (done) return;
    cleanUp();
    try {
      controller.close();
    } catch {
      // already closed or errored
    }
  }
  /** The client does not read: let go of what is queued for it. */
  function drop() {
    if (done) return;
    cleanUp();
    controller.error(new DOMException('The client stopped reading its live events', 'AbortError'));
  }
  function push(chunk: Uint8Array) {
    if (done) return;
    try {
      controller.enqueue(chunk);
    } catch {
      finish();
      return;
    }
    if ((controller.desiredSize ?? 0) < 0) drop();
  }

  // Reconnect after 5 s if the connection drops; "ready" tells the page it may refetch once.
  push(encoder.encode('retry: 5000\nevent: ready\ndata: {}\n\n'));
  unsubscribe = await hub.subscribe(principal, (event) => push(frame(event.type, event.data)), {
    maxPerUser: options.maxStreamsPerUser ?? MAX_STREAMS_PER_USER,
  });
  if (done) unsubscribe(); // cancelled while subscribing
  heartbeat = setInterval(() => push(encoder.encode(': heartbeat\n\n')), options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref?.();

  const recheck = options.recheck;
  if (recheck) {
    const schedule = () => {
      recheckTimer = setTimeout(async () => {
        let verdict: 'ok' | LiveEndReason = 'ok';
        try {
          verdict = await recheck();
        } catch (error) {
          // The database may be down: keep the stream (the listener's resync follows its return) and ask again later.
          console.warn('[live] could not re-check a session', error);
        }
        if (done) return;
        if (verdict === 'ok') return schedule();
        push(frame('end', { reason: verdict }));
        finish();
      }, options.recheckMs ?? RECHECK_MS);
      recheckTimer.unref?.();
    };
    schedule();
  }

  signal.addEventListener('abort', finish);
  if (signal.aborted) finish();
  return stream;
}

const sorted = (values: readonly string[]) => [...values].sort().join('\u0000');

/** Whether two principals of one user have the same role and scope (name and email do not matter). */
export function sameScope(a: Principal, b: Principal): boolean {
  return (
    a.id === b.id &&
    a.role === b.role &&
    a.providerId === b.providerId &&
    a.engineerId === b.engineerId &&
    sorted(a.groupIds) === sorted(b.groupIds) &&
    sorted(a.permissions) === sorted(b.permissions)
  );
}

type LiveApp = { database: Database; auth: Pick<Auth, 'api'> };

/**
 * Whether the stream of `principal`, opened with these request headers, may go on: the session is
 * looked up afresh (no cookie cache, and without extending it: an open tab is not activity), and
 * the user's role and scope are loaded again and compared with those the stream started with.
 */
export async function recheckSession(app: LiveApp, headers: Headers, principal: Principal): Promise<'ok' | LiveEndReason> {
  const session = await app.auth.api.getSession({ headers, query: { disableCookieCache: true, disableRefresh: true } });
  if (!session || session.user.id !== principal.id) return 'session_ended';
  const now = await loadPrincipal(app.database.db, principal.id);
  if (!now) return 'deactivated';
  return sameScope(now, principal) ? 'ok' : 'scope_changed';
}

/**
 * GET /api/live: the session cookie names the user (401 without one); then their event stream,
 * or 429 when they already hold MAX_STREAMS_PER_USER streams in this process (the newest is
 * refused rather than the oldest closed: closing the oldest would make tabs take turns kicking
 * each other out), or 503 when the database cannot be listened to.
 */
export async function handleLiveRequest(
  req: Request,
  app: LiveApp,
  options: Omit<LiveStreamOptions, 'recheck'> & { hub?: LiveHub } = {},
): Promise<Response> {
  const session = await app.auth.api.getSession({ headers: req.headers });
  const principal = session ? await loadPrincipal(app.database.db, session.user.id) : null;
  if (!principal) return new Response('Sign in first', { status: 401, headers: { 'Cache-Control': 'no-store' } });
  const headers = new Headers(req.headers);
  try {
    const stream = await openLiveStream(options.hub ?? getLiveHub(app.database), principal, req.signal, {
      ...options,
      recheck: () => recheckSession(app, headers, principal),
    });
    return new Response(stream, { headers: LIVE_HEADERS });
  } catch (error) {
    if (error instanceof LiveLimitError) {
      return new Response(error.message, { status: 429, headers: { 'Cache-Control': 'no-store', 'Retry-After': '30' } });
    }
    console.error('[live] could not subscribe', error);
    return new Response('Live updates are unavailable right now', { status: 503, headers: { 'Retry-After': '5' } });
  }
}
