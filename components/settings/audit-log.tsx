'use client';
// The audit log for admins: who changed what and when, filtered, a page at a time, each entry's
// before and after shown as a field-by-field diff.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Fragment, useId, useState } from 'react';
import { AUDIT_ENTITY_TYPES, diffFields, type AuditEntityType } from '../../engine/audit/model';
import { useTRPC } from '../../lib/trpc';

const PAGE_SIZE = 50;

export const ENTITY_LABELS: Record<AuditEntityType, string> = {
  user: 'User',
  permission: 'Permissions',
  api_key: 'API key',
  flow: 'Flow',
  rule_set: 'Rule set',
  sla_policy: 'SLA policy',
  custom_field: 'Custom field',
  service_group: 'Service group',
  service_provider: 'Service provider',
  engineer: 'Engineer',
};

interface Filters {
  entityType: AuditEntityType | '';
  actorId: string;
  action: string;
  entityId: string;
  from: string;
  to: string;
  hideDraftSaves: boolean;
}

const EMPTY: Filters = { entityType: '', actorId: '', action: '', entityId: '', from: '', to: '', hideDraftSaves: false };

/** A date input's day as the start (or the end) of that day, local time. */
function dayBound(value: string, end: boolean): Date | undefined {
  if (!value) return undefined;
  const d = new Date(`${value}T00:00:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  if (end) {
    d.setDate(d.getDate() + 1);
    d.setMilliseconds(-1);
  }
  return d;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function Diff({ before, after }: { before: unknown; after: unknown }) {
  const rows = diffFields(before, after);
  if (!rows.length) return <p className="muted small">No field changed.</p>;
  return (
    <table className="data audit-diff">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.field}>
            <th scope="row">
              <code>{r.field}</code>
            </th>
            <td>
              <del className="mono" style={{ color: 'var(--danger)' }}>
                {show(r.before)}
              </del>
            </td>
            <td>
              <ins className="mono" style={{ color: 'var(--ok)', textDecoration: 'none' }}>
                {show(r.after)}
              </ins>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AuditLog() {
  const trpc = useTRPC();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  // The cursors of the pages before this one, so "Newer" goes back.
  const [cursors, setCursors] = useState<(number | undefined)[]>([]);
  const [cursor, setCursor] = useState<number | undefined>(undefined);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const ids = { type: useId(), actor: useId(), action: useId(), entity: useId(), from: useId(), to: useId(), heading: useId() };

  const actors = useQuery(trpc.audit.actors.queryOptions());
  const page = useQuery(
    trpc.audit.list.queryOptions(
      {
        entityType: filters.entityType || undefined,
        actorId: filters.actorId || undefined,
        action: filters.action || undefined,
        entityId: filters.entityId || undefined,
        from: dayBound(filters.from, false),
        to: dayBound(filters.to, true),
        hideDraftSaves: filters.hideDraftSaves,
        cursor,
        limit: PAGE_SIZE,
      },
      { placeholderData: keepPreviousData },
    ),
  );

  function apply(next: Filters) {
    setFilters(next);
    setCursor(undefined);
    setCursors([]);
    setOpen(new Set());
  }

  const set = (key: Exclude<keyof Filters, 'hideDraftSaves'>) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value }));
  const toggle = (id: number) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section className="panel" aria-labelledby={ids.heading} style={{ marginTop: 16 }}>
      <h2 id={ids.heading} className="panel-title">
        Audit log
      </h2>
      <p className="muted">
        Every change to users, permissions, API keys, flows, rule sets and settings, with who made it and when. Entries cannot be edited or deleted.
      </p>
      <form
        className="toolbar"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        <div className="field">
          <label htmlFor={ids.type}>What</label>
          <select id={ids.type} value={draft.entityType} onChange={set('entityType')}>
            <option value="">Everything</option>
            {AUDIT_ENTITY_TYPES.map((t) => (
              <option key={t} value={t}>
                {ENTITY_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.actor}>Who</label>
          <select id={ids.actor} value={draft.actorId} onChange={set('actorId')}>
            <option value="">Anyone</option>
            {(actors.data ?? []).map((a) => (
              <option key={a.id ?? 'system'} value={a.id ?? 'system'}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.action}>Action</label>
          <input id={ids.action} value={draft.action} placeholder="e.g. user.update or flow." maxLength={200} onChange={set('action')} />
        </div>
        <div className="field">
          <label htmlFor={ids.entity}>Entity id</label>
          <input id={ids.entity} value={draft.entityId} maxLength={200} onChange={set('entityId')} />
        </div>
        <div className="field">
          <label htmlFor={ids.from}>From</label>
          <input id={ids.from} type="date" value={draft.from} onChange={set('from')} />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>To</label>
          <input id={ids.to} type="date" value={draft.to} onChange={set('to')} />
        </div>
        <div className="checks">
          <label>
            <input type="checkbox" checked={draft.hideDraftSaves} onChange={(e) => setDraft((d) => ({ ...d, hideDraftSaves: e.target.checked }))} />
            Hide draft saves
          </label>
        </div>
        <button type="submit" className="button primary">
          Filter
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setDraft(EMPTY);
            apply(EMPTY);
          }}
        >
          Clear
        </button>
      </form>
      {page.error && (
        <p role="alert" className="error">
          Could not load the audit log: {page.error.message}
        </p>
      )}
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Entity</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          <tbody>
            {page.isLoading && (
              <tr>
                <td colSpan={5} className="muted">
                  Loading…
                </td>
              </tr>
            )}
            {page.data?.entries.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  No entry matches.
                </td>
              </tr>
            )}
            {page.data?.entries.map((e) => {
              const changed = diffFields(e.before, e.after).length;
              const expanded = open.has(e.id);
              return (
                <Fragment key={e.id}>
                  <tr>
                    <td>
                      <time dateTime={new Date(e.at).toISOString()}>{new Date(e.at).toLocaleString()}</time>
                    </td>
                    <td>{e.actorName ?? (e.actorId ? e.actorId : 'system')}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>
                      {ENTITY_LABELS[e.entityType as AuditEntityType] ?? e.entityType}
                      {e.entityId && (
                        <>
                          {' '}
                          <button
                            type="button"
                            className="button small"
                            title="Show only this entity"
                            onClick={() => {
                              const next = { ...EMPTY, entityType: e.entityType as AuditEntityType, entityId: e.entityId! };
                              setDraft(next);
                              apply(next);
                            }}
                          >
                            <code>{e.entityId}</code>
                          </button>
                        </>
                      )}
                    </td>
                    <td>
                      <button type="button" className="button small" aria-expanded={expanded} onClick={() => toggle(e.id)}>
                        {expanded ? 'Hide' : `Show ${changed} field${changed === 1 ? '' : 's'}`}
                      </button>
                    </td>
                  </tr>
                  {expanded && (
                    <tr>
                      <td colSpan={5}>
                        <Diff before={e.before} after={e.after} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="form-footer">
        <button
          type="button"
          className="button"
          disabled={!cursors.length}
          onClick={() => {
            setCursor(cursors[cursors.length - 1]);
            setCursors((c) => c.slice(0, -1));
          }}
        >
          Newer
        </button>
        <button
          type="button"
          className="button"
          disabled={!page.data?.nextCursor}
          onClick={() => {
            setCursors((c) => [...c, cursor]);
            setCursor(page.data!.nextCursor!);
          }}
        >
          Older
        </button>
        <span className="muted">Page {cursors.length + 1}</span>
      </div>
    </section>
  );
}
