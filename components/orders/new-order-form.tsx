'use client';
// A work order by hand: the intake's own input (newOrderInput), with the server's field errors shown
// beside each field; diagnostic readings as rows (name, value, unit, when read) added one by one.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { fieldErrorsOf } from '../../lib/form-errors';
import { useTRPC } from '../../lib/trpc';
import { splitList } from '../ui';

/** A diagnostic reading as typed: a value that reads as a number is sent as one. */
type ReadingRow = { name: string; value: string; unit: string; time: string };
const EMPTY_READING: ReadingRow = { name: '', value: '', unit: '', time: '' };
const readingValueOf = (s: string) => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);

const CATEGORIES = ['HVAC', 'Electrical', 'Plumbing', 'Install', 'Security', 'Network', 'Appliance'];
const REGIONS = ['North', 'Central', 'South', 'East', 'West'];

/** A datetime-local value (the browser's zone) as an ISO instant; empty stays empty. */
const isoOf = (local: string | undefined) => {
  if (!local) return '';
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
};

export function NewOrderForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const customFields = useQuery(trpc.directory.customFields.list.queryOptions());
  const [v, setV] = useState<Record<string, string>>({ priority: 'Medium', tier: 'Standard', category: 'HVAC', region: 'Central' });
  const [custom, setCustom] = useState<Record<string, string>>({});
  const [readings, setReadings] = useState<ReadingRow[]>([]);
  const setReading = (i: number, k: keyof ReadingRow) => (e: { target: { value: string } }) =>
    setReadings((rs) => rs.map((r, j) => (j === i ? { ...r, [k]: e.target.value } : r)));
  const set = (k: string) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));
  const create = useMutation(trpc.orders.create.mutationOptions({ onSuccess: (order) => router.push(`/orders/${order.id}`) }));
  const fieldErrors = fieldErrorsOf(create.error);
  const err = (k: string) => fieldErrors[k]?.join(' ');
  const num = (s: string | undefined) => (s && s.trim() !== '' ? Number(s) : undefined);

  function submit() {
    const lat = num(v.lat);
    const lng = num(v.lng);
    const customValues: Record<string, unknown> = {};
    for (const f of customFields.data ?? []) {
      const raw = custom[f.name];
      if (raw === undefined || raw === '') continue;
      customValues[f.name] = f.type === 'number' ? Number(raw) : f.type === 'bool' ? raw === 'true' : raw;
    }
    create.mutate({
      title: v.title ?? '',
      description: v.description ?? '',
      category: v.category ?? '',
      priority: v.priority as 'Medium',
      customer: { name: v.customer ?? '', tier: v.tier as 'Standard' },
      contact: { name: v.contactName ?? '', phone: v.contactPhone ?? '' },
      address: { street: v.street ?? '', city: v.city ?? '', region: v.region ?? '', postcode: v.postcode ?? '' },
      location: lat !== undefined || lng !== undefined ? { lat: lat ?? NaN, lng: lng ?? NaN } : null,
      requiredSkills: splitList(v.skills ?? ''),
      tags: splitList(v.tags ?? ''),
      custom: customValues,
      source: 'manual',
      // The browser's local time (datetime-local) as an instant; one end left empty is the server's error to name.
      window: v.windowStart || v.windowEnd ? { start: isoOf(v.windowStart), end: isoOf(v.windowEnd) } : null,
      durationMinutes: num(v.duration) ?? null,
      diagnostics: readings.map((r) => ({
        name: r.name,
        value: readingValueOf(r.value),
        unit: r.unit || null,
        ...(r.time ? { time: isoOf(r.time) } : {}),
      })),
    });
  }

  const F = ({ k, label, children, wide }: { k: string; label: string; children: ReactNode; wide?: boolean }) => (
    <label className={`field${wide ? ' wide' : ''}`}>
      <span>{label}</span>
      {children}
      {err(k) && (
        <span className="field-error" role="alert">
          {err(k)}
        </span>
      )}
    </label>
  );

  return (
    <form
      className="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {create.error && (
        <p role="alert" className="form-alert">
          {create.error.message.startsWith('[') ? 'Check the fields marked below' : create.error.message}
        </p>
      )}
      <div className="form-grid">
        {F({ k: 'title', label: 'Title', wide: true, children: <input value={v.title ?? ''} onChange={set('title')} aria-invalid={!!err('title')} /> })}
        {F({ k: 'description', label: 'Description', wide: true, children: <textarea rows={3} value={v.description ?? ''} onChange={set('description')} /> })}
        {F({
          k: 'category',
          label: 'Category',
          children: (
            <select value={v.category} onChange={set('category')}>
              {CATEGORIES.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          ),
        })}
        {F({
          k: 'priority',
          label: 'Priority',
          children: (
            <select value={v.priority} onChange={set('priority')}>
              {['Low', 'Medium', 'High', 'Urgent'].map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          ),
        })}
        {F({ k: 'customer.name', label: 'Customer', children: <input value={v.customer ?? ''} onChange={set('customer')} aria-invalid={!!err('customer.name')} /> })}
        {F({
          k: 'customer.tier',
          label: 'Customer tier',
          children: (
            <select value={v.tier} onChange={set('tier')}>
              {['Standard', 'Gold', 'Platinum'].map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          ),
        })}
        {F({ k: 'contact.name', label: 'Site contact (optional)', children: <input value={v.contactName ?? ''} onChange={set('contactName')} /> })}
        {F({ k: 'contact.phone', label: 'Site contact phone (optional)', children: <input type="tel" value={v.contactPhone ?? ''} onChange={set('contactPhone')} aria-invalid={!!err('contact.phone')} /> })}
        {F({ k: 'address.street', label: 'Street', children: <input value={v.street ?? ''} onChange={set('street')} /> })}
        {F({ k: 'address.city', label: 'City', children: <input value={v.city ?? ''} onChange={set('city')} aria-invalid={!!err('address.city')} /> })}
        {F({
          k: 'address.region',
          label: 'Region',
          children: (
            <select value={v.region} onChange={set('region')}>
              {REGIONS.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          ),
        })}
        {F({ k: 'address.postcode', label: 'Postcode', children: <input value={v.postcode ?? ''} onChange={set('postcode')} /> })}
        {F({ k: 'location.lat', label: 'Latitude (optional)', children: <input inputMode="decimal" value={v.lat ?? ''} onChange={set('lat')} /> })}
        {F({ k: 'location.lng', label: 'Longitude (optional)', children: <input inputMode="decimal" value={v.lng ?? ''} onChange={set('lng')} /> })}
        {F({ k: 'requiredSkills', label: 'Required skills (comma separated)', children: <input value={v.skills ?? ''} onChange={set('skills')} /> })}
        {F({ k: 'tags', label: 'Tags (comma separated)', children: <input value={v.tags ?? ''} onChange={set('tags')} /> })}
        {F({ k: 'window.start', label: 'Service window from (optional)', children: <input type="datetime-local" value={v.windowStart ?? ''} onChange={set('windowStart')} aria-invalid={!!err('window.start')} /> })}
        {F({ k: 'window.end', label: 'Service window until (optional)', children: <input type="datetime-local" value={v.windowEnd ?? ''} onChange={set('windowEnd')} aria-invalid={!!err('window.end')} /> })}
        {F({
          k: 'durationMinutes',
          label: 'Estimated duration in minutes (optional: the category default)',
          children: <input inputMode="numeric" value={v.duration ?? ''} onChange={set('duration')} aria-invalid={!!err('durationMinutes')} />,
        })}
        {(customFields.data ?? [])
          .filter((f) => f.active)
          .map((f) =>
            F({
              k: `custom.${f.name}`,
              label: `${f.label}${f.required ? '' : ' (optional)'}`,
              children:
                f.type === 'enum' || f.type === 'bool' ? (
                  <select value={custom[f.name] ?? ''} onChange={(e) => setCustom((c) => ({ ...c, [f.name]: e.target.value }))}>
                    <option value="">—</option>
                    {(f.type === 'bool' ? ['true', 'false'] : f.options).map((o) => (
                      <option key={o}>{o}</option>
                    ))}
                  </select>
                ) : (
                  <input value={custom[f.name] ?? ''} onChange={(e) => setCustom((c) => ({ ...c, [f.name]: e.target.value }))} />
                ),
            }),
          )}
      </div>
      <fieldset className="form-grid diagnostics-input">
        <legend>Diagnostics</legend>
        {err('diagnostics') && (
          <p className="field-error wide" role="alert">
            {err('diagnostics')}
          </p>
        )}
        {readings.length === 0 && <p className="muted wide">No readings. Add the readings taken before the visit, if any.</p>}
        {readings.map((r, i) => (
          <fieldset key={i} className="form-grid wide" aria-label={`Reading ${i + 1}`}>
            {F({ k: `diagnostics.${i}.name`, label: `Reading ${i + 1} name`, children: <input value={r.name} onChange={setReading(i, 'name')} aria-invalid={!!err(`diagnostics.${i}.name`)} /> })}
            {F({ k: `diagnostics.${i}.value`, label: `Reading ${i + 1} value`, children: <input value={r.value} onChange={setReading(i, 'value')} aria-invalid={!!err(`diagnostics.${i}.value`)} /> })}
            {F({ k: `diagnostics.${i}.unit`, label: `Reading ${i + 1} unit (optional)`, children: <input value={r.unit} onChange={setReading(i, 'unit')} /> })}
            {F({
              k: `diagnostics.${i}.time`,
              label: `Reading ${i + 1} read at (optional: now)`,
              children: <input type="datetime-local" value={r.time} onChange={setReading(i, 'time')} aria-invalid={!!err(`diagnostics.${i}.time`)} />,
            })}
            <div className="field">
              <button type="button" className="button ds-touch" onClick={() => setReadings((rs) => rs.filter((_, j) => j !== i))}>
                Remove reading {i + 1}
              </button>
            </div>
          </fieldset>
        ))}
        <div className="wide">
          <button type="button" className="button ds-touch" onClick={() => setReadings((rs) => [...rs, EMPTY_READING])}>
            Add reading
          </button>
        </div>
      </fieldset>
      <div className="form-footer">
        <button type="submit" className="button primary ds-touch" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create work order'}
        </button>
      </div>
    </form>
  );
}
