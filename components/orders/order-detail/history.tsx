// The order's history, oldest first: each event in words with its time and actor, and under each
// decision the trace it was made with.
import type { Trace } from '../../../dsl';
import { ENGINE_DECISION_EVENT_TYPES } from '../../../engine/enums';
import { TraceDetails, formatDateTime } from '../../ui';
import { describeEvent, eventActor } from './history-text';
import type { Detail } from './types';
import { WhyNotAsk } from './why-not-ask';

const EXPLAINED: ReadonlySet<string> = new Set(ENGINE_DECISION_EVENT_TYPES);

/** With `whyNot`, each automatic decision offers "Why not …?" (the dispatcher's order page). */
export function History({ detail, whyNot }: { detail: Detail; whyNot?: { orderId: string } }) {
  const d = { ...detail, formatTime: formatDateTime };
  return (
    <section className="order-section" aria-labelledby="h-history" style={{ marginTop: 16 }}>
      <h2 id="h-history">History</h2>
      <ol className="timeline">
        {d.events.map((e) => {
          const trace = (e.data as { trace?: Trace }).trace;
          return (
            <li key={e.id} className={trace ? 'decision' : undefined} data-event={e.type}>
              <div>
                <strong>{describeEvent(e, d)}</strong>
              </div>
              <div className="muted small">
                {formatDateTime(e.createdAt)} · {eventActor(e, d)}
              </div>
              {trace && <TraceDetails trace={trace} label="Decision trace" />}
              {trace && whyNot && EXPLAINED.has(e.type) && (
                <WhyNotAsk orderId={whyNot.orderId} eventId={e.id} suggestions={[...new Set(trace.considered.flatMap((c) => c.selection?.top.map((t) => t.name) ?? []))]} />
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
