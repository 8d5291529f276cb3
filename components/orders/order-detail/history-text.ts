// An order's history event in words, and who did it: the order page's timeline and the work-order
// document (server/document) both write them from here, so the two never word an event apart.
// Plain text only, no React: the document's renderer runs on the server.
import { sourceLabel } from '../../../engine/enums';

/** What the wording reads of an event (an order_events row, as the database or tRPC gives it). */
export interface HistoryEvent {
  type: string;
  nodeId: string | null;
  actorType: string;
  actorId: string | null;
  data: unknown;
}

/** The names behind ids (users, engineers, groups, providers) and the flow's node labels. */
export interface HistoryNames {
  names: Record<string, string>;
  nodes: Record<string, { label: string }>;
  /** How a moment in an event (a booking's start, a missed SLA time) is written; ISO as stored by default. */
  formatTime?: (iso: string) => string;
}

/** A stored value as the page writes it: numbers to three places, objects as JSON, none as "—". */
export const show = (v: unknown): string =>
  v === null || v === undefined ? '—' : typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : typeof v === 'object' ? JSON.stringify(v) : String(v);

/**
 * One compliance entry of an event (engine/compliance): "Water pressure 3.2 bar", "Customer
 * signature: signed", "Customer signature: signed (typed: Marta Nowak)".
 */
function complianceEntry(x: unknown): string {
  const e = (x ?? {}) as { label?: unknown; kind?: unknown; value?: unknown; unit?: unknown; photoId?: unknown; signedAs?: unknown };
  const label = show(e.label);
  const typed = typeof e.signedAs === 'string' && e.signedAs ? ` (typed: ${e.signedAs})` : '';
  if (e.kind === 'photo' || e.kind === 'signature') return e.photoId || e.value ? `${label}: ${e.kind === 'photo' ? 'photo taken' : `signed${typed}`}` : `${label} cleared`;
  if (e.value === null || e.value === undefined) return `${label} cleared`;
  if (typeof e.value === 'boolean') return `${label}: ${e.value ? 'done' : 'not done'}`;
  if (typeof e.value === 'string') return `${label}: “${e.value.length > 80 ? `${e.value.slice(0, 79)}…` : e.value}”`;
  return `${label} ${show(e.value)}${e.unit ? ` ${show(e.unit)}` : ''}`;
}

/** An override's words (engine/overrides): the rule whose decision was changed, and the reason picked. */
function overrideWords(data: Record<string, unknown>): string {
  const o = data.override as { rule?: unknown; reasonLabel?: unknown; text?: unknown } | undefined;
  if (!o) return '';
  return ` — overrides rule “${show(o.rule)}”, reason: ${show(o.reasonLabel)}${o.text && o.text !== data.reason ? ` (${show(o.text)})` : ''}`;
}

/** The event in words: "Assigned to Ana Ruiz at “Assign engineer”". */
export function describeEvent(e: HistoryEvent, d: HistoryNames): string {
  const data = (e.data ?? {}) as Record<string, unknown>;
  const who = (x: unknown) => (x && typeof x === 'object' && 'name' in x ? String((x as { name: string }).name) : show(x));
  const node = e.nodeId ? (d.nodes[e.nodeId]?.label ?? e.nodeId) : null;
  const time = (x: unknown) => (typeof x === 'string' && d.formatTime ? d.formatTime(x) : show(x));
  const engineer = (x: unknown) => (typeof x === 'string' ? (d.names[x] ?? x) : show(x));
  // A booking in an event's data: { engineerId, start, end, collaborators? }.
  const booking = (b: Record<string, unknown>) =>
    `${engineer(b.engineerId)}, ${time(b.start)} – ${time(b.end)}${Array.isArray(b.collaborators) && b.collaborators.length ? ` with ${b.collaborators.map(engineer).join(', ')}` : ''}`;
  switch (e.type) {
    case 'created':
      return 'Created';
    case 'entered_node':
      return `Entered “${node}”`;
    case 'auto_assigned':
      return `Auto-assigned to ${who(data.assignee)} by rule “${show(data.rule)}”`;
    case 'assigned':
      return `Assigned to ${who(data.assignee)}${Array.isArray(data.collaborators) && data.collaborators.length ? ` with ${data.collaborators.map(who).join(', ')}` : ''} at “${node}”`;
    case 'queued':
      return `Waiting for a dispatcher at “${node}”${data.reason ? `: ${show(data.reason)}` : ''}`;
    case 'reassigned':
      return `Reassigned from ${who(data.from)} to ${who(data.to)}: ${show(data.reason)}${overrideWords(data)}`;
    case 'rejected':
      return `Rejected by ${who(data.rejected)}: ${show(data.reason)} (back to “${d.nodes[String(data.backTo)]?.label ?? show(data.backTo)}”)${overrideWords(data)}`;
    case 'reallocated':
      return `Reallocated from ${d.names[String((data.from as { id?: string })?.id)] ?? show((data.from as { id?: string })?.id)} to ${who(data.to)}${overrideWords(data)}`;
    case 'declined':
      return `Declined: ${show(data.reason)}`;
    case 'accepted':
      return 'Accepted';
    case 'started':
      return 'Work started';
    case 'paused':
      return 'Work paused';
    case 'completed':
      return 'Completed';
    case 'cancelled':
      return data.review === 'rejected' ? `Rejected in review and cancelled: ${show(data.reason)}` : 'Cancelled';
    case 'edited': {
      const changes = (Array.isArray(data.changes) ? data.changes : []) as { field: string; before: unknown; after: unknown }[];
      const rerun = data.rerun as { nodeId?: string; fields?: string[] } | undefined;
      const text = `Edited: ${changes.map((c) => `${c.field} ${show(c.before)} → ${show(c.after)}`).join('; ')}`;
      return rerun ? `${text}. The rules at “${d.nodes[String(rerun.nodeId)]?.label ?? show(rerun.nodeId)}” ran again (${(rerun.fields ?? []).join(', ')} changed)` : text;
    }
    case 'held_for_review':
      return `Held for review (from ${typeof data.source === 'string' ? sourceLabel(data.source) : show(data.source)})`;
    case 'approved':
      return 'Approved in review: dispatched';
    case 'sla_breached':
      return `${data.which === 'respond' ? 'Respond-by' : 'Resolve-by'} time missed (due ${time(data.due)})`;
    case 'booked':
      return `Booked: ${booking(data)}${data.lateForSla ? ', after the resolve-by time' : ''}`;
    case 'rescheduled':
      return `Rescheduled to ${booking(data)}${data.previous ? ` (was ${booking(data.previous as Record<string, unknown>)})` : ''}${data.lateForSla ? ', after the resolve-by time' : ''}`;
    case 'unbooked':
      return `Booking freed: ${booking(data)}`;
    case 'compliance_recorded':
      return `Compliance fields: ${(Array.isArray(data.compliance) ? data.compliance : []).map(complianceEntry).join('; ')}`;
    default:
      return e.type.replace(/_/g, ' ');
  }
}

/** Who did it: the user's name, "auto-dispatch" for a rule, else the kind of actor (system, api). */
export const eventActor = (e: HistoryEvent, d: HistoryNames): string =>
  e.actorType === 'user' ? (d.names[e.actorId ?? ''] ?? e.actorId ?? 'someone') : e.actorType === 'rule' ? 'auto-dispatch' : e.actorType;
