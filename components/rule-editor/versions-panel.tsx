'use client';
// Versions: the published history (with what each change did, as its publish dialog replayed it),
// and a line diff of the editor's text against a version (the latest published one unless another
// is chosen).
import { useId, useMemo, useState } from 'react';
import { formatDateTime } from '../orders/format';
import { ImpactFigureLine, useVersionImpacts } from '../versioned';
import { diffCounts, lineDiff, withContext } from './line-diff';
import type { RuleSetVersion } from './types';

export function DiffView({ oldText, newText, label }: { oldText: string; newText: string; label: string }) {
  const lines = useMemo(() => lineDiff(oldText, newText), [oldText, newText]);
  const counts = diffCounts(lines);
  const shown = useMemo(() => withContext(lines, 3), [lines]);
  if (!counts.added && !counts.removed) return <p className="muted">No changes: {label}.</p>;
  return (
    <figure className="re-diff-figure">
      <figcaption>
        {label}: <span className="re-added-count">+{counts.added}</span> <span className="re-removed-count">−{counts.removed}</span> line
        {counts.added + counts.removed === 1 ? '' : 's'}
      </figcaption>
      <table className="re-diff" aria-label={`Line diff: ${label}`}>
        <tbody>
          {shown.map((l, i) =>
            l.type === 'gap' ? (
              <tr key={i} className="re-gap">
                <td colSpan={3}>… {l.hidden} unchanged line{l.hidden === 1 ? '' : 's'}</td>
              </tr>
            ) : (
              <tr key={i} className={`re-${l.type}`}>
                <td className="re-ln">{l.oldLine ?? ''}</td>
                <td className="re-ln">{l.newLine ?? ''}</td>
                <td>
                  <span className="sr-only">{l.type === 'added' ? 'added: ' : l.type === 'removed' ? 'removed: ' : ''}</span>
                  <span aria-hidden="true" className="re-sign">
                    {l.type === 'added' ? '+' : l.type === 'removed' ? '−' : ' '}
                  </span>
                  {l.text}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </figure>
  );
}

export function VersionsPanel({
  ruleSetId,
  versions,
  editorText,
  savedText,
  draftInfo,
  onLoad,
}: {
  ruleSetId: string;
  versions: RuleSetVersion[];
  editorText: string;
  savedText: string;
  draftInfo: string;
  onLoad: (version: RuleSetVersion) => void;
}) {
  const id = useId();
  const [base, setBase] = useState<number | null>(null);
  const compared = versions.find((v) => v.version === base) ?? versions[0] ?? null;
  const figuresOf = useVersionImpacts('rule_set', ruleSetId, versions[0]?.id);
  return (
    <section className="re-panel" aria-label="Versions">
      <p className="muted small re-panel-intro">{draftInfo}</p>
      {versions.length === 0 ? (
        <p>Not published yet: publishing makes version 1. Flows only run published versions.</p>
      ) : (
        <>
          <div className="field re-compare">
            <label htmlFor={`${id}-base`}>Compare the editor with</label>
            <select id={`${id}-base`} value={compared?.version ?? ''} onChange={(e) => setBase(Number(e.target.value))}>
              {versions.map((v, i) => (
                <option key={v.id} value={v.version}>
                  v{v.version}
                  {i === 0 ? ' (published, in use)' : ''}
                </option>
              ))}
            </select>
          </div>
          {compared && (
            <DiffView
              oldText={compared.source}
              newText={editorText}
              label={`the editor against v${compared.version}${compared === versions[0] ? ', the published version' : ''}`}
            />
          )}
          {editorText !== savedText && <p className="muted small">The editor has changes that are not saved yet; the diff includes them.</p>}
        </>
      )}
      <h3 className="re-h3">History</h3>
      <ol className="re-history" aria-label="Published versions">
        {versions.map((v, i) => (
          <li key={v.id}>
            <span>
              <strong>v{v.version}</strong> {i === 0 && <span className="badge ok">in use</span>} published by {v.publishedBy ?? 'someone'} on{' '}
              {formatDateTime(v.publishedAt)}
              {figuresOf.has(v.id) && (
                <>
                  <br />
                  <ImpactFigureLine figures={figuresOf.get(v.id)!} />
                </>
              )}
            </span>
            <button type="button" className="button small" aria-label={`Load v${v.version} into the editor`} onClick={() => onLoad(v)}>
              Load into the editor
            </button>
          </li>
        ))}
        {versions.length === 0 && <li className="muted">No versions yet.</li>}
      </ol>
    </section>
  );
}
