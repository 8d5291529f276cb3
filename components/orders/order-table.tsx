'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import type { InsightOrdersFilter } from '../../engine/insights';
import { useTRPC } from '../../lib/trpc';
import { DataTable, LoadError, Pager, formatDateTime } from '../ui';
import { workStatusLabel } from './format';
import { SlaBadge } from './sla-badge';

type Status = 'new' | 'pending_assignment' | 'assigned' | 'accepted' | 'in_progress' | 'completed' | 'cancelled';

/** The orders list's filter by a flow node's traffic (the canvas's Activity overlay links here). */
export interface ThroughFilter {
  flowId: string;
  version?: number;
  nodeId: string;
  from: string;
  to: string;
  waiting?: boolean;
}

/** The orders behind one point of an Insights chart. */
export type InsightFilter = InsightOrdersFilter;

export function OrderTable({ status, caption, through, insight }: { status?: Status; caption: string; through?: ThroughFilter; insight?: InsightFilter }) {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<'createdAt' | 'resolveBy' | 'priority' | 'number'>('resolveBy');
  const input = { page, pageSize: 25, status, search: search || undefined, sort, direction: sort === 'resolveBy' ? ('asc' as const) : ('desc' as const), through, insight };
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
      <LoadError error={error} />
      <DataTable
        wrap={false}
        caption={
          <caption className="muted" style={{ textAlign: 'left', padding: '0 0 6px' }}>
            {caption}
          </caption>
        }
        columns={[
          { header: 'Number', cell: (o) => <Link href={`/orders/${o.id}`}>{o.number}</Link> },
          { header: 'Title', cell: (o) => o.title },
          {
            header: 'Customer',
            cell: (o) => (
              <>
                {o.customerName} <span className="muted">({o.customerTier})</span>
              </>
            ),
          },
          { header: 'Priority', cell: (o) => o.priority },
          { header: 'Status', cell: (o) => workStatusLabel(o) },
          { header: 'Region', cell: (o) => o.region || '—' },
          {
            header: 'Resolve by',
            cell: (o) => (
              <>
                {formatDateTime(o.resolveBy)} {o.status !== 'completed' && o.status !== 'cancelled' && <SlaBadge resolveBy={o.resolveBy} now={now} />}
              </>
            ),
          },
        ]}
        rows={data?.rows}
        rowKey={(o) => o.id}
        loading={isLoading}
        empty="No orders here."
      />
      <Pager position={`Page ${page} of ${pages}`} hasPrevious={page > 1} hasNext={page < pages} onPrevious={() => setPage(page - 1)} onNext={() => setPage(page + 1)} />
    </section>
  );
}
