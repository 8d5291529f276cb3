'use client';
// The order page: every field, the dispatch fields under their API names, the history timeline with
// each decision's trace (rules considered, condition values, candidates before/after, top candidates
// with rank keys, manual reason), the notifications sent; and the actions the caller may take.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTRPC } from '../../lib/trpc';
import { AssignDialog } from '../assign/assign-dialog';
import type { Outputs } from '../assign/types';
import { Modal, ModalActions, errorText } from '../queues/modal';
import { ReassignDialog, RejectDialog } from '../queues/reason-dialogs';
import { useQueuesLive } from '../queues/use-queues-live';
import { STATUS_LABELS, formatDateTime, slaCountdown } from './format';

type Detail = Outputs['queues']['orderDetail'];
type Event = Detail['events'][number];

interface TraceShape {
  node?: { id: string; kind: string };
  considered?: Array<{
    rule: string;
    line: number;
    priority: number;
    target: string;
    when: { text: string; value: boolean; conditions: Array<{ text: string; value: boolean; operands: Array<{ text: string; value: unknown }> }> };
    named?: { name: string; id: string | null; reason: string | null };
    selection?: { where: string | null; rankBy: string[]; collaborators: number; before: number; after: number; top: Array<{ id: string; name: string; keys: unknown[]; distanceKm: number | null }> };
    matched: boolean;
    result: string;
  }>;
  skipped?: Array<{ rule: string; reason: string }>;
  decidedBy?: string | null;
  manualReason?: string | null;
}

const show = (v: unknown): string => (v === null || v === undefined ? '—' : typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : typeof v === 'object' ? JSON.stringify(v) : String(v));

