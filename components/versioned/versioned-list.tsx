'use client';
// The list page of a versioned thing (flows, rule sets): each one with its status, Open,
// Duplicate and (for a draft never published) Delete, the thing's own columns and buttons, and
// the dialogs those open. The tRPC procedures are the caller's, passed in.
import { useQueryClient, type QueryKey, type UseMutationOptions } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type ReactNode } from 'react';
import { DataTable, LoadError, StatusLine, useStatus, type Column } from '../ui';
import { DeleteDraftDialog, DuplicateDialog } from './draft-dialogs';

export interface VersionedRow {
  id: string;
  name: string;
  description: string | null;
  status: 'draft' | 'published';
}

/** What the caller's toolbar and buttons may do to the list: say something, refetch it. */
export interface ListControl {
  announce: (text: string) => void;
  refresh: () => Promise<unknown>;
}

export function VersionedList<T extends VersionedRow, TDup extends { name: string }, TDel, TError>({
  label,
  noun,
  hrefOf,
  rows,
  loading,
  error,
  toolbar,
  newLabel,
  newDialog,
  nameBadge,
  statusNote,
  columns,
  actions,
  duplicate,
  duplicateNote,
  deleteDraft,
  deleteNote,
  listKey,
}: {
  /** The list's name ("Flows"), and its first column's header ("Flow"). */
  label: string;
  noun: string;
  hrefOf: (id: string) => string;
  rows: readonly T[] | undefined;
  loading: boolean;
  error: { message: string } | null | undefined;
  /** More of the toolbar, after the New button. */
  toolbar?: (list: ListControl) => ReactNode;
  newLabel: string;
  newDialog: (onClose: () => void) => ReactNode;
  nameBadge?: (row: T) => ReactNode;
  statusNote?: (row: T) => ReactNode;
  /** The columns after the status. */
  columns: readonly Column<T>[];
  /** Buttons between Open and Duplicate. */
  actions?: (row: T, list: ListControl) => ReactNode;
  duplicate: UseMutationOptions<TDup, TError, { id: string; name: string }>;
  duplicateNote?: ReactNode;
  deleteDraft: UseMutationOptions<TDel, TError, { id: string }>;
  /** Why deleting the draft is safe, and that it is final. */
  deleteNote: ReactNode;
  /** The list query's key, refetched after a change. */
  listKey: QueryKey;
}) {
  const queryClient = useQueryClient();
  const { status, announce } = useStatus();
  const list: ListControl = { announce, refresh: () => queryClient.invalidateQueries({ queryKey: listKey }) };
  const { refresh } = list;
  const [dialog, setDialog] = useState<{ type: 'new' } | { type: 'duplicate' | 'delete'; row: T } | null>(null);
  const close = () => setDialog(null);
  const all: Column<T>[] = [
    {
      header: noun,
      cell: (r) => (
        <>
          <Link href={hrefOf(r.id)}>
            <strong>{r.name}</strong>
          </Link>
          {nameBadge?.(r)}
          {r.description && <div className="muted small">{r.description}</div>}
        </>
      ),
    },
    {
      header: 'Status',
      cell: (r) => (
        <>
          <span className={`badge ${r.status === 'published' ? 'ok' : ''}`}>{r.status === 'published' ? 'Published' : 'Draft'}</span>
          {statusNote?.(r)}
        </>
      ),
    },
    ...columns,
  ];
  return (
    <section aria-label={label}>
      <div className="toolbar">
        <button type="button" className="button primary" onClick={() => setDialog({ type: 'new' })}>
          {newLabel}
        </button>
        {toolbar?.(list)}
      </div>
      <StatusLine text={status} />
      <LoadError error={error} what={`Could not load ${label.toLowerCase()}`} />
      <DataTable
        columns={all}
        rows={rows}
        rowKey={(r) => r.id}
        loading={loading}
        empty={`No ${label.toLowerCase()} yet.`}
        actions={(r) => (
          <div className="row-actions">
            <Link className="button small" href={hrefOf(r.id)} aria-label={`Open ${r.name}`}>
              Open
            </Link>
            {actions?.(r, list)}
            <button type="button" className="button small" aria-label={`Duplicate ${r.name}`} onClick={() => setDialog({ type: 'duplicate', row: r })}>
              Duplicate
            </button>
            {r.status === 'draft' && (
              <button type="button" className="button small danger" aria-label={`Delete ${r.name}`} onClick={() => setDialog({ type: 'delete', row: r })}>
                Delete
              </button>
            )}
          </div>
        )}
      />
      {dialog?.type === 'new' && newDialog(close)}
      {dialog?.type === 'duplicate' && (
        <DuplicateDialog
          item={dialog.row}
          options={duplicate}
          note={duplicateNote}
          onClose={close}
          onDone={(name) => {
            close();
            announce(`Duplicated as “${name}”.`);
            void refresh();
          }}
        />
      )}
      {dialog?.type === 'delete' && (
        <DeleteDraftDialog
          item={dialog.row}
          options={deleteDraft}
          onClose={close}
          onDone={() => {
            close();
            announce(`Deleted the draft “${dialog.row.name}”.`);
            void refresh();
          }}
        >
          {deleteNote}
        </DeleteDraftDialog>
      )}
    </section>
  );
}
