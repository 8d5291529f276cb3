'use client';
// Queues refresh live: lib/use-live.ts refetches the order and notification queries; this hook hears
// the same page-wide stream (/api/live, from the database's NOTIFY; one EventSource per page) and
// refetches the queue queries on an order ping, coalesced so a burst of changes costs one refetch,
// and whenever events may have been missed (the server's `resync`, or the page reconnected).
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTRPC } from '../../lib/trpc';
import { subscribeLive } from '../../lib/use-live';

export function useQueuesLive(debounceMs = 250) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void queryClient.invalidateQueries(trpc.queues.pathFilter());
      }, debounceMs);
    };
    const unsubscribe = subscribeLive((signal) => {
      if (signal !== 'notification') refresh();
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [debounceMs, queryClient, trpc]);
}
