'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../lib/trpc';
import { GroupForm } from './group-form';
import { RowActions } from './row-actions';
import { ActiveBadge, StatusLine, useStatus, toggleActive } from './row-status';
import type { GroupRow } from './types';

export function GroupsTab() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const groups = useQuery(trpc.directory.groups.list.queryOptions());
  const engineers = useQuery(trpc.directory.engineers.list.queryOptions());
  const providers = useQuery(trpc.directory.providers.list.queryOptions());
  const users = useQuery(trpc.directory.users.list.queryOptions());
  const [editing, setEditing] = useState<GroupRow | 'new' | null>(null);
  const { status, announce } = useStatus();
  const setActive = useMutation(trpc.directory.groups.setActive.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.directory.pathKey() });

  const nameOf = new Map<string, string>([
    ...(engineers.data ?? []).map((e) => [e.id, e.name] as const),
    ...(providers.data ?? []).map((p) => [p.id, p.name] as const),
  ]);
  const ready = engineers.data && providers.data && users.data;
  const error = groups.error ?? engineers.error ?? providers.error ?? users.error;

  const toggle = (g: GroupRow) => toggleActive(setActive, g, `Service group “${g.name}”`, announce, refresh);

  return (
    <section aria-label="Service groups">
      <div className="toolbar">
        <p className="muted toolbar-note">A group holds either internal engineers or provider enterprises, and the dispatchers who work its queue.</p>
        <span className="spacer" />
        <button type="button" className="button primary" disabled={!ready} onClick={() => setEditing('new')}>
          New service group
        </button>
      </div>
      <StatusLine text={status} />
      {error && <p role="alert" className="error">Could not load service groups: {error.message}</p>}
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Region</th>
              <th scope="col">Members</th>
              <th scope="col">Dispatchers</th>
              <th scope="col">Status</th>
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {groups.isLoading && (
              <tr>
                <td colSpan={7} className="muted">Loading…</td>
              </tr>
            )}
            {groups.data?.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">No service groups yet.</td>
              </tr>
            )}
            {groups.data?.map((g) => {
              const names = g.memberIds.map((id) => nameOf.get(id) ?? '…');
              return (
                <tr key={g.id} className={g.active ? undefined : 'inactive'}>
                  <td>
                    <strong>{g.name}</strong>
                    {g.description && <div className="muted small">{g.description}</div>}
                  </td>
                  <td>{g.kind === 'engineers' ? 'Engineers' : 'Providers'}</td>
                  <td>{g.region || '—'}</td>
                  <td>
                    <span className="count">{g.memberIds.length}</span>{' '}
                    <span className="muted small" title={names.join(', ')}>
                      {names.slice(0, 3).join(', ')}
                      {names.length > 3 ? ` +${names.length - 3} more` : ''}
                    </span>
                  </td>
                  <td>{g.dispatchers.map((d) => d.name).join(', ') || <span className="muted">none</span>}</td>
                  <td>
                    <ActiveBadge active={g.active} />
                  </td>
                  <td>
                    <RowActions
                      name={g.name}
                      active={g.active}
                      pending={setActive.isPending && setActive.variables?.id === g.id}
                      onEdit={() => ready && setEditing(g)}
                      onToggle={() => toggle(g)}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {editing && ready && (
        <GroupForm
          group={editing === 'new' ? undefined : editing}
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
