'use client';
import { engineerInput } from '../../engine/directory/directory.schema';
import { useTRPC } from '../../lib/trpc';
import { Field, TextField, joinList, numberOrUndefined, splitList } from '../ui';
import type { FormDone } from './directory-list';
import { ENGINEER_STATUSES, STATUS_LABELS } from './labels';
import { CapacityAndRating, RowFormDialog, savedMessage, useRowForm, type DirectoryData } from './row-form';
import type { EngineerRow } from './types';

const FIELDS = ['name', 'email', 'phone', 'providerId', 'userId', 'skills', 'status', 'region', 'capacity', 'rating', 'location.lat', 'location.lng'] as const;
type Status = (typeof ENGINEER_STATUSES)[number];

export function EngineerForm({ engineer, engineers, providers, users, onClose, onSaved }: { engineer?: EngineerRow } & DirectoryData & FormDone) {
  const directory = useTRPC().directory;
  const { f, formError, values, set, change, submit: save, pending } = useRowForm(
    engineerInput,
    FIELDS,
    {
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
    },
    directory.engineers.create.mutationOptions(),
    directory.engineers.update.mutationOptions(),
    onSaved,
  );

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
    save(
      engineer?.id,
      savedMessage('Engineer', values.name, !!engineer),
      {
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
      },
      {
        'location.lat': hasLocation && values.lat.trim() === '' && 'Enter both latitude and longitude, or neither',
        'location.lng': hasLocation && values.lng.trim() === '' && 'Enter both latitude and longitude, or neither',
      },
    );
  }

  return (
    <RowFormDialog noun="engineer" editing={engineer?.name} pending={pending} formError={formError} onSubmit={submit} onClose={onClose}>
      <div className="form-grid">
        <TextField label="Name" control={f('name')} value={values.name} onChange={set('name')} />
        <TextField label="Email" control={f('email')} type="email" value={values.email} onChange={set('email')} />
        <TextField label="Phone" control={f('phone')} type="tel" value={values.phone} onChange={set('phone')} />
        <Field label="Provider" control={f('providerId')}>
          <select
            {...f('providerId').input}
            value={values.providerId}
            // The sign-in's role depends on internal vs provider, so a change clears it.
            onChange={(e) => change({ providerId: e.target.value, userId: '' }, 'providerId')}
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
        <TextField label="Skills" control={f('skills')} hint="Comma-separated, e.g. hvac, electrical" wide value={values.skills} onChange={set('skills')} />
        <TextField label="Home region" control={f('region')} value={values.region} onChange={set('region')} />
        <CapacityAndRating control={f} capacity={values.capacity} rating={values.rating} set={set} />
        <TextField label="Latitude" control={f('location.lat')} hint="Leave both empty for no location" inputMode="decimal" value={values.lat} onChange={set('lat', 'location.lat')} />
        <TextField label="Longitude" control={f('location.lng')} inputMode="decimal" value={values.lng} onChange={set('lng', 'location.lng')} />
      </div>
    </RowFormDialog>
  );
}
