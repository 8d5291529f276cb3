'use client';
// The dispatcher's "Edit" of an order: every field a dispatcher fixes, as the server holds it
// (orders.editForm), saved with the version they saw; the server's zod and custom-field errors show
// beside each field. Shown only when the server says the caller may edit the order now.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { useTRPC } from '../../../lib/trpc';
import type { Outputs } from '../../assign/types';
import { Field, FormDialog, joinList, splitList, useZodForm } from '../../ui';

type Form = Outputs['orders']['editForm'];
type Values = Record<string, string>;

const PRIORITIES = ['Low', 'Medium', 'High', 'Urgent'];
const TIERS = ['Standard', 'Gold', 'Platinum'];

/** The inputs, by the server's field paths (its errors name them so). */
const FIELDS = [
  'title',
  'description',
  'category',
  'priority',
  'customer.name',
  'customer.tier',
  'address.street',
  'address.city',
  'address.region',
  'address.postcode',
  'location.lat',
  'location.lng',
  'requiredSkills',
  'tags',
  'window.start',
  'window.end',
  'durationMinutes',
] as const;

/** An ISO instant as a datetime-local value in the browser's zone, and back. */
const localOf = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const isoOf = (local: string) => (local && !Number.isNaN(new Date(local).getTime()) ? new Date(local).toISOString() : local);

function valuesOf(f: Form['fields']): Values {
  const custom = Object.fromEntries(Object.entries(f.custom).map(([k, v]) => [`custom.${k}`, v === null || v === undefined ? '' : String(v)]));
  return {
    title: f.title,
    description: f.description,
    category: f.category,
    priority: f.priority,
    'customer.name': f.customer.name,
    'customer.tier': f.customer.tier,
    'address.street': f.address.street,
    'address.city': f.address.city,
    'address.region': f.address.region,
    'address.postcode': f.address.postcode,
    'location.lat': f.location ? String(f.location.lat) : '',
    'location.lng': f.location ? String(f.location.lng) : '',
    requiredSkills: joinList(f.requiredSkills),
    tags: joinList(f.tags),
    'window.start': f.window ? localOf(f.window.start) : '',
    'window.end': f.window ? localOf(f.window.end) : '',
    durationMinutes: f.durationMinutes === null || f.durationMinutes === undefined ? '' : String(f.durationMinutes),
    ...custom,
  };
}

const number = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** The "Edit" button and its dialog, for an order the caller may edit now. */
export function EditOrderButton({ orderId, onDone }: { orderId: string; onDone: (message: string) => void }) {
  const trpc = useTRPC();
  const form = useQuery(trpc.orders.editForm.queryOptions({ id: orderId }));
  const [open, setOpen] = useState(false);
  if (!form.data?.editable) return null;
  return (
    <>
      <button type="button" className="button ds-touch" onClick={() => setOpen(true)}>
        Edit
      </button>
      {open && <EditOrderDialog form={form.data} onClose={() => setOpen(false)} onDone={onDone} />}
    </>
  );
}

