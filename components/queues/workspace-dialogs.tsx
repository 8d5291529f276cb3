'use client';
// The dialog the to-do list has open: the displayed fields, or an action on one order or a selection.
import type { QueueRow } from '../assign/types';
import { AssignDialog } from '../assign/assign-dialog';
import { ColumnsDialog, type ColumnId } from './columns-dialog';
import { ReassignDialog, RejectDialog } from './reason-dialogs';
import type { RowAction } from './row-actions';

export type WorkspaceDialog = { kind: RowAction; rows: QueueRow[] } | { kind: 'columns' } | null;

export function WorkspaceDialogs({
  dialog,
  columns,
  onClose,
  onDone,
}: {
  dialog: WorkspaceDialog;
  /** The displayed fields, once known (the fields dialog opens only then). */
  columns: ColumnId[] | undefined;
  onClose: () => void;
  /** An action finished, with its outcome. */
  onDone: (message: string) => void;
}) {
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'columns':
      return columns ? <ColumnsDialog current={columns} onClose={onClose} /> : null;
    case 'assign':
      return <AssignDialog orders={dialog.rows} onClose={onClose} onDone={onDone} />;
    case 'reject':
      return <RejectDialog orders={dialog.rows} onClose={onClose} onDone={onDone} />;
    case 'reassign':
      return <ReassignDialog orders={dialog.rows} onClose={onClose} onDone={onDone} />;
  }
}
