'use client';
// The order page: every field, the dispatch fields under their API names, the history timeline with
// each decision's trace, the notifications sent; and the actions the caller may take.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../../lib/trpc';
import { ComplianceSection } from '../../compliance';
import { useQueuesLive } from '../../queues/use-queues-live';
import { errorText } from '../../ui';
import { workStatusLabel } from '../format';
import { SlaBadge } from '../sla-badge';
import { useMarkOrderRead } from '../use-mark-order-read';
import { OrderActions } from './actions';
import { EditOrderButton } from './edit-order-dialog';
import { ReviewActions } from '../../queues/review-queue';
import { OrderFields } from './fields';
import { History } from './history';
import { NotificationsSent } from './notifications';

export function OrderDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  useQueuesLive();
  const { data: d, error, isLoading } = useQuery(trpc.queues.orderDetail.queryOptions({ id }));
  const [message, setMessage] = useState<string | null>(null);
  // Times of the window and the booking in the company's time zone, as the board shows them.
  const settings = useQuery(trpc.settings.schedule.queryOptions());
  const timeZone = settings.data?.timeZone ?? 'UTC';
  useMarkOrderRead(d?.order.id);
  if (isLoading) return <p className="muted">Loading…</p>;
  if (error || !d) return <p role="alert" className="error">{errorText(error) ?? 'Not found'}</p>;
  const o = d.order;
  const node = o.currentNodeId ? d.nodes[o.currentNodeId] : undefined;

  return (
    <>
      <div className="page-head">
        <h1>
          {o.number} · {o.title}
        </h1>
        <div className="row-actions">
          {/* The printable document (app/(app)/orders/[id]/document.pdf, server/document). */}
          <a className="button" href={`/orders/${encodeURIComponent(o.id)}/document.pdf`} target="_blank" rel="noopener">
            Work-order document (PDF)
          </a>
          <OrderActions order={o} actions={d.actions} onDone={setMessage} />
          <EditOrderButton orderId={o.id} onDone={setMessage} />
          {o.status === 'in_review' && <ReviewActions order={o} onDone={setMessage} />}
        </div>
      </div>
      {message && <p role="status" className="ok-text">{message}</p>}
      <p>
        <span className="badge">{workStatusLabel({ status: o.status, paused: d.paused })}</span> at <strong>{node?.label ?? o.currentNodeId ?? '—'}</strong>
        {d.flow && <span className="muted"> · {d.flow.name} v{d.flow.version}</span>}{' '}
        {o.status !== 'completed' && <SlaBadge resolveBy={o.resolveBy} prefix="resolve " />}
        {o.lateForSla && o.status !== 'completed' && (
          <>
            {' '}
            <span className="badge warn">Booked to start after its resolve-by</span>
          </>
        )}
      </p>
      <OrderFields detail={d} timeZone={timeZone} />
      <ComplianceSection orderId={o.id} orderVersion={o.version} />
      <History detail={d} whyNot={{ orderId: o.id }} />
      <NotificationsSent notifications={d.notifications} />
    </>
  );
}
