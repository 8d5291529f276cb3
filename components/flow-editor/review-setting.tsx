'use client';
// The flow's review setting, on its start node: new orders from the chosen sources wait in the
// Review queue for a dispatcher's approval before dispatch (engine/review). Published with the flow.
import { useId } from 'react';
import { ORDER_SOURCES } from '../../engine/enums';
import type { FlowNode } from '../../engine/flow';
import { SOURCE_LABELS, reviewSourcesOf, withNodeReviewSources } from '../../engine/review/setting';
import { useEditor } from './store';

export function ReviewSetting({ node }: { node: FlowNode }) {
  const patchNode = useEditor((s) => s.patchNode);
  const readOnly = useEditor((s) => s.readOnly);
  const id = useId();
  const chosen = reviewSourcesOf({ nodes: [node] });
  const toggle = (source: (typeof ORDER_SOURCES)[number], on: boolean) =>
    patchNode(node.id, (n) => withNodeReviewSources(n, on ? [...chosen, source] : chosen.filter((s) => s !== source)));
  return (
    <fieldset className="field" aria-describedby={`${id}-hint`}>
      <legend>Review before dispatch</legend>
      <p id={`${id}-hint`} className="hint muted small">
        New orders from these sources wait in the Review queue until a dispatcher approves them.
      </p>
      {ORDER_SOURCES.map((source) => (
        <label key={source} className="check">
          <input type="checkbox" checked={chosen.includes(source)} disabled={readOnly} onChange={(e) => toggle(source, e.target.checked)} />
          {SOURCE_LABELS[source]}
        </label>
      ))}
    </fieldset>
  );
}
