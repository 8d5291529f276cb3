'use client';
// Backtest: the text in the editor against the last N orders a decision was made for at a node,
// order by order beside what happened there, with the changed decisions counted.
import { useMutation } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { messageOf } from '../../lib/form-errors';
import { useTRPC } from '../../lib/trpc';
import { NodeSelect, defaultNode } from './test-panel';
import { assigneeText } from '../ui';
import type { BacktestResult, FlowNodes } from './types';

const WAY_LABEL = { auto: 'auto', manual: 'by hand', waiting: 'still queued' } as const;

export function BacktestPanel({ ruleSetName, flows, getSource }: { ruleSetName: string; flows: FlowNodes; getSource: () => string }) {
  const trpc = useTRPC();
  const id = useId();
  const initial = useMemo(() => defaultNode(flows, ruleSetName), [flows, ruleSetName]);
  const [nodeKey, setNodeKey] = useState(initial ? `${initial.flow.flowId}::${initial.node.id}` : '');
  const [limit, setLimit] = useState('50');
  const [onlyChanged, setOnlyChanged] = useState(false);
  const run = useMutation(trpc.rules.backtest.mutationOptions());
  const [flowId, nodeId] = nodeKey.split('::');
  const n = Number(limit);
  const limitError = Number.isInteger(n) && n >= 1 && n <= 500 ? null : 'A whole number from 1 to 500';

  return (
    <section className="re-panel" aria-label="Backtest the rules">
      <p className="muted small re-panel-intro">
        Runs the text in the editor against the orders that reached a node lately and sets each decision beside what happened there.
      </p>
      <div className="toolbar">
        <div className="field">
          <label htmlFor={`${id}-node`}>Node</label>
          <NodeSelect id={`${id}-node`} flows={flows} value={nodeKey} onChange={setNodeKey} valueOf={(f, node) => `${f.flowId}::${node.id}`} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-limit`}>Last N orders</label>
          <input
            id={`${id}-limit`}
            type="number"
            min={1}
            max={500}
            value={limit}
            onChange={(e) => setLimit(e.target.value)}
            aria-invalid={limitError ? true : undefined}
            aria-describedby={limitError ? `${id}-limit-error` : undefined}
            className="re-limit"
          />
          {limitError && (
            <p id={`${id}-limit-error`} className="field-error">
              {limitError}
            </p>
          )}
        </div>
        <button
          type="button"
          className="button primary"
          disabled={!nodeId || !!limitError || run.isPending}
          onClick={() => run.mutate({ source: getSource(), flowId, nodeId, limit: n })}
        >
          {run.isPending ? 'Running…' : 'Run backtest'}
        </button>
      </div>
      {run.error && (
        <p role="alert" className="form-alert">
          {messageOf(run.error)}
        </p>
      )}
      {run.data && <BacktestReport result={run.data} onlyChanged={onlyChanged} setOnlyChanged={setOnlyChanged} />}
    </section>
  );
}

function BacktestReport({ result, onlyChanged, setOnlyChanged }: { result: BacktestResult; onlyChanged: boolean; setOnlyChanged: (v: boolean) => void }) {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    return (
      <div role="alert" className="form-alert">
        The text has {errors.length} error(s), so nothing ran. First: line {errors[0].range.start.line}: {errors[0].message}
      </div>
    );
  }
  const c = result.counts;
  const rows = onlyChanged ? result.rows.filter((r) => r.changed) : result.rows;
  return (
    <div className="re-backtest" aria-label="Backtest result">
      <p className="re-backtest-summary" role="status">
        <strong>{c.orders}</strong> order{c.orders === 1 ? '' : 's'} at “{result.node.label ?? result.node.id}”: <strong>{c.changed}</strong> changed decision
        {c.changed === 1 ? '' : 's'}, {c.unchanged} unchanged. The draft assigns {c.draftAuto} automatically and sends {c.draftManual} to the queue; history
        shows {c.happenedAuto} auto-assigned, {c.happenedManual} assigned by hand, {c.happenedWaiting} still queued.
      </p>
      <p className="muted small">{result.note}</p>
      <div className="re-fired">
        <div>
          <h3 className="re-h3">Decisions by rule</h3>
          <ul className="re-fired-list" aria-label="Decisions by rule">
            {result.fired.map((f) => (
              <li key={f.rule}>
                <code>{f.rule}</code>: {f.count}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3 className="re-h3">Rules that never fired</h3>
          {result.neverFired.length ? (
            <ul className="re-fired-list" aria-label="Rules that never fired">
              {result.neverFired.map((r) => (
                <li key={r}>
                  <code>{r}</code>
                  {result.cannotRunHere.includes(r) && <span className="muted small"> (cannot run at this node)</span>}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small">Every rule decided at least one order.</p>
          )}
        </div>
      </div>
      <label className="check">
        <input type="checkbox" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)} /> Only changed decisions
      </label>
      <div className="table-wrap">
        <table className="data re-backtest-table">
          <caption className="sr-only">Orders, what happened and what the draft decides</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">What happened</th>
              <th scope="col">The draft decides</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  {result.rows.length ? 'No decision changes.' : 'No order has passed this node yet.'}
                </td>
              </tr>
            )}
            {rows.map((r) => (
              <tr key={r.orderId} className={r.changed ? 're-changed' : undefined}>
                <td>
                  <strong>{r.number}</strong> <span className="muted small">{r.title}</span>
                  {r.flowVersion && <div className="muted small">flow v{r.flowVersion}</div>}
                </td>
                <td>
                  <span className="badge">{WAY_LABEL[r.happened.way]}</span> {r.happened.rule ? <code>{r.happened.rule}</code> : <span className="muted">no rule</span>}
                  <div className="small">
                    {assigneeText(r.happened.assignee)}
                    {r.happened.by && <span className="muted"> · by {r.happened.by}</span>}
                  </div>
                </td>
                <td>
                  <span className="badge">{r.draft.outcome === 'auto' ? 'auto' : 'queue'}</span> {r.draft.rule ? <code>{r.draft.rule}</code> : <span className="muted">no rule</span>}
                  <div className="small">
                    {r.draft.outcome === 'auto' ? (
                      assigneeText(r.draft.assignee)
                    ) : (
                      <span className="muted" title={r.draft.manualReason ?? undefined}>
                        {r.draft.manualReason?.replace(/ \(.*$/, '')}
                      </span>
                    )}
                  </div>
                </td>
                <td>{r.changed ? <span className="badge warn">{r.change}</span> : <span className="muted">same</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
