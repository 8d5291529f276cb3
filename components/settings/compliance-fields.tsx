'use client';
// The admin's compliance fields (Settings): per order category, what must be filled before an
// order of it is completed — checklist items, readings with a unit and range, texts, photos, the
// customer's signature — in the order the engineer sees them. Validated with the server's schema
// (engine/compliance/model.ts); the server's errors show by the same fields.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { COMPLIANCE_KINDS, KIND_LABELS, categoryFieldsInput, type ComplianceFieldDef, type ComplianceKind } from '../../engine/compliance/model';
import { useTRPC } from '../../lib/trpc';
import { FieldError, FormAlert, FormFooter, LoadError, useStatus, useZodForm } from '../ui';
import { ArrowDown, ArrowUp } from 'lucide-react';

interface Row {
  id?: string;
  label: string;
  kind: ComplianceKind;
  required: boolean;
  unit: string;
  min: string;
  max: string;
}

const toRow = (f: ComplianceFieldDef): Row => ({
  id: f.id,
  label: f.label,
  kind: f.kind,
  required: f.required,
  unit: f.unit ?? '',
  min: f.min === null ? '' : String(f.min),
  max: f.max === null ? '' : String(f.max),
});
const numberOrNull = (text: string) => (text.trim() === '' ? null : Number(text.replace(',', '.')));
const NEW = '\u0000new';
const STACK = { display: 'grid', gap: 4 } as const;

export function ComplianceFieldSettings() {
  const trpc = useTRPC();
  const { data, error, isLoading } = useQuery(trpc.compliance.fields.queryOptions());
  const [category, setCategory] = useState<string | null>(null);
  const [newCategory, setNewCategory] = useState('');
  const ids = useId();
  if (isLoading) return <p className="muted">Loading…</p>;
  if (error || !data) return <LoadError error={error} what="Could not load the compliance fields" />;
  const chosen = category ?? data.declared[0]?.category ?? data.categories[0] ?? NEW;
  const name = chosen === NEW ? newCategory.trim() : chosen;
  const declared = data.declared.find((d) => d.category === name)?.fields ?? [];
  return (
    <section className="panel" aria-labelledby="compliance-heading" style={{ marginTop: 16 }}>
      <h2 id="compliance-heading" className="panel-title">
        Compliance fields
      </h2>
      <p className="muted">
        What an engineer must fill before an order of a category can be completed. Completing without them is refused with the missing fields named.
      </p>
      <div className="form-grid">
        <div style={STACK}>
          <label htmlFor={`${ids}-category`}>Category</label>
          <select id={`${ids}-category`} value={chosen} onChange={(e) => setCategory(e.target.value)}>
            {data.categories.map((c) => (
              <option key={c} value={c}>
                {c} ({data.declared.find((d) => d.category === c)?.fields.length ?? 0} fields)
              </option>
            ))}
            <option value={NEW}>Another category…</option>
          </select>
        </div>
        {chosen === NEW && (
          <div style={STACK}>
            <label htmlFor={`${ids}-new`}>New category</label>
            <input id={`${ids}-new`} value={newCategory} maxLength={60} onChange={(e) => setNewCategory(e.target.value)} />
          </div>
        )}
      </div>
      {/* Keyed by category: switching category starts from the server's list. */}
      <CategoryFieldsForm key={name} category={name} initial={declared.map(toRow)} />
    </section>
  );
}

