'use client';
import { useId, useState, type ReactNode } from 'react';
import { FieldError } from './field';
import type { FieldControl } from './use-zod-form';

export interface CheckOption {
  id: string;
  label: string;
  hint?: string;
  inactive?: boolean;
}

/** A checkbox list in a fieldset, with a filter box when the list is long. */
export function CheckList({
  legend,
  control,
  options,
  selected,
  onChange,
  filterLabel,
  empty = 'Nothing to choose from.',
}: {
  legend: string;
  control: FieldControl;
  options: CheckOption[];
  selected: string[];
  onChange: (ids: string[]) => void;
  filterLabel?: string;
  empty?: string;
}) {
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? options.filter((o) => o.label.toLowerCase().includes(needle) || o.hint?.toLowerCase().includes(needle))
    : options;
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected, id] : selected.filter((s) => s !== id));

  return (
    <fieldset
      className="check-list wide"
      aria-invalid={control.error ? true : undefined}
      aria-describedby={control.error ? control.errorId : undefined}
    >
      <legend>
        {legend} <span className="muted">({selected.length} selected)</span>
      </legend>
      {filterLabel && options.length > 8 && (
        <div className="check-filter">
          <label htmlFor={filterId} className="sr-only">
            {filterLabel}
          </label>
          <input id={filterId} type="search" placeholder={`${filterLabel}…`} value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
      )}
      <div className="checks" id={control.id}>
        {options.length === 0 && <span className="muted">{empty}</span>}
        {options.length > 0 && shown.length === 0 && <span className="muted">No match.</span>}
        {shown.map((o) => (
          <label key={o.id} className={o.inactive ? 'inactive' : undefined}>
            <input type="checkbox" checked={selected.includes(o.id)} onChange={(e) => toggle(o.id, e.target.checked)} />
            <span className="check-name">{o.label}</span>
            {o.hint && (
              <span className="muted check-hint" title={o.hint}>
                {o.hint}
              </span>
            )}
          </label>
        ))}
      </div>
      <FieldError control={control} />
    </fieldset>
  );
}

/** A short list of checkboxes, each with its hint after a dash (permissions, scopes). */
export function CheckGroup<V extends string>({
  legend,
  control,
  options,
  selected,
  onChange,
  disabled,
  note,
}: {
  legend: string;
  control: FieldControl;
  options: readonly { value: V; label: string; hint: string }[];
  selected: readonly V[];
  onChange: (values: V[]) => void;
  disabled?: boolean;
  note?: ReactNode;
}) {
  return (
    <fieldset className="wide" aria-invalid={control.error ? true : undefined} aria-describedby={control.error ? control.errorId : undefined}>
      <legend>{legend}</legend>
      {note}
      <div className="checks stacked" id={control.id}>
        {options.map((o) => (
          <label key={o.value}>
            <input
              type="checkbox"
              disabled={disabled}
              checked={selected.includes(o.value)}
              onChange={(e) => onChange(e.target.checked ? [...selected, o.value] : selected.filter((x) => x !== o.value))}
            />
            {o.label}
            <span className="muted">— {o.hint}</span>
          </label>
        ))}
      </div>
      <FieldError control={control} />
    </fieldset>
  );
}
