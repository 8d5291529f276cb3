'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTRPC } from '../../lib/trpc';
import { PERMISSION_LABELS, ROLES, ROLE_LABELS } from './labels';
import { RowActions } from './row-actions';
import { ActiveBadge, StatusLine, useStatus, toggleActive } from './row-status';
import { Tags } from './tags';
import type { UserRow } from './types';
import { UserForm } from './user-form';

export function UsersTab({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.directory.users.list.queryOptions());
  // Writes need manage_users (the server checks; this only explains the disabled buttons).
  const me = useQuery(trpc.session.current.queryOptions());
  const canManage = !!me.data?.permissions.includes('manage_users');
  const noManage = me.data && !canManage ? 'Changing users needs the Manage users permission' : undefined;
  const roles = useQuery(trpc.directory.users.roles.queryOptions());
  const providers = useQuery(trpc.directory.providers.list.queryOptions());
  const [editing, setEditing] = useState<UserRow | 'new' | null>(null);
  const [search, setSearch] = useState('');
  const [role, setRole] = useState('all');
  const { status, announce } = useStatus();
  const setActive = useMutation(trpc.directory.users.setActive.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.directory.pathKey() });
  const searchId = useId();
  const roleFilterId = useId();
  const ready = users.data && roles.data && providers.data;
  const error = users.error ?? roles.error ?? providers.error;
  const providerName = new Map((providers.data ?? []).map((p) => [p.id, p.name]));

  const needle = search.trim().toLowerCase();
  const rows = (users.data ?? []).filter((u) => {
    if (role !== 'all' && u.role !== role) return false;
    if (!needle) return true;
    return [u.name, u.email, ROLE_LABELS[u.role], providerName.get(u.providerId ?? '') ?? ''].some((s) => s.toLowerCase().includes(needle));
  });

  const toggle = (u: UserRow) => toggleActive(setActive, u, `User “${u.name}”`, announce, refresh, `User “${u.name}” deactivated and signed out.`);

  return (
    <section aria-label="Users">
      <div className="toolbar">
        <div className="field">
          <label htmlFor={searchId}>Search users</label>
          <input id={searchId} type="search" placeholder="Name, email, role or provider" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={roleFilterId}>Role</label>
          <select id={roleFilterId} value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="all">All roles</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <span className="spacer" />
        <span className="muted" aria-live="polite">
          {users.data ? `${rows.length} of ${users.data.length} users` : ''}
        </span>
        <button type="button" className="button primary" disabled={!ready || !canManage} title={noManage} onClick={() => setEditing('new')}>
          New user
        </button>
      </div>
      <StatusLine text={status} />
      {noManage && <p className="muted">{noManage}; you can read the list. Another admin holding it can grant it to you.</p>}
      {error && <p role="alert" className="error">Could not load users: {error.message}</p>}
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Provider</th>
              <th scope="col">Permissions</th>
              <th scope="col">Status</th>
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {users.isLoading && (
              <tr>
                <td colSpan={7} className="muted">Loading…</td>
              </tr>
            )}
            {users.data && rows.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">No user matches.</td>
              </tr>
            )}
            {rows.map((u) => (
              <tr key={u.id} className={u.active ? undefined : 'inactive'}>
                <td>
                  <strong>{u.name}</strong>
                  {u.id === currentUserId && <span className="muted small"> (you)</span>}
                </td>
                <td>{u.email}</td>
                <td>{ROLE_LABELS[u.role]}</td>
                <td>{u.providerId ? providerName.get(u.providerId) ?? '…' : <span className="muted">—</span>}</td>
                <td>
                  <Tags list={u.permissions.map((p) => PERMISSION_LABELS[p].label)} />
                </td>
                <td>
                  <ActiveBadge active={u.active} />
                </td>
                <td>
                  <RowActions
                    name={u.name}
                    active={u.active}
                    pending={setActive.isPending && setActive.variables?.id === u.id}
                    onEdit={() => ready && canManage && setEditing(u)}
                    onToggle={() => toggle(u)}
                    editLockedReason={noManage}
                    lockedReason={noManage ?? (u.id === currentUserId ? 'You cannot deactivate your own sign-in' : undefined)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && ready && (
        <UserForm
          user={editing === 'new' ? undefined : editing}
          isSelf={editing !== 'new' && editing.id === currentUserId}
          roles={roles.data}
          providers={providers.data}
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
