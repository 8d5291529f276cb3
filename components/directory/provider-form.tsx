'use client';
import { providerInput } from '../../engine/directory/directory.schema';
import { useTRPC } from '../../lib/trpc';
import { TextField, joinList, numberOrUndefined, splitList } from '../ui';
import type { FormDone } from './directory-list';
import { CapacityAndRating, RowFormDialog, savedMessage, useRowForm } from './row-form';
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

export function ProviderForm({ provider, onClose, onSaved }: { provider?: ProviderRow } & FormDone) {
  const { providers } = useTRPC().directory;
  const { f, formError, values, set, submit: save, pending } = useRowForm(
    providerInput,
    FIELDS,
    () => initial(provider),
    providers.create.mutationOptions(),
    providers.update.mutationOptions(),
    onSaved,
  );

  function submit() {
    save(
      provider?.id,
      savedMessage('Provider', values.name, !!provider),
      {
        name: values.name,
        tenantId: values.tenantId,
        tenantName: values.tenantName,
        regions: splitList(values.regions),
        skills: splitList(values.skills),
        capacity: numberOrUndefined(values.capacity),
        rating: numberOrUndefined(values.rating),
        contactEmail: values.contactEmail,
      },
    );
  }

  return (
    <RowFormDialog noun="provider" editing={provider?.name} pending={pending} formError={formError} onSubmit={submit} onClose={onClose}>
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
