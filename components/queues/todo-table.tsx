'use client';
// The to-do list's rows: a table with the fields each user chose (wide screens) and stacked cards
// (narrow screens), each row with its selection box and the actions the server offers on it.
import Link from 'next/link';
import type { ReactNode } from 'react';
import { sourceLabel } from '../../engine/enums';
import type { QueueRow } from '../assign/types';
import { formatDateTime, slaBadgeClass, slaCountdown } from '../orders/format';
import { SlaBadge } from '../orders/sla-badge';
import { COLUMN_LABELS, type ColumnId } from './columns-dialog';
import { RowActions, type RowAction } from './row-actions';
import { waited } from './use-now';

const PRIORITY_CLASS: Record<string, string> = { Urgent: 'danger', High: 'warn', Medium: 'info', Low: 'ok' };

export interface TodoRowsProps {
  rows: QueueRow[];
  columns: ColumnId[];
  now: number;
  loading: boolean;
  /** The server answered with no rows. */
  empty: boolean;
  selected: ReadonlySet<string>;
  onToggle: (row: QueueRow, on: boolean) => void;
  onAction: (action: RowAction, rows: QueueRow[]) => void;
}

function SlaDue({ at, now }: { at: Date | string; now: number }) {
  const sla = slaCountdown(new Date(at), new Date(now));
  return (
    <span className={slaBadgeClass(sla)} title={formatDateTime(at)} data-overdue={sla.overdue || undefined}>
      {sla.text}
    </span>
  );
}

/** The warning of a booking that starts after the resolve-by (RULES.md: a warning, not a refusal). */
function LateBooking({ row }: { row: QueueRow }) {
  if (!row.lateForSla || !row.booking) return null;
  return (
    <>
      {' '}
      <span className="badge warn" title={`Booked for ${formatDateTime(row.booking.start)}, after the resolve-by ${formatDateTime(row.resolveBy)}`}>
        booked after resolve-by
      </span>
    </>
  );
}

function cell(r: QueueRow, c: ColumnId, now: number): ReactNode {
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
      return (
        <span className={r.waitingOverdue ? 'badge danger' : ''} title={r.waitingOverdue ? 'Waiting longer than this step allows' : undefined}>
          {waited(r.nodeEnteredAt, now)}
        </span>
      );
    case 'slaDue':
      return (
        <>
          <SlaDue at={r.resolveBy} now={now} />
          <LateBooking row={r} />
        </>
      );
    case 'respondBy': {
      const sla = slaCountdown(new Date(r.respondBy), new Date(now));
      return <span className={sla.overdue ? 'danger-text' : ''}>{sla.text}</span>;
    }
    case 'createdAt':
      return formatDateTime(r.createdAt);
    case 'source':
      return sourceLabel(r.source);
    case 'skills':
      return r.requiredSkills.join(', ') || '—';
    case 'tags':
      return r.tags.join(', ') || '—';
  }
}

const overdue = (r: QueueRow, now: number) => slaCountdown(new Date(r.resolveBy), new Date(now)).overdue;

export function TodoTable({ rows, columns, now, loading, empty, selected, onToggle, onAction }: TodoRowsProps) {
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));
  return (
    <div className="table-wrap todo-table">
      <table className="data" aria-label="Pending assignment">
        <thead>
          <tr>
            <th scope="col">
              <input type="checkbox" aria-label="Select all on this page" checked={allOnPage} onChange={(e) => rows.forEach((r) => onToggle(r, e.target.checked))} />
            </th>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {COLUMN_LABELS[c]}
              </th>
            ))}
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {loading && (
            <tr>
              <td colSpan={columns.length + 2} className="muted">
                Loading…
              </td>
            </tr>
          )}
          {empty && (
            <tr>
              <td colSpan={columns.length + 2} className="muted">
                Nothing is waiting here.
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.id} data-order={r.number} className={overdue(r, now) ? 'overdue-row' : undefined}>
              <td>
                <input type="checkbox" aria-label={`Select ${r.number}`} checked={selected.has(r.id)} onChange={(e) => onToggle(r, e.target.checked)} />
              </td>
              {columns.map((c) => (
                <td key={c}>{cell(r, c, now)}</td>
              ))}
              <td>
                <RowActions row={r} onAction={onAction} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TodoCards({ rows, now, selected, onToggle, onAction }: Omit<TodoRowsProps, 'columns' | 'loading' | 'empty'>) {
  return (
    <ul className="todo-cards" aria-label="Pending assignment (cards)">
      {rows.map((r) => {
        return (
          <li key={r.id} className={`todo-card${overdue(r, now) ? ' overdue-row' : ''}`} data-order={r.number}>
            <div className="todo-card-head">
              <label className="check ds-touch">
                <input type="checkbox" aria-label={`Select ${r.number}`} checked={selected.has(r.id)} onChange={(e) => onToggle(r, e.target.checked)} />
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
              <SlaBadge resolveBy={r.resolveBy} now={new Date(now)} />
              <LateBooking row={r} />
            </div>
            <RowActions row={r} onAction={onAction} />
          </li>
        );
      })}
    </ul>
  );
}
