'use client';
// The board refreshes live: it hears the page's one stream (lib/use-live.ts, /api/live from the
// database's NOTIFY) and refetches the schedule on an order ping (a booking changes with its
// order's history event), coalesced so a burst of changes costs one refetch, and whenever events
// may have been missed (`resync`).
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTRPC } from '../../lib/trpc';
import { subscribeLive } from '../../lib/use-live';

export function useScheduleLive(debounceMs = 250) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void queryClient.invalidateQueries(trpc.schedule.pathFilter());
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
