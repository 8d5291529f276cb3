// What the work-order document says, built from the rows alone (no database, no PDF): the order's
// scope, diagnostics, customer and site, SLA targets, schedule, assignees, dispatch fields, compliance values and
// history, each as labelled text. render.ts only lays this out; tests read it back from the PDF.
import { describeEvent, eventActor, show } from '../../components/orders/order-detail/history-text';
import type { OrderRow } from '../../drizzle/schema';
import { ORDER_STATUS_LABELS, sourceLabel } from '../../engine/enums';
import type { ScheduleFields } from '../../engine/orders';
import { readingValue } from '../../engine/orders/diagnostics';
import { pausedAfter } from '../../engine/orders/work-state';
import { complianceValues, type CompliancePhotos, type ComplianceValue } from './compliance';

/** The rows a document is made of, as the order page reads them (engine/queues getOrderDetail). */
export interface DocumentRows {
  order: OrderRow & ScheduleFields;
  events: readonly { id: number; type: string; actorType: string; actorId: string | null; nodeId: string | null; data: unknown; createdAt: Date }[];
  /** Names behind the ids the order and its history refer to. */
  names: Record<string, string>;
  /** The flow's node labels. */
  nodes: Record<string, { label: string }>;
  flow: { name: string; version: number } | null;
  /** The company's time zone (settings): every time in the document is written in it. */
  timeZone: string;
  generatedAt: Date;
  /** Who asked for it (the signed-in user's name). */
  generatedFor: string;
  /** The photos and signatures the compliance entries in `events` refer to. */
  photos?: CompliancePhotos;
}

export interface DocumentField {
  label: string;
  value: string;
}

export type DocumentSection =
  | { kind: 'fields'; heading: string; fields: DocumentField[] }
  | { kind: 'compliance'; heading: string; values: ComplianceValue[]; times: string[]; empty: string }
  | { kind: 'history'; heading: string; entries: { time: string; actor: string; text: string }[] };

export interface WorkOrderDocument {
  /** "WO-1001.pdf": the order number, safe as a file name. */
  fileName: string;
  title: string;
  subtitle: string;
  /** "Generated … for …, times in America/New_York". */
  note: string;
  /** The order number, for the running footer. */
  footer: string;
  sections: DocumentSection[];
  meta: { title: string; subject: string; createdAt: Date };
}

/** The dispatch fields (DESIGN.md) under readable labels, each with its API name. */
export const DISPATCH_FIELD_LABELS = {
  assign_user: 'Dispatcher',
  assign_way: 'Dispatch method',
  assign_time: 'Dispatch time',
  field_partner: 'Service implementation partner',
  field_outDealUser: 'Provider engineer',
  field_downstreamOuterTenantName: 'Connected enterprise name',
  field_downstreamOuterTenantId: 'Connected enterprise id',
} as const satisfies Record<string, string>;

const formats = new Map<string, Intl.DateTimeFormat>();

/** A moment in the company's zone, as the app writes moments: "Dec 1, 2026, 9:05 AM". */
export function formatInZone(d: Date | string | null | undefined, timeZone: string): string {
  if (!d) return '—';
  let f = formats.get(timeZone);
  if (!f) formats.set(timeZone, (f = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone })));
  return f.format(new Date(d));
}

/** The order number as a file name: letters, digits, dot, dash and underscore only. */
export const documentFileName = (number: string) => `${number.replace(/[^A-Za-z0-9._-]+/g, '_') || 'work-order'}.pdf`;

const minutes = (m: number) => (m >= 60 ? `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}` : `${m} min`);

