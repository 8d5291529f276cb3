'use client';
// Queues refresh live: lib/use-live.ts refetches the order and notification queries; the queue
// queries are refetched on every order ping (lib/use-live-refetch.ts).
import { useTRPC } from '../../lib/trpc';
import { useLiveRefetch } from '../../lib/use-live-refetch';

export function useQueuesLive(debounceMs = 250) {
  const trpc = useTRPC();
  useLiveRefetch(trpc.queues.pathFilter(), debounceMs);
}
