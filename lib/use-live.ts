'use client';
// Live updates for open pages: one EventSource on /api/live (Server-Sent Events from the database's
// NOTIFY, see server/live.ts). A new notification refetches the notification queries; an order
// change refetches the order queries (coalesced, so a burst of changes costs one refetch).
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTRPC } from './trpc';

export const LIVE_URL = '/api/live';

export function useLive(options: { url?: string; orderDebounceMs?: number } = {}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const url = options.url ?? LIVE_URL;
  const debounceMs = options.orderDebounceMs ?? 300;

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(url);
    let orderTimer: ReturnType<typeof setTimeout> | null = null;
    let connectedBefore = false;

    const refreshNotifications = () => void queryClient.invalidateQueries(trpc.notifications.pathFilter());
    const refreshOrders = () => {
      if (orderTimer) return;
      orderTimer = setTimeout(() => {
        orderTimer = null;
        void queryClient.invalidateQueries(trpc.orders.pathFilter());
        void queryClient.invalidateQueries(trpc.queues.list.pathFilter());
      }, debounceMs);
    };
    // "ready" opens every (re)connection; after a reconnect, events may have been missed meanwhile.
    const onReady = () => {
      if (connectedBefore) {
        refreshNotifications();
        refreshOrders();
      }
      connectedBefore = true;
    };

    source.addEventListener('ready', onReady);
    source.addEventListener('notification', refreshNotifications);
    source.addEventListener('order', refreshOrders);
    return () => {
      source.close();
      if (orderTimer) clearTimeout(orderTimer);
    };
  }, [url, debounceMs, queryClient, trpc]);
}
