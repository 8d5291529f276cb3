// The order's history, oldest first: each event in words with its time and actor, and under each
// decision the trace it was made with.
import type { ReactNode } from 'react';
import type { Trace } from '../../../dsl';
import { TraceDetails, formatDateTime } from '../../ui';
import { show, type Detail, type OrderEvent } from './types';

function describe(e: OrderEvent, d: Detail): ReactNode {
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

const actorOf = (e: OrderEvent, d: Detail) =>
  e.actorType === 'user' ? (d.names[e.actorId ?? ''] ?? e.actorId ?? 'someone') : e.actorType === 'rule' ? 'auto-dispatch' : e.actorType;

export function History({ detail: d }: { detail: Detail }) {
  return (
    <section className="order-section" aria-labelledby="h-history" style={{ marginTop: 16 }}>
      <h2 id="h-history">History</h2>
      <ol className="timeline">
        {d.events.map((e) => {
          const trace = (e.data as { trace?: Trace }).trace;
          return (
            <li key={e.id} className={trace ? 'decision' : undefined} data-event={e.type}>
              <div>
                <strong>{describe(e, d)}</strong>
              </div>
              <div className="muted small">
                {formatDateTime(e.createdAt)} · {actorOf(e, d)}
              </div>
              {trace && <TraceDetails trace={trace} label="Decision trace" />}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
