'use client';
import { memo } from 'react';
// Published versions: who and when, how many orders run on each, what publishing it changed (as its
// publish dialog replayed it); open one read-only or restore it.
import Link from 'next/link';
import { formatDateTime } from '../orders/format';
import { ImpactFigureLine, useVersionImpacts } from '../versioned';

export interface VersionRow {
  id: string;
  version: number;
  publishedAt: Date | string;
  publishedBy: string | null;
  orders: number;
}

export const VersionsPanel = memo(function VersionsPanel({
  flowId,
  versions,
  viewing,
  onRestore,
  restoring,
}: {
  flowId: string;
  versions: VersionRow[];
  viewing: number | null;
  onRestore: (version: number) => void;
  restoring: number | null;
}) {
  const figuresOf = useVersionImpacts('flow', flowId, versions[0]?.id);
  return (
    <section className="fe-versions" aria-label="Version history">
      <h2 className="fe-section-title">Versions</h2>
      {versions.length === 0 ? (
        <p className="muted small">Not published yet. Publishing freezes the draft as version 1.</p>
      ) : (
        <ol className="fe-version-list" reversed>
          {versions.map((v) => (
            <li key={v.version} aria-current={viewing === v.version ? 'true' : undefined}>
              <div>
                <strong>Version {v.version}</strong>
                {v === versions[0] && <span className="badge ok"> latest</span>}
                <div className="muted small">
                  {v.publishedBy ?? 'Unknown'} · {formatDateTime(v.publishedAt)} · {v.orders} order{v.orders === 1 ? '' : 's'}
                </div>
                {figuresOf.has(v.id) && <ImpactFigureLine figures={figuresOf.get(v.id)!} />}
              </div>
              <div className="row-actions">
                {viewing !== v.version && (
                  <Link className="button small" href={`/flows/${flowId}?version=${v.version}`} aria-label={`Open version ${v.version}`}>
                    Open
                  </Link>
                )}
                <button type="button" className="button small" disabled={restoring !== null} onClick={() => onRestore(v.version)} aria-label={`Restore version ${v.version} as draft`}>
                  {restoring === v.version ? 'Restoring…' : 'Restore'}
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}
      {viewing !== null && (
        <p className="small">
          <Link href={`/flows/${flowId}`}>Back to the draft</Link>
        </p>
      )}
    </section>
  );
});
