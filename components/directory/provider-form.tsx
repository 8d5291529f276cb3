'use client';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import { providerInput } from '../../engine/directory/directory.schema';
import { useTRPC } from '../../lib/trpc';
import { Field } from './field';
import { FormDialog } from './form-dialog';
import type { ProviderRow } from './types';
import { joinList, numberOrUndefined, splitList, useZodForm } from './use-zod-form';

const FIELDS = ['name', 'tenantId', 'tenantName', 'regions', 'skills', 'capacity', 'rating', 'contactEmail'] as const;

function initial(p?: ProviderRow) {
  return {
    name: p?.name ?? '',
    tenantId: p?.tenantId ?? '',
    tenantName: p?.tenantName ?? '',
    regions: joinList(p?.regions),
    skills: joinList(p?.skills),
    capacity: String(p?.capacity ?? 20),
    rating: String(p?.rating ?? 0),
    contactEmail: p?.contactEmail ?? '',
  };
}

export function ProviderForm({ provider, onClose, onSaved }: { provider?: ProviderRow; onClose: () => void; onSaved: (message: string) => void }) {
  const trpc = useTRPC();
  const form = useZodForm(providerInput, FIELDS);
  const [values, setValues] = useState(() => initial(provider));
  const create = useMutation(trpc.directory.providers.create.mutationOptions());
  const update = useMutation(trpc.directory.providers.update.mutationOptions());

  const set = (name: keyof typeof values) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: e.target.value }));
    form.clearError(name);
  };

  function submit() {
    const input: z.input<typeof providerInput> = {
      name: values.name,
      tenantId: values.tenantId,
      tenantName: values.tenantName,
      regions: splitList(values.regions),
      skills: splitList(values.skills),
      capacity: numberOrUndefined(values.capacity),
      rating: numberOrUndefined(values.rating),
      contactEmail: values.contactEmail,
    };
    if (!form.validate(input)) return;
    const done = { onSuccess: () => onSaved(`Provider “${values.name.trim()}” ${provider ? 'saved' : 'created'}.`), onError: form.showServerError };
    if (provider) update.mutate({ id: provider.id, data: input }, done);
    else create.mutate(input, done);
  }

  const f = form.field;
  return (
    <FormDialog
      title={provider ? `Edit provider ${provider.name}` : 'New provider'}
      submitLabel={provider ? 'Save provider' : 'Create provider'}
      pending={create.isPending || update.isPending}
      formError={form.formError}
      onSubmit={submit}
      onClose={onClose}
    >
      <div className="form-grid">
        <Field label="Name" control={f('name')}>
          <input {...f('name').input} value={values.name} onChange={set('name')} autoComplete="off" />
        </Field>
        <Field label="Contact email" control={f('contactEmail')}>
          <input {...f('contactEmail').input} type="email" value={values.contactEmail} onChange={set('contactEmail')} autoComplete="off" />
        </Field>
        <Field label="Connected tenant id" control={f('tenantId')} hint="The provider's tenant in the interconnection">
          <input {...f('tenantId').input} value={values.tenantId} onChange={set('tenantId')} autoComplete="off" />
        </Field>
        <Field label="Tenant name" control={f('tenantName')}>
          <input {...f('tenantName').input} value={values.tenantName} onChange={set('tenantName')} autoComplete="off" />
        </Field>
        <Field label="Regions" control={f('regions')} hint="Comma-separated, e.g. North, Central">
          <input {...f('regions').input} value={values.regions} onChange={set('regions')} autoComplete="off" />
        </Field>
        <Field label="Skills" control={f('skills')} hint="Comma-separated, e.g. hvac, electrical">
          <input {...f('skills').input} value={values.skills} onChange={set('skills')} autoComplete="off" />
        </Field>
        <Field label="Capacity (open orders)" control={f('capacity')}>
          <input {...f('capacity').input} type="number" inputMode="numeric" min={0} step={1} value={values.capacity} onChange={set('capacity')} />
        </Field>
        <Field label="Rating (0–5)" control={f('rating')}>
          <input {...f('rating').input} type="number" inputMode="decimal" min={0} max={5} step={0.1} value={values.rating} onChange={set('rating')} />
        </Field>
      </div>
    </FormDialog>
  );
}