function EditOrderDialog({ form, onClose, onDone }: { form: Form; onClose: () => void; onDone: (message: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const customFields = useQuery(trpc.directory.customFields.list.queryOptions());
  const custom = (customFields.data ?? []).filter((f) => f.active);
  const { field, formError, showServerError, clearError } = useZodForm(z.unknown(), [...FIELDS, ...custom.map((f) => `custom.${f.name}`)]);
  const [v, setV] = useState<Values>(() => valuesOf(form.fields));
  const set = (name: string) => (e: { target: { value: string } }) => {
    setV((x) => ({ ...x, [name]: e.target.value }));
    clearError(name);
  };
  const edit = useMutation(
    trpc.orders.edit.mutationOptions({
      onSuccess: async (order) => {
        await queryClient.invalidateQueries(trpc.queues.pathFilter());
        await queryClient.invalidateQueries(trpc.orders.pathFilter());
        onDone(`${order.number} saved`);
        onClose();
      },
      onError: showServerError,
    }),
  );

  function submit() {
    const lat = number(v['location.lat']);
    const lng = number(v['location.lng']);
    const customValues: Record<string, unknown> = {};
    for (const f of custom) {
      const raw = v[`custom.${f.name}`] ?? '';
      customValues[f.name] = raw === '' ? null : f.type === 'number' ? Number(raw) : f.type === 'bool' ? raw === 'true' : raw;
    }
    edit.mutate({
      orderId: form.orderId,
      version: form.version,
      title: v.title,
      description: v.description,
      category: v.category,
      priority: v.priority as 'Medium',
      customer: { name: v['customer.name'], tier: v['customer.tier'] as 'Standard' },
      address: { street: v['address.street'], city: v['address.city'], region: v['address.region'], postcode: v['address.postcode'] },
      location: lat !== undefined || lng !== undefined ? { lat: lat ?? NaN, lng: lng ?? NaN } : null,
      requiredSkills: splitList(v.requiredSkills),
      tags: splitList(v.tags),
      custom: customValues,
      window: v['window.start'] || v['window.end'] ? { start: isoOf(v['window.start']), end: isoOf(v['window.end']) } : null,
      durationMinutes: number(v.durationMinutes) ?? null,
    });
  }

  const text = (name: string, label: string, props: { wide?: boolean; inputMode?: 'decimal' | 'numeric'; type?: string } = {}) => {
    const c = field(name);
    return (
      <Field label={label} control={c} wide={props.wide}>
        <input {...c.input} type={props.type ?? 'text'} inputMode={props.inputMode} value={v[name] ?? ''} onChange={set(name)} />
      </Field>
    );
  };
  const choice = (name: string, label: string, options: readonly string[], blank = false) => {
    const c = field(name);
    return (
      <Field label={label} control={c}>
        <select {...c.input} value={v[name] ?? ''} onChange={set(name)}>
          {blank && <option value="">—</option>}
          {options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </Field>
    );
  };

  return (
    <FormDialog title={`Edit ${form.number}`} submitLabel="Save changes" pending={edit.isPending} formError={formError} onSubmit={submit} onClose={onClose}>
      <div className="form-grid">
        {text('title', 'Title', { wide: true })}
        <Field label="Description" control={field('description')} wide>
          <textarea {...field('description').input} rows={3} value={v.description} onChange={set('description')} />
        </Field>
        {text('category', 'Category')}
        {choice('priority', 'Priority', PRIORITIES)}
        {text('customer.name', 'Customer')}
        {choice('customer.tier', 'Customer tier', TIERS)}
        {text('address.street', 'Street')}
        {text('address.city', 'City')}
        {text('address.region', 'Region')}
        {text('address.postcode', 'Postcode')}
        {text('location.lat', 'Latitude (optional)', { inputMode: 'decimal' })}
        {text('location.lng', 'Longitude (optional)', { inputMode: 'decimal' })}
        {text('requiredSkills', 'Required skills (comma separated)')}
        {text('tags', 'Tags (comma separated)')}
        {text('window.start', 'Service window from (optional)', { type: 'datetime-local' })}
        {text('window.end', 'Service window until (optional)', { type: 'datetime-local' })}
        {text('durationMinutes', 'Estimated duration in minutes (optional)', { inputMode: 'numeric' })}
        {custom.map((f) =>
          f.type === 'enum' || f.type === 'bool'
            ? choice(`custom.${f.name}`, `${f.label}${f.required ? '' : ' (optional)'}`, f.type === 'bool' ? ['true', 'false'] : f.options, true)
            : text(`custom.${f.name}`, `${f.label}${f.required ? '' : ' (optional)'}`, f.type === 'number' ? { inputMode: 'decimal' } : {}),
        )}
      </div>
    </FormDialog>
  );
}
