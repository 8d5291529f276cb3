'use client';
// Refetches some queries live: the hook hears the page-wide stream (lib/use-live.ts: /api/live, from
// the database's NOTIFY; one EventSource per page) and invalidates the queries `filter` names on an
// order ping, coalesced so a burst of changes costs one refetch, and whenever events may have been
// missed (the server's `resync`, or the page reconnected). Queues and the schedule board use it.
import { useQueryClient, type QueryFilters } from '@tanstack/react-query';
import { useEffect } from 'react';
import { subscribeLive } from './use-live';

export function useLiveRefetch(filter: QueryFilters, debounceMs = 250) {
  const queryClient = useQueryClient();
  const key = JSON.stringify(filter.queryKey ?? null);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void queryClient.invalidateQueries(filter);
      }, debounceMs);
    };
    const unsubscribe = subscribeLive((signal) => {
      if (signal !== 'notification') refresh();
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
    // The filter is compared by its key: callers pass a fresh object on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounceMs, queryClient, key]);
}
