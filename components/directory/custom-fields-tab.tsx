'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../lib/trpc';
import { CustomFieldForm } from './custom-field-form';
import { FIELD_TYPE_LABELS } from './labels';
import { RowActions } from './row-actions';
import { ActiveBadge, StatusLine, useStatus, toggleActive } from './row-status';
import { Tags } from './tags';
import type { CustomFieldRow } from './types';

export function CustomFieldsTab() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data, isLoading, error } = useQuery(trpc.directory.customFields.list.queryOptions());
  const [editing, setEditing] = useState<CustomFieldRow | 'new' | null>(null);
  const { status, announce } = useStatus();
  const setActive = useMutation(trpc.directory.customFields.setActive.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.directory.pathKey() });

  const toggle = (c: CustomFieldRow) => toggleActive(setActive, c, `Custom field “${c.label}”`, announce, refresh);

  return (
    <section aria-label="Custom fields">
      <div className="toolbar">
        <p className="muted toolbar-note">
          Typed fields on every work order. Rules read them as <code>order.custom.&lt;name&gt;</code>; an inactive field keeps its stored values.
        </p>
        <span className="spacer" />
        <button type="button" className="button primary" onClick={() => setEditing('new')}>
          New custom field
        </button>
      </div>
      <StatusLine text={status} />
      {error && <p role="alert" className="error">Could not load custom fields: {error.message}</p>}
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Name in rules</th>
              <th scope="col">Type</th>
              <th scope="col">Values</th>
              <th scope="col">Required</th>
              <th scope="col">Status</th>
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {isLoading && (
              <tr>
                <td colSpan={7} className="muted">Loading…</td>
              </tr>
            )}
            {data?.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">No custom fields yet.</td>
              </tr>
            )}
            {data?.map((c) => (
              <tr key={c.id} className={c.active ? undefined : 'inactive'}>
                <td>
                  <strong>{c.label}</strong>
                </td>
                <td>
                  <code>order.custom.{c.name}</code>
                </td>
                <td>{FIELD_TYPE_LABELS[c.type]}</td>
                <td>{c.type === 'enum' ? <Tags list={c.options} /> : <span className="muted">—</span>}</td>
                <td>{c.required ? 'Yes' : 'No'}</td>
                <td>
                  <ActiveBadge active={c.active} />
                </td>
                <td>
                  <RowActions
                    name={c.label}
                    active={c.active}
                    pending={setActive.isPending && setActive.variables?.id === c.id}
                    onEdit={() => setEditing(c)}
                    onToggle={() => toggle(c)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && (
        <CustomFieldForm
          field={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          onSaved={(message) => {
            setEditing(null);
            announce(message);
            void refresh();
          }}
        />
      )}
    </section>
  );
}
