'use client';
// Reallocate: change the assignee of an order that has moved past the node (needs the permission;
// the server checks it).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../../lib/trpc';
import { useOverrideReason } from '../../overrides';
import { Modal, ModalActions } from '../../ui';
import type { Order } from './types';

export function ReallocateDialog({ order, onClose, onDone }: { order: Order; onClose: () => void; onDone: (m: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const types = [
    ...(order.engineerId ? [order.providerId ? ('provider_engineer' as const) : ('engineer' as const)] : []),
    ...(order.providerId ? ['service_provider' as const] : []),
    ...(order.serviceGroupId ? ['service_group' as const] : []),
  ];
  const [type, setType] = useState(types[0]);
  const [id, setId] = useState('');
  const [details, setDetails] = useState('');
  const override = useOverrideReason([order.id]);
  const engineers = useQuery({ ...trpc.directory.engineers.list.queryOptions(), enabled: type === 'engineer' || type === 'provider_engineer' });
  const providers = useQuery({ ...trpc.directory.providers.list.queryOptions(), enabled: type === 'service_provider' });
  const groups = useQuery({ ...trpc.directory.groups.list.queryOptions(), enabled: type === 'service_group' });
  const options: { id: string; name: string }[] =
    type === 'engineer' || type === 'provider_engineer'
      ? (engineers.data ?? []).filter((e) => e.active !== false && (type === 'engineer' ? !e.providerId : e.providerId === order.providerId))
      : type === 'service_provider'
        ? (providers.data ?? []).filter((p) => p.active)
        : (groups.data ?? []).filter((g) => g.active);
  const reallocate = useMutation(
    trpc.orders.reallocate.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.queues.pathFilter());
        await queryClient.invalidateQueries(trpc.overrides.pathFilter());
        onDone(`${order.number} reallocated`);
        onClose();
      },
    }),
  );
  return (
    <Modal title={`Reallocate ${order.number}`} onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (type) reallocate.mutate({ orderId: order.id, version: order.version, assignee: { type, id }, collaboratorIds: [], reasonCode: override.reasonCode, reason: details || undefined });
        }}
      >
        <label className="field">
          <span>Change the</span>
          <select value={type} onChange={(e) => (setType(e.target.value as typeof type), setId(''))}>
            {types.map((t) => (
              <option key={t} value={t}>
                {t.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>New assignee</span>
          <select value={id} onChange={(e) => setId(e.target.value)} required>
            <option value="">Choose…</option>
            {options.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        {override.field}
        {override.field && (
          <label className="field">
            <span>{override.needsText ? 'Details' : 'Details (optional)'}</span>
            <textarea value={details} onChange={(e) => setDetails(e.target.value)} rows={2} maxLength={500} required={override.needsText} />
          </label>
        )}
        <ModalActions error={reallocate.error} onClose={onClose}>
          <button type="submit" className="button primary ds-touch" disabled={!id || reallocate.isPending}>
            Reallocate
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}
