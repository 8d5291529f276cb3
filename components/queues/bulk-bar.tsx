'use client';
// Above the to-do list: how many orders are pending (in the chosen queue), the selection and its
// actions, and the last action's outcome.
import type { QueueRow } from '../assign/types';
import { SelectionActions, type RowAction } from './row-actions';

export function BulkBar({
  total,
  queueLabel,
  selection,
  message,
  onAction,
  onClear,
}: {
  total: number | undefined;
  queueLabel: string | undefined;
  selection: QueueRow[];
  message: string | null;
  onAction: (action: RowAction, rows: QueueRow[]) => void;
  onClear: () => void;
}) {
  return (
    <div className="bulk-bar" aria-live="polite">
      <span>
        <strong data-testid="queue-total">{total ?? '…'}</strong> pending{queueLabel ? ` in “${queueLabel}”` : ''}
        {selection.length > 0 && ` · ${selection.length} selected`}
      </span>
      {selection.length > 0 && (
        <>
          <SelectionActions rows={selection} onAction={onAction} />
          <button type="button" className="button ds-touch" onClick={onClear}>
            Clear selection
          </button>
        </>
      )}
      {message && (
        <span role="status" className="ok-text">
          {message}
        </span>
      )}
    </div>
  );
}
