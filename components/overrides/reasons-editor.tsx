'use client';
// The admin's list of override reasons: rename, reorder, add, remove (a removed reason stays in
// history and the report, it is only no longer offered), and whether a reason needs free text.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from '../../lib/trpc';
import { FormFooter, LoadError, Panel, errorText, useStatus } from '../ui';
import './overrides.css';
import { ArrowDown, ArrowUp } from 'lucide-react';

interface Row {
  key: string;
  code?: string;
  label: string;
  needsText: boolean;
}

let nextKey = 0;
const keyed = (r: Omit<Row, 'key'>): Row => ({ ...r, key: `r${nextKey++}` });

export function OverrideReasonsEditor() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const reasons = useQuery(trpc.overrides.reasons.queryOptions());
  const [rows, setRows] = useState<Row[] | null>(null);
  const { status, announce } = useStatus();
  useEffect(() => {
    if (reasons.data && rows === null) setRows(reasons.data.map((r) => keyed({ code: r.code, label: r.label, needsText: r.needsText })));
  }, [reasons.data, rows]);
  const save = useMutation(
    trpc.overrides.saveReasons.mutationOptions({
      onSuccess: async (saved) => {
        setRows(saved.map((r) => keyed({ code: r.code, label: r.label, needsText: r.needsText })));
        await queryClient.invalidateQueries(trpc.overrides.pathFilter());
        announce('Override reasons saved');
      },
    }),
  );
  const set = (i: number, change: Partial<Row>) => setRows((list) => list!.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const move = (i: number, by: number) =>
    setRows((list) => {
      const next = [...list!];
      const [r] = next.splice(i, 1);
      next.splice(i + by, 0, r);
      return next;
    });
  return (
    <Panel title="Override reasons" intro="What a dispatcher picks from when changing what a rule decided. A removed reason stays in history and in the report.">
      <LoadError error={reasons.error} what="Could not load the reasons" />
      {rows && (
        <form
          aria-label="Override reasons"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ reasons: rows.map(({ code, label, needsText }) => ({ ...(code ? { code } : {}), label, needsText })) });
          }}
        >
          <ol className="override-reason-rows">
            {rows.map((r, i) => (
              <li key={r.key}>
                <label className="field">
                  <span>Reason {i + 1}</span>
                  <input value={r.label} onChange={(e) => set(i, { label: e.target.value })} required minLength={2} maxLength={80} />
                </label>
                <label className="check">
                  <input type="checkbox" checked={r.needsText} onChange={(e) => set(i, { needsText: e.target.checked })} /> Needs text
                </label>
                <button type="button" className="button" onClick={() => move(i, -1)} disabled={i === 0} aria-label={`Move ${r.label || `reason ${i + 1}`} up`}>
                  <ArrowUp size={14} aria-hidden />
                </button>
                <button type="button" className="button" onClick={() => move(i, 1)} disabled={i === rows.length - 1} aria-label={`Move ${r.label || `reason ${i + 1}`} down`}>
                  <ArrowDown size={14} aria-hidden />
                </button>
                <button type="button" className="button" onClick={() => setRows(rows.filter((_, j) => j !== i))} disabled={rows.length === 1} aria-label={`Remove ${r.label || `reason ${i + 1}`}`}>
                  Remove
                </button>
              </li>
            ))}
          </ol>
          <button type="button" className="button" onClick={() => setRows([...rows, keyed({ label: '', needsText: false })])}>
            Add a reason
          </button>
          {save.error && (
            <p role="alert" className="error">
              {errorText(save.error)}
            </p>
          )}
          <FormFooter label="Save reasons" pendingLabel="Saving…" pending={save.isPending} status={status} />
        </form>
      )}
    </Panel>
  );
}
