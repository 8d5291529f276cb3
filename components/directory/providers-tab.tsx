'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../lib/trpc';
import { ProviderForm } from './provider-form';
import { RowActions } from './row-actions';
import { Tags } from './tags';
import { ActiveBadge, StatusLine, useStatus, toggleActive } from './row-status';
import type { ProviderRow } from './types';

export function ProvidersTab() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data, isLoading, error } = useQuery(trpc.directory.providers.list.queryOptions());
  const [editing, setEditing] = useState<ProviderRow | 'new' | null>(null);
  const { status, announce } = useStatus();
  const setActive = useMutation(trpc.directory.providers.setActive.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.directory.pathKey() });

  const toggle = (p: ProviderRow) => toggleActive(setActive, p, `Provider “${p.name}”`, announce, refresh);

  return (
    <section aria-label="Providers">
      <div className="toolbar">
        <p className="muted toolbar-note">Outside enterprises connected by tenant. Their dispatchers work orders in the provider portal.</p>
        <span className="spacer" />
        <button type="button" className="button primary" onClick={() => setEditing('new')}>
          New provider
        </button>
      </div>
      <StatusLine text={status} />
      {error && <p role="alert" className="error">Could not load providers: {error.message}</p>}
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Connected tenant</th>
              <th scope="col">Regions</th>
              <th scope="col">Skills</th>
              <th scope="col">Capacity</th>
              <th scope="col">Engineers</th>
              <th scope="col">Dispatchers</th>
              <th scope="col">Status</th>
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {isLoading && (
              <tr>
                <td colSpan={9} className="muted">Loading…</td>
              </tr>
            )}
            {data?.length === 0 && (
              <tr>
                <td colSpan={9} className="muted">No providers yet.</td>
              </tr>
            )}
            {data?.map((p) => (
              <tr key={p.id} className={p.active ? undefined : 'inactive'}>
                <td>
                  <strong>{p.name}</strong>
                  {p.contactEmail && <div className="muted small">{p.contactEmail}</div>}
                </td>
                <td>
                  {p.tenantName} <div className="muted small mono">{p.tenantId}</div>
                </td>
                <td>{p.regions.join(', ') || '—'}</td>
                <td>
                  <Tags list={p.skills} />
                </td>
                <td>{p.capacity}</td>
                <td>{p.engineerCount}</td>
                <td>{p.dispatchers.map((d) => d.name).join(', ') || <span className="muted">none</span>}</td>
                <td>
                  <ActiveBadge active={p.active} />
                </td>
                <td>
                  <RowActions
                    name={p.name}
                    active={p.active}
                    pending={setActive.isPending && setActive.variables?.id === p.id}
                    onEdit={() => setEditing(p)}
                    onToggle={() => toggle(p)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && (
        <ProviderForm
          provider={editing === 'new' ? undefined : editing}
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
