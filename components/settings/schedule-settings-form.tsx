'use client';
// The company's scheduling settings (admin): the time zone working hours and time off are read in,
// the weekly working hours every engineer has unless they have their own, the travel model, and
// each category's default duration (an order that names none takes its category's).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { scheduleSettingsInput } from '../../engine/directory/schedule.schema';
import { useTRPC } from '../../lib/trpc';
import { WeeklyHoursFields, hoursToText, textToHours, type Day, type WeeklyText } from '../schedule/weekly-hours';
import { FieldError, FormAlert, FormFooter, LoadError, TextField, useStatus, useZodForm, type FieldErrors } from '../ui';
import { humanMinutes } from './sla-policy-form';

const DAYS: Day[] = ['0', '1', '2', '3', '4', '5', '6'];
/** Categories the new-order form offers, suggested in the durations table. */
const SUGGESTED = ['HVAC', 'Electrical', 'Plumbing', 'Install', 'Security', 'Network', 'Appliance'];

interface Values {
  timeZone: string;
  hours: WeeklyText;
  speedKmh: string;
  minimumMinutes: string;
  durations: { category: string; minutes: string }[];
}

const fieldsFor = (rows: number) => [
  'timeZone',
  ...DAYS.map((d) => `workingHours.${d}`),
  'travel.speedKmh',
  'travel.minimumMinutes',
  ...Array.from({ length: rows }, (_, i) => [`categoryDurations.${i}.category`, `categoryDurations.${i}.durationMinutes`]).flat(),
];

const num = (text: string) => (text.trim() === '' ? undefined : Number(text));

export function ScheduleSettings() {
  const trpc = useTRPC();
  const { data, error, isLoading } = useQuery(trpc.settings.schedule.queryOptions());
  if (isLoading) return <p className="muted">Loading…</p>;
  if (error || !data) return <LoadError error={error} what="Could not load the schedule settings" />;
  return (
    <ScheduleSettingsForm
      initial={{
        timeZone: data.timeZone,
        hours: hoursToText(data.workingHours),
        speedKmh: String(data.travel.speedKmh),
        minimumMinutes: String(data.travel.minimumMinutes),
        durations: data.categoryDurations.map((c) => ({ category: c.category, minutes: String(c.durationMinutes) })),
      }}
    />
  );
}

