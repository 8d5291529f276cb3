'use client';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import { engineerInput } from '../../engine/directory/directory.schema';
import { useTRPC } from '../../lib/trpc';
import { Field } from './field';
import { FormDialog } from './form-dialog';
import { ENGINEER_STATUSES, STATUS_LABELS } from './labels';
import type { EngineerRow, ProviderRow, UserRow } from './types';
import { joinList, numberOrUndefined, splitList, useZodForm, type FieldErrors } from './use-zod-form';

const FIELDS = ['name', 'email', 'phone', 'providerId', 'userId', 'skills', 'status', 'region', 'capacity', 'rating', 'location.lat', 'location.lng'] as const;
type Status = (typeof ENGINEER_STATUSES)[number];

export function EngineerForm({
  engineer,
  engineers,
  providers,
  users,
  onClose,
  onSaved,
}: {
  engineer?: EngineerRow;
  engineers: EngineerRow[];
  providers: ProviderRow[];
  users: UserRow[];
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const trpc = useTRPC();
  const form = useZodForm(engineerInput, FIELDS);
  const [values, setValues] = useState({
    name: engineer?.name ?? '',
    email: engineer?.email ?? '',
    phone: engineer?.phone ?? '',
    providerId: engineer?.providerId ?? '',
    userId: engineer?.userId ?? '',
    skills: joinList(engineer?.skills),
    status: (engineer?.status ?? 'available') as Status,
    region: engineer?.region ?? '',
    capacity: String(engineer?.capacity ?? 5),
    rating: String(engineer?.rating ?? 0),
    lat: engineer?.lat == null ? '' : String(engineer.lat),
    lng: engineer?.lng == null ? '' : String(engineer.lng),
  });
  const create = useMutation(trpc.directory.engineers.create.mutationOptions());
  const update = useMutation(trpc.directory.engineers.update.mutationOptions());

  const set = (name: keyof typeof values, errorKey: string = name) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: e.target.value }));
    form.clearError(errorKey);
  };

  // A sign-in fits when its role matches (engineer inside, provider engineer of this provider) and
  // no other engineer uses it.
  const taken = new Set(engineers.filter((e) => e.userId && e.id !== engineer?.id).map((e) => e.userId));
  const signIns = users.filter((u) =>
    values.providerId
      ? u.role === 'provider_engineer' && u.providerId === values.providerId
      : u.role === 'engineer',
  ).filter((u) => !taken.has(u.id) && (u.active || u.id === values.userId));

  function submit() {
    const hasLocation = values.lat.trim() !== '' || values.lng.trim() !== '';
    const input: z.input<typeof engineerInput> = {
      name: values.name,
      email: values.email,
      phone: values.phone,
      providerId: values.providerId || null,
      userId: values.userId || null,
      skills: splitList(values.skills),
      status: values.status,
      region: values.region,
      capacity: numberOrUndefined(values.capacity),
      rating: numberOrUndefined(values.rating),
      location: hasLocation ? { lat: numberOrUndefined(values.lat), lng: numberOrUndefined(values.lng) } : null,
    };
    const extra = (): FieldErrors => {
      const errors: FieldErrors = {};
      if (hasLocation && values.lat.trim() === '') errors['location.lat'] = 'Enter both latitude and longitude, or neither';
      if (hasLocation && values.lng.trim() === '') errors['location.lng'] = 'Enter both latitude and longitude, or neither';
      return errors;
    };
    if (!form.validate(input, extra)) return;
    const done = { onSuccess: () => onSaved(`Engineer “${values.name.trim()}” ${engineer ? 'saved' : 'created'}.`), onError: form.showServerError };
    if (engineer) update.mutate({ id: engineer.id, data: input }, done);
    else create.mutate(input, done);
  }

  const f = form.field;
  return (
    <FormDialog
      title={engineer ? `Edit engineer ${engineer.name}` : 'New engineer'}
      submitLabel={engineer ? 'Save engineer' : 'Create engineer'}
      pending={create.isPending || update.isPending}
      formError={form.formError}
      onSubmit={submit}
      onClose={onClose}
    >
      <div className="form-grid">
        <Field label="Name" control={f('name')}>
          <input {...f('name').input} value={values.name} onChange={set('name')} autoComplete="off" />
        </Field>
        <Field label="Email" control={f('email')}>
          <input {...f('email').input} type="email" value={values.email} onChange={set('email')} autoComplete="off" />
        </Field>
        <Field label="Phone" control={f('phone')}>
          <input {...f('phone').input} type="tel" value={values.phone} onChange={set('phone')} autoComplete="off" />
        </Field>
        <Field label="Provider" control={f('providerId')}>
          <select
            {...f('providerId').input}
            value={values.providerId}
            onChange={(e) => {
              // The sign-in's role depends on internal vs provider, so a change clears it.
              setValues((v) => ({ ...v, providerId: e.target.value, userId: '' }));
              form.clearError('providerId');
            }}
          >
            <option value="">Internal</option>
            {providers
              .filter((p) => p.active || p.id === values.providerId)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                  {p.active ? '' : ' (inactive)'}
                </option>
              ))}
          </select>
        </Field>
        <Field label="Sign-in" control={f('userId')} hint={values.providerId ? 'Users with the provider engineer role' : 'Users with the engineer role'}>
          <select {...f('userId').input} value={values.userId} onChange={set('userId')}>
            <option value="">No sign-in</option>
            {signIns.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Status" control={f('status')}>
          <select {...f('status').input} value={values.status} onChange={set('status')}>
            {ENGINEER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Skills" control={f('skills')} hint="Comma-separated, e.g. hvac, electrical" wide>
          <input {...f('skills').input} value={values.skills} onChange={set('skills')} autoComplete="off" />
        </Field>
        <Field label="Home region" control={f('region')}>
          <input {...f('region').input} value={values.region} onChange={set('region')} autoComplete="off" />
        </Field>
        <Field label="Capacity (open orders)" control={f('capacity')}>
          <input {...f('capacity').input} type="number" inputMode="numeric" min={0} step={1} value={values.capacity} onChange={set('capacity')} />
        </Field>
        <Field label="Rating (0–5)" control={f('rating')}>
          <input {...f('rating').input} type="number" inputMode="decimal" min={0} max={5} step={0.1} value={values.rating} onChange={set('rating')} />
        </Field>
        <Field label="Latitude" control={f('location.lat')} hint="Leave both empty for no location">
          <input {...f('location.lat').input} inputMode="decimal" value={values.lat} onChange={set('lat', 'location.lat')} autoComplete="off" />
        </Field>
        <Field label="Longitude" control={f('location.lng')}>
          <input {...f('location.lng').input} inputMode="decimal" value={values.lng} onChange={set('lng', 'location.lng')} autoComplete="off" />
        </Field>
      </div>
    </FormDialog>
  );
}
