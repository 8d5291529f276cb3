'use client';
// Live updates for open pages: ONE EventSource per page on /api/live (Server-Sent Events from the
// database's NOTIFY, see server/live.ts), shared by every hook that wants them — the server allows
// a user only a few streams, so a tab must not spend several. A new notification refetches the
// notification queries; an order change refetches the order queries (coalesced, so a burst of
// changes costs one refetch). Whenever events may have been missed — the server's `resync` (its
// database connection came back) or this page's reconnect — everything live is refetched.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTRPC } from './trpc';

export const LIVE_URL = '/api/live';

/** What a page hears: `resync` means re-fetch everything shown, events may have been missed. */
export type LiveSignal = 'notification' | 'order' | 'resync';
export type LiveListener = (signal: LiveSignal) => void;

/** The part of EventSource used here (a test passes a fake). */
export interface LiveEventSource {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}
export type LiveEventSourceFactory = (url: string) => LiveEventSource;

const CLOSED = 2; // EventSource.CLOSED
const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 60_000;

interface Connection {
  listeners: Set<LiveListener>;
  source: LiveEventSource | null;
  retry: ReturnType<typeof setTimeout> | null;
  retryMs: number;
  connectedBefore: boolean;
  /** The server ended the stream with the session: no reconnecting until the page opens a new one. */
  ended: boolean;
}

const connections = new Map<string, Connection>();

function emit(connection: Connection, signal: LiveSignal) {
  for (const listener of [...connection.listeners]) {
    try {
      listener(signal);
    } catch (error) {
      console.error('[live]', error);
    }
  }
}

function open(url: string, connection: Connection, create: LiveEventSourceFactory) {
  const source = create(url);
  connection.source = source;
  // "ready" opens every (re)connection; after the first, events may have been missed meanwhile.
  source.addEventListener('ready', () => {
    connection.retryMs = FIRST_RETRY_MS;
    if (connection.connectedBefore) emit(connection, 'resync');
    connection.connectedBefore = true;
  });
  source.addEventListener('resync', () => emit(connection, 'resync'));
  source.addEventListener('notification', () => emit(connection, 'notification'));
  source.addEventListener('order', () => emit(connection, 'order'));
  // The server ended the stream: after a change of role or scope the browser reconnects (with the
  // new scope); a session that ended stays closed.
  source.addEventListener('end', (event) => {
    let reason = '';
    try {
      reason = String((JSON.parse(String(event.data)) as { reason?: unknown }).reason ?? '');
    } catch {
      // no reason: treat as ended
    }
    if (reason === 'scope_changed') return;
    connection.ended = true;
    source.close();
    if (connection.source === source) connection.source = null;
  });
  // A refused connection (401, 429 too many tabs, 503 database unavailable) is not retried by the
  // browser: try again after 5 s, doubling to 60 s, while the page still wants live updates.
  source.addEventListener('error', () => {
    if (source.readyState !== CLOSED || connection.source !== source) return;
    connection.source = null;
    if (!connection.listeners.size || connection.retry) return;
    const delay = connection.retryMs;
    connection.retryMs = Math.min(MAX_RETRY_MS, delay * 2);
    connection.retry = setTimeout(() => {
      connection.retry = null;
      if (connection.listeners.size && !connection.source) open(url, connection, create);
    }, delay);
  });
}

/**
 * Hears the page's live stream (opened on the first listener, closed after the last); returns
 * the function that stops listening.
 */
export function subscribeLive(
  listener: LiveListener,
  options: { url?: string; createEventSource?: LiveEventSourceFactory } = {},
): () => void {
  const url = options.url ?? LIVE_URL;
  const create = options.createEventSource ?? ((u: string) => new EventSource(u));
  let connection = connections.get(url);
  if (!connection) {
    connection = { listeners: new Set(), source: null, retry: null, retryMs: FIRST_RETRY_MS, connectedBefore: false, ended: false };
    connections.set(url, connection);
  }
  const c = connection;
  c.listeners.add(listener);
  if (!c.source && !c.retry && !c.ended) open(url, c, create);
  return () => {
    if (!c.listeners.delete(listener) || c.listeners.size) return;
    c.source?.close();
    if (c.retry) clearTimeout(c.retry);
    connections.delete(url);
  };
}

export function useLive(options: { url?: string; orderDebounceMs?: number } = {}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const url = options.url ?? LIVE_URL;
  const debounceMs = options.orderDebounceMs ?? 300;

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let orderTimer: ReturnType<typeof setTimeout> | null = null;
    const refreshNotifications = () => void queryClient.invalidateQueries(trpc.notifications.pathFilter());
    const refreshOrders = () => {
      if (orderTimer) return;
      orderTimer = setTimeout(() => {
        orderTimer = null;
        void queryClient.invalidateQueries(trpc.orders.pathFilter());
        void queryClient.invalidateQueries(trpc.queues.list.pathFilter());
      }, debounceMs);
    };
    const unsubscribe = subscribeLive(
      (signal) => {
        if (signal !== 'order') refreshNotifications();
        if (signal !== 'notification') refreshOrders();
      },
      { url },
    );
    return () => {
      unsubscribe();
      if (orderTimer) clearTimeout(orderTimer);
    };
  }, [url, debounceMs, queryClient, trpc]);
}
