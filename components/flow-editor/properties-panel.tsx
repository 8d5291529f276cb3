'use client';
// Properties of the one selected node or edge. Typing folds into one undo step per field.
import { memo, useId, useMemo } from 'react';
import { compileCondition, isDispatchNodeKind, type CustomFieldDef } from '../../dsl';
import { canConnect, type FlowEdge, type FlowNode, type NodeConfig } from '../../engine/flow';
import { handlerOf, kindLabel } from './kinds';
import { ReviewSetting } from './review-setting';
import { useEditor, useEditorStoreApi } from './store';
import { edgeIds, withKey } from './to-graph';

export const PropertiesPanel = memo(function PropertiesPanel({ ruleSetNames, customFields }: { ruleSetNames: string[]; customFields: CustomFieldDef[] }) {
  const selectedNodes = useEditor((s) => s.selectedNodes);
  const selectedEdges = useEditor((s) => s.selectedEdges);
  const node = useEditor((s) => (s.selectedNodes.length === 1 && s.selectedEdges.length === 0 ? s.graph.nodes.find((n) => n.id === s.selectedNodes[0]) : undefined));
  const edgeInfo = useEditor((s) => {
    if (s.selectedEdges.length !== 1 || s.selectedNodes.length !== 0) return undefined;
    const index = edgeIds(s.graph.edges).indexOf(s.selectedEdges[0]);
    return index >= 0 ? s.graph.edges[index] : undefined;
  });
  const edgeSource = useEditor((s) => (edgeInfo ? s.graph.nodes.find((n) => n.id === edgeInfo.from) : undefined));
  const count = selectedNodes.length + selectedEdges.length;
  return (
    <section className="fe-properties" aria-label="Properties">
      <h2 className="fe-section-title">Properties</h2>
      {node ? (
        <NodeForm key={node.id} node={node} ruleSetNames={ruleSetNames} />
      ) : edgeInfo ? (
        <EdgeForm key={selectedEdges[0]} edgeId={selectedEdges[0]} edge={edgeInfo} gateway={edgeSource?.kind === 'gateway'} customFields={customFields} />
      ) : (
        <p className="muted small">{count > 1 ? `${count} items selected. Delete, copy or move them together.` : 'Select a node or an edge to edit it.'}</p>
      )}
    </section>
  );
});

/** Drawing an edge without a mouse: pick the node it leads to; refusals say why, as on the canvas. */
function ConnectTo({ from }: { from: string }) {
  const nodes = useEditor((s) => s.graph.nodes);
  const connect = useEditor((s) => s.connect);
  const setNotice = useEditor((s) => s.setNotice);
  const api = useEditorStoreApi();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={`${id}-to`}>Connect to</label>
      <select
        id={`${id}-to`}
        value=""
        onChange={(e) => {
          const to = e.target.value;
          if (!to) return;
          const verdict = canConnect(api.getState().graph, from, to);
          if (!verdict.ok) setNotice(`Can't connect: ${verdict.reason}`);
          else {
            connect(from, to);
            setNotice(`Connected ${from} to ${to}`);
          }
        }}
      >
        <option value="">Choose the next node…</option>
        {nodes
          .filter((n) => n.id !== from && n.kind !== 'start')
          .map((n) => (
            <option key={n.id} value={n.id}>
              {n.label || kindLabel(n.kind)} ({n.id})
            </option>
          ))}
      </select>
    </div>
  );
}

