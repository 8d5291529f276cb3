// Live updates from the database. The triggers of migrations 0008 and 0009 NOTIFY
// `ds_notifications` for outbox rows and `ds_orders` for changes of work orders (with who held each
// order before and after), once per statement with a JSON array of the rows (a single object is
// accepted too); whichever app server wrote the rows, every app server hears it. Each process holds
// ONE listening connection per channel (the hub) and passes each payload to the open pages allowed
// to see it (Server-Sent Events, app/api/live).
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
/** An order the user may see changed; the page refetches what it shows. Ids and status only, nothing more. */
export interface OrderPing {
  id: string;
  status: string;
  version: number;
}
export type LiveEvent = { type: 'notification'; data: NotificationPing } | { type: 'order'; data: OrderPing };

export interface LiveHub {
  /**
   * Starts delivering this user's events: their own notifications, and pings of the orders they
   * may see (or saw until this change); resolves once listening.
   */
  subscribe(principal: Principal, onEvent: (event: LiveEvent) => void): Promise<() => void>;
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
      const holders = { groups: strings(p.groups), providers: strings(p.providers), engineers: strings(p.engineers) };
      for (const s of subscribers) if (inOrderScope(s.principal, holders)) deliver(s, event);
    }
  }

  function ensureListening() {
    listening ??= Promise.all([database.listen(NOTIFICATIONS_CHANNEL, onNotification), database.listen(ORDERS_CHANNEL, onOrder)]).catch(
      (error) => {
        listening = null; // the next subscriber tries again
        throw error;
      },
    );
    return listening;
  }

  return {
    async subscribe(principal, onEvent) {
      if (closed) throw new Error('The live hub is closed');
      await ensureListening();
      const subscriber: Subscriber = { principal, onEvent };
      subscribers.add(subscriber);
      return () => {
        subscribers.delete(subscriber);
      };
    },
    get subscribers() {
      return subscribers.size;
    },
    async close() {
      closed = true;
      subscribers.clear();
      const unlisten = await listening?.catch(() => null);
      listening = null;
      if (unlisten) await Promise.all(unlisten.map((u) => u().catch(onError)));
    },
  };
}

const globalForLive = globalThis as unknown as { dispatchStudioLive?: WeakMap<Database, LiveHub> };

/** The process's hub for this database: one LISTEN per channel, however many pages are open. */
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
const frame = (event: LiveEvent) => encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);

/**
 * A Server-Sent Events stream of one user's live events, subscribed before it is returned (so a
 * failure to listen becomes an error response, not a dead stream). A comment line every
 * `heartbeatMs` keeps proxies from closing an idle connection; abort or cancel ends everything.
 */
export async function openLiveStream(
  hub: LiveHub,
  principal: Principal,
  signal: AbortSignal,
  options: { heartbeatMs?: number } = {},
): Promise<ReadableStream<Uint8Array>> {
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  const pending: Uint8Array[] = [];
  let done = false;
  const push = (chunk: Uint8Array) => {
    if (done) return;
    if (!controller) {
      pending.push(chunk);
      return;
    }
    try {
      controller.enqueue(chunk);
    } catch {
      finish();
    }
  };
  const unsubscribe = await hub.subscribe(principal, (event) => push(frame(event)));
  const heartbeat = setInterval(() => push(encoder.encode(`: heartbeat\n\n`)), options.heartbeatMs ?? 20_000);
  function finish() {
    if (done) return;
    done = true;
    clearInterval(heartbeat);
    unsubscribe();
    signal.removeEventListener('abort', finish);
    try {
      controller?.close();
    } catch {
      // already closed or errored
    }
  }
  signal.addEventListener('abort', finish);
  if (signal.aborted) finish();
  return new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      // Reconnect after 5 s if the connection drops; "ready" tells the page it may refetch once.
      c.enqueue(encoder.encode('retry: 5000\nevent: ready\ndata: {}\n\n'));
      for (const chunk of pending.splice(0)) c.enqueue(chunk);
      if (done) c.close();
    },
    cancel() {
      finish();
    },
  });
}

/** GET /api/live: the session cookie names the user (401 without one); then their event stream. */
export async function handleLiveRequest(
  req: Request,
  app: { database: Database; auth: Pick<Auth, 'api'> },
  options: { hub?: LiveHub; heartbeatMs?: number } = {},
): Promise<Response> {
  const session = await app.auth.api.getSession({ headers: req.headers });
  const principal = session ? await loadPrincipal(app.database.db, session.user.id) : null;
  if (!principal) return new Response('Sign in first', { status: 401, headers: { 'Cache-Control': 'no-store' } });
  try {
    const stream = await openLiveStream(options.hub ?? getLiveHub(app.database), principal, req.signal, options);
    return new Response(stream, { headers: LIVE_HEADERS });
  } catch (error) {
    console.error('[live] could not subscribe', error);
    return new Response('Live updates are unavailable right now', { status: 503, headers: { 'Retry-After': '5' } });
  }
}