function CategoryFieldsForm({ category, initial }: { category: string; initial: Row[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState(initial);
  const [dirty, setDirty] = useState(false);
  const paths = ['category', ...rows.flatMap((_, i) => ['label', 'kind', 'unit', 'min', 'max'].map((k) => `fields.${i}.${k}`))];
  const form = useZodForm(categoryFieldsInput, paths);
  const { status, announce } = useStatus();
  const save = useMutation(trpc.compliance.saveCategory.mutationOptions());

  const change = (next: Row[]) => {
    setRows(next);
    setDirty(true);
    form.reset();
  };
  const patch = (i: number, p: Partial<Row>) => change(rows.map((r, k) => (k === i ? { ...r, ...p } : r)));
  const move = (i: number, by: number) => {
    const next = [...rows];
    const [r] = next.splice(i, 1);
    next.splice(i + by, 0, r);
    change(next);
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = {
      category,
      fields: rows.map((r) => ({
        ...(r.id ? { id: r.id } : {}),
        label: r.label,
        kind: r.kind,
        required: r.required,
        unit: r.kind === 'number' ? r.unit : null,
        min: r.kind === 'number' ? numberOrNull(r.min) : null,
        max: r.kind === 'number' ? numberOrNull(r.max) : null,
      })),
    };
    if (!form.validate(input)) return;
    save.mutate(input, {
      onSuccess: async (saved) => {
        setRows(saved.map(toRow));
        setDirty(false);
        announce(`Compliance fields of ${category} saved (${saved.length}).`);
        await queryClient.invalidateQueries(trpc.compliance.fields.queryFilter());
      },
      onError: form.showServerError,
    });
  }

  const catError = form.field('category');
  return (
    <form noValidate onSubmit={submit} aria-label={`Compliance fields of ${category || 'a new category'}`}>
      <FormAlert>{form.formError}</FormAlert>
      <FieldError control={catError} />
      {rows.length === 0 && <p className="muted">{category ? `${category} orders have no compliance fields.` : 'Name the category first.'}</p>}
      {rows.length > 0 && (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Kind</th>
              <th scope="col">Required</th>
              <th scope="col">Unit</th>
              <th scope="col">Min</th>
              <th scope="col">Max</th>
              <th scope="col">
                <span className="sr-only">Order and remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const c = (k: string) => form.field(`fields.${i}.${k}`);
              const name = r.label || `field ${i + 1}`;
              const reading = r.kind === 'number';
              return (
                <tr key={r.id ?? `new-${i}`}>
                  <td>
                    <label htmlFor={c('label').id} className="sr-only">
                      Label of field {i + 1}
                    </label>
                    <input {...c('label').input} value={r.label} maxLength={120} onChange={(e) => patch(i, { label: e.target.value })} />
                    <FieldError control={c('label')} />
                  </td>
                  <td>
                    <label htmlFor={c('kind').id} className="sr-only">
                      Kind of {name}
                    </label>
                    <select {...c('kind').input} value={r.kind} onChange={(e) => patch(i, { kind: e.target.value as ComplianceKind })}>
                      {COMPLIANCE_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {KIND_LABELS[k]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input type="checkbox" aria-label={`${name} is required`} checked={r.required} onChange={(e) => patch(i, { required: e.target.checked })} />
                  </td>
                  {(['unit', 'min', 'max'] as const).map((k) => (
                    <td key={k}>
                      <label htmlFor={c(k).id} className="sr-only">
                        {k === 'unit' ? 'Unit' : k === 'min' ? 'Minimum' : 'Maximum'} of {name}
                      </label>
                      <input
                        {...c(k).input}
                        size={k === 'unit' ? 6 : 7}
                        inputMode={k === 'unit' ? undefined : 'decimal'}
                        disabled={!reading}
                        placeholder={reading ? (k === 'unit' ? 'bar' : '—') : ''}
                        value={reading ? r[k] : ''}
                        onChange={(e) => patch(i, { [k]: e.target.value })}
                      />
                      <FieldError control={c(k)} />
                    </td>
                  ))}
                  <td>
                    <div className="cf-row" style={{ display: 'flex', gap: 4 }}>
                      <button type="button" className="button small" aria-label={`Move ${name} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                        <ArrowUp size={14} aria-hidden />
                      </button>
                      <button type="button" className="button small" aria-label={`Move ${name} down`} disabled={i === rows.length - 1} onClick={() => move(i, 1)}>
                        <ArrowDown size={14} aria-hidden />
                      </button>
                      <button type="button" className="button small" aria-label={`Remove ${name}`} onClick={() => change(rows.filter((_, k) => k !== i))}>
                        Remove
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <button
        type="button"
        className="button small"
        style={{ marginTop: 8 }}
        disabled={!category}
        onClick={() => change([...rows, { label: '', kind: 'checkbox', required: true, unit: '', min: '', max: '' }])}
      >
        Add a field
      </button>
      <FormFooter label={`Save the fields of ${category || 'the category'}`} pendingLabel="Saving…" pending={save.isPending} status={status}>
        {dirty && <span className="muted">Unsaved changes</span>}
      </FormFooter>
    </form>
  );
}
