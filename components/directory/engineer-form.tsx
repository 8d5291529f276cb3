'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { engineerInput } from '../../engine/directory/directory.schema';
import { timeOffInput } from '../../engine/directory/schedule.schema';
import { VEHICLE_STATUSES } from '../../engine/enums';
import { useTRPC } from '../../lib/trpc';
import { WeeklyHoursFields, hoursToText, textToHours, type Day } from '../schedule/weekly-hours';
import { CheckboxField, Field, FormAlert, TextField, errorText, joinList, numberOrUndefined, splitList, useFieldControl, useZodForm } from '../ui';
import type { FormDone } from './directory-list';
import { ENGINEER_STATUSES, STATUS_LABELS } from './labels';
import { CapacityAndRating, RowFormDialog, savedMessage, useRowForm, type DirectoryData } from './row-form';
import type { EngineerRow } from './types';

const DAYS: Day[] = ['0', '1', '2', '3', '4', '5', '6'];
const FIELDS = [
  'name',
  'email',
  'phone',
  'providerId',
  'userId',
  'skills',
  'status',
  'region',
  'capacity',
  'rating',
  'location.lat',
  'location.lng',
  'workingHours',
  ...DAYS.map((d) => `workingHours.${d}`),
  'vehicle.id',
  'vehicle.status',
] as const;
type Status = (typeof ENGINEER_STATUSES)[number];
type VehicleStatus = (typeof VEHICLE_STATUSES)[number];
const VEHICLE_LABELS: Record<VehicleStatus, string> = { ready: 'Ready', maintenance: 'In maintenance' };

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
      ownHours: !!engineer?.workingHours,
      hours: hoursToText(engineer?.workingHours),
      vehicleId: engineer?.vehicleId ?? '',
      vehicleStatus: (engineer?.vehicleStatus ?? 'ready') as VehicleStatus,
    },
    directory.engineers.create.mutationOptions(),
    directory.engineers.update.mutationOptions(),
    onSaved,
  );

  const ownHours = useFieldControl('ownHours', f('workingHours').error);

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
    const hours = textToHours(values.hours);
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
        workingHours: values.ownHours ? hours.hours : null,
        vehicle: values.vehicleId.trim() ? { id: values.vehicleId, status: values.vehicleStatus } : null,
      },
      {
        ...Object.fromEntries(DAYS.map((d) => [`workingHours.${d}`, values.ownHours && (hours.errors[d] ?? false)])),
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
        <TextField label="Vehicle id" control={f('vehicle.id')} hint="Leave empty for no vehicle" value={values.vehicleId} onChange={set('vehicleId', 'vehicle.id')} />
        <Field label="Vehicle status" control={f('vehicle.status')}>
          <select {...f('vehicle.status').input} value={values.vehicleStatus} onChange={set('vehicleStatus', 'vehicle.status')} disabled={!values.vehicleId.trim()}>
            {VEHICLE_STATUSES.map((v) => (
              <option key={v} value={v}>
                {VEHICLE_LABELS[v]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <CheckboxField
        label="Own working hours"
        control={ownHours}
        checked={values.ownHours}
        onChange={(checked) => change({ ownHours: checked }, 'workingHours')}
        hint="Unchecked: the company’s working hours (Settings)"
      />
      {values.ownHours && (
        <WeeklyHoursFields
          legend="Working hours of this engineer"
          text={values.hours}
          onChange={(d, value) => change({ hours: { ...values.hours, [d]: value } }, `workingHours.${d}`)}
          control={(d) => f(`workingHours.${d}`)}
        />
      )}
      {engineer && <TimeOffSection engineerId={engineer.id} name={engineer.name} />}
    </RowFormDialog>
  );
}

const TIME_OFF_FIELDS = ['startsOn', 'endsOn', 'reason'] as const;

/**
 * An engineer's time off: whole days in the company's zone, both ends included. Saved at once (not
 * with the engineer's form), so it sits in the dialog as buttons, not a form of its own.
 */
function TimeOffSection({ engineerId, name }: { engineerId: string; name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.directory.timeOff.list.queryOptions({ engineerId }));
  const form = useZodForm(timeOffInput, TIME_OFF_FIELDS);
  const [values, setValues] = useState({ startsOn: '', endsOn: '', reason: '' });
  const refresh = () => queryClient.invalidateQueries(trpc.directory.timeOff.list.pathFilter());
  const add = useMutation(trpc.directory.timeOff.add.mutationOptions({ onSuccess: () => (setValues({ startsOn: '', endsOn: '', reason: '' }), refresh()), onError: form.showServerError }));
  const remove = useMutation(trpc.directory.timeOff.remove.mutationOptions({ onSuccess: refresh }));
  const set = (key: (typeof TIME_OFF_FIELDS)[number]) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [key]: e.target.value }));
    form.clearError(key);
  };
  const submit = () => {
    const input = { engineerId, startsOn: values.startsOn, endsOn: values.endsOn || values.startsOn, reason: values.reason };
    if (form.validate(input)) add.mutate(input);
  };
  return (
    <fieldset className="time-off">
      <legend>Time off</legend>
      {list.error && <FormAlert>{errorText(list.error)}</FormAlert>}
      {list.data && list.data.length === 0 && <p className="muted small">No time off.</p>}
      {list.data && list.data.length > 0 && (
        <ul className="time-off-list" aria-label={`Time off of ${name}`}>
          {list.data.map((t) => (
            <li key={t.id}>
              <span>
                {t.startsOn === t.endsOn ? t.startsOn : `${t.startsOn} to ${t.endsOn}`}
                {t.reason && <span className="muted"> · {t.reason}</span>}
              </span>
              <button type="button" className="button small danger" disabled={remove.isPending} onClick={() => remove.mutate({ id: t.id })} aria-label={`Remove time off ${t.startsOn} to ${t.endsOn}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <FormAlert>{form.formError}</FormAlert>
      <div className="form-grid">
        <TextField label="Time off from" control={form.field('startsOn')} type="date" value={values.startsOn} onChange={set('startsOn')} />
        <TextField label="Time off to" control={form.field('endsOn')} type="date" hint="Empty: one day" value={values.endsOn} onChange={set('endsOn')} />
        <TextField label="Reason" control={form.field('reason')} value={values.reason} onChange={set('reason')} />
      </div>
      <button type="button" className="button small" onClick={submit} disabled={add.isPending} style={{ marginTop: 8 }}>
        {add.isPending ? 'Adding…' : 'Add time off'}
      </button>
    </fieldset>
  );
}
