'use client';
// The board refreshes live: a booking changes with its order's history event, so the schedule
// queries are refetched on every order ping (lib/use-live-refetch.ts).
import { useTRPC } from '../../lib/trpc';
import { useLiveRefetch } from '../../lib/use-live-refetch';

export function useScheduleLive(debounceMs = 250) {
  const trpc = useTRPC();
  useLiveRefetch(trpc.schedule.pathFilter(), debounceMs);
}
