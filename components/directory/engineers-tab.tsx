'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTRPC } from '../../lib/trpc';
import { EngineerForm } from './engineer-form';
import { STATUS_BADGE, STATUS_LABELS } from './labels';
import { RowActions } from './row-actions';
import { ActiveBadge, StatusLine, ago, useStatus, toggleActive } from './row-status';
import { Tags } from './tags';
import type { EngineerRow } from './types';

export function EngineersTab() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const engineers = useQuery(trpc.directory.engineers.list.queryOptions());
  const providers = useQuery(trpc.directory.providers.list.queryOptions());
  const users = useQuery(trpc.directory.users.list.queryOptions());
  const [editing, setEditing] = useState<EngineerRow | 'new' | null>(null);
  const [search, setSearch] = useState('');
  const [provider, setProvider] = useState('all');
  const { status, announce } = useStatus();
  const setActive = useMutation(trpc.directory.engineers.setActive.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.directory.pathKey() });
  const searchId = useId();
  const providerFilterId = useId();
  const ready = engineers.data && providers.data && users.data;
  const error = engineers.error ?? providers.error ?? users.error;

  const needle = search.trim().toLowerCase();
  const rows = (engineers.data ?? []).filter((e) => {
    if (provider === 'internal' && e.providerId) return false;
    if (provider !== 'all' && provider !== 'internal' && e.providerId !== provider) return false;
    if (!needle) return true;
    return [e.name, e.email ?? '', e.region, e.providerName ?? 'internal', ...e.skills].some((s) => s.toLowerCase().includes(needle));
  });
  const now = Date.now();

  const toggle = (e: EngineerRow) => toggleActive(setActive, e, `Engineer “${e.name}”`, announce, refresh);

  return (
    <section aria-label="Engineers">
      <div className="toolbar">
        <div className="field">
          <label htmlFor={searchId}>Search engineers</label>
          <input id={searchId} type="search" placeholder="Name, email, skill or region" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={providerFilterId}>Provider</label>
          <select id={providerFilterId} value={provider} onChange={(e) => setProvider(e.target.value)}>
            <option value="all">All</option>
            <option value="internal">Internal</option>
            {providers.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <span className="spacer" />
        <span className="muted" aria-live="polite">
          {engineers.data ? `${rows.length} of ${engineers.data.length} engineers` : ''}
        </span>
        <button type="button" className="button primary" disabled={!ready} onClick={() => setEditing('new')}>
          New engineer
        </button>
      </div>
      <StatusLine text={status} />
      {error && <p role="alert" className="error">Could not load engineers: {error.message}</p>}
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Provider</th>
              <th scope="col">Skills</th>
              <th scope="col">Work status</th>
              <th scope="col">Region</th>
              <th scope="col">Load</th>
              <th scope="col">Location</th>
              <th scope="col">Status</th>
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {engineers.isLoading && (
              <tr>
                <td colSpan={9} className="muted">Loading…</td>
              </tr>
            )}
            {engineers.data && rows.length === 0 && (
              <tr>
                <td colSpan={9} className="muted">{engineers.data.length ? 'No engineer matches.' : 'No engineers yet.'}</td>
              </tr>
            )}
            {rows.map((e) => (
              <tr key={e.id} className={e.active ? undefined : 'inactive'}>
                <td>
                  <strong>{e.name}</strong>
                  {(e.email || e.phone) && <div className="muted small">{[e.email, e.phone].filter(Boolean).join(' · ')}</div>}
                </td>
                <td>{e.providerName ?? <span className="muted">Internal</span>}</td>
                <td>
                  <Tags list={e.skills} />
                </td>
                <td>
                  <span className={STATUS_BADGE[e.status]}>{STATUS_LABELS[e.status]}</span>
                </td>
                <td>{e.region}</td>
                <td>
                  {e.openOrders} / {e.capacity}
                </td>
                <td>
                  {e.lat != null && e.lng != null ? (
                    <>
                      <span className="mono small">
                        {e.lat.toFixed(3)}, {e.lng.toFixed(3)}
                      </span>
                      <div className="muted small">{ago(e.locationAt, now)}</div>
                    </>
                  ) : (
                    <span className="muted">none</span>
                  )}
                </td>
                <td>
                  <ActiveBadge active={e.active} />
                </td>
                <td>
                  <RowActions
                    name={e.name}
                    active={e.active}
                    pending={setActive.isPending && setActive.variables?.id === e.id}
                    onEdit={() => ready && setEditing(e)}
                    onToggle={() => toggle(e)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && ready && (
        <EngineerForm
          engineer={editing === 'new' ? undefined : editing}
          engineers={engineers.data}
          providers={providers.data}
          users={users.data}
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
