// The order's fields in groups: the order, customer and site with its SLA, the assignment, the
// dispatch fields under their API names (as the REST API and exports show them), and the
// diagnostic readings sent at intake.
import type { ReactNode } from 'react';
import { sourceLabel } from '../../../engine/enums';
import { formatSpan } from '../../schedule/zone';
import { formatDateTime } from '../../ui';
import { DiagnosticsList } from '../diagnostics-list';
import { workStatusLabel } from '../format';
import { show, type Detail } from './types';

/** A label and its value; `api` marks a dispatch field by its API name for tests and exports. */
type Pair = [label: string, value: ReactNode, api?: boolean];

function Fields({ pairs, api = false, labelledBy }: { pairs: Pair[]; api?: boolean; labelledBy?: string }) {
  return (
    <dl className={api ? 'fields api' : 'fields'} aria-labelledby={labelledBy}>
      {pairs.map(([label, value]) => (
        <Pair key={label} label={label} value={value} api={api} />
      ))}
    </dl>
  );
}

function Pair({ label, value, api }: { label: string; value: ReactNode; api: boolean }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-field={api ? label : undefined}>{value}</dd>
    </>
  );
}

/** Minutes as the board says them: 90 → "1 h 30 min". */
function durationText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : '', m || !h ? `${m} min` : ''].filter(Boolean).join(' ');
}

/** A span in the company's time zone, the end's day only when it differs. */
const spanText = (start: string, end: string, timeZone: string) => formatSpan(Date.parse(start), Date.parse(end), timeZone);

export function OrderFields({ detail: d, timeZone = 'UTC' }: { detail: Detail; timeZone?: string }) {
  const o = d.order;
  const name = (x: string | null) => (x ? (d.names[x] ?? x) : '—');
  // A dispatch field naming someone: their name, then the id as stored.
  const named = (x: string | null) => (x ? `${name(x)} (${x})` : '—');
  return (
    <div className="order-grid">
      <section aria-labelledby="f-order">
        <h2 id="f-order">Order</h2>
        <Fields
          pairs={[
            ['Number', o.number],
            ['Title', o.title],
            ['Description', o.description || '—'],
            ['Category', o.category],
            ['Priority', o.priority],
            ['Source', sourceLabel(o.source)],
            ['Status', workStatusLabel({ status: o.status, paused: d.paused })],
            ['Required skills', o.requiredSkills.join(', ') || '—'],
            ['Tags', o.tags.join(', ') || '—'],
            ...Object.entries(o.custom ?? {}).map(([k, v]): Pair => [`custom.${k}`, show(v)]),
          ]}
        />
      </section>
      <section aria-labelledby="f-customer">
        <h2 id="f-customer">Customer and site</h2>
        <Fields
          pairs={[
            ['Customer', `${o.customerName} (${o.customerTier})`],
            ['Site contact', [o.contactName, o.contactPhone].filter(Boolean).join(', ') || '—'],
            ['Street', o.street || '—'],
            ['City', o.city],
            ['Region', o.region || '—'],
            ['Postcode', o.postcode || '—'],
            ['Location', o.lat !== null && o.lng !== null ? `${o.lat.toFixed(5)}, ${o.lng.toFixed(5)}` : 'No location'],
          ]}
        />
        <h2>SLA</h2>
        <Fields
          pairs={[
            ['Respond by', formatDateTime(o.respondBy)],
            ['Resolve by', formatDateTime(o.resolveBy)],
            ['Responded', formatDateTime(o.respondedAt)],
            ['Resolved', formatDateTime(o.resolvedAt)],
            ['Created', formatDateTime(o.createdAt)],
          ]}
        />
      </section>
      <section aria-labelledby="f-assign">
        <h2 id="f-assign">Assignment</h2>
        <Fields
          pairs={[
            ['Service group', name(o.serviceGroupId)],
            ['Provider', name(o.providerId)],
            ['Engineer', name(o.engineerId)],
            ['Collaborators', o.collaboratorIds.map(name).join(', ') || '—'],
          ]}
        />
        <h2 id="f-schedule">Schedule</h2>
        <Fields
          labelledBy="f-schedule"
          pairs={[
            ['Estimated duration', o.durationMinutes ? durationText(o.durationMinutes) : 'None (not scheduled)'],
            ['Service window', o.window ? spanText(o.window.start, o.window.end, timeZone) : '—'],
            [
              'Booked',
              o.booking ? (
                <>
                  {spanText(o.booking.start, o.booking.end, timeZone)}, {name(o.booking.engineerId)}
                  {o.lateForSla && (
                    <>
                      {' '}
                      <span className="badge warn" title={`Resolve by ${formatDateTime(o.resolveBy)}`}>
                        starts after its resolve-by
                      </span>
                    </>
                  )}
                </>
              ) : o.durationMinutes && o.engineerId ? (
                'Not booked (assigned unscheduled)'
              ) : (
                'Not booked'
              ),
            ],
          ]}
        />
        <h2 id="f-dispatch">Dispatch fields</h2>
        <Fields
          api
          labelledBy="f-dispatch"
          pairs={[
            ['assign_user', named(o.assign_user)],
            ['assign_way', o.assign_way ?? '—'],
            ['assign_time', o.assign_time ? new Date(o.assign_time).toISOString() : '—'],
            ['field_partner', named(o.field_partner)],
            ['field_outDealUser', named(o.field_outDealUser)],
            ['field_downstreamOuterTenantName', o.field_downstreamOuterTenantName ?? '—'],
            ['field_downstreamOuterTenantId', o.field_downstreamOuterTenantId ?? '—'],
          ]}
        />
      </section>
      <section aria-labelledby="f-diagnostics">
        <h2 id="f-diagnostics">Diagnostics</h2>
        <DiagnosticsList readings={o.diagnostics} headingId="f-diagnostics" />
      </section>
    </div>
  );
}