function ScheduleSettingsForm({ initial }: { initial: Values }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(initial);
  const [dirty, setDirty] = useState(false);
  const form = useZodForm(scheduleSettingsInput, fieldsFor(values.durations.length));
  const { status, announce } = useStatus();
  const save = useMutation(trpc.settings.updateSchedule.mutationOptions());
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

  const update = (patch: Partial<Values>, ...errorKeys: string[]) => {
    setValues((v) => ({ ...v, ...patch }));
    setDirty(true);
    for (const k of errorKeys) form.clearError(k);
  };
  const setDuration = (i: number, patch: Partial<Values['durations'][number]>, key: string) =>
    update({ durations: values.durations.map((d, k) => (k === i ? { ...d, ...patch } : d)) }, `categoryDurations.${i}.${key}`);

  function submit(event: FormEvent) {
    event.preventDefault();
    const { hours, errors } = textToHours(values.hours);
    const input: z.input<typeof scheduleSettingsInput> = {
      timeZone: values.timeZone,
      workingHours: hours,
      travel: { speedKmh: num(values.speedKmh) as number, minimumMinutes: num(values.minimumMinutes) as number },
      categoryDurations: values.durations
        .filter((d) => d.category.trim() !== '' || d.minutes.trim() !== '')
        .map((d) => ({ category: d.category, durationMinutes: num(d.minutes) as number })),
    };
    const extra = (): FieldErrors => Object.fromEntries(Object.entries(errors).map(([d, m]) => [`workingHours.${d}`, m]));
    if (!form.validate(input, extra)) return;
    save.mutate(input as z.output<typeof scheduleSettingsInput>, {
      onSuccess: () => {
        setDirty(false);
        announce('Schedule settings saved. Shifts and default durations count from now.');
        return queryClient.invalidateQueries({ queryKey: trpc.settings.schedule.queryKey() });
      },
      onError: form.showServerError,
    });
  }

  return (
    <form className="panel schedule-settings" noValidate onSubmit={submit} aria-labelledby="schedule-heading" style={{ marginTop: 16 }}>
      <h2 id="schedule-heading" className="panel-title">
        Scheduling
      </h2>
      <p className="muted">Working hours and time off are read in the company’s time zone. An engineer with hours of their own (Directory) uses those instead.</p>
      <FormAlert>{form.formError}</FormAlert>
      <div className="form">
        <div className="form-grid">
          <TextField label="Company time zone" control={form.field('timeZone')} hint="IANA name, e.g. America/New_York" list="schedule-zones" value={values.timeZone} onChange={(e) => update({ timeZone: e.target.value }, 'timeZone')} />
          <TextField
            label="Travel speed (km/h)"
            control={form.field('travel.speedKmh')}
            type="number"
            inputMode="decimal"
            min={1}
            value={values.speedKmh}
            onChange={(e) => update({ speedKmh: e.target.value }, 'travel.speedKmh')}
          />
          <TextField
            label="Minimum travel (minutes)"
            control={form.field('travel.minimumMinutes')}
            type="number"
            inputMode="numeric"
            min={0}
            value={values.minimumMinutes}
            onChange={(e) => update({ minimumMinutes: e.target.value }, 'travel.minimumMinutes')}
          />
        </div>
        <datalist id="schedule-zones">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <WeeklyHoursFields
          legend="Company working hours"
          text={values.hours}
          onChange={(d, value) => update({ hours: { ...values.hours, [d]: value } }, `workingHours.${d}`)}
          control={(d) => form.field(`workingHours.${d}`)}
        />
        <fieldset>
          <legend>Default duration by category</legend>
          <table className="data duration-table">
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col">Duration (minutes)</th>
                <th scope="col">
                  <span className="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {values.durations.map((d, i) => {
                const cat = form.field(`categoryDurations.${i}.category`);
                const min = form.field(`categoryDurations.${i}.durationMinutes`);
                return (
                  <tr key={i}>
                    <td>
                      <label htmlFor={cat.id} className="sr-only">
                        Category {i + 1}
                      </label>
                      <input {...cat.input} list="schedule-categories" autoComplete="off" value={d.category} onChange={(e) => setDuration(i, { category: e.target.value }, 'category')} />
                      <FieldError control={cat} />
                    </td>
                    <td>
                      <label htmlFor={min.id} className="sr-only">
                        Duration of {d.category || `category ${i + 1}`} (minutes)
                      </label>
                      <div className="minutes">
                        <input {...min.input} type="number" inputMode="numeric" min={1} step={1} value={d.minutes} onChange={(e) => setDuration(i, { minutes: e.target.value }, 'durationMinutes')} />{' '}
                        <span className="muted small">{humanMinutes(d.minutes)}</span>
                      </div>
                      <FieldError control={min} />
                    </td>
                    <td>
                      <button type="button" className="button small" aria-label={`Remove ${d.category || `category ${i + 1}`}`} onClick={() => update({ durations: values.durations.filter((_, k) => k !== i) })}>
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <datalist id="schedule-categories">
            {SUGGESTED.filter((c) => !values.durations.some((d) => d.category === c)).map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          <button type="button" className="button small" style={{ marginTop: 8 }} onClick={() => update({ durations: [...values.durations, { category: '', minutes: '' }] })}>
            Add a category
          </button>
        </fieldset>
      </div>
      <FormFooter label="Save scheduling settings" pendingLabel="Saving…" pending={save.isPending} status={status}>
        {dirty && <span className="muted">Unsaved changes</span>}
      </FormFooter>
    </form>
  );
}