export function buildWorkOrderDocument(rows: DocumentRows): WorkOrderDocument {
  const { order: o, names, timeZone } = rows;
  const at = (d: Date | string | null | undefined) => formatInZone(d, timeZone);
  const span = (start: Date | string, end: Date | string) => `${at(start)} – ${at(end)}`;
  const name = (id: string | null) => (id ? (names[id] ?? id) : '—');
  // A dispatch field naming someone: their name, then the id as stored (as the order page writes it).
  const named = (id: string | null) => (id ? (names[id] && names[id] !== id ? `${names[id]} (${id})` : id) : '—');
  const dash = (s: string | null | undefined) => (s && s.trim() ? s : '—');

  const scope: DocumentField[] = [
    { label: 'Number', value: o.number },
    { label: 'Title', value: o.title },
    { label: 'Description', value: dash(o.description) },
    { label: 'Category', value: o.category },
    { label: 'Priority', value: o.priority },
    { label: 'Required skills', value: o.requiredSkills.join(', ') || 'None' },
    { label: 'Tags', value: o.tags.join(', ') || '—' },
    { label: 'Source', value: sourceLabel(o.source) },
    { label: 'Status', value: `${pausedAfter(o.status, rows.events) ? 'Paused' : ORDER_STATUS_LABELS[o.status]}${o.currentNodeId ? ` at “${rows.nodes[o.currentNodeId]?.label ?? o.currentNodeId}”` : ''}` },
    ...(rows.flow ? [{ label: 'Flow', value: `${rows.flow.name} v${rows.flow.version}` }] : []),
    ...Object.entries(o.custom ?? {}).map(([k, v]) => ({ label: `custom.${k}`, value: show(v) })),
  ];

  const address = [o.street, o.city, o.region, o.postcode].filter((x) => x && x.trim()).join(', ');
  const site: DocumentField[] = [
    { label: 'Customer', value: `${o.customerName} (${o.customerTier})` },
    { label: 'Site contact', value: [o.contactName, o.contactPhone].filter(Boolean).join(', ') || '—' },
    { label: 'Address', value: address || '—' },
    { label: 'Location', value: o.lat !== null && o.lng !== null ? `${o.lat.toFixed(5)}, ${o.lng.toFixed(5)}` : 'No location' },
  ];

  const breach = (which: 'Respond-by' | 'Resolve-by', when: Date | null) => (when ? `${which} breached at ${at(when)}` : null);
  const breaches = [breach('Respond-by', o.respondBreachedAt), breach('Resolve-by', o.resolveBreachedAt)].filter((x): x is string => !!x);
  const sla: DocumentField[] = [
    { label: 'Respond by', value: at(o.respondBy) },
    { label: 'Resolve by', value: at(o.resolveBy) },
    { label: 'Responded', value: o.respondedAt ? at(o.respondedAt) : 'Not yet' },
    { label: 'Resolved', value: o.resolvedAt ? at(o.resolvedAt) : 'Not yet' },
    { label: 'Breaches', value: breaches.join('; ') || 'None' },
    { label: 'Created', value: at(o.createdAt) },
  ];

  const schedule: DocumentField[] = [
    { label: 'Service window', value: o.window ? span(o.window.start, o.window.end) : 'None' },
    { label: 'Estimated duration', value: o.durationMinutes !== null ? minutes(o.durationMinutes) : 'Not scheduled' },
    {
      label: 'Booking',
      value: o.booking
        ? `${span(o.booking.start, o.booking.end)}, ${name(o.booking.engineerId)}${o.lateForSla ? ' (starts after the resolve-by time)' : ''}`
        : 'No booking',
    },
  ];

  const assignees: DocumentField[] = [
    { label: 'Service group', value: name(o.serviceGroupId) },
    { label: 'Service provider', value: name(o.providerId) },
    { label: 'Engineer', value: name(o.engineerId) },
    { label: 'Collaborators', value: o.collaboratorIds.map(name).join(', ') || 'None' },
  ];

  const dispatch: DocumentField[] = (Object.keys(DISPATCH_FIELD_LABELS) as (keyof typeof DISPATCH_FIELD_LABELS)[]).map((key) => {
    const v = o[key];
    const value =
      key === 'assign_user' || key === 'field_partner' || key === 'field_outDealUser'
        ? named(v as string | null)
        : key === 'assign_time'
          ? v
            ? `${at(v as Date)} (${(v as Date).toISOString()})`
            : '—'
          : dash(v as string | null);
    return { label: `${DISPATCH_FIELD_LABELS[key]} (${key})`, value };
  });

  const compliance = complianceValues(rows.events, rows.photos);
  // The readings sent at intake, in the order sent, each with when it was read.
  const diagnostics: DocumentField[] = o.diagnostics.length
    ? o.diagnostics.map((r) => ({ label: r.name, value: `${readingValue(r)} (read ${at(r.time)})` }))
    : [{ label: 'Readings', value: 'None sent with the order' }];

  const words = { names: rows.names, nodes: rows.nodes, formatTime: at };
  const history = rows.events.map((e) => ({ time: at(e.createdAt), actor: eventActor(e, words), text: describeEvent(e, words) }));

  return {
    fileName: documentFileName(o.number),
    title: `Work order ${o.number}`,
    subtitle: o.title,
    note: `Generated ${at(rows.generatedAt)} for ${rows.generatedFor}. Times in ${timeZone}.`,
    footer: `${o.number} · ${o.customerName}`,
    sections: [
      { kind: 'fields', heading: 'Scope', fields: scope },
      { kind: 'fields', heading: 'Diagnostics', fields: diagnostics },
      { kind: 'fields', heading: 'Customer and site', fields: site },
      { kind: 'fields', heading: 'SLA targets', fields: sla },
      { kind: 'fields', heading: 'Schedule', fields: schedule },
      { kind: 'fields', heading: 'Assignees', fields: assignees },
      { kind: 'fields', heading: 'Dispatch fields', fields: dispatch },
      {
        kind: 'compliance',
        heading: 'Compliance fields',
        values: compliance,
        times: compliance.map((c) => at(c.recordedAt)),
        empty: o.status === 'completed' ? 'No compliance fields were recorded.' : 'No compliance fields recorded yet.',
      },
      { kind: 'history', heading: 'History', entries: history },
    ],
    meta: { title: `Work order ${o.number}: ${o.title}`, subject: `${o.category} for ${o.customerName}`, createdAt: rows.generatedAt },
  };
}
