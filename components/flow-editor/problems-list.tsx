'use client';
import { memo } from 'react';
// Every validation problem, as buttons that select what they concern.
import type { FlowProblem } from '../../engine/flow';

export const ProblemsList = memo(function ProblemsList({ problems, onPick, pending }: { problems: FlowProblem[]; onPick: (p: FlowProblem) => void; pending: boolean }) {
  const errors = problems.filter((p) => p.severity === 'error');
  return (
    <section className="fe-problems" aria-label="Problems">
      <h2 className="fe-section-title">
        Problems <span className={`badge ${errors.length ? 'danger' : 'ok'}`}>{pending ? '…' : errors.length}</span>
      </h2>
      {problems.length === 0 ? (
        <p className="muted small">{pending ? 'Checking…' : 'No problems. The flow can be published.'}</p>
      ) : (
        <ul>
          {problems.map((p, i) => (
            <li key={`${p.code}-${i}`}>
              <button type="button" className={`fe-problem ${p.severity}`} onClick={() => onPick(p)}>
                <span className="fe-problem-code">{p.severity === 'error' ? 'Error' : 'Warning'}</span> {p.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
});
