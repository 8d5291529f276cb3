'use client';
import { customFieldInput } from '../../engine/directory/directory.schema';
import { useTRPC } from '../../lib/trpc';
import { CheckboxField, Field, TextField, joinList, splitList } from '../ui';
import type { FormDone } from './directory-list';
import { CUSTOM_FIELD_TYPES, FIELD_TYPE_LABELS } from './labels';
import { RowFormDialog, savedMessage, useRowForm } from './row-form';
import type { CustomFieldRow } from './types';

const FIELDS = ['name', 'label', 'type', 'options', 'required'] as const;
type FieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export function CustomFieldForm({ field, onClose, onSaved }: { field?: CustomFieldRow } & FormDone) {
  const { customFields } = useTRPC().directory;
  const { f, formError, values, set, change, submit: save, pending } = useRowForm(
    customFieldInput,
    FIELDS,
    {
      name: field?.name ?? '',
      label: field?.label ?? '',
      type: (field?.type ?? 'string') as FieldType,
      options: joinList(field?.options),
      required: field?.required ?? false,
    },
    customFields.create.mutationOptions(),
    customFields.update.mutationOptions(),
    onSaved,
  );

  function submit() {
    save(
      field?.id,
      savedMessage('Custom field', values.label, !!field),
      {
        name: values.name,
        label: values.label,
        type: values.type,
        // Values belong to enums only; a type change leaves the box's text behind, not the list.
        options: values.type === 'enum' ? splitList(values.options) : [],
        required: values.required,
      },
    );
  }

  const name = values.name.trim() || '<name>';
  return (
    <RowFormDialog noun="custom field" button="field" editing={field?.label} pending={pending} formError={formError} onSubmit={submit} onClose={onClose}>
      <div className="form-grid">
        <TextField
          label="Name"
          control={f('name')}
          hint={
            <>
              {field ? 'Fixed once created. ' : ''}Rules use it as <code>order.custom.{name}</code>
            </>
          }
          value={values.name}
          onChange={set('name')}
          readOnly={!!field}
          spellCheck={false}
        />
        <TextField label="Label" control={f('label')} hint="Shown on order forms" value={values.label} onChange={set('label')} />
        <Field label="Type" control={f('type')} hint={field ? 'Fixed once created' : undefined}>
          <select
            {...f('type').input}
            value={values.type}
            disabled={!!field}
            onChange={(e) => change({ type: e.target.value as FieldType }, 'type', 'options')}
          >
            {CUSTOM_FIELD_TYPES.map((t) => (
              <option key={t} value={t}>
                {FIELD_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </Field>
        {values.type === 'enum' && (
          <TextField label="Values" control={f('options')} hint="Comma-separated, at least two, e.g. residential, commercial" wide value={values.options} onChange={set('options')} />
        )}
      </div>
      <CheckboxField
        label="Required on every order"
        control={f('required')}
        checked={values.required}
        onChange={(required) => change({ required }, 'required')}
      />
    </RowFormDialog>
  );
}
