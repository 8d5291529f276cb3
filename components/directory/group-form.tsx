'use client';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import { serviceGroupInput } from '../../engine/directory/directory.schema';
import { useTRPC } from '../../lib/trpc';
import { CheckList, type CheckOption } from './check-list';
import { Field } from './field';
import { FormDialog } from './form-dialog';
import type { EngineerRow, GroupRow, ProviderRow, UserRow } from './types';
import { useZodForm } from './use-zod-form';

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
  const [values, setValues] = useState({
    name: group?.name ?? '',
    kind: (group?.kind ?? 'engineers') as Kind,
    description: group?.description ?? '',
    region: group?.region ?? '',
    memberIds: group?.memberIds ?? [],
    dispatcherIds: group?.dispatchers.map((d) => d.id) ?? [],
  });
  const create = useMutation(trpc.directory.groups.create.mutationOptions());
  const update = useMutation(trpc.directory.groups.update.mutationOptions());

  const setText = (name: 'name' | 'description' | 'region') => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: e.target.value }));
    form.clearError(name);
  };

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
    const done = { onSuccess: () => onSaved(`Service group “${values.name.trim()}” ${group ? 'saved' : 'created'}.`), onError: form.showServerError };
    if (group) update.mutate({ id: group.id, data: input }, done);
    else create.mutate(input, done);
  }

  const f = form.field;
  return (
    <FormDialog
      title={group ? `Edit service group ${group.name}` : 'New service group'}
      submitLabel={group ? 'Save group' : 'Create group'}
      pending={create.isPending || update.isPending}
      formError={form.formError}
      onSubmit={submit}
      onClose={onClose}
    >
      <div className="form-grid">
        <Field label="Name" control={f('name')}>
          <input {...f('name').input} value={values.name} onChange={setText('name')} autoComplete="off" />
        </Field>
        <Field label="Kind" control={f('kind')} hint={group ? 'A group keeps its kind' : 'Who the group assigns to'}>
          <select
            {...f('kind').input}
            value={values.kind}
            disabled={!!group}
            onChange={(e) => {
              setValues((v) => ({ ...v, kind: e.target.value as Kind, memberIds: [] }));
              form.clearError('kind');
            }}
          >
            <option value="engineers">Internal engineers</option>
            <option value="providers">Service providers</option>
          </select>
        </Field>
        <Field label="Region" control={f('region')}>
          <input {...f('region').input} value={values.region} onChange={setText('region')} autoComplete="off" />
        </Field>
        <Field label="Description" control={f('description')} wide>
          <textarea {...f('description').input} rows={2} value={values.description} onChange={setText('description')} />
        </Field>
      </div>
      <CheckList
        legend={values.kind === 'engineers' ? 'Member engineers' : 'Member providers'}
        control={f('memberIds')}
        options={memberOptions}
        selected={values.memberIds}
        filterLabel="Filter members"
        empty={values.kind === 'engineers' ? 'No internal engineers yet.' : 'No providers yet.'}
        onChange={(ids) => {
          setValues((v) => ({ ...v, memberIds: ids }));
          form.clearError('memberIds');
        }}
      />
      <CheckList
        legend="Dispatchers"
        control={f('dispatcherIds')}
        options={dispatcherOptions}
        selected={values.dispatcherIds}
        filterLabel="Filter dispatchers"
        empty="No users with the service group dispatcher role yet."
        onChange={(ids) => {
          setValues((v) => ({ ...v, dispatcherIds: ids }));
          form.clearError('dispatcherIds');
        }}
      />
    </FormDialog>
  );
}
