'use client';
// A decision and its whole trace, readable: every rule considered with each condition's values,
// the candidates before and after `where`, the top candidates with their rank keys, and why the
// order went to the manual queue. The rule editor's test shows it for a decision just made; the
// order page for each decision kept in the order's history (stored as it was traced).
import type { Assignee, ConditionTrace, Decision, RuleTrace, Trace } from '../../dsl';
import { DataTable, type Column } from './data-table';

export const TARGET_LABEL: Record<string, string> = {
  service_group: 'service group',
  service_provider: 'service provider',
  engineer: 'engineer',
  provider_engineer: 'provider engineer',
  manual: 'manual queue',
};

/** A value as the rules language would write it. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return `[${v.map(showValue).join(', ')}]`;
  if (typeof v === 'object' && 'lat' in v && 'lng' in v) {
    const p = v as { lat: number; lng: number };
    return `point(${showValue(p.lat)}, ${showValue(p.lng)})`;
  }
  return JSON.stringify(v);
}

export const assigneeText = (a: Assignee | null) => (a ? `${a.name} (${TARGET_LABEL[a.type] ?? a.type})` : '—');

export function DecisionSummary({ decision, label = 'Decision' }: { decision: Decision; label?: string }) {
  return (
    <div className={`re-decision ${decision.outcome}`} role="status" aria-label={label}>
      {decision.outcome === 'auto' ? (
        <>
          <strong>Auto-assigned</strong> by rule <strong>“{decision.rule}”</strong> to <strong>{assigneeText(decision.assignee)}</strong>
          {decision.collaborators.length > 0 && <> with {decision.collaborators.map((c) => c.name).join(', ')} as collaborator{decision.collaborators.length > 1 ? 's' : ''}</>}.
        </>
      ) : (
        <>
          <strong>Manual queue</strong>
          {decision.rule && (
            <>
              {' '}
              by rule <strong>“{decision.rule}”</strong>
            </>
          )}
          : {decision.trace.manualReason ?? 'no rule matched'}.
        </>
      )}
    </div>
  );
}

/** Every rule considered for one decision; `label` names the region. */
export function TraceView({ trace, label = 'Trace', onJumpToLine }: { trace: Trace; label?: string; onJumpToLine?: (line: number) => void }) {
  // A trace kept in an order's history may come from an older version with fewer parts.
  const considered = trace.considered ?? [];
  const skipped = trace.skipped ?? [];
  return (
    <section className="re-trace" aria-label={label}>
      <p className="muted small">
        Order <code>{trace.order}</code> at node <code>{trace.node?.id}</code> ({trace.node?.kind}), now {trace.now}.{' '}
        {considered.length} rule{considered.length === 1 ? '' : 's'} considered in priority order
        {trace.decidedBy ? `; decided by “${trace.decidedBy}”` : ''}.
      </p>
      {considered.length === 0 && <p className="muted">No rule fits this node.</p>}
      <ol className="re-trace-rules">
        {considered.map((r) => (
          <RuleTraceItem key={r.rule} rule={r} decided={trace.decidedBy === r.rule} onJumpToLine={onJumpToLine} />
        ))}
      </ol>
      {skipped.length > 0 && (
        <details className="re-skipped">
          <summary>
            {skipped.length} rule{skipped.length === 1 ? '' : 's'} not considered here
          </summary>
          <ul>
            {skipped.map((s) => (
              <li key={s.rule}>
                <strong>{s.rule}</strong>: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {trace.manualReason && (
        <p className="re-manual-reason">
          <strong>Why manual:</strong> {trace.manualReason}
        </p>
      )}
    </section>
  );
}

/** The trace folded under "Trace: every rule considered". */
export function TraceDetails({ open, ...props }: { trace: Trace; label?: string; open?: boolean; onJumpToLine?: (line: number) => void }) {
  return (
    <details className="re-trace-details" open={open}>
      <summary>Trace: every rule considered</summary>
      <TraceView {...props} />
    </details>
  );
}

/** The rule's `when` as a whole (no operands of its own), then each of its conditions. */
type ConditionRow = Omit<ConditionTrace, 'operands'> & { operands: ConditionTrace['operands'] | null };

const CONDITION_COLUMNS: Column<ConditionRow>[] = [
  { header: 'Condition', cell: (c) => <code>{c.text}</code> },
  {
    header: 'Values',
    cell: (c) =>
      c.operands === null ? null : c.operands.length === 0 ? (
        <span className="muted">—</span>
      ) : (
        <ul className="re-operands">
          {c.operands.map((o, j) => (
            <li key={j}>
              <code>{o.text}</code> = <code>{showValue(o.value)}</code>
            </li>
          ))}
        </ul>
      ),
  },
  { header: 'Result', cell: (c) => <Truth value={c.value} /> },
];

function RuleTraceItem({ rule, decided, onJumpToLine }: { rule: RuleTrace; decided: boolean; onJumpToLine?: (line: number) => void }) {
  const sel = rule.selection;
  return (
    <li className={`re-trace-rule ${rule.matched ? 'matched' : 'unmatched'}${decided ? ' decided' : ''}`} aria-label={`Rule ${rule.rule}`}>
      <div className="re-trace-head">
        <strong>{rule.rule}</strong>
        <span className={`badge ${rule.matched ? 'ok' : ''}`}>{rule.matched ? (decided ? 'Decided' : 'Matched') : 'No match'}</span>
        <span className="muted small">
          priority {rule.priority} · assign {TARGET_LABEL[rule.target] ?? rule.target}
        </span>
        {onJumpToLine && (
          <button type="button" className="button small re-link" onClick={() => onJumpToLine(rule.line)} aria-label={`Go to rule ${rule.rule} on line ${rule.line}`}>
            line {rule.line}
          </button>
        )}
      </div>
      <p className="re-trace-result">{rule.result}</p>
      <DataTable
        className="data re-conditions"
        wrap={false}
        caption={<caption className="sr-only">Conditions of {rule.rule}</caption>}
        columns={CONDITION_COLUMNS}
        rows={[{ text: `when ${rule.when.text}`, value: rule.when.value, operands: null }, ...rule.when.conditions]}
        rowKey={(_, i) => i}
        rowClassName={(c) => (c.operands === null ? 're-when' : undefined)}
      />
      {rule.named && (
        <p className="small">
          Named assignee <strong>{rule.named.name}</strong>
          {rule.named.id ? <> (id <code>{rule.named.id}</code>)</> : ' (not found)'}
          {rule.named.reason && <>: {rule.named.reason}</>}
        </p>
      )}
      {sel && (
        <div className="re-selection">
          <p className="small">
            Candidates: <strong>{sel.before}</strong> in scope → <strong>{sel.after}</strong> after <code>where</code>
            {sel.spatialIndex && <span className="muted"> (distance filter answered by the spatial index)</span>}
            {sel.collaborators > 0 && <> · with {sel.collaborators} collaborator{sel.collaborators > 1 ? 's' : ''}</>}
          </p>
          {sel.where && (
            <p className="small">
              <code>where {sel.where}</code>
            </p>
          )}
          {sel.top.length > 0 && (
            <table className="data re-candidates">
              <caption className="small">
                Top {sel.top.length} candidate{sel.top.length > 1 ? 's' : ''}
                {sel.rankBy.length ? ' by rank keys' : ' (no rank by: ties by id)'}
              </caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Candidate</th>
                  {sel.rankBy.map((k, i) => (
                    <th scope="col" key={i}>
                      <code>{k}</code>
                    </th>
                  ))}
                  <th scope="col">Distance</th>
                </tr>
              </thead>
              <tbody>
                {sel.top.map((c, i) => (
                  <tr key={c.id}>
                    <td>{i + 1}</td>
                    <td>
                      {c.name} <span className="muted small">{c.id}</span>
                    </td>
                    {sel.rankBy.map((_, k) => (
                      <td key={k}>
                        {/* Rank keys come rendered by the dsl ("2.2 km"): shown as they are. */}
                        <code>{typeof c.keys[k] === 'string' ? (c.keys[k] as string) : showValue(c.keys[k])}</code>
                      </td>
                    ))}
                    <td>{c.distanceKm === null ? '—' : `${showValue(c.distanceKm)} km`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </li>
  );
}

function Truth({ value }: { value: boolean }) {
  return <span className={`re-truth ${value ? 'yes' : 'no'}`}>{value ? 'true' : 'false'}</span>;
}
