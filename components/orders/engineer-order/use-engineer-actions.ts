'use client';
// The engineer's actions on an order (accept, decline with a reason, start, pause, complete), shared
// by My work and the engineer's order page: which of them to show comes from the server's list
// (`actions` on each order), never from the order's state here.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../../lib/trpc';

export type EngineerAction = 'accept' | 'decline' | 'start' | 'pause' | 'complete';
/** The engineer's actions in the order their buttons show. */
export const ENGINEER_ACTIONS: readonly EngineerAction[] = ['accept', 'decline', 'start', 'pause', 'complete'];
export const ACTION_LABELS: Record<EngineerAction, string> = { accept: 'Accept', decline: 'Decline', start: 'Start', pause: 'Pause', complete: 'Complete' };
const DONE: Record<EngineerAction, string> = { accept: 'accepted', decline: 'declined', start: 'started', pause: 'paused', complete: 'completed' };

/** An action's button: starting paused work is resuming it (the engine's same `start`). */
export const actionLabel = (action: EngineerAction, paused: boolean) => (action === 'start' && paused ? 'Resume' : ACTION_LABELS[action]);

export interface OrderRef {
  id: string;
  number: string;
  version: number;
}

export function useEngineerActions() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  // Set when a start resumes paused work, so that its message says so.
  const [resuming, setResuming] = useState(false);
  const done = (action: EngineerAction) => async (o: { number: string }) => {
    setMessage(`${o.number} ${action === 'start' && resuming ? 'resumed' : DONE[action]}`);
    await queryClient.invalidateQueries(trpc.orders.pathFilter());
    await queryClient.invalidateQueries(trpc.notifications.pathFilter());
  };
  const mutations = {
    accept: useMutation(trpc.orders.accept.mutationOptions({ onSuccess: done('accept') })),
    decline: useMutation(trpc.orders.decline.mutationOptions({ onSuccess: done('decline') })),
    start: useMutation(trpc.orders.start.mutationOptions({ onSuccess: done('start') })),
    pause: useMutation(trpc.orders.pause.mutationOptions({ onSuccess: done('pause') })),
    complete: useMutation(trpc.orders.complete.mutationOptions({ onSuccess: done('complete') })),
  };
  const { decline, ...steps } = mutations;
  return {
    message,
    /** The failure of the last accept, start, pause or complete (a decline's shows in its dialog). */
    failure: Object.values(steps).find((m) => m.error)?.error ?? null,
    pending: Object.values(mutations).some((m) => m.isPending),
    /** Accept, start (resume, when `paused`), pause or complete the order at the version the page shows. */
    run(action: Exclude<EngineerAction, 'decline'>, o: OrderRef & { paused?: boolean }) {
      for (const m of Object.values(steps)) m.reset();
      setResuming(action === 'start' && !!o.paused);
      steps[action].mutate({ orderId: o.id, version: o.version });
    },
    decline,
  };
}
