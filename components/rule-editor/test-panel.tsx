'use client';
// Test: the text in the editor (saved or not) against one live order, in its current state, or a
// sample order written as JSON, at a node of a published flow.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState } from 'react';
import { fieldErrorsOf, messageOf } from '../../lib/form-errors';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import { DecisionSummary, TraceDetails } from '../ui';
import { nodeOptionLabel, type FlowNodes, type FoundOrder, type TestResult } from './types';
import { X } from 'lucide-react';

/** At most this many live orders in one run. */
const MAX_ORDERS = 10;

interface Outcome {
  key: string;
  /** The order number, or "sample". */
  label: string;
  result: TestResult | null;
  error: unknown;
  /** The "Why not …" name the run asked about, if any. */
  askedWhyNot?: string;
}

const SAMPLE = {
  number: 'SAMPLE-1',
  title: 'No cooling in server room',
  category: 'HVAC',
  priority: 'Urgent',
  source: 'phone',
  customer: { name: 'Acme Corp', tier: 'Gold' },
  address: { city: 'Yonkers', region: 'North', postcode: '10701' },
  location: { lat: 40.93, lng: -73.89 },
  requiredSkills: ['hvac'],
  tags: [],
  custom: {},
  serviceGroup: null,
  provider: null,
};

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** The published flows' dispatch nodes as one select, the nodes naming `ruleSetName` first. */
export function NodeSelect({
  id,
  flows,
  value,
  onChange,
  valueOf,
}: {
  id: string;
  flows: FlowNodes;
  value: string;
  onChange: (value: string) => void;
  valueOf: (flow: FlowNodes[number], node: FlowNodes[number]['nodes'][number]) => string;
}) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      {flows.map((f) => (
        <optgroup key={f.flowId} label={`${f.flowName} (v${f.version})`}>
          {f.nodes.map((n) => (
            <option key={n.id} value={valueOf(f, n)}>
              {nodeOptionLabel(n)}
              {n.ruleSet ? ` — rules: ${n.ruleSet}` : ''}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

/** The first node that names the rule set, else the first node. */
export function defaultNode(flows: FlowNodes, ruleSetName: string) {
  for (const f of flows) for (const n of f.nodes) if (n.ruleSet === ruleSetName) return { flow: f, node: n };
  const f = flows.find((x) => x.nodes.length);
  return f ? { flow: f, node: f.nodes[0] } : null;
}

export function TestPanel({
  ruleSetName,
  flows,
  getSource,
  onJumpToLine,
}: {
  ruleSetName: string;
  flows: FlowNodes;
  getSource: () => string;
  onJumpToLine: (line: number) => void;
}) {
  const trpc = useTRPC();
  const id = useId();
  const [mode, setMode] = useState<'live' | 'sample'>('live');
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query, 250);
  const client = useTRPCClient();
  const [chosen, setChosen] = useState<FoundOrder[]>([]);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [pending, setPending] = useState(false);
  const [sampleText, setSampleText] = useState(() => JSON.stringify(SAMPLE, null, 2));
  const [whyNotName, setWhyNotName] = useState('');
  const initial = useMemo(() => defaultNode(flows, ruleSetName), [flows, ruleSetName]);
  const [nodeKey, setNodeKey] = useState(initial ? `${initial.flow.versionId}::${initial.node.id}` : '');
  const search = useQuery(trpc.rules.searchOrders.queryOptions({ query: debounced, limit: 8 }, { enabled: mode === 'live' }));

  let sampleError: string | null = null;
  let sample: unknown = null;
  if (mode === 'sample') {
    try {
      sample = JSON.parse(sampleText);
      if (typeof sample !== 'object' || sample === null || Array.isArray(sample)) sampleError = 'The sample must be a JSON object';
    } catch (e) {
      sampleError = `Not valid JSON: ${messageOf(e)}`;
    }
  }
  const [flowVersionId, nodeId] = nodeKey.split('::');
  const canRun = !!nodeId && (mode === 'live' ? chosen.length > 0 : !sampleError);

  function toggle(o: FoundOrder) {
    const on = chosen.some((c) => c.id === o.id);
    if (!on && chosen.length >= MAX_ORDERS) return;
    setChosen(on ? chosen.filter((c) => c.id !== o.id) : [...chosen, o]);
    // The first order chosen picks the node where it stands, when that is a dispatch node of a published version.
    const here = flows.find((f) => f.versionId === o.flowVersionId)?.nodes.find((n) => n.id === o.currentNodeId);
    if (!on && chosen.length === 0 && here) setNodeKey(`${o.flowVersionId}::${here.id}`);
  }

  /** One run of the editor's text per chosen order (or for the sample), side by side. */
  async function start() {
    if (!canRun || pending) return;
    const source = getSource();
    const targets = mode === 'live' ? chosen.map((o) => ({ key: o.id, label: o.number, order: { id: o.id } })) : [{ key: 'sample', label: 'sample', order: { sample } }];
    setPending(true);
    try {
      const settled = await Promise.allSettled(targets.map((x) => client.rules.test.mutate({ source, order: x.order, flowVersionId, nodeId, whyNot: whyNotName.trim() || undefined })));
      setOutcomes(
        settled.map((s, i) => ({
          key: targets[i].key,
          label: targets[i].label,
          result: s.status === 'fulfilled' ? s.value : null,
          error: s.status === 'rejected' ? s.reason : null,
          askedWhyNot: whyNotName.trim() || undefined,
        })),
      );
    } finally {
      setPending(false);
    }
  }

  const serverFieldErrors = fieldErrorsOf(outcomes.find((o) => o.key === 'sample')?.error);
  return (
    <section className="re-panel" aria-label="Test the rules">
      <p className="muted small re-panel-intro">
        Runs the text in the editor as it is now (saved or not) against one or more live orders, or a sample, at one node. Nothing is changed.
      </p>
      <div className="re-test-grid">
        <div className="re-test-order">
          <fieldset>
            <legend>Order</legend>
            <label className="check">
              <input type="radio" name={`${id}-mode`} checked={mode === 'live'} onChange={() => setMode('live')} /> A live work order
            </label>
            <label className="check">
              <input type="radio" name={`${id}-mode`} checked={mode === 'sample'} onChange={() => setMode('sample')} /> A sample order (JSON)
            </label>
          </fieldset>
          {mode === 'live' ? (
            <div className="field">
              <label htmlFor={`${id}-search`}>Search orders by number or text</label>
              <input id={`${id}-search`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="WO-1001, leak, Acme…" />
              <ul className="re-order-results" aria-label="Matching orders">
                {search.isLoading && <li className="muted">Searching…</li>}
                {search.data?.length === 0 && <li className="muted">No order matches.</li>}
                {search.data?.map((o) => (
                  <li key={o.id}>
                    <button
                      type="button"
                      className="re-order-choice"
                      aria-pressed={chosen.some((c) => c.id === o.id)}
                      aria-label={`Use order ${o.number}: ${o.title}`}
                      onClick={() => toggle(o)}
                    >
                      <strong>{o.number}</strong> {o.title}
                      <span className="muted small">
                        {' '}
                        · {o.priority} · {o.customer} · {o.status.replace(/_/g, ' ')}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
              <div className="small re-chosen" aria-live="polite">
                {chosen.length ? (
                  <>
                    Chosen ({chosen.length}
                    {chosen.length >= MAX_ORDERS ? `, at most ${MAX_ORDERS}` : ''}):{' '}
                    {chosen.map((c) => (
                      <span key={c.id} className="re-chip">
                        {c.number}
                        <button type="button" className="re-chip-remove" aria-label={`Remove ${c.number}`} onClick={() => toggle(c)}>
                          <X size={12} className="ds-icon" aria-hidden />
                        </button>
                      </span>
                    ))}
                    <button
                      type="button"
                      className="button small"
                      onClick={() => {
                        setSampleText(JSON.stringify(chosen[chosen.length - 1].data, null, 2));
                        setMode('sample');
                      }}
                    >
                      Edit {chosen[chosen.length - 1].number} as a sample
                    </button>
                  </>
                ) : (
                  <span className="muted">Choose one or more orders from the list.</span>
                )}
              </div>
            </div>
          ) : (
            <div className="field">
              <label htmlFor={`${id}-sample`}>Sample order (JSON)</label>
              <textarea
                id={`${id}-sample`}
                className="mono re-sample"
                rows={16}
                spellCheck={false}
                value={sampleText}
                onChange={(e) => setSampleText(e.target.value)}
                aria-invalid={sampleError || Object.keys(serverFieldErrors).length ? true : undefined}
                aria-describedby={`${id}-sample-hint`}
              />
              <p id={`${id}-sample-hint`} className={sampleError ? 'field-error' : 'hint muted'}>
                {sampleError ??
                  'Fields left out take defaults. serviceGroup and provider name what the order already holds (they set the node’s group and provider too).'}
              </p>
            </div>
          )}
        </div>
        <div className="re-test-node">
          <div className="field">
            <label htmlFor={`${id}-node`}>Node of a published flow</label>
            {flows.length ? (
              <NodeSelect id={`${id}-node`} flows={flows} value={nodeKey} onChange={setNodeKey} valueOf={(f, n) => `${f.versionId}::${n.id}`} />
            ) : (
              <p className="muted">No published flow has a dispatch node.</p>
            )}
          </div>
          <div className="field">
            <label htmlFor={`${id}-why-not`}>Why not … (engineer, provider or group; optional)</label>
            <input id={`${id}-why-not`} value={whyNotName} onChange={(e) => setWhyNotName(e.target.value)} placeholder="name or id" />
          </div>
          <button type="button" className="button primary" disabled={!canRun || pending} onClick={() => void start()}>
            {pending ? 'Running…' : mode === 'live' && chosen.length > 1 ? `Run test on ${chosen.length} orders` : 'Run test'}
          </button>
        </div>
      </div>
      {outcomes.map((o) => (
        <OutcomeView key={o.key} outcome={o} open={outcomes.length === 1} onJumpToLine={onJumpToLine} askedWhyNot={o.askedWhyNot} />
      ))}
    </section>
  );
}

function OutcomeView({ outcome, open, onJumpToLine, askedWhyNot }: { outcome: Outcome; open: boolean; onJumpToLine: (line: number) => void; askedWhyNot?: string }) {
  const { result, error, label } = outcome;
  if (!result) {
    return (
      <p role="alert" className="form-alert">
        {label === 'sample' ? 'The sample' : label}: {messageOf(error)}
      </p>
    );
  }
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  return (
    <section className="re-test-result" aria-label={`Test result: ${result.order.number}`}>
      <h3 className="re-h3">
        {result.order.number} at “{result.node.label ?? result.node.id}” ({result.node.kind})
        {result.node.serviceGroup && <span className="muted small"> · group {result.node.serviceGroup}</span>}
        {result.node.provider && <span className="muted small"> · provider {result.node.provider}</span>}
      </h3>
      {result.decision ? (
        <>
          <DecisionSummary decision={result.decision} label={`Decision for ${result.order.number}`} />
          <TraceDetails trace={result.decision.trace} open={open} onJumpToLine={onJumpToLine} />
          {askedWhyNot && !result.whyNot && <p role="alert" className="form-alert">No engineer, provider or group “{askedWhyNot}” in the directory.</p>}
          {result.whyNot && (
            <div role="region" aria-label={`Why not ${result.whyNot.name}`} className="why-not-answer">
              <p>
                Why not <strong>{result.whyNot.name}</strong>: {result.whyNot.first}
              </p>
              {result.whyNot.rules.length > 0 && (
                <ol className="small">
                  {result.whyNot.rules.map((x) => (
                    <li key={x.rule}>
                      <code>{x.rule}</code>: {x.text}
                    </li>
                  ))}
                </ol>
              )}
            </div>
          )}
        </>
      ) : (
        <div role="alert" className="form-alert">
          The text has {errors.length} error{errors.length === 1 ? '' : 's'}, so nothing ran:
          <ul>
            {errors.map((d, i) => (
              <li key={i}>
                line {d.range.start.line}: {d.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <details className="re-order-json">
        <summary>The order as the rules saw it</summary>
        <pre className="mono">{JSON.stringify(result.order, null, 2)}</pre>
      </details>
    </section>
  );
}
