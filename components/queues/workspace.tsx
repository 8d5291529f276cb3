'use client';
// The dispatcher's to-do list: the queues made by the flows (with counts) in the page's own side
// navigation, the pending orders with server-side paging, sorting and filters, the fields each user
// chose, SLA countdowns, multi-select for bulk actions, and the actions the server offers on each
// order (assign / reject / reassign). Live. The parts: queue-nav, todo-filters, bulk-bar,
// todo-table (table and cards), row-actions, workspace-dialogs.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from '../../lib/trpc';
import type { QueueRow } from '../assign/types';
import { STATUS_LABELS } from '../orders/format';
import { BulkBar } from './bulk-bar';
import type { ColumnId } from './columns-dialog';
import { QueueNav } from './queue-nav';
import { ReviewQueue } from './review-queue';
import type { RowAction } from './row-actions';
import { TodoFilters, NO_FILTERS, filtersInput, type TodoFilterState } from './todo-filters';
import { TodoCards, TodoTable } from './todo-table';
import { useNow } from './use-now';
import { useQueuesLive } from './use-queues-live';
import { WorkspaceDialogs, type WorkspaceDialog } from './workspace-dialogs';

/** The selection across pages: rows by id, refreshed when a row's version changes, dropped on demand. */
function useSelection(rows: QueueRow[] | undefined) {
  const [selected, setSelected] = useState<Map<string, QueueRow>>(new Map());
  // A selected row that changed (new version, new actions) is replaced by its fresh copy.
  useEffect(() => {
    if (!rows) return;
    setSelected((sel) => {
      let changed = false;
      const next = new Map(sel);
      for (const [id] of sel) {
        const row = rows.find((r) => r.id === id);
        if (!row) continue;
        if (row.version !== sel.get(id)!.version) {
          next.set(id, row);
          changed = true;
        }
      }
      return changed ? next : sel;
    });
  }, [rows]);
  const toggle = (row: QueueRow, on: boolean) =>
    setSelected((sel) => {
      const next = new Map(sel);
      if (on) next.set(row.id, row);
      else next.delete(row.id);
      return next;
    });
  return { selected, toggle, clear: () => setSelected(new Map()) };
}

/** `reviews`: the caller's role reviews held orders (engine/review REVIEWING_ROLES): the Review queue is offered. */
export function QueueWorkspace({ portalName, reviews = false }: { portalName: string | null; reviews?: boolean }) {
  const trpc = useTRPC();
  useQueuesLive();
  const now = useNow();
  const [queue, setQueue] = useState<string | undefined>(undefined);
  const [reviewing, setReviewing] = useState(false);
  const [page, setPage] = useState(1);
  const [filters, setFilters] = useState<TodoFilterState>(NO_FILTERS);
  const [dialog, setDialog] = useState<WorkspaceDialog>(null);
  const [message, setMessage] = useState<string | null>(null);

  const queues = useQuery(trpc.queues.list.queryOptions());
  const options = useQuery(trpc.queues.filterOptions.queryOptions());
  const columns = useQuery(trpc.queues.columns.queryOptions());
  const input = { queue, page, pageSize: 25, sort: filters.sort, direction: filters.direction, filters: filtersInput(filters) };
  const orders = useQuery({ ...trpc.queues.orders.queryOptions(input), placeholderData: keepPreviousData });
  const rows = orders.data?.rows ?? [];
  const pages = orders.data ? Math.max(1, Math.ceil(orders.data.total / orders.data.pageSize)) : 1;
  const shown = (columns.data?.columns ?? []) as ColumnId[];
  const current = queues.data?.queues.find((q) => q.key === queue);
  const { selected, toggle, clear } = useSelection(orders.data?.rows);
  const selection = [...selected.values()];
  const open = (kind: RowAction, rows: QueueRow[]) => setDialog({ kind, rows });
  const ids = new Set(selected.keys());

  return (
    <div className="queue-workspace">
      {portalName && (
        <p className="portal-banner" role="note">
          Provider portal — {portalName}
        </p>
      )}
      <div className="queue-layout">
        <QueueNav
          queues={queues.data}
          current={reviewing ? null : queue}
          onSelect={(key) => (setReviewing(false), setQueue(key), setPage(1))}
          review={reviews ? { current: reviewing, onSelect: () => setReviewing(true) } : undefined}
        />
        {reviewing && <ReviewQueue />}
        <section className="queue-main" aria-label="To-do list" hidden={reviewing}>
          <TodoFilters
            value={filters}
            options={options.data}
            onChange={(next, refilter) => (setFilters(next), refilter && setPage(1))}
            onSettings={() => setDialog({ kind: 'columns' })}
          />
          <BulkBar total={orders.data?.total} queueLabel={current?.label} selection={selection} message={message} onAction={open} onClear={clear} />
          {orders.error && (
            <p role="alert" className="error">
              {orders.error.message}
            </p>
          )}
          <TodoTable
            rows={rows}
            columns={shown}
            now={now}
            loading={orders.isLoading}
            empty={orders.data?.rows.length === 0}
            selected={ids}
            onToggle={toggle}
            onAction={open}
          />
          <TodoCards rows={rows} now={now} selected={ids} onToggle={toggle} onAction={open} />
          <div className="pager">
            <button type="button" className="button ds-touch" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Previous page
            </button>
            <span>
              Page {page} of {pages}
            </span>
            <button type="button" className="button ds-touch" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              Next page
            </button>
          </div>
        </section>
      </div>
      <WorkspaceDialogs
        dialog={dialog}
        columns={columns.data ? shown : undefined}
        onClose={() => setDialog(null)}
        onDone={(m) => (setMessage(m), clear())}
      />
      <p className="sr-only">{STATUS_LABELS.pending_assignment}</p>
    </div>
  );
}
