'use client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../lib/trpc';
import { SearchField, SelectField, Tags, type Column } from '../ui';
import { DirectoryList } from './directory-list';
import { PERMISSION_LABELS, ROLES, ROLE_LABELS } from './labels';
import type { UserRow } from './types';
import { UserForm } from './user-form';

const ROLE_OPTIONS = [{ value: 'all', label: 'All roles' }, ...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))];

export function UsersTab({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const users = useQuery(trpc.directory.users.list.queryOptions());
  // Writes need manage_users (the server checks; this only explains the disabled buttons).
  const me = useQuery(trpc.session.current.queryOptions());
  const canManage = !!me.data?.permissions.includes('manage_users');
  const noManage = me.data && !canManage ? 'Changing users needs the Manage users permission' : undefined;
  const roles = useQuery(trpc.directory.users.roles.queryOptions());
  const providers = useQuery(trpc.directory.providers.list.queryOptions());
  const [search, setSearch] = useState('');
  const [role, setRole] = useState('all');
  const providerName = new Map((providers.data ?? []).map((p) => [p.id, p.name]));

  const needle = search.trim().toLowerCase();
  const rows = (users.data ?? []).filter((u) => {
    if (role !== 'all' && u.role !== role) return false;
    if (!needle) return true;
    return [u.name, u.email, ROLE_LABELS[u.role], providerName.get(u.providerId ?? '') ?? ''].some((s) => s.toLowerCase().includes(needle));
  });
  const columns: Column<UserRow>[] = [
    {
      header: 'Name',
      cell: (u) => (
        <>
          <strong>{u.name}</strong>
          {u.id === currentUserId && <span className="muted small"> (you)</span>}
        </>
      ),
    },
    { header: 'Email', cell: (u) => u.email },
    { header: 'Role', cell: (u) => ROLE_LABELS[u.role] },
    { header: 'Provider', cell: (u) => (u.providerId ? (providerName.get(u.providerId) ?? '…') : <span className="muted">—</span>) },
    { header: 'Permissions', cell: (u) => <Tags list={u.permissions.map((p) => PERMISSION_LABELS[p].label)} /> },
  ];

  return (
    <DirectoryList
      label="Users"
      toolbar={
        <>
          <SearchField label="Search users" placeholder="Name, email, role or provider" value={search} onChange={setSearch} />
          <SelectField label="Role" value={role} onChange={setRole} options={ROLE_OPTIONS} />
        </>
      }
      count={users.data ? `${rows.length} of ${users.data.length} users` : ''}
      newLabel="New user"
      ready={!!(users.data && roles.data && providers.data && canManage)}
      locked={noManage}
      notice={noManage && <p className="muted">{noManage}; you can read the list. Another admin holding it can grant it to you.</p>}
      error={users.error ?? roles.error ?? providers.error}
      columns={columns}
      rows={users.data && rows}
      loading={users.isLoading}
      empty="No user matches."
      setActive={trpc.directory.users.setActive.mutationOptions()}
      nameOf={(u) => u.name}
      whatOf={(u) => `User “${u.name}”`}
      deactivatedOf={(u) => `User “${u.name}” deactivated and signed out.`}
      lockedReason={(u) => (u.id === currentUserId ? 'You cannot deactivate your own sign-in' : undefined)}
      form={(user, done) => (
        <UserForm user={user} isSelf={user?.id === currentUserId} roles={roles.data!} providers={providers.data!} {...done} />
      )}
    />
  );
}
