'use client';
// The to-do list's [Settings]: choose the displayed fields and their order, then [Apply] (kept per user).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { TODO_COLUMNS, type TodoColumn } from '../../engine/queues/column-catalog';
import { useTRPC } from '../../lib/trpc';
import { Modal, ModalActions } from '../ui';
import { ArrowDown, ArrowUp } from 'lucide-react';

export type ColumnId = TodoColumn;
export const COLUMN_LABELS = Object.fromEntries(TODO_COLUMNS.map((c) => [c.id, c.label])) as Record<ColumnId, string>;

export function ColumnsDialog({ current, onClose }: { current: ColumnId[]; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [order, setOrder] = useState<ColumnId[]>([...current, ...TODO_COLUMNS.map((c) => c.id).filter((id) => !current.includes(id))]);
  const [on, setOn] = useState<Set<ColumnId>>(new Set(current));
  const save = useMutation(
    trpc.queues.setColumns.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.queues.columns.pathFilter());
        onClose();
      },
    }),
  );
  const move = (i: number, by: number) =>
    setOrder((o) => {
      const next = [...o];
      const [x] = next.splice(i, 1);
      next.splice(Math.max(0, Math.min(next.length, i + by)), 0, x);
      return next;
    });
  return (
    <Modal title="Displayed fields" onClose={onClose}>
      <p className="muted small">Choose the fields of the to-do list and their order, then Apply.</p>
      <ol className="column-list">
        {order.map((id, i) => (
          <li key={id}>
            <label className="check ds-touch">
              <input
                type="checkbox"
                checked={on.has(id)}
                onChange={(e) =>
                  setOn((s) => {
                    const n = new Set(s);
                    if (e.target.checked) n.add(id);
                    else n.delete(id);
                    return n;
                  })
                }
              />{' '}
              {COLUMN_LABELS[id]}
            </label>
            <span className="row-actions">
              <button type="button" className="button ds-touch" aria-label={`Move ${COLUMN_LABELS[id]} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                <ArrowUp size={16} className="ds-icon" aria-hidden />
              </button>
              <button type="button" className="button ds-touch" aria-label={`Move ${COLUMN_LABELS[id]} down`} disabled={i === order.length - 1} onClick={() => move(i, 1)}>
                <ArrowDown size={16} className="ds-icon" aria-hidden />
              </button>
            </span>
          </li>
        ))}
      </ol>
      <ModalActions error={save.error} onClose={onClose}>
        <button type="button" className="button primary ds-touch" disabled={on.size === 0 || save.isPending} onClick={() => save.mutate({ columns: order.filter((id) => on.has(id)) })}>
          Apply
        </button>
      </ModalActions>
    </Modal>
  );
}
