'use client';
// "Why not …?" beside an automatic decision in the order's history: type an engineer, provider or
// group (name or id) and read, rule by rule, why the rules did not give them the order (explain.whyNot).
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTRPC } from '../../../lib/trpc';
import { errorText } from '../../ui';

export function WhyNotAsk({ orderId, eventId, suggestions }: { orderId: string; eventId: number; suggestions: string[] }) {
  const trpc = useTRPC();
  const [typed, setTyped] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const listId = useId();
  const answer = useQuery({ ...trpc.explain.whyNot.queryOptions({ orderId, eventId, candidateId: asked ?? '' }), enabled: asked !== null && asked.trim() !== '' });
  const r = answer.data;
  return (
    <details className="why-not-ask">
      <summary>Why not …?</summary>
      <form
        className="row-actions"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(typed.trim());
        }}
      >
        <label>
          Engineer, provider or group{' '}
          <input value={typed} onChange={(e) => setTyped(e.target.value)} list={listId} placeholder="name or id" required />
        </label>
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <button type="submit" className="button">
          Explain
        </button>
      </form>
      {answer.isFetching && <p className="muted small">Explaining…</p>}
      {answer.error && (
        <p role="alert" className="form-alert">
          {errorText(answer.error)}
        </p>
      )}
      {r && !answer.isFetching && (
        <div role="region" aria-label={`Why not ${r.name}`} className="why-not-answer">
          <p>
            <strong>{r.name}</strong>: {r.first}
          </p>
          {r.rules.length > 0 && (
            <ol className="small">
              {r.rules.map((x) => (
                <li key={x.rule}>
                  <code>{x.rule}</code>: {x.text}
                </li>
              ))}
            </ol>
          )}
          <p className="muted small">
            Explained with the decision’s time and today’s directory{r.sameRules ? '' : '; the rule that decided is no longer in the rule set, so these are today’s rules'}.
          </p>
        </div>
      )}
    </details>
  );
}
