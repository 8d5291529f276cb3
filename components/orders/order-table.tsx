'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useTRPC } from '../../lib/trpc';
import { STATUS_LABELS, formatDateTime, slaCountdown } from './format';

type Status = 'new' | 'pending_assignment' | 'assigned' | 'accepted' | 'in_progress' | 'completed' | 'cancelled';

export function OrderTable({ status, caption }: { status?: Status; caption: string }) {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<'createdAt' | 'resolveBy' | 'priority' | 'number'>('resolveBy');
  const input = { page, pageSize: 25, status, search: search || undefined, sort, direction: sort === 'resolveBy' ? ('asc' as const) : ('desc' as const) };
  const { data, isLoading, error } = useQuery({ ...trpc.orders.list.queryOptions(input), placeholderData: keepPreviousData });
  const now = new Date();
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <section aria-label={caption}>
      <div className="toolbar">
        <label className="field">
          <span>Search</span>
          <input
            type="search"
            value={search}
            placeholder="Number, title or customer"
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
          />
        </label>
        <label className="field">
          <span>Sort by</span>
          <select value={sort} onChange={(e) => setSort(e.target.value as typeof sort)}>
            <option value="resolveBy">SLA due</option>
            <option value="createdAt">Newest</option>
            <option value="priority">Priority</option>
            <option value="number">Number</option>
          </select>
        </label>
        <span className="spacer" />
        <span className="muted" aria-live="polite">
          {data ? `${data.total} orders` : ''}
        </span>
      </div>
      {error && <p role="alert" className="error">{error.message}</p>}
      <table className="data">
        <caption className="muted" style={{ textAlign: 'left', padding: '0 0 6px' }}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Title</th>
            <th scope="col">Customer</th>
            <th scope="col">Priority</th>
            <th scope="col">Status</th>
            <th scope="col">Region</th>
            <th scope="col">Resolve by</th>
          </tr>
        </thead>
        <tbody>
          {isLoading && (
            <tr>
              <td colSpan={7} className="muted">Loading…</td>
            </tr>
          )}
          {data?.rows.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">No orders here.</td>
            </tr>
          )}
          {data?.rows.map((o) => {
            const sla = slaCountdown(new Date(o.resolveBy), now);
            const open = o.status !== 'completed' && o.status !== 'cancelled';
            return (
              <tr key={o.id}>
                <td>
                  <Link href={`/orders/${o.id}`}>{o.number}</Link>
                </td>
                <td>{o.title}</td>
                <td>
                  {o.customerName} <span className="muted">({o.customerTier})</span>
                </td>
                <td>{o.priority}</td>
                <td>{STATUS_LABELS[o.status]}</td>
                <td>{o.region || '—'}</td>
                <td>
                  {formatDateTime(o.resolveBy)}{' '}
                  {open && <span className={`badge ${sla.overdue ? 'danger' : sla.soon ? 'warn' : 'ok'}`}>{sla.text}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="pager">
        <button type="button" className="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          Previous page
        </button>
        <span>
          Page {page} of {pages}
        </span>
        <button type="button" className="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
          Next page
        </button>
      </div>
    </section>
  );
}
