'use client';
// The Review queue: new orders their flow holds for a dispatcher's approval (the flow's review
// setting, engine/review). Each is approved (it dispatches as intake would), edited first, or
// rejected with a reason. The buttons are also on the order page of a held order.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { sourceLabel } from '../../engine/enums';
import { useTRPC } from '../../lib/trpc';
import { EditOrderButton } from '../orders/order-detail/edit-order-dialog';
import { formatDateTime } from '../orders/format';
import { Modal, ModalActions } from '../ui';
import { ReasonField } from './reason-dialogs';


interface HeldRef {
  id: string;
  number: string;
  version: number;
}

/** Approve, and reject with a reason, for one held order. */
export function ReviewActions({ order, onDone }: { order: HeldRef; onDone: (message: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.queues.pathFilter());
    await queryClient.invalidateQueries(trpc.orders.pathFilter());
  };
  const approve = useMutation(
    trpc.orders.approve.mutationOptions({
      onSuccess: async (o) => {
        await refresh();
        onDone(`${o.number} approved`);
      },
      onError: (e) => onDone(e.message),
    }),
  );
  return (
    <>
      <button
        type="button"
        className="button primary ds-touch"
        aria-label={`Approve ${order.number}`}
        disabled={approve.isPending}
        onClick={() => approve.mutate({ orderId: order.id, version: order.version })}
      >
        Approve
      </button>
      <button type="button" className="button danger ds-touch" aria-label={`Reject ${order.number}`} onClick={() => setRejecting(true)}>
        Reject
      </button>
      {rejecting && <RejectHeldDialog order={order} onClose={() => setRejecting(false)} onDone={async (m) => (await refresh(), onDone(m))} />}
    </>
  );
}

function RejectHeldDialog({ order, onClose, onDone }: { order: HeldRef; onClose: () => void; onDone: (message: string) => void }) {
  const trpc = useTRPC();
  const [reason, setReason] = useState('');
  const reject = useMutation(
    trpc.orders.rejectReview.mutationOptions({
      onSuccess: (o) => {
        onDone(`${o.number} rejected and cancelled`);
        onClose();
      },
    }),
  );
  return (
    <Modal title={`Reject ${order.number}`} onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          reject.mutate({ orderId: order.id, version: order.version, reason });
        }}
      >
        <p className="muted small">The order is cancelled and never dispatched.</p>
        <ReasonField value={reason} onChange={setReason} />
        <ModalActions error={reject.error} onClose={onClose}>
          <button type="submit" className="button danger ds-touch" disabled={reject.isPending}>
            Reject order
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}

export function ReviewQueue() {
  const trpc = useTRPC();
  const held = useQuery(trpc.orders.reviewQueue.queryOptions());
  const [message, setMessage] = useState<string | null>(null);
  return (
    <section className="queue-main" aria-label="Review">
      <h2>Review</h2>
      <p className="muted small">New orders your flows hold for approval before dispatch. Approve one to dispatch it, edit it first, or reject it.</p>
      {message && (
        <p role="status" className="ok-text">
          {message}
        </p>
      )}
      {held.error && (
        <p role="alert" className="error">
          {held.error.message}
        </p>
      )}
      {held.data?.length === 0 && <p className="muted">No orders wait for review.</p>}
      {!!held.data?.length && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Title</th>
              <th scope="col">Source</th>
              <th scope="col">Priority</th>
              <th scope="col">Customer</th>
              <th scope="col">Received</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {held.data.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link href={`/orders/${encodeURIComponent(o.id)}`}>{o.number}</Link>
                </td>
                <td>{o.title}</td>
                <td>{sourceLabel(o.source)}</td>
                <td>{o.priority}</td>
                <td>
                  {o.customerName} · {o.city}
                </td>
                <td>{formatDateTime(new Date(o.createdAt))}</td>
                <td>
                  <div className="row-actions">
                    <EditOrderButton orderId={o.id} onDone={setMessage} />
                    <ReviewActions order={o} onDone={setMessage} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
