'use client';
// Before publishing: what changes against the published version, and what that would do to the
// decisions of the last 30 days (replayed on the server while the dialog is open).
import { Dialog, DialogActions, FormAlert } from '../ui';
import { PublishImpact } from '../versioned';
import type { FlowDiff } from './diff';
import { isEmptyDiff } from './diff';

export function PublishDialog({
  flowId,
  prepare,
  onImpact,
  nextVersion,
  base,
  diff,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  flowId: string;
  /** Saves what the canvas holds, so the replay is of the draft that is published. */
  prepare: () => Promise<unknown>;
  onImpact: (impactId: string | null) => void;
  nextVersion: number;
  base: number | null;
  diff: FlowDiff | null;
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog title={`Publish version ${nextVersion}`} onClose={onClose}>
      <FormAlert>{error}</FormAlert>
      <p className="muted">
        {base ? `Changes against the published version ${base}:` : 'This is the first version of this flow.'} New orders will start on version {nextVersion}; orders in
        flight keep theirs.
      </p>
      {!diff ? (
        <p className="muted">Comparing…</p>
      ) : isEmptyDiff(diff) ? (
        <p>No changes to nodes or edges{base ? ` since version ${base}` : ''}.</p>
      ) : (
        <ul className="fe-diff" aria-label="Changes">
          {diff.addedNodes.map((n) => (
            <li key={`an-${n.id}`} className="added">
              <span className="badge ok">added</span> node <strong>{n.label}</strong> <code>{n.id}</code>
            </li>
          ))}
          {diff.removedNodes.map((n) => (
            <li key={`rn-${n.id}`} className="removed">
              <span className="badge danger">removed</span> node <strong>{n.label}</strong> <code>{n.id}</code>
            </li>
          ))}
          {diff.changedNodes.map((n) => (
            <li key={`cn-${n.id}`} className="changed">
              <span className="badge warn">changed</span> node <strong>{n.label}</strong>: {n.fields.join(', ')}
            </li>
          ))}
          {diff.addedEdges.map((e) => (
            <li key={`ae-${e.from}-${e.to}`} className="added">
              <span className="badge ok">added</span> edge <code>{e.from}</code> → <code>{e.to}</code>
            </li>
          ))}
          {diff.removedEdges.map((e) => (
            <li key={`re-${e.from}-${e.to}`} className="removed">
              <span className="badge danger">removed</span> edge <code>{e.from}</code> → <code>{e.to}</code>
            </li>
          ))}
          {diff.changedEdges.map((e) => (
            <li key={`ce-${e.from}-${e.to}`} className="changed">
              <span className="badge warn">changed</span> edge <code>{e.from}</code> → <code>{e.to}</code>: {e.fields.join(', ')}
            </li>
          ))}
        </ul>
      )}
      <PublishImpact kind="flow" id={flowId} prepare={prepare} onDone={onImpact} />
      <DialogActions onClose={onClose}>
        <button type="button" className="button primary" disabled={pending || !diff} onClick={onConfirm}>
          {pending ? 'Publishing…' : `Publish version ${nextVersion}`}
        </button>
      </DialogActions>
    </Dialog>
  );
}
