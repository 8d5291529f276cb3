'use client';
import type { z } from 'zod';
import { providerInput } from '../../engine/directory/directory.schema';
import { useTRPC } from '../../lib/trpc';
import { TextField, joinList, numberOrUndefined, splitList, useFormValues, useZodForm } from '../ui';
import { CapacityAndRating, RowFormDialog, savedMessage, useSave } from './row-form';
import type { ProviderRow } from './types';

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
  const { values, set } = useFormValues(() => initial(provider), form.clearError);
  const { save, pending } = useSave(trpc.directory.providers.create.mutationOptions(), trpc.directory.providers.update.mutationOptions());

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
    save(provider?.id, input, { onSuccess: () => onSaved(savedMessage('Provider', values.name, !!provider)), onError: form.showServerError });
  }

  const f = form.field;
  return (
    <RowFormDialog noun="provider" editing={provider?.name} pending={pending} formError={form.formError} onSubmit={submit} onClose={onClose}>
      <div className="form-grid">
        <TextField label="Name" control={f('name')} value={values.name} onChange={set('name')} />
        <TextField label="Contact email" control={f('contactEmail')} type="email" value={values.contactEmail} onChange={set('contactEmail')} />
        <TextField label="Connected tenant id" control={f('tenantId')} hint="The provider's tenant in the interconnection" value={values.tenantId} onChange={set('tenantId')} />
        <TextField label="Tenant name" control={f('tenantName')} value={values.tenantName} onChange={set('tenantName')} />
        <TextField label="Regions" control={f('regions')} hint="Comma-separated, e.g. North, Central" value={values.regions} onChange={set('regions')} />
        <TextField label="Skills" control={f('skills')} hint="Comma-separated, e.g. hvac, electrical" value={values.skills} onChange={set('skills')} />
        <CapacityAndRating control={f} capacity={values.capacity} rating={values.rating} set={set} />
      </div>
    </RowFormDialog>
  );
}
