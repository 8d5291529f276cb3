'use client';
// The buttons of the actions the server says the caller may take on queue rows: one row, or a
// selection (a button shows only when every selected row offers its action).
import type { QueueRow } from '../assign/types';

/** The dialogs the to-do list opens for an action. */
export type RowAction = 'assign' | 'reject' | 'reassign';

const ACTIONS: { action: RowAction; offered: QueueRow['actions'][number]; label: string; bulk: string; primary?: boolean }[] = [
  { action: 'assign', offered: 'assign', label: 'Assign', bulk: 'Assign work order', primary: true },
  { action: 'reject', offered: 'reject', label: 'Reject', bulk: 'Reject selected' },
  { action: 'reassign', offered: 'reassignGroup', label: 'Reassign', bulk: 'Reassign selected' },
];

const buttonClass = (primary?: boolean) => (primary ? 'button primary ds-touch' : 'button ds-touch');

export function RowActions({ row, onAction }: { row: QueueRow; onAction: (action: RowAction, rows: QueueRow[]) => void }) {
  return (
    <div className="row-actions">
      {ACTIONS.filter((a) => row.actions.includes(a.offered)).map((a) => (
        <button key={a.action} type="button" className={buttonClass(a.primary)} onClick={() => onAction(a.action, [row])} aria-label={`${a.label} ${row.number}`}>
          {a.label}
        </button>
      ))}
    </div>
  );
}

/** The selection's action buttons, in the order Assign, Reassign, Reject. */
export function SelectionActions({ rows, onAction }: { rows: QueueRow[]; onAction: (action: RowAction, rows: QueueRow[]) => void }) {
  const order: RowAction[] = ['assign', 'reassign', 'reject'];
  return (
    <>
      {order
        .map((id) => ACTIONS.find((a) => a.action === id)!)
        .filter((a) => rows.every((r) => r.actions.includes(a.offered)))
        .map((a) => (
          <button key={a.action} type="button" className={buttonClass(a.primary)} onClick={() => onAction(a.action, rows)}>
            {a.action === 'assign' ? `${a.bulk}${rows.length > 1 ? 's' : ''} (${rows.length})` : a.bulk}
          </button>
        ))}
    </>
  );
}
