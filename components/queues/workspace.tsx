'use client';
// The dispatcher's to-do list: the queues made by the flows (with counts) in the page's own side
// navigation, the pending orders with server-side paging, sorting and filters, the fields each user
// chose, SLA countdowns, multi-select for bulk actions, and assign / reject / reassign. Live.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState, type ReactNode } from 'react';
import { useTRPC } from '../../lib/trpc';
import { AssignDialog } from '../assign/assign-dialog';
import type { QueueRow } from '../assign/types';
import { STATUS_LABELS, formatDateTime, slaCountdown } from '../orders/format';
import { ColumnsDialog, COLUMN_LABELS, type ColumnId } from './columns-dialog';
import { ReassignDialog, RejectDialog } from './reason-dialogs';
import { useQueuesLive } from './use-queues-live';

type Sort = 'slaDue' | 'respondBy' | 'priority' | 'createdAt' | 'waiting' | 'number' | 'customer' | 'category' | 'region';
type Dialog = { kind: 'assign' | 'reject' | 'reassign'; rows: QueueRow[] } | { kind: 'columns' } | null;

const PRIORITY_CLASS: Record<string, string> = { Urgent: 'danger', High: 'warn', Medium: 'info', Low: 'ok' };

function useNow(intervalMs = 30_000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

function waited(from: Date | null, now: number) {
  if (!from) return '—';
  const minutes = Math.max(0, Math.round((now - new Date(from).getTime()) / 60_000));
  return minutes < 60 ? `${minutes}m` : minutes < 2880 ? `${Math.floor(minutes / 60)}h ${minutes % 60}m` : `${Math.floor(minutes / 1440)}d`;
}

export function QueueWorkspace({ role, portalName }: { role: string; portalName: string | null }) {
  const trpc = useTRPC();
  useQueuesLive();
  const now = useNow();
  const [queue, setQueue] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<Sort>('slaDue');
  const [direction, setDirection] = useState<'asc' | 'desc'>('asc');
  const [text, setText] = useState('');
  const [priority, setPriority] = useState<('Low' | 'Medium' | 'High' | 'Urgent')[]>([]);
  const [category, setCategory] = useState('');
  const [region, setRegion] = useState('');
  const [slaDue, setSlaDue] = useState('');
  const [selected, setSelected] = useState<Map<string, QueueRow>>(new Map());
  const [dialog, setDialog] = useState<Dialog>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [filtersOpen, setFiltersOpen] = useState(false);

  const queues = useQuery(trpc.queues.list.queryOptions());
  const options = useQuery(trpc.queues.filterOptions.queryOptions());
  const columns = useQuery(trpc.queues.columns.queryOptions());
  const input = {
    queue,
    page,
    pageSize: 25,
    sort,
    direction,
    filters: {
      priority,
      category: category ? [category] : [],
      region: region ? [region] : [],
      slaDue: slaDue || undefined,
      text: text.trim() || undefined,
    },
  };
  const orders = useQuery({ ...trpc.queues.orders.queryOptions(input), placeholderData: keepPreviousData });
  const rows = orders.data?.rows ?? [];
  const pages = orders.data ? Math.max(1, Math.ceil(orders.data.total / orders.data.pageSize)) : 1;
  const shown = (columns.data?.columns ?? []) as ColumnId[];
  const current = queues.data?.queues.find((q) => q.key === queue);
  const reset = () => setPage(1);

  // Orders that left the queue (taken by someone else) drop out of the selection.
  useEffect(() => {
    if (!orders.data) return;
    setSelected((sel) => {
      let changed = false;
      const next = new Map(sel);
      for (const [id] of sel) {
        const row = orders.data.rows.find((r) => r.id === id);
        if (!row) continue;
        if (row.version !== sel.get(id)!.version) {
          next.set(id, row);
          changed = true;
        }
      }
      return changed ? next : sel;
    });
  }, [orders.data]);

  const toggle = (row: QueueRow, on: boolean) =>
    setSelected((sel) => {
      const next = new Map(sel);
      if (on) next.set(row.id, row);
      else next.delete(row.id);
      return next;
    });
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const selection = [...selected.values()];
  const canReject = (r: QueueRow) => (r.queue?.kind === 'group_internal_assign' || r.queue?.kind === 'provider_assign_engineer') && r.queue.allowReject;
  const canReassign = (r: QueueRow) => role === 'group_dispatcher' && r.queue?.kind === 'group_internal_assign' && r.queue.allowReassign;

  const cell = (r: QueueRow, c: ColumnId): ReactNode => {
    switch (c) {
      case 'number':
        return <Link href={`/orders/${r.id}`}>{r.number}</Link>;
      case 'title':
        return r.title;
      case 'customer':
        return (
          <>
            {r.customerName} <span className="muted">({r.customerTier})</span>
          </>
        );
      case 'priority':
        return <span className={`badge ${PRIORITY_CLASS[r.priority]}`}>{r.priority}</span>;
      case 'category':
        return r.category;
      case 'region':
        return r.region || '—';
      case 'city':
        return r.city || '—';
      case 'queue':
        return r.queue?.label ?? r.currentNodeId;
      case 'group':
        return r.serviceGroupName ?? '—';
      case 'provider':
        return r.providerName ?? '—';
      case 'waiting':
        return <span className={r.waitingOverdue ? 'badge danger' : ''} title={r.waitingOverdue ? 'Waiting longer than this step allows' : undefined}>{waited(r.nodeEnteredAt, now)}</span>;
      case 'slaDue': {
        const sla = slaCountdown(new Date(r.resolveBy), new Date(now));
        return (
          <span className={`badge ${sla.overdue ? 'danger' : sla.soon ? 'warn' : 'ok'}`} title={formatDateTime(r.resolveBy)} data-overdue={sla.overdue || undefined}>
            {sla.text}
          </span>
        );
      }
      case 'respondBy': {
        const sla = slaCountdown(new Date(r.respondBy), new Date(now));
        return <span className={sla.overdue ? 'danger-text' : ''}>{sla.text}</span>;
      }
      case 'createdAt':
        return formatDateTime(r.createdAt);
      case 'source':
        return r.source;
      case 'skills':
        return r.requiredSkills.join(', ') || '—';
      case 'tags':
        return r.tags.join(', ') || '—';
    }
  };

  const rowActions = (r: QueueRow) => (
    <div className="row-actions">
      <button type="button" className="button primary ds-touch" onClick={() => setDialog({ kind: 'assign', rows: [r] })} aria-label={`Assign ${r.number}`}>
        Assign
      </button>
      {canReject(r) && (
        <button type="button" className="button ds-touch" onClick={() => setDialog({ kind: 'reject', rows: [r] })} aria-label={`Reject ${r.number}`}>
          Reject
        </button>
      )}
      {canReassign(r) && (
        <button type="button" className="button ds-touch" onClick={() => setDialog({ kind: 'reassign', rows: [r] })} aria-label={`Reassign ${r.number}`}>
          Reassign
        </button>
      )}
    </div>
  );

  return (
    <div className="queue-workspace">
      {portalName && (
        <p className="portal-banner" role="note">
          Provider portal — {portalName}
        </p>
      )}
      <div className="queue-layout">
        <nav aria-label="Queues" className="queue-nav">
          <h2 className="queue-nav-title">Pending assignment</h2>
          <ul>
            <li>
              <button type="button" className="queue-link ds-touch" aria-current={queue === undefined ? 'page' : undefined} onClick={() => (setQueue(undefined), reset())}>
                <span>All my queues</span>
                <span className="count" aria-label={`${queues.data?.total ?? 0} orders`}>
                  {queues.data?.total ?? '…'}
                </span>
              </button>
            </li>
            {queues.data?.queues.map((q) => (
              <li key={q.key}>
                <button type="button" className="queue-link ds-touch" aria-current={queue === q.key ? 'page' : undefined} onClick={() => (setQueue(q.key), reset())}>
                  <span>
                    {q.label}
                    <span className="muted small queue-flow">{q.flowName}</span>
                  </span>
                  <span className="queue-counts">
                    <span className="count" data-queue-count={q.key} aria-label={`${q.count} orders`}>
                      {q.count}
                    </span>
                    {q.overdue > 0 && (
                      <span className="count overdue" aria-label={`${q.overdue} overdue`}>
                        {q.overdue} late
                      </span>
                    )}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {queues.data && queues.data.queues.length === 0 && <p className="muted small">You handle no dispatch steps.</p>}
        </nav>
        <section className="queue-main" aria-label="To-do list">
          <button type="button" className="button ds-touch filters-toggle" aria-expanded={filtersOpen} onClick={() => setFiltersOpen((o) => !o)}>
            {filtersOpen ? 'Hide filters' : 'Filters and sorting'}
          </button>
          <div className={`toolbar todo-filters${filtersOpen ? '' : ' closed'}`}>
            <label className="field search-field">
              <span>Search</span>
              <input type="search" value={text} placeholder="Number, title, customer, city" onChange={(e) => (setText(e.target.value), reset())} />
            </label>
            <fieldset className="field priority-filter">
              <legend>Priority</legend>
              {(['Urgent', 'High', 'Medium', 'Low'] as const).map((p) => (
                <label key={p} className="check">
                  <input
                    type="checkbox"
                    checked={priority.includes(p)}
                    onChange={(e) => (setPriority((ps) => (e.target.checked ? [...ps, p] : ps.filter((x) => x !== p))), reset())}
                  />{' '}
                  {p}
                </label>
              ))}
            </fieldset>
            <label className="field">
              <span>Category</span>
              <select value={category} onChange={(e) => (setCategory(e.target.value), reset())}>
                <option value="">Any</option>
                {options.data?.categories.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Region</span>
              <select value={region} onChange={(e) => (setRegion(e.target.value), reset())}>
                <option value="">Any</option>
                {options.data?.regions.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>SLA due</span>
              <select value={slaDue} onChange={(e) => (setSlaDue(e.target.value), reset())}>
                <option value="">Any time</option>
                <option value="overdue">Overdue</option>
                <option value="within:2">Within 2 hours</option>
                <option value="within:8">Within 8 hours</option>
                <option value="within:24">Within 24 hours</option>
              </select>
            </label>
            <label className="field">
              <span>Sort by</span>
              <select value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
                <option value="slaDue">SLA due</option>
                <option value="respondBy">Respond by</option>
                <option value="priority">Priority</option>
                <option value="waiting">Waiting since</option>
                <option value="createdAt">Created</option>
                <option value="number">Number</option>
                <option value="customer">Customer</option>
                <option value="category">Category</option>
                <option value="region">Region</option>
              </select>
            </label>
            <button type="button" className="button ds-touch" onClick={() => setDirection((d) => (d === 'asc' ? 'desc' : 'asc'))} aria-label={`Sort direction: ${direction === 'asc' ? 'ascending' : 'descending'}`}>
              {direction === 'asc' ? '↑ Asc' : '↓ Desc'}
            </button>
            <span className="spacer" />
            <button type="button" className="button ds-touch" onClick={() => setDialog({ kind: 'columns' })}>
              Settings
            </button>
          </div>
          <div className="bulk-bar" aria-live="polite">
            <span>
              <strong data-testid="queue-total">{orders.data?.total ?? '…'}</strong> pending{current ? ` in “${current.label}”` : ''}
              {selection.length > 0 && ` · ${selection.length} selected`}
            </span>
            {selection.length > 0 && (
              <>
                <button type="button" className="button primary ds-touch" onClick={() => setDialog({ kind: 'assign', rows: selection })}>
                  Assign work order{selection.length > 1 ? 's' : ''} ({selection.length})
                </button>
                {selection.every(canReassign) && (
                  <button type="button" className="button ds-touch" onClick={() => setDialog({ kind: 'reassign', rows: selection })}>
                    Reassign selected
                  </button>
                )}
                {selection.every(canReject) && (
                  <button type="button" className="button ds-touch" onClick={() => setDialog({ kind: 'reject', rows: selection })}>
                    Reject selected
                  </button>
                )}
                <button type="button" className="button ds-touch" onClick={() => setSelected(new Map())}>
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
          {orders.error && (
            <p role="alert" className="error">
              {orders.error.message}
            </p>
          )}
          <div className="table-wrap todo-table">
            <table className="data" aria-label="Pending assignment">
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label="Select all on this page"
                      checked={allOnPage}
                      onChange={(e) => rows.forEach((r) => toggle(r, e.target.checked))}
                    />
                  </th>
                  {shown.map((c) => (
                    <th scope="col" key={c}>
                      {COLUMN_LABELS[c]}
                    </th>
                  ))}
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {orders.isLoading && (
                  <tr>
                    <td colSpan={shown.length + 2} className="muted">
                      Loading…
                    </td>
                  </tr>
                )}
                {orders.data?.rows.length === 0 && (
                  <tr>
                    <td colSpan={shown.length + 2} className="muted">
                      Nothing is waiting here.
                    </td>
                  </tr>
                )}
                {rows.map((r) => (
                  <tr key={r.id} data-order={r.number} className={slaCountdown(new Date(r.resolveBy), new Date(now)).overdue ? 'overdue-row' : undefined}>
                    <td>
                      <input type="checkbox" aria-label={`Select ${r.number}`} checked={selected.has(r.id)} onChange={(e) => toggle(r, e.target.checked)} />
                    </td>
                    {shown.map((c) => (
                      <td key={c}>{cell(r, c)}</td>
                    ))}
                    <td>{rowActions(r)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ul className="todo-cards" aria-label="Pending assignment (cards)">
            {rows.map((r) => {
              const sla = slaCountdown(new Date(r.resolveBy), new Date(now));
              return (
                <li key={r.id} className={`todo-card${sla.overdue ? ' overdue-row' : ''}`} data-order={r.number}>
                  <div className="todo-card-head">
                    <label className="check ds-touch">
                      <input type="checkbox" aria-label={`Select ${r.number}`} checked={selected.has(r.id)} onChange={(e) => toggle(r, e.target.checked)} />
                      <Link href={`/orders/${r.id}`}>{r.number}</Link>
                    </label>
                    <span className={`badge ${PRIORITY_CLASS[r.priority]}`}>{r.priority}</span>
                  </div>
                  <div>
                    <strong>{r.title}</strong>
                  </div>
                  <div className="muted small">
                    {r.customerName} · {r.city || r.region} · {r.queue?.label}
                  </div>
                  <div>
                    <span className={`badge ${sla.overdue ? 'danger' : sla.soon ? 'warn' : 'ok'}`}>{sla.text}</span>
                  </div>
                  {rowActions(r)}
                </li>
              );
            })}
          </ul>
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
      {dialog?.kind === 'columns' && columns.data && <ColumnsDialog current={shown} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'assign' && (
        <AssignDialog
          orders={dialog.rows}
          onClose={() => setDialog(null)}
          onDone={(m) => {
            setMessage(m);
            setSelected(new Map());
          }}
        />
      )}
      {dialog?.kind === 'reject' && (
        <RejectDialog orders={dialog.rows} onClose={() => setDialog(null)} onDone={(m) => (setMessage(m), setSelected(new Map()))} />
      )}
      {dialog?.kind === 'reassign' && (
        <ReassignDialog orders={dialog.rows} onClose={() => setDialog(null)} onDone={(m) => (setMessage(m), setSelected(new Map()))} />
      )}
      <p className="sr-only">{STATUS_LABELS.pending_assignment}</p>
    </div>
  );
}
