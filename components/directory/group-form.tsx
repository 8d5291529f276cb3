'use client';
import type { z } from 'zod';
import { serviceGroupInput } from '../../engine/directory/directory.schema';
import { useTRPC } from '../../lib/trpc';
import { CheckList, Field, TextField, useFormValues, useZodForm, type CheckOption } from '../ui';
import { RowFormDialog, savedMessage, useSave } from './row-form';
import type { EngineerRow, GroupRow, ProviderRow, UserRow } from './types';

const FIELDS = ['name', 'kind', 'description', 'region', 'memberIds', 'dispatcherIds'] as const;
type Kind = 'engineers' | 'providers';

export function GroupForm({
  group,
  engineers,
  providers,
  users,
  onClose,
  onSaved,
}: {
  group?: GroupRow;
  engineers: EngineerRow[];
  providers: ProviderRow[];
  users: UserRow[];
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const trpc = useTRPC();
  const form = useZodForm(serviceGroupInput, FIELDS);
  const { values, set, change } = useFormValues(
    {
      name: group?.name ?? '',
      kind: (group?.kind ?? 'engineers') as Kind,
      description: group?.description ?? '',
      region: group?.region ?? '',
      memberIds: group?.memberIds ?? [],
      dispatcherIds: group?.dispatchers.map((d) => d.id) ?? [],
    },
    form.clearError,
  );
  const { save, pending } = useSave(trpc.directory.groups.create.mutationOptions(), trpc.directory.groups.update.mutationOptions());

  // Members: internal engineers for an engineer group, providers for a provider group. Inactive ones
  // stay listed only when already members, so saving keeps them.
  const memberOptions: CheckOption[] =
    values.kind === 'engineers'
      ? engineers
          .filter((e) => !e.providerId && (e.active || values.memberIds.includes(e.id)))
          .map((e) => ({ id: e.id, label: e.name, hint: [e.region, e.skills.join(', ')].filter(Boolean).join(' · '), inactive: !e.active }))
      : providers
          .filter((p) => p.active || values.memberIds.includes(p.id))
          .map((p) => ({ id: p.id, label: p.name, hint: p.regions.join(', '), inactive: !p.active }));
  const dispatcherOptions: CheckOption[] = users
    .filter((u) => u.role === 'group_dispatcher' && (u.active || values.dispatcherIds.includes(u.id)))
    .map((u) => ({ id: u.id, label: u.name, hint: u.email, inactive: !u.active }));

  function submit() {
    const input: z.input<typeof serviceGroupInput> = {
      name: values.name,
      kind: values.kind,
      description: values.description,
      region: values.region,
      memberIds: values.memberIds,
      dispatcherIds: values.dispatcherIds,
    };
    if (!form.validate(input)) return;
    save(group?.id, input, { onSuccess: () => onSaved(savedMessage('Service group', values.name, !!group)), onError: form.showServerError });
  }

  const f = form.field;
  return (
    <RowFormDialog noun="service group" button="group" editing={group?.name} pending={pending} formError={form.formError} onSubmit={submit} onClose={onClose}>
      <div className="form-grid">
        <TextField label="Name" control={f('name')} value={values.name} onChange={set('name')} />
        <Field label="Kind" control={f('kind')} hint={group ? 'A group keeps its kind' : 'Who the group assigns to'}>
          <select
            {...f('kind').input}
            value={values.kind}
            disabled={!!group}
            onChange={(e) => change({ kind: e.target.value as Kind, memberIds: [] }, 'kind')}
          >
            <option value="engineers">Internal engineers</option>
            <option value="providers">Service providers</option>
          </select>
        </Field>
        <TextField label="Region" control={f('region')} value={values.region} onChange={set('region')} />
        <Field label="Description" control={f('description')} wide>
          <textarea {...f('description').input} rows={2} value={values.description} onChange={set('description')} />
        </Field>
      </div>
      <CheckList
        legend={values.kind === 'engineers' ? 'Member engineers' : 'Member providers'}
        control={f('memberIds')}
        options={memberOptions}
        selected={values.memberIds}
        filterLabel="Filter members"
        empty={values.kind === 'engineers' ? 'No internal engineers yet.' : 'No providers yet.'}
        onChange={(ids) => change({ memberIds: ids }, 'memberIds')}
      />
      <CheckList
        legend="Dispatchers"
        control={f('dispatcherIds')}
        options={dispatcherOptions}
        selected={values.dispatcherIds}
        filterLabel="Filter dispatchers"
        empty="No users with the service group dispatcher role yet."
        onChange={(ids) => change({ dispatcherIds: ids }, 'dispatcherIds')}
      />
    </RowFormDialog>
  );
}
