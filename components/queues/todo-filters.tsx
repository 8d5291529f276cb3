'use client';
// The to-do list's filters and sorting (server-side), and the [Settings] button for its fields.
import { useState } from 'react';
import type { Outputs } from '../assign/types';
import { ArrowDown, ArrowUp } from 'lucide-react';

export type Sort = 'slaDue' | 'respondBy' | 'priority' | 'createdAt' | 'waiting' | 'number' | 'customer' | 'category' | 'region';
export type Priority = 'Low' | 'Medium' | 'High' | 'Urgent';

export interface TodoFilterState {
  text: string;
  priority: Priority[];
  category: string;
  region: string;
  slaDue: string;
  sort: Sort;
  direction: 'asc' | 'desc';
}

export const NO_FILTERS: TodoFilterState = { text: '', priority: [], category: '', region: '', slaDue: '', sort: 'slaDue', direction: 'asc' };

/** The queue procedure's `filters` for this state. */
export const filtersInput = (f: TodoFilterState) => ({
  priority: f.priority,
  category: f.category ? [f.category] : [],
  region: f.region ? [f.region] : [],
  slaDue: f.slaDue || undefined,
  text: f.text.trim() || undefined,
});

const SORTS: [Sort, string][] = [
  ['slaDue', 'SLA due'],
  ['respondBy', 'Respond by'],
  ['priority', 'Priority'],
  ['waiting', 'Waiting since'],
  ['createdAt', 'Created'],
  ['number', 'Number'],
  ['customer', 'Customer'],
  ['category', 'Category'],
  ['region', 'Region'],
];

/**
 * `onChange` gets the new state and whether it changes which orders match (then the list goes back
 * to its first page); sorting keeps the page.
 */
export function TodoFilters({
  value: f,
  options,
  onChange,
  onSettings,
}: {
  value: TodoFilterState;
  options: Outputs['queues']['filterOptions'] | undefined;
  onChange: (next: TodoFilterState, refilter: boolean) => void;
  onSettings: () => void;
}) {
  const [open, setOpen] = useState(false);
  const set = (patch: Partial<TodoFilterState>, refilter = true) => onChange({ ...f, ...patch }, refilter);
  return (
    <>
      <button type="button" className="button ds-touch filters-toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {open ? 'Hide filters' : 'Filters and sorting'}
      </button>
      <div className={`toolbar todo-filters${open ? '' : ' closed'}`}>
        <label className="field search-field">
          <span>Search</span>
          <input type="search" value={f.text} placeholder="Number, title, customer, city" onChange={(e) => set({ text: e.target.value })} />
        </label>
        <fieldset className="field priority-filter">
          <legend>Priority</legend>
          {(['Urgent', 'High', 'Medium', 'Low'] as const).map((p) => (
            <label key={p} className="check">
              <input
                type="checkbox"
                checked={f.priority.includes(p)}
                onChange={(e) => set({ priority: e.target.checked ? [...f.priority, p] : f.priority.filter((x) => x !== p) })}
              />{' '}
              {p}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>Category</span>
          <select value={f.category} onChange={(e) => set({ category: e.target.value })}>
            <option value="">Any</option>
            {options?.categories.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Region</span>
          <select value={f.region} onChange={(e) => set({ region: e.target.value })}>
            <option value="">Any</option>
            {options?.regions.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>SLA due</span>
          <select value={f.slaDue} onChange={(e) => set({ slaDue: e.target.value })}>
            <option value="">Any time</option>
            <option value="overdue">Overdue</option>
            <option value="within:2">Within 2 hours</option>
            <option value="within:8">Within 8 hours</option>
            <option value="within:24">Within 24 hours</option>
          </select>
        </label>
        <label className="field">
          <span>Sort by</span>
          <select value={f.sort} onChange={(e) => set({ sort: e.target.value as Sort }, false)}>
            {SORTS.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button ds-touch"
          onClick={() => set({ direction: f.direction === 'asc' ? 'desc' : 'asc' }, false)}
          aria-label={`Sort direction: ${f.direction === 'asc' ? 'ascending' : 'descending'}`}
        >
          {f.direction === 'asc' ? (
            <>
              <ArrowUp size={14} className="ds-icon" aria-hidden /> Asc
            </>
          ) : (
            <>
              <ArrowDown size={14} className="ds-icon" aria-hidden /> Desc
            </>
          )}
        </button>
        <span className="spacer" />
        <button type="button" className="button ds-touch" onClick={onSettings}>
          Settings
        </button>
      </div>
    </>
  );
}
