'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { slaPolicyInput } from '../../engine/directory/directory.schema';
import { useTRPC } from '../../lib/trpc';
import { FieldError, FormAlert, FormFooter, LoadError, splitMinutes, useStatus, useZodForm } from '../ui';

// Most urgent first, as dispatchers read it. Error paths (policies.<i>.…) follow this order.
const ORDER = ['Urgent', 'High', 'Medium', 'Low'] as const;
type Priority = (typeof ORDER)[number];
type Row = { priority: Priority; respondMinutes: string; resolveMinutes: string };

const FIELDS = ORDER.flatMap((_, i) => [`policies.${i}.respondMinutes`, `policies.${i}.resolveMinutes`]);

/** 90 → "1 h 30 min", 2880 → "2 d" */
export function humanMinutes(text: string): string {
  const minutes = Number(text);
  if (!text.trim() || !Number.isFinite(minutes) || minutes <= 0) return '';
  const { d, h, m } = splitMinutes(minutes);
  return [d && `${d} d`, h && `${h} h`, m && `${m} min`].filter(Boolean).join(' ');
}

export function SlaPolicySettings() {
  const trpc = useTRPC();
  const { data, error, isLoading } = useQuery(trpc.settings.slaPolicies.queryOptions());
  if (isLoading) return <p className="muted">Loading…</p>;
  if (error) return <LoadError error={error} what="Could not load the SLA policy" />;
  const rows: Row[] = ORDER.map((priority) => {
    const p = data?.find((r) => r.priority === priority);
    return { priority, respondMinutes: p ? String(p.respondMinutes) : '', resolveMinutes: p ? String(p.resolveMinutes) : '' };
  });
  return <SlaPolicyForm initial={rows} />;
}

function SlaPolicyForm({ initial }: { initial: Row[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(slaPolicyInput, FIELDS);
  const [rows, setRows] = useState(initial);
  const [dirty, setDirty] = useState(false);
  const { status, announce } = useStatus();
  const save = useMutation(trpc.settings.updateSlaPolicies.mutationOptions());

  function change(index: number, key: 'respondMinutes' | 'resolveMinutes', value: string) {
    setRows((current) => current.map((r, i) => (i === index ? { ...r, [key]: value } : r)));
    setDirty(true);
    form.clearError(`policies.${index}.${key}`);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const input: z.input<typeof slaPolicyInput> = {
      policies: rows.map((r) => ({
        priority: r.priority,
        respondMinutes: r.respondMinutes.trim() === '' ? undefined : r.respondMinutes,
        resolveMinutes: r.resolveMinutes.trim() === '' ? undefined : r.resolveMinutes,
      })),
    };
    if (!form.validate(input)) return;
    save.mutate(input, {
      onSuccess: () => {
        setDirty(false);
        announce('SLA policy saved. New orders get these targets.');
        return queryClient.invalidateQueries({ queryKey: trpc.settings.slaPolicies.queryKey() });
      },
      onError: form.showServerError,
    });
  }

  return (
    <form className="panel sla-panel" noValidate onSubmit={submit} aria-labelledby="sla-heading">
      <h2 id="sla-heading" className="panel-title">
        SLA policy
      </h2>
      <p className="muted">
        Each work order takes its respond-by and resolve-by targets from its priority when it is created. Times are in minutes.
      </p>
      <FormAlert>{form.formError}</FormAlert>
      <table className="data sla-table">
        <thead>
          <tr>
            <th scope="col">Priority</th>
            <th scope="col">Respond by (minutes)</th>
            <th scope="col">Resolve by (minutes)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.priority}>
              <th scope="row">{r.priority}</th>
              {(['respondMinutes', 'resolveMinutes'] as const).map((key) => {
                const control = form.field(`policies.${i}.${key}`);
                const label = `${r.priority} ${key === 'respondMinutes' ? 'respond-by' : 'resolve-by'} (minutes)`;
                return (
                  <td key={key}>
                    <label htmlFor={control.id} className="sr-only">
                      {label}
                    </label>
                    <div className="minutes">
                      <input
                        {...control.input}
                        type="number"
                        inputMode="numeric"
                        min={1}
                        step={1}
                        value={r[key]}
                        onChange={(e) => change(i, key, e.target.value)}
                      />
                      <span className="muted small">{humanMinutes(r[key])}</span>
                    </div>
                    <FieldError control={control} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <FormFooter label="Save SLA policy" pendingLabel="Saving…" pending={save.isPending} status={status}>
        {dirty && <span className="muted">Unsaved changes</span>}
      </FormFooter>
    </form>
  );
}
