'use client';
// What every directory tab is: a toolbar (the tab's filters or a note, a count, its New button),
// the status line, the table with each row's status and its Edit and Deactivate/Reactivate
// buttons, and the form of the row being edited or made.
import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTRPC } from '../../lib/trpc';
import { DataTable, LoadError, StatusLine, useStatus, type Column } from '../ui';
import { RowActions } from './row-actions';
import { ActiveBadge, toggleActive } from './row-status';

interface Row {
  id: string;
  active: boolean;
}

/** What the tab's form is told: close it, or close it after saving with the message to announce. */
export interface FormDone {
  onClose: () => void;
  onSaved: (message: string) => void;
}

export function DirectoryList<T extends Row, TData, TError>({
  label,
  toolbar,
  count,
  newLabel,
  ready = true,
  locked,
  notice,
  error,
  columns,
  rows,
  loading,
  empty,
  setActive: setActiveOptions,
  nameOf,
  whatOf,
  deactivatedOf,
  lockedReason,
  form,
}: {
  /** The tab's name: the section's label and "Could not load …". */
  label: string;
  toolbar: ReactNode;
  count?: string;
  newLabel: string;
  /** What the forms need has loaded. */
  ready?: boolean;
  /** Why the caller may not change these rows at all. */
  locked?: string;
  notice?: ReactNode;
  error: { message: string } | null | undefined;
  columns: readonly Column<T>[];
  rows: readonly T[] | undefined;
  loading: boolean;
  empty: ReactNode;
  setActive: UseMutationOptions<TData, TError, { id: string; active: boolean }>;
  nameOf: (row: T) => string;
  /** The row in the status line's words: Provider “CoolFix Ltd”. */
  whatOf: (row: T) => string;
  deactivatedOf?: (row: T) => string;
  /** Why this row may not be deactivated. */
  lockedReason?: (row: T) => string | undefined;
  form: (row: T | undefined, done: FormDone) => ReactNode;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const { status, announce } = useStatus();
  const setActive = useMutation(setActiveOptions);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.directory.pathKey() });
  const toggle = (row: T) => toggleActive(setActive, row, whatOf(row), announce, refresh, deactivatedOf?.(row));
  const done: FormDone = {
    onClose: () => setEditing(null),
    onSaved: (message) => {
      setEditing(null);
      announce(message);
      void refresh();
    },
  };

  return (
    <section aria-label={label}>
      <div className="toolbar">
        {toolbar}
        <span className="spacer" />
        {count !== undefined && (
          <span className="muted" aria-live="polite">
            {count}
          </span>
        )}
        <button type="button" className="button primary" disabled={!ready || !!locked} title={locked} onClick={() => setEditing('new')}>
          {newLabel}
        </button>
      </div>
      <StatusLine text={status} />
      {notice}
      <LoadError error={error} what={`Could not load ${label.toLowerCase()}`} />
      <DataTable
        columns={[...columns, { header: 'Status', cell: (row) => <ActiveBadge active={row.active} /> }]}
        rows={rows}
        rowKey={(row) => row.id}
        rowClassName={(row) => (row.active ? undefined : 'inactive')}
        loading={loading}
        empty={empty}
        actions={(row) => (
          <RowActions
            name={nameOf(row)}
            active={row.active}
            pending={setActive.isPending && setActive.variables?.id === row.id}
            onEdit={() => ready && !locked && setEditing(row)}
            onToggle={() => toggle(row)}
            editLockedReason={locked}
            lockedReason={lockedReason?.(row)}
          />
        )}
      />
      {editing && ready && form(editing === 'new' ? undefined : editing, done)}
    </section>
  );
}

/** A toolbar's explanation of the tab. */
export function ToolbarNote({ children }: { children: ReactNode }) {
  return <p className="muted toolbar-note">{children}</p>;
}