function NodeForm({ node, ruleSetNames }: { node: FlowNode; ruleSetNames: string[] }) {
  const patchNode = useEditor((s) => s.patchNode);
  const remove = useEditor((s) => s.remove);
  const readOnly = useEditor((s) => s.readOnly);
  const id = useId();
  const config: NodeConfig = node.config ?? {};
  const setConfig = (key: string, value: unknown, group?: string) =>
    patchNode(node.id, (n) => ({ ...n, config: withKey(n.config ?? {}, key, value) }), group);
  const dispatch = isDispatchNodeKind(node.kind);
  const ruleSet = config.ruleSet ?? '';
  const options = ruleSet && !ruleSetNames.includes(ruleSet) ? [...ruleSetNames, ruleSet] : ruleSetNames;
  return (
    <div className="form fe-form">
      <p className="fe-prop-kind">
        <strong>{kindLabel(node.kind)}</strong>
        <span className="muted small"> · id <code>{node.id}</code></span>
        {handlerOf(node.kind) && <span className="muted small"> · handled by {handlerOf(node.kind)}</span>}
      </p>
      <div className="field">
        <label htmlFor={`${id}-label`}>Label</label>
        <input
          id={`${id}-label`}
          value={node.label ?? ''}
          placeholder={kindLabel(node.kind)}
          readOnly={readOnly}
          onChange={(e) => patchNode(node.id, (n) => withKey(n, 'label', e.target.value === '' ? undefined : e.target.value), `label:${node.id}`)}
        />
      </div>
      {dispatch && (
        <>
          <label className="check">
            <input type="checkbox" checked={config.autoDispatch !== false} disabled={readOnly} onChange={(e) => setConfig('autoDispatch', e.target.checked)} />
            Auto-dispatch
          </label>
          <div className="field">
            <label htmlFor={`${id}-rules`}>Rule set</label>
            <select id={`${id}-rules`} value={ruleSet} disabled={readOnly} onChange={(e) => setConfig('ruleSet', e.target.value || null)}>
              <option value="">No rule set (manual queue only)</option>
              {options.map((name) => (
                <option key={name} value={name}>
                  {name}
                  {!ruleSetNames.includes(name) ? ' (not published)' : ''}
                </option>
              ))}
            </select>
          </div>
          <fieldset>
            <legend>Actions allowed</legend>
            <div className="checks stacked">
              <label className="check">
                <input type="checkbox" checked={config.allowReject === true} disabled={readOnly} onChange={(e) => setConfig('allowReject', e.target.checked)} />
                Reject back upstream
              </label>
              <label className="check">
                <input type="checkbox" checked={config.allowReassign === true} disabled={readOnly} onChange={(e) => setConfig('allowReassign', e.target.checked)} />
                Reassign
              </label>
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-overdue`}>Overdue after (minutes in queue)</label>
            <input
              id={`${id}-overdue`}
              type="number"
              min={1}
              step={1}
              readOnly={readOnly}
              value={config.overdueMinutes ?? ''}
              onChange={(e) => setConfig('overdueMinutes', e.target.value === '' ? undefined : Math.max(1, Math.round(Number(e.target.value))), `overdue:${node.id}`)}
            />
          </div>
        </>
      )}
      {node.kind === 'start' && <ReviewSetting node={node} />}
      {!readOnly && node.kind !== 'end' && <ConnectTo from={node.id} />}
      {!readOnly && (
        <div>
          <button type="button" className="button danger small" onClick={() => remove([node.id], [])}>
            Delete node
          </button>
        </div>
      )}
    </div>
  );
}

function EdgeForm({ edgeId, edge, gateway, customFields }: { edgeId: string; edge: FlowEdge; gateway: boolean; customFields: CustomFieldDef[] }) {
  const patchEdge = useEditor((s) => s.patchEdge);
  const remove = useEditor((s) => s.remove);
  const readOnly = useEditor((s) => s.readOnly);
  const id = useId();
  const text = edge.when ?? '';
  const firstError = useMemo(() => {
    if (!gateway || edge.default || text.trim() === '') return null;
    return compileCondition(text, { customFields }).diagnostics.find((d) => d.severity === 'error') ?? null;
  }, [gateway, edge.default, text, customFields]);
  return (
    <div className="form fe-form">
      <p className="fe-prop-kind">
        <strong>Edge</strong> <code>{edge.from}</code> → <code>{edge.to}</code>
      </p>
      {gateway ? (
        <>
          <label className="check">
            <input
              type="checkbox"
              checked={edge.default === true}
              disabled={readOnly}
              onChange={(e) =>
                patchEdge(edgeId, (x) => {
                  const next = withKey(x, 'default', e.target.checked ? true : undefined);
                  return e.target.checked ? withKey(next, 'when', undefined) : withKey(next, 'when', x.when ?? '');
                })
              }
            />
            Default edge
          </label>
          {!edge.default && (
            <div className="field">
              <label htmlFor={`${id}-when`}>Condition</label>
              <textarea
                id={`${id}-when`}
                className="mono"
                rows={4}
                spellCheck={false}
                value={text}
                readOnly={readOnly}
                placeholder='order.category == "Install"'
                aria-invalid={firstError ? true : undefined}
                aria-describedby={`${id}-when-msg`}
                onChange={(e) => patchEdge(edgeId, (x) => ({ ...x, when: e.target.value }), `when:${edgeId}`)}
              />
              <p id={`${id}-when-msg`} className={firstError ? 'field-error' : 'hint muted'} role={firstError ? 'alert' : undefined}>
                {firstError
                  ? `Line ${firstError.range.start.line}, column ${firstError.range.start.column}: ${firstError.message}`
                  : text.trim()
                    ? 'Condition is valid.'
                    : 'Rules language, e.g. order.priority == "Urgent".'}
              </p>
            </div>
          )}
        </>
      ) : (
        <p className="muted small">Orders move along this edge when the node is done. Only edges out of a gateway carry conditions.</p>
      )}
      {!readOnly && (
        <div>
          <button type="button" className="button danger small" onClick={() => remove([], [edgeId])}>
            Delete edge
          </button>
        </div>
      )}
    </div>
  );
}
