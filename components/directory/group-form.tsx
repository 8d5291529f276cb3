'use client';
import { serviceGroupInput } from '../../engine/directory/directory.schema';
import { useTRPC } from '../../lib/trpc';
import { CheckList, Field, TextField, type CheckOption } from '../ui';
import type { FormDone } from './directory-list';
import { RowFormDialog, savedMessage, useRowForm, type DirectoryData } from './row-form';
import type { GroupRow } from './types';

const FIELDS = ['name', 'kind', 'description', 'region', 'memberIds', 'dispatcherIds'] as const;
type Kind = 'engineers' | 'providers';

export function GroupForm({ group, engineers, providers, users, onClose, onSaved }: { group?: GroupRow } & DirectoryData & FormDone) {
  const { groups } = useTRPC().directory;
  const { f, formError, values, set, change, submit: save, pending } = useRowForm(
    serviceGroupInput,
    FIELDS,
    {
      name: group?.name ?? '',
      kind: (group?.kind ?? 'engineers') as Kind,
      description: group?.description ?? '',
      region: group?.region ?? '',
      memberIds: group?.memberIds ?? [],
      dispatcherIds: group?.dispatchers.map((d) => d.id) ?? [],
    },
    groups.create.mutationOptions(),
    groups.update.mutationOptions(),
    onSaved,
  );

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
    save(
      group?.id,
      savedMessage('Service group', values.name, !!group),
      {
        name: values.name,
        kind: values.kind,
        description: values.description,
        region: values.region,
        memberIds: values.memberIds,
        dispatcherIds: values.dispatcherIds,
      },
    );
  }

  return (
    <RowFormDialog noun="service group" button="group" editing={group?.name} pending={pending} formError={formError} onSubmit={submit} onClose={onClose}>
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
