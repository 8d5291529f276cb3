'use client';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import { userInput } from '../../engine/directory/directory.schema';
import { useTRPC } from '../../lib/trpc';
import { Field } from './field';
import { FormDialog } from './form-dialog';
import { PERMISSIONS, PERMISSION_LABELS, PROVIDER_ROLES, ROLES, ROLE_LABELS } from './labels';
import type { ProviderRow, RoleRow, UserRow } from './types';
import { useZodForm, type FieldErrors } from './use-zod-form';

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
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const trpc = useTRPC();
  const form = useZodForm(userInput, FIELDS);
  const [values, setValues] = useState({
    name: user?.name ?? '',
    email: user?.email ?? '',
    role: (user?.role ?? '') as Role | '',
    providerId: user?.providerId ?? '',
    permissions: (user?.permissions ?? []) as Permission[],
    password: '',
  });
  const create = useMutation(trpc.directory.users.create.mutationOptions());
  const update = useMutation(trpc.directory.users.update.mutationOptions());
  const providerRole = PROVIDER_ROLES.includes(values.role);

  const set = (name: 'name' | 'email' | 'password' | 'providerId') => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: e.target.value }));
    form.clearError(name);
  };
  const roleLabel = (role: Role) => roles.find((r) => r.key === role)?.label ?? ROLE_LABELS[role];
  const roleHint = roles.find((r) => r.key === values.role)?.description;

  function submit() {
    const input: z.input<typeof userInput> = {
      name: values.name,
      email: values.email,
      role: values.role as Role,
      providerId: providerRole ? values.providerId || null : null,
      permissions: values.permissions,
      password: values.password,
    };
    const extra = (): FieldErrors => {
      const errors: FieldErrors = {};
      if (!user && !values.password) errors.password = 'A new user needs a password';
      if (providerRole && !values.providerId) errors.providerId = 'Provider dispatchers and engineers belong to a provider';
      return errors;
    };
    if (!form.validate(input, extra)) return;
    const done = { onSuccess: () => onSaved(`User “${values.name.trim()}” ${user ? 'saved' : 'created'}.`), onError: form.showServerError };
    if (user) update.mutate({ id: user.id, data: input }, done);
    else create.mutate(input, done);
  }

  const f = form.field;
  const permissions = f('permissions');
  return (
    <FormDialog
      title={user ? `Edit user ${user.name}` : 'New user'}
      submitLabel={user ? 'Save user' : 'Create user'}
      pending={create.isPending || update.isPending}
      formError={form.formError}
      onSubmit={submit}
      onClose={onClose}
    >
      <div className="form-grid">
        <Field label="Name" control={f('name')}>
          <input {...f('name').input} value={values.name} onChange={set('name')} autoComplete="off" />
        </Field>
        <Field label="Email" control={f('email')} hint="Used to sign in">
          <input {...f('email').input} type="email" value={values.email} onChange={set('email')} autoComplete="off" />
        </Field>
        <Field label="Role" control={f('role')} hint={isSelf ? 'You cannot change your own role' : roleHint}>
          <select
            {...f('role').input}
            disabled={isSelf}
            value={values.role}
            onChange={(e) => {
              const role = e.target.value as Role;
              setValues((v) => ({ ...v, role, providerId: PROVIDER_ROLES.includes(role) ? v.providerId : '' }));
              form.clearError('role');
              form.clearError('providerId');
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
        <Field
          label="Password"
          control={f('password')}
          hint={
            user
              ? isSelf
                ? 'Leave empty to keep the current password; a new one signs you out everywhere'
                : 'Leave empty to keep the current password; a new one signs this user out everywhere'
              : 'At least 10 characters'
          }
        >
          <input
            {...f('password').input}
            type="password"
            autoComplete="new-password"
            placeholder={user ? 'Leave empty to keep' : undefined}
            value={values.password}
            onChange={set('password')}
          />
        </Field>
      </div>
      <fieldset
        className="wide"
        aria-invalid={permissions.error ? true : undefined}
        aria-describedby={permissions.error ? permissions.errorId : undefined}
      >
        <legend>Permissions</legend>
        {isSelf && <p className="muted">You cannot change your own permissions: another admin holding Manage users does that.</p>}
        <div className="checks stacked" id={permissions.id}>
          {PERMISSIONS.map((p) => (
            <label key={p}>
              <input
                type="checkbox"
                disabled={isSelf}
                checked={values.permissions.includes(p)}
                onChange={(e) => {
                  setValues((v) => ({
                    ...v,
                    permissions: e.target.checked ? [...v.permissions, p] : v.permissions.filter((x) => x !== p),
                  }));
                  form.clearError('permissions');
                }}
              />
              {PERMISSION_LABELS[p].label}
              <span className="muted">— {PERMISSION_LABELS[p].hint}</span>
            </label>
          ))}
        </div>
        {permissions.error && (
          <p id={permissions.errorId} className="field-error">
            {permissions.error}
          </p>
        )}
      </fieldset>
    </FormDialog>
  );
}
