'use client';
// Reject back upstream (with a reason) and reassign to another service group, for one order or,
// through the bulk preview, for a selection.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../lib/trpc';
import { useOverrideReason } from '../overrides';
import { BulkPreview } from './bulk-preview';
import { Modal, ModalActions } from '../ui';

export interface OrderRef {
  id: string;
  number: string;
  version: number;
  serviceGroupId?: string | null;
}

/** The reason a dispatcher gives (at least 3 characters, as the server checks). */
export function ReasonField({ value, onChange }: { value: string; onChange: (reason: string) => void }) {
  return (
    <label className="field">
      <span>Reason</span>
      <textarea value={value} onChange={(e) => onChange(e.target.value)} rows={3} required minLength={3} />
    </label>
  );
}

export function RejectDialog({ orders, onClose, onDone }: { orders: OrderRef[]; onClose: () => void; onDone?: (m: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [preview, setPreview] = useState(false);
  const override = useOverrideReason(orders.map((o) => o.id));
  const reject = useMutation(
    trpc.orders.reject.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.queues.pathFilter());
        await queryClient.invalidateQueries(trpc.orders.pathFilter());
        onDone?.(`${orders[0].number} rejected`);
        onClose();
      },
    }),
  );
  if (preview) {
    return <BulkPreview orderIds={orders.map((o) => o.id)} action={{ type: 'reject', reason, reasonCode: override.reasonCode }} title={`Reject ${orders.length} orders`} onClose={onClose} onDone={onDone} />;
  }
  const bulk = orders.length > 1;
  return (
    <Modal title={bulk ? `Reject ${orders.length} orders` : `Reject ${orders[0].number}`} onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (bulk) setPreview(true);
          else reject.mutate({ orderId: orders[0].id, version: orders[0].version, reason, reasonCode: override.reasonCode });
        }}
      >
        <p className="muted small">The order goes back to the previous dispatch step, and its dispatcher is notified.</p>
        {override.field}
        <ReasonField value={reason} onChange={setReason} />
        <ModalActions error={reject.error} onClose={onClose}>
          <button type="submit" className="button danger ds-touch" disabled={reject.isPending}>
            {bulk ? 'Preview' : 'Reject order'}
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}

export function ReassignDialog({ orders, onClose, onDone }: { orders: OrderRef[]; onClose: () => void; onDone?: (m: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const groups = useQuery(trpc.directory.groups.list.queryOptions());
  const [groupId, setGroupId] = useState('');
  const [reason, setReason] = useState('');
  const [preview, setPreview] = useState(false);
  const override = useOverrideReason(orders.map((o) => o.id));
  const reassign = useMutation(
    trpc.orders.reassignGroup.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.queues.pathFilter());
        await queryClient.invalidateQueries(trpc.orders.pathFilter());
        onDone?.(`${orders[0].number} reassigned`);
        onClose();
      },
    }),
  );
  const bulk = orders.length > 1;
  const groupName = groups.data?.find((g) => g.id === groupId)?.name ?? '';
  if (preview) {
    return (
      <BulkPreview
        orderIds={orders.map((o) => o.id)}
        action={{ type: 'reassignGroup', groupId, reason, reasonCode: override.reasonCode }}
        title={`Reassign ${orders.length} orders to ${groupName}`}
        onClose={onClose}
        onDone={onDone}
      />
    );
  }
  return (
    <Modal title={bulk ? `Reassign ${orders.length} orders` : `Reassign ${orders[0].number}`} onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (bulk) setPreview(true);
          else reassign.mutate({ orderId: orders[0].id, version: orders[0].version, groupId, reason, reasonCode: override.reasonCode });
        }}
      >
        <label className="field">
          <span>Service group</span>
          <select value={groupId} onChange={(e) => setGroupId(e.target.value)} required>
            <option value="">Choose a group…</option>
            {groups.data
              ?.filter((g) => g.active && (bulk || g.id !== orders[0].serviceGroupId))
              .map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
          </select>
        </label>
        {override.field}
        <ReasonField value={reason} onChange={setReason} />
        <ModalActions error={reassign.error} onClose={onClose}>
          <button type="submit" className="button primary ds-touch" disabled={reassign.isPending || !groupId}>
            {bulk ? 'Preview' : 'Reassign order'}
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}
