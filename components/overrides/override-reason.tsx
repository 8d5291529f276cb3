'use client';
// The override reason of a dialog that reassigns, reallocates or rejects: asked for only when a rule
// decided what the action changes (the server says which orders, overrides.ruleDecisions), from the
// admin's list; the server requires it the same way.
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTRPC } from '../../lib/trpc';

export interface OverrideReason {
  /** The reason code to send (`reasonCode`), undefined when no rule decided. */
  reasonCode: string | undefined;
  /** Whether the reason picked needs free text ("Other"). */
  needsText: boolean;
  /** The select, or nothing when no rule decided these orders. */
  field: ReactNode;
  /** Whether the server has answered (or failed to say) which of the orders a rule decided. */
  known: boolean;
}

export function useOverrideReason(orderIds: string[]): OverrideReason {
  const trpc = useTRPC();
  const decisions = useQuery(trpc.overrides.ruleDecisions.queryOptions({ orderIds }, { enabled: orderIds.length > 0, staleTime: 0 }));
  const decided = Object.values(decisions.data ?? {});
  const reasons = useQuery({ ...trpc.overrides.reasons.queryOptions(), enabled: decided.length > 0 });
  const [code, setCode] = useState('');
  // Unknown after a failed query: the action goes ahead and the server asks for a reason if it needs one.
  if (!decided.length) return { reasonCode: undefined, needsText: false, field: null, known: decisions.isSuccess || decisions.isError };
  const rules = [...new Set(decided.map((d) => d.rule))];
  const picked = reasons.data?.find((r) => r.code === code);
  const what =
    orderIds.length === 1
      ? `Rule "${rules[0]}" decided ${decided[0].decided ?? 'this'}`
      : `${decided.length} of these orders were decided by ${rules.length === 1 ? `rule "${rules[0]}"` : `${rules.length} rules`}`;
  return {
    reasonCode: code || undefined,
    needsText: picked?.needsText ?? false,
    known: true,
    field: (
      <label className="field">
        <span>Override reason</span>
        <select value={code} onChange={(e) => setCode(e.target.value)} required aria-describedby="override-reason-hint">
          <option value="">Choose a reason…</option>
          {reasons.data?.map((r) => (
            <option key={r.code} value={r.code}>
              {r.label}
            </option>
          ))}
        </select>
        <small id="override-reason-hint" className="muted">
          {what}; changing it needs a reason.
        </small>
      </label>
    ),
  };
}
