'use client';
// Queues refresh live: lib/use-live.ts refetches the order and notification queries; this hook hears
// the same order pings (/api/live, from the database's NOTIFY) and refetches the queue queries,
// coalesced so a burst of changes costs one refetch.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTRPC } from '../../lib/trpc';
import { LIVE_URL } from '../../lib/use-live';

export function useQueuesLive(debounceMs = 250) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(LIVE_URL);
    let timer: ReturnType<typeof setTimeout> | null = null;
    let connectedBefore = false;
    const refresh = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void queryClient.invalidateQueries(trpc.queues.pathFilter());
      }, debounceMs);
    };
    source.addEventListener('order', refresh);
    source.addEventListener('ready', () => {
      if (connectedBefore) refresh();
      connectedBefore = true;
    });
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [debounceMs, queryClient, trpc]);
}