export function TraceView({ trace }: { trace: TraceShape }) {
  return (
    <div className="trace" aria-label="Decision trace">
      {trace.decidedBy ? (
        <p>
          <strong>Decided by rule “{trace.decidedBy}”.</strong>
        </p>
      ) : (
        <p>
          <strong>No rule assigned it:</strong> {trace.manualReason ?? 'waiting for a dispatcher'}
        </p>
      )}
      {(trace.considered ?? []).map((r) => (
        <details key={r.rule} open={r.matched}>
          <summary>
            <span className={r.matched ? 'held' : 'failed'}>{r.matched ? '✓' : '✗'}</span> Rule “{r.rule}” (line {r.line}, priority {r.priority}, target {r.target.replace(/_/g, ' ')}) — {r.result}
          </summary>
          <div>
            When <code>{r.when.text}</code> → <strong>{String(r.when.value)}</strong>
            {r.when.conditions.length > 0 && (
              <table>
                <tbody>
                  {r.when.conditions.map((c, i) => (
                    <tr key={i}>
                      <td className={c.value ? 'held' : 'failed'}>{c.value ? 'holds' : 'fails'}</td>
                      <td>
                        <code>{c.text}</code>
                      </td>
                      <td>{c.operands.map((o) => `${o.text} = ${show(o.value)}`).join('; ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {r.named && (
              <p>
                Names {r.named.name} {r.named.id ? `(${r.named.id})` : ''} {r.named.reason ? `— ${r.named.reason}` : ''}
              </p>
            )}
            {r.selection && (
              <>
                <p>
                  Candidates: {r.selection.before} before the filter, {r.selection.after} after
                  {r.selection.where && (
                    <>
                      {' '}
                      (<code>{r.selection.where}</code>)
                    </>
                  )}
                  {r.selection.rankBy.length > 0 && <> · ranked by {r.selection.rankBy.map((k) => <code key={k}>{k} </code>)}</>}
                </p>
                {r.selection.top.length > 0 && (
                  <table aria-label={`Top candidates of ${r.rule}`}>
                    <thead>
                      <tr>
                        <th>#</th>
                        <th>Candidate</th>
                        <th>Rank keys</th>
                        <th>Distance</th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.selection.top.map((c, i) => (
                        <tr key={c.id}>
                          <td>{i + 1}</td>
                          <td>{c.name}</td>
                          <td>{c.keys.map(show).join(', ')}</td>
                          <td>{c.distanceKm !== null ? `${c.distanceKm.toFixed(1)} km` : '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </>
            )}
          </div>
        </details>
      ))}
      {(trace.skipped ?? []).length > 0 && <p className="muted small">Not considered: {trace.skipped!.map((s) => `${s.rule} (${s.reason})`).join(', ')}</p>}
    </div>
  );
}

function describe(e: Event, d: Detail): ReactNode {
  const data = e.data as Record<string, unknown>;
  const who = (x: unknown) => (x && typeof x === 'object' && 'name' in x ? String((x as { name: string }).name) : show(x));
  const node = e.nodeId ? (d.nodes[e.nodeId]?.label ?? e.nodeId) : null;
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
      return `Reassigned from ${who(data.from)} to ${who(data.to)}: ${show(data.reason)}`;
    case 'rejected':
      return `Rejected by ${who(data.rejected)}: ${show(data.reason)} (back to “${d.nodes[String(data.backTo)]?.label ?? show(data.backTo)}”)`;
    case 'reallocated':
      return `Reallocated from ${d.names[String((data.from as { id?: string })?.id)] ?? show((data.from as { id?: string })?.id)} to ${who(data.to)}`;
    case 'declined':
      return `Declined: ${show(data.reason)}`;
    default:
      return e.type.replace(/_/g, ' ');
  }
}

const ACTOR = (e: Event, d: Detail) => (e.actorType === 'user' ? (d.names[e.actorId ?? ''] ?? e.actorId ?? 'someone') : e.actorType === 'rule' ? 'auto-dispatch' : e.actorType);

export function OrderDetail({ id, canReallocate, role }: { id: string; canReallocate: boolean; role: string }) {
  const trpc = useTRPC();
  useQueuesLive();
  const { data: d, error, isLoading } = useQuery(trpc.queues.orderDetail.queryOptions({ id }));
  const [dialog, setDialog] = useState<'assign' | 'reject' | 'reassign' | 'reallocate' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (isLoading) return <p className="muted">Loading…</p>;
  if (error || !d) return <p role="alert" className="error">{errorText(error) ?? 'Not found'}</p>;
  const o = d.order;
  const name = (x: string | null) => (x ? (d.names[x] ?? x) : '—');
  const node = o.currentNodeId ? d.nodes[o.currentNodeId] : undefined;
  const pending = o.status === 'pending_assignment';
  const kind = node?.kind;
  const sla = slaCountdown(new Date(o.resolveBy), new Date());
  const dispatcher = ['admin', 'dispatcher', 'group_dispatcher', 'provider_dispatcher'].includes(role);
  const assigned = !!(o.serviceGroupId || o.providerId || o.engineerId) && o.status !== 'completed' && o.status !== 'cancelled';
  const ref = { id: o.id, number: o.number, version: o.version, serviceGroupId: o.serviceGroupId, lat: o.lat, lng: o.lng };

  return (
    <>
      <div className="page-head">
        <h1>
          {o.number} · {o.title}
        </h1>
        <div className="row-actions">
          {dispatcher && pending && (
            <button type="button" className="button primary ds-touch" onClick={() => setDialog('assign')}>
              Assign
            </button>
          )}
          {pending && (kind === 'group_internal_assign' || kind === 'provider_assign_engineer') && (role === 'group_dispatcher' || role === 'provider_dispatcher') && (
            <button type="button" className="button ds-touch" onClick={() => setDialog('reject')}>
              Reject
            </button>
          )}
          {pending && kind === 'group_internal_assign' && role === 'group_dispatcher' && (
            <button type="button" className="button ds-touch" onClick={() => setDialog('reassign')}>
              Reassign
            </button>
          )}
          {canReallocate && assigned && (
            <button type="button" className="button ds-touch" onClick={() => setDialog('reallocate')}>
              Reallocate
            </button>
          )}
        </div>
      </div>
      {message && <p role="status" className="ok-text">{message}</p>}
      <p>
        <span className="badge">{STATUS_LABELS[o.status]}</span> at <strong>{node?.label ?? o.currentNodeId ?? '—'}</strong>
        {d.flow && <span className="muted"> · {d.flow.name} v{d.flow.version}</span>}{' '}
        {o.status !== 'completed' && <span className={`badge ${sla.overdue ? 'danger' : sla.soon ? 'warn' : 'ok'}`}>resolve {sla.text}</span>}
      </p>
      <div className="order-grid">
        <section aria-labelledby="f-order">
          <h2 id="f-order">Order</h2>
          <dl className="fields">
            <dt>Number</dt><dd>{o.number}</dd>
            <dt>Title</dt><dd>{o.title}</dd>
            <dt>Description</dt><dd>{o.description || '—'}</dd>
            <dt>Category</dt><dd>{o.category}</dd>
            <dt>Priority</dt><dd>{o.priority}</dd>
            <dt>Source</dt><dd>{o.source}</dd>
            <dt>Status</dt><dd>{STATUS_LABELS[o.status]}</dd>
            <dt>Required skills</dt><dd>{o.requiredSkills.join(', ') || '—'}</dd>
            <dt>Tags</dt><dd>{o.tags.join(', ') || '—'}</dd>
            {Object.entries(o.custom ?? {}).map(([k, v]) => (
              <FieldPair key={k} label={`custom.${k}`} value={show(v)} />
            ))}
          </dl>
        </section>
        <section aria-labelledby="f-customer">
          <h2 id="f-customer">Customer and site</h2>
          <dl className="fields">
            <dt>Customer</dt><dd>{o.customerName} ({o.customerTier})</dd>
            <dt>Street</dt><dd>{o.street || '—'}</dd>
            <dt>City</dt><dd>{o.city}</dd>
            <dt>Region</dt><dd>{o.region || '—'}</dd>
            <dt>Postcode</dt><dd>{o.postcode || '—'}</dd>
            <dt>Location</dt><dd>{o.lat !== null && o.lng !== null ? `${o.lat.toFixed(5)}, ${o.lng.toFixed(5)}` : 'No location'}</dd>
          </dl>
          <h2>SLA</h2>
          <dl className="fields">
            <dt>Respond by</dt><dd>{formatDateTime(o.respondBy)}</dd>
            <dt>Resolve by</dt><dd>{formatDateTime(o.resolveBy)}</dd>
            <dt>Responded</dt><dd>{formatDateTime(o.respondedAt)}</dd>
            <dt>Resolved</dt><dd>{formatDateTime(o.resolvedAt)}</dd>
            <dt>Created</dt><dd>{formatDateTime(o.createdAt)}</dd>
          </dl>
        </section>
        <section aria-labelledby="f-assign">
          <h2 id="f-assign">Assignment</h2>
          <dl className="fields">
            <dt>Service group</dt><dd>{name(o.serviceGroupId)}</dd>
            <dt>Provider</dt><dd>{name(o.providerId)}</dd>
            <dt>Engineer</dt><dd>{name(o.engineerId)}</dd>
            <dt>Collaborators</dt><dd>{o.collaboratorIds.map(name).join(', ') || '—'}</dd>
          </dl>
          <h2 id="f-dispatch">Dispatch fields</h2>
          <dl className="fields api" aria-labelledby="f-dispatch">
            <dt>assign_user</dt><dd data-field="assign_user">{o.assign_user ? `${name(o.assign_user)} (${o.assign_user})` : '—'}</dd>
            <dt>assign_way</dt><dd data-field="assign_way">{o.assign_way ?? '—'}</dd>
            <dt>assign_time</dt><dd data-field="assign_time">{o.assign_time ? new Date(o.assign_time).toISOString() : '—'}</dd>
            <dt>field_partner</dt><dd data-field="field_partner">{o.field_partner ? `${name(o.field_partner)} (${o.field_partner})` : '—'}</dd>
            <dt>field_outDealUser</dt><dd data-field="field_outDealUser">{o.field_outDealUser ? `${name(o.field_outDealUser)} (${o.field_outDealUser})` : '—'}</dd>
            <dt>field_downstreamOuterTenantName</dt><dd data-field="field_downstreamOuterTenantName">{o.field_downstreamOuterTenantName ?? '—'}</dd>
            <dt>field_downstreamOuterTenantId</dt><dd data-field="field_downstreamOuterTenantId">{o.field_downstreamOuterTenantId ?? '—'}</dd>
          </dl>
        </section>
      </div>
      <section className="order-section" aria-labelledby="h-history" style={{ marginTop: 16 }}>
        <h2 id="h-history">History</h2>
        <ol className="timeline">
          {d.events.map((e) => {
            const trace = (e.data as { trace?: TraceShape }).trace;
            return (
              <li key={e.id} className={trace ? 'decision' : undefined} data-event={e.type}>
                <div>
                  <strong>{describe(e, d)}</strong>
                </div>
                <div className="muted small">
                  {formatDateTime(e.createdAt)} · {ACTOR(e, d)}
                </div>
                {trace && <TraceView trace={trace} />}
              </li>
            );
          })}
        </ol>
      </section>
      <section className="order-section" aria-labelledby="h-notes" style={{ marginTop: 16 }}>
        <h2 id="h-notes">Notifications sent</h2>
        {d.notifications.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <div className="table-wrap">
            <table className="data" aria-label="Notifications sent">
              <thead>
                <tr>
                  <th scope="col">Sent</th>
                  <th scope="col">To</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Message</th>
                  <th scope="col">Read</th>
                </tr>
              </thead>
              <tbody>
                {d.notifications.map((n) => (
                  <tr key={n.id}>
                    <td>{formatDateTime(n.createdAt)}</td>
                    <td>
                      {n.recipientName} <span className="muted">({n.recipientRole.replace('_', ' ')})</span>
                    </td>
                    <td>{n.kind}</td>
                    <td>
                      <strong>{n.title}</strong>
                      <div className="muted small">{n.body}</div>
                    </td>
                    <td>{n.readAt ? formatDateTime(n.readAt) : 'unread'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {dialog === 'assign' && <AssignDialog orders={[ref]} onClose={() => setDialog(null)} onDone={setMessage} />}
      {dialog === 'reject' && <RejectDialog orders={[ref]} onClose={() => setDialog(null)} onDone={setMessage} />}
      {dialog === 'reassign' && <ReassignDialog orders={[ref]} onClose={() => setDialog(null)} onDone={setMessage} />}
      {dialog === 'reallocate' && <ReallocateDialog order={o} onClose={() => setDialog(null)} onDone={setMessage} />}
    </>
  );
}

function FieldPair({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

function ReallocateDialog({ order, onClose, onDone }: { order: Detail['order']; onClose: () => void; onDone: (m: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const types = [
    ...(order.engineerId ? [order.providerId ? ('provider_engineer' as const) : ('engineer' as const)] : []),
    ...(order.providerId ? ['service_provider' as const] : []),
    ...(order.serviceGroupId ? ['service_group' as const] : []),
  ];
  const [type, setType] = useState(types[0]);
  const [id, setId] = useState('');
  const engineers = useQuery({ ...trpc.directory.engineers.list.queryOptions(), enabled: type === 'engineer' || type === 'provider_engineer' });
  const providers = useQuery({ ...trpc.directory.providers.list.queryOptions(), enabled: type === 'service_provider' });
  const groups = useQuery({ ...trpc.directory.groups.list.queryOptions(), enabled: type === 'service_group' });
  const options: { id: string; name: string }[] =
    type === 'engineer' || type === 'provider_engineer'
      ? (engineers.data ?? []).filter((e) => e.active !== false && (type === 'engineer' ? !e.providerId : e.providerId === order.providerId))
      : type === 'service_provider'
        ? (providers.data ?? []).filter((p) => p.active)
        : (groups.data ?? []).filter((g) => g.active);
  const reallocate = useMutation(
    trpc.orders.reallocate.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.queues.pathFilter());
        onDone(`${order.number} reallocated`);
        onClose();
      },
    }),
  );
  return (
    <Modal title={`Reallocate ${order.number}`} onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (type) reallocate.mutate({ orderId: order.id, version: order.version, assignee: { type, id }, collaboratorIds: [] });
        }}
      >
        <label className="field">
          <span>Change the</span>
          <select value={type} onChange={(e) => (setType(e.target.value as typeof type), setId(''))}>
            {types.map((t) => (
              <option key={t} value={t}>
                {t.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>New assignee</span>
          <select value={id} onChange={(e) => setId(e.target.value)} required>
            <option value="">Choose…</option>
            {options.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <ModalActions error={reallocate.error} onClose={onClose}>
          <button type="submit" className="button primary ds-touch" disabled={!id || reallocate.isPending}>
            Reallocate
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}
