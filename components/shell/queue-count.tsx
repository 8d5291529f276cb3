'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';

/** Orders waiting in the caller's queues, beside the Queues link; live updates refresh it. */
export function QueueCount() {
  const trpc = useTRPC();
  const { data } = useQuery({ ...trpc.queues.list.queryOptions(), refetchInterval: 30_000 });
  if (!data) return null;
  return (
    <span className={`nav-count${data.overdue ? ' overdue' : ''}`} aria-label={`${data.total} pending${data.overdue ? `, ${data.overdue} overdue` : ''}`}>
      {data.total}
    </span>
  );
}
