'use client';
// The engineer's order page (DESIGN.md, "On site"), mobile first: what the order is, where and for
// whom, when (window and booking), the SLA countdown, who else is on it, the readings sent at
// intake, directions, the actions the server allows, the history, and the work-order document.
// The server scopes it to the engineer's own orders (owner or collaborator: orders.engineerOrder).
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTRPC } from '../../../lib/trpc';
import { formatDay, formatTime } from '../../schedule/zone';
import { ComplianceSection } from '../../compliance';
import { FormAlert, errorText, formatDateTime } from '../../ui';
import { DiagnosticsList } from '../diagnostics-list';
import { workStatusLabel } from '../format';
import { History } from '../order-detail/history';
import { SlaBadge } from '../sla-badge';
import { useMarkOrderRead } from '../use-mark-order-read';
import { directionsHref, useIsPhone } from './directions';
import { EngineerActions } from './engineer-actions';
import { useEngineerActions } from './use-engineer-actions';
import './engineer-order.css';
import { ArrowLeft } from 'lucide-react';

export function EngineerOrder({ id }: { id: string }) {
  const trpc = useTRPC();
  const { data: d, error, isLoading } = useQuery(trpc.orders.engineerOrder.queryOptions({ id }));
  const settings = useQuery(trpc.settings.schedule.queryOptions());
  const engineer = useEngineerActions();
  const phone = useIsPhone();
  const router = useRouter();
  useMarkOrderRead(d?.order.id);
  if (isLoading) return <p className="muted">Loading…</p>;
  if (error || !d) return <p role="alert" className="error">{errorText(error) ?? 'Not found'}</p>;
  const o = d.order;
  const timeZone = settings.data?.timeZone ?? 'UTC';
  const name = (x: string) => d.names[x] ?? x;
  const address = [o.street, o.city, o.postcode].filter(Boolean).join(', ');
  const when = (start: string, end: string) =>
    `${formatDay(Date.parse(start), timeZone)} · ${formatTime(Date.parse(start), timeZone)}–${formatTime(Date.parse(end), timeZone)}`;
  const open = o.status !== 'completed' && o.status !== 'cancelled';

  return (
    <article className="eo" aria-labelledby="eo-title">
      <p className="eo-back">
        <Link href="/my-work">
          <ArrowLeft size={14} className="ds-icon" aria-hidden /> My work
        </Link>
      </p>
      <header className="eo-head">
        <h1 id="eo-title">
          {o.number} · {o.title}
        </h1>
        <div className="eo-badges">
          <span className="badge">{workStatusLabel({ status: o.status, paused: d.paused })}</span>
          {/* Waiting for the engineer's answer: the time left to respond counts too. */}
          {o.status === 'assigned' && !o.respondedAt && <SlaBadge resolveBy={o.respondBy} prefix="respond " />}
          {open && <SlaBadge resolveBy={o.resolveBy} prefix="resolve " />}
          {!d.owner && <span className="badge info">collaborator</span>}
          <span className="badge">{o.priority}</span>
        </div>
      </header>

      {engineer.message && <p role="status" className="ok-text">{engineer.message}</p>}
      <FormAlert>{engineer.failure ? errorText(engineer.failure) : null}</FormAlert>
      {/* Declined, the order is no longer theirs: back to their day. */}
      <EngineerActions order={{ ...o, paused: d.paused }} actions={d.actions} engineer={engineer} onDeclined={() => router.push('/my-work')} />

      <Card id="eo-site" title="Customer and site">
        <dl className="fields">
          <dt>Customer</dt>
          <dd>
            {o.customerName} <span className="muted">({o.customerTier})</span>
          </dd>
          <dt>Site contact</dt>
          <dd>
            {o.contactName || (o.contactPhone ? '' : '—')}
            {o.contactPhone && (
              <>
                {o.contactName && ' · '}
                <a href={`tel:${o.contactPhone.replace(/[^+0-9]/g, '')}`}>{o.contactPhone}</a>
              </>
            )}
          </dd>
          <dt>Address</dt>
          <dd>{address || '—'}</dd>
          {o.region && (
            <>
              <dt>Region</dt>
              <dd>{o.region}</dd>
            </>
          )}
        </dl>
        <a className="button eo-directions" href={directionsHref({ lat: o.lat, lng: o.lng, address }, phone)} target={phone ? undefined : '_blank'} rel="noopener">
          Directions
        </a>
      </Card>

      <Card id="eo-work" title="The work">
        <p className="eo-description">{o.description || <span className="muted">No description.</span>}</p>
        <dl className="fields">
          <dt>Category</dt>
          <dd>{o.category}</dd>
          <dt>Required skills</dt>
          <dd>{o.requiredSkills.join(', ') || '—'}</dd>
        </dl>
      </Card>

      <Card id="eo-when" title="When">
        <dl className="fields">
          <dt>Booking</dt>
          <dd>{o.booking ? when(o.booking.start, o.booking.end) : 'Not booked'}</dd>
          {o.lateForSla && (
            <>
              <dt />
              <dd>
                <span className="badge warn">starts after its resolve-by</span>
              </dd>
            </>
          )}
          <dt>Service window</dt>
          <dd>{o.window ? when(o.window.start, o.window.end) : 'None'}</dd>
          <dt>Estimated time</dt>
          <dd>{o.durationMinutes ? `${o.durationMinutes} min` : '—'}</dd>
          <dt>Respond by</dt>
          <dd>{formatDateTime(o.respondBy)}</dd>
          <dt>Resolve by</dt>
          <dd>{formatDateTime(o.resolveBy)}</dd>
        </dl>
      </Card>

      <Card id="eo-team" title="Team">
        <dl className="fields">
          <dt>Engineer</dt>
          <dd>{o.engineerId ? name(o.engineerId) : '—'}</dd>
          <dt>Collaborators</dt>
          <dd>{o.collaboratorIds.map(name).join(', ') || 'None'}</dd>
        </dl>
      </Card>

      <Card id="eo-diagnostics" title="Diagnostics">
        <DiagnosticsList readings={o.diagnostics} headingId="eo-diagnostics" />
      </Card>

      <ComplianceSection orderId={o.id} orderVersion={o.version} />

      <p>
        {/* The printable document (app/(app)/orders/[id]/document.pdf, server/document). */}
        <a className="button" href={`/orders/${encodeURIComponent(o.id)}/document.pdf`} target="_blank" rel="noopener">
          Work-order document (PDF)
        </a>
      </p>

      <History detail={d} />
    </article>
  );
}

/** One card of the page: a section named by its heading. */
function Card({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="eo-card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
