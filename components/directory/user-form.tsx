'use client';
import { userInput } from '../../engine/directory/directory.schema';
import { useTRPC } from '../../lib/trpc';
import { CheckGroup, Field, TextField } from '../ui';
import type { FormDone } from './directory-list';
import { PERMISSIONS, PERMISSION_LABELS, PROVIDER_ROLES, ROLES, ROLE_LABELS } from './labels';
import { RowFormDialog, savedMessage, useRowForm } from './row-form';
import type { ProviderRow, RoleRow, UserRow } from './types';

const FIELDS = ['name', 'email', 'role', 'providerId', 'permissions', 'password'] as const;
type Role = (typeof ROLES)[number];
type Permission = (typeof PERMISSIONS)[number];

export function UserForm({
  user,
  isSelf = false,
  roles,
  providers,
  onClose,
  onSaved,
}: {
  user?: UserRow;
  /** Editing one's own sign-in: role and permissions are another admin's to change. */
  isSelf?: boolean;
  roles: RoleRow[];
  providers: ProviderRow[];
} & FormDone) {
  const { users } = useTRPC().directory;
  const { f, formError, values, set, change, submit: save, pending } = useRowForm(
    userInput,
    FIELDS,
    {
      name: user?.name ?? '',
      email: user?.email ?? '',
      role: (user?.role ?? '') as Role | '',
      providerId: user?.providerId ?? '',
      permissions: (user?.permissions ?? []) as Permission[],
      password: '',
    },
    users.create.mutationOptions(),
    users.update.mutationOptions(),
    onSaved,
  );
  const providerRole = PROVIDER_ROLES.includes(values.role);
  const roleLabel = (role: Role) => roles.find((r) => r.key === role)?.label ?? ROLE_LABELS[role];
  const roleHint = roles.find((r) => r.key === values.role)?.description;

  function submit() {
    save(
      user?.id,
      savedMessage('User', values.name, !!user),
      {
        name: values.name,
        email: values.email,
        role: values.role as Role,
        providerId: providerRole ? values.providerId || null : null,
        permissions: values.permissions,
        password: values.password,
      },
      {
        password: !user && !values.password && 'A new user needs a password',
        providerId: providerRole && !values.providerId && 'Provider dispatchers and engineers belong to a provider',
      },
    );
  }

  return (
    <RowFormDialog noun="user" editing={user?.name} pending={pending} formError={formError} onSubmit={submit} onClose={onClose}>
      <div className="form-grid">
        <TextField label="Name" control={f('name')} value={values.name} onChange={set('name')} />
        <TextField label="Email" control={f('email')} hint="Used to sign in" type="email" value={values.email} onChange={set('email')} />
        <Field label="Role" control={f('role')} hint={isSelf ? 'You cannot change your own role' : roleHint}>
          <select
            {...f('role').input}
            disabled={isSelf}
            value={values.role}
            onChange={(e) => {
              const role = e.target.value as Role;
              change({ role, ...(PROVIDER_ROLES.includes(role) ? {} : { providerId: '' }) }, 'role', 'providerId');
            }}
          >
            <option value="" disabled>
              Choose a role…
            </option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </Field>
        {providerRole && (
          <Field label="Provider" control={f('providerId')}>
            <select {...f('providerId').input} value={values.providerId} onChange={set('providerId')}>
              <option value="">Choose a provider…</option>
              {providers
                .filter((p) => p.active || p.id === values.providerId)
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
            </select>
          </Field>
        )}
        <TextField
          label="Password"
          control={f('password')}
          hint={
            user
              ? isSelf
                ? 'Leave empty to keep the current password; a new one signs you out everywhere'
                : 'Leave empty to keep the current password; a new one signs this user out everywhere'
              : 'At least 10 characters'
          }
          type="password"
          autoComplete="new-password"
          placeholder={user ? 'Leave empty to keep' : undefined}
          value={values.password}
          onChange={set('password')}
        />
      </div>
      <CheckGroup
        legend="Permissions"
        control={f('permissions')}
        options={PERMISSIONS.map((p) => ({ value: p, ...PERMISSION_LABELS[p] }))}
        selected={values.permissions}
        onChange={(permissions) => change({ permissions }, 'permissions')}
        disabled={isSelf}
        note={isSelf && <p className="muted">You cannot change your own permissions: another admin holding Manage users does that.</p>}
      />
    </RowFormDialog>
  );
}
