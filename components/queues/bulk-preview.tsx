'use client';
// A bulk action's effect before it is applied: what each selected order would become, which ones
// would be refused and why; then the per-order results of applying it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';
import type { Outputs } from '../assign/types';
import { Modal, ModalActions, errorText } from '../ui';

import type { BulkInput } from '../../engine/queues/bulk';
import { Check, X } from 'lucide-react';

type Input = BulkInput;

export function BulkPreview({
  orderIds,
  action,
  title,
  onClose,
  onDone,
}: {
  orderIds: string[];
  action: Input['action'];
  title: string;
  onClose: () => void;
  onDone?: (message: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = { orderIds, action };
  const preview = useQuery({ ...trpc.queues.bulkPreview.queryOptions(input), staleTime: Infinity, refetchOnWindowFocus: false });
  const apply = useMutation(
    trpc.queues.bulkApply.mutationOptions({
      onSuccess: async (r) => {
        await queryClient.invalidateQueries(trpc.queues.orders.pathFilter());
        await queryClient.invalidateQueries(trpc.queues.list.pathFilter());
        await queryClient.invalidateQueries(trpc.orders.pathFilter());
        onDone?.(`${r.ok} done, ${r.failed} refused`);
      },
    }),
  );
  const results: Outputs['queues']['bulkApply'] | undefined = apply.data;
  const versions = Object.fromEntries((preview.data?.items ?? []).filter((i) => i.ok).map((i) => [i.orderId, i.version]));
  return (
    <Modal title={title} onClose={onClose} wide>
      {preview.isLoading && <p className="muted">Working out the effect…</p>}
      {preview.error && (
        <p role="alert" className="form-alert">
          {errorText(preview.error)}
        </p>
      )}
      {preview.data && !results && (
        <>
          <p aria-live="polite">
            <strong>{preview.data.ok}</strong> will change, <strong>{preview.data.refused}</strong> will be refused.
          </p>
          <div className="table-wrap">
            <table className="data" aria-label="Effect of the bulk action">
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Now</th>
                  <th scope="col">Effect</th>
                </tr>
              </thead>
              <tbody>
                {preview.data.items.map((i) => (
                  <tr key={i.orderId} className={i.ok ? '' : 'refused'}>
                    <td>{i.number}</td>
                    <td>{i.from}</td>
                    <td>{i.ok ? i.effect : <span className="danger-text">{i.effect}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {results && (
        <div className="table-wrap">
          <p role="status">
            Applied: {results.ok} done, {results.failed} refused.
          </p>
          <table className="data" aria-label="Results">
            <tbody>
              {results.results.map((r) => (
                <tr key={r.orderId}>
                  <td>{r.number}</td>
                  <td>
                    {r.ok ? (
                      <span className="ok-text">
                        <Check size={14} className="ds-icon" aria-hidden /> Done
                      </span>
                    ) : (
                      <span className="danger-text">
                        <X size={14} className="ds-icon" aria-hidden /> {r.message}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ModalActions error={apply.error} onClose={onClose} cancelLabel={results ? 'Close' : 'Cancel'}>
        {!results && (
          <button
            type="button"
            className="button primary ds-touch"
            disabled={!preview.data || preview.data.ok === 0 || apply.isPending}
            onClick={() => apply.mutate({ orderIds: Object.keys(versions), action, versions })}
          >
            {apply.isPending ? 'Applying…' : `Apply to ${preview.data?.ok ?? 0} orders`}
          </button>
        )}
      </ModalActions>
    </Modal>
  );
}
