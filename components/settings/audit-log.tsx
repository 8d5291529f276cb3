'use client';
// The audit log for admins: who changed what and when, filtered, a page at a time, each entry's
// before and after shown as a field-by-field diff.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { AUDIT_ENTITY_TYPES, diffFields, type AuditEntityType } from '../../engine/audit/model';
import { useTRPC } from '../../lib/trpc';
import { DataTable, DateTime, FilterField, LoadError, Pager, Panel, SelectField, useCursorPages } from '../ui';

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
  schedule: 'Schedule settings',
  compliance_field: 'Compliance fields',
  override_reasons: 'Override reasons',
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
    <DataTable
      className="data audit-diff"
      wrap={false}
      columns={[
        { header: 'Field', rowHeader: true, cell: (r) => <code>{r.field}</code> },
        {
          header: 'Before',
          cell: (r) => (
            <del className="mono" style={{ color: 'var(--danger)' }}>
              {show(r.before)}
            </del>
          ),
        },
        {
          header: 'After',
          cell: (r) => (
            <ins className="mono" style={{ color: 'var(--ok)', textDecoration: 'none' }}>
              {show(r.after)}
            </ins>
          ),
        },
      ]}
      rows={rows}
      rowKey={(r) => r.field}
    />
  );
}

export function AuditLog() {
  const trpc = useTRPC();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const pages = useCursorPages<number>();
  const [open, setOpen] = useState<Set<number>>(new Set());

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
        cursor: pages.cursor,
        limit: PAGE_SIZE,
      },
      { placeholderData: keepPreviousData },
    ),
  );

  function apply(next: Filters) {
    setFilters(next);
    pages.reset();
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
    <Panel
      title="Audit log"
      intro="Every change to users, permissions, API keys, flows, rule sets and settings, with who made it and when. Entries cannot be edited or deleted."
    >
      <form
        className="toolbar"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        <SelectField
          label="What"
          value={draft.entityType}
          onChange={(entityType) => setDraft((d) => ({ ...d, entityType: entityType as Filters['entityType'] }))}
          options={[{ value: '', label: 'Everything' }, ...AUDIT_ENTITY_TYPES.map((t) => ({ value: t, label: ENTITY_LABELS[t] }))]}
        />
        <SelectField
          label="Who"
          value={draft.actorId}
          onChange={(actorId) => setDraft((d) => ({ ...d, actorId }))}
          options={[{ value: '', label: 'Anyone' }, ...(actors.data ?? []).map((a) => ({ value: a.id ?? 'system', label: a.name }))]}
        />
        <FilterField label="Action">
          {(id) => <input id={id} value={draft.action} placeholder="e.g. user.update or flow." maxLength={200} onChange={set('action')} />}
        </FilterField>
        <FilterField label="Entity id">{(id) => <input id={id} value={draft.entityId} maxLength={200} onChange={set('entityId')} />}</FilterField>
        <FilterField label="From">{(id) => <input id={id} type="date" value={draft.from} onChange={set('from')} />}</FilterField>
        <FilterField label="To">{(id) => <input id={id} type="date" value={draft.to} onChange={set('to')} />}</FilterField>
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
      <LoadError error={page.error} what="Could not load the audit log" />
      <DataTable
        columns={[
          { header: 'When', cell: (e) => <DateTime date={e.at} /> },
          { header: 'Who', cell: (e) => e.actorName ?? (e.actorId ? e.actorId : 'system') },
          { header: 'Action', cell: (e) => <code>{e.action}</code> },
          {
            header: 'Entity',
            cell: (e) => (
              <>
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
              </>
            ),
          },
          {
            header: 'Changes',
            cell: (e) => {
              const changed = diffFields(e.before, e.after).length;
              return (
                <button type="button" className="button small" aria-expanded={open.has(e.id)} onClick={() => toggle(e.id)}>
                  {open.has(e.id) ? 'Hide' : `Show ${changed} field${changed === 1 ? '' : 's'}`}
                </button>
              );
            },
          },
        ]}
        rows={page.data?.entries}
        rowKey={(e) => e.id}
        loading={page.isLoading}
        empty="No entry matches."
        detail={(e) => open.has(e.id) && <Diff before={e.before} after={e.after} />}
      />
      <Pager
        position={`Page ${pages.page}`}
        hasPrevious={pages.hasPrevious}
        hasNext={!!page.data?.nextCursor}
        onPrevious={pages.previous}
        onNext={() => pages.next(page.data!.nextCursor!)}
        previousLabel="Newer"
        nextLabel="Older"
      />
    </Panel>
  );
}
