'use client';
// Opening an order's page (the engineer's or the dispatcher's) marks what the signed-in user was
// told about that order read, on the server (notifications.markOrderRead, bound to the caller's own
// notifications): the bell and My work stop counting them. Once per order the page opens on.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTRPC } from '../../lib/trpc';

/** `orderId`: the order the page shows, once it has loaded (undefined before). */
export function useMarkOrderRead(orderId: string | undefined) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { mutate } = useMutation(
    trpc.notifications.markOrderRead.mutationOptions({
      onSuccess: ({ updated }) => {
        if (!updated) return;
        void queryClient.invalidateQueries(trpc.notifications.pathFilter());
        // The dispatcher's page lists the order's notifications with when each was read.
        void queryClient.invalidateQueries(trpc.queues.orderDetail.pathFilter());
      },
    }),
  );
  useEffect(() => {
    if (orderId) mutate({ orderId });
  }, [orderId, mutate]);
}
