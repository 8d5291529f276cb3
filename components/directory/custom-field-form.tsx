'use client';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import { customFieldInput } from '../../engine/directory/directory.schema';
import { useTRPC } from '../../lib/trpc';
import { CheckboxField, Field } from './field';
import { FormDialog } from './form-dialog';
import { CUSTOM_FIELD_TYPES, FIELD_TYPE_LABELS } from './labels';
import type { CustomFieldRow } from './types';
import { joinList, splitList, useZodForm } from './use-zod-form';

const FIELDS = ['name', 'label', 'type', 'options', 'required'] as const;
type FieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export function CustomFieldForm({ field, onClose, onSaved }: { field?: CustomFieldRow; onClose: () => void; onSaved: (message: string) => void }) {
  const trpc = useTRPC();
  const form = useZodForm(customFieldInput, FIELDS);
  const [values, setValues] = useState({
    name: field?.name ?? '',
    label: field?.label ?? '',
    type: (field?.type ?? 'string') as FieldType,
    options: joinList(field?.options),
    required: field?.required ?? false,
  });
  const create = useMutation(trpc.directory.customFields.create.mutationOptions());
  const update = useMutation(trpc.directory.customFields.update.mutationOptions());

  const set = (name: 'name' | 'label' | 'options') => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: e.target.value }));
    form.clearError(name);
  };

  function submit() {
    const input: z.input<typeof customFieldInput> = {
      name: values.name,
      label: values.label,
      type: values.type,
      // Values belong to enums only; a type change leaves the box's text behind, not the list.
      options: values.type === 'enum' ? splitList(values.options) : [],
      required: values.required,
    };
    if (!form.validate(input)) return;
    const done = { onSuccess: () => onSaved(`Custom field “${values.label.trim()}” ${field ? 'saved' : 'created'}.`), onError: form.showServerError };
    if (field) update.mutate({ id: field.id, data: input }, done);
    else create.mutate(input, done);
  }

  const f = form.field;
  const name = values.name.trim() || '<name>';
  return (
    <FormDialog
      title={field ? `Edit custom field ${field.label}` : 'New custom field'}
      submitLabel={field ? 'Save field' : 'Create field'}
      pending={create.isPending || update.isPending}
      formError={form.formError}
      onSubmit={submit}
      onClose={onClose}
    >
      <div className="form-grid">
        <Field
          label="Name"
          control={f('name')}
          hint={
            <>
              {field ? 'Fixed once created. ' : ''}Rules use it as <code>order.custom.{name}</code>
            </>
          }
        >
          <input {...f('name').input} value={values.name} onChange={set('name')} readOnly={!!field} autoComplete="off" spellCheck={false} />
        </Field>
        <Field label="Label" control={f('label')} hint="Shown on order forms">
          <input {...f('label').input} value={values.label} onChange={set('label')} autoComplete="off" />
        </Field>
        <Field label="Type" control={f('type')} hint={field ? 'Fixed once created' : undefined}>
          <select
            {...f('type').input}
            value={values.type}
            disabled={!!field}
            onChange={(e) => {
              setValues((v) => ({ ...v, type: e.target.value as FieldType }));
              form.clearError('type');
              form.clearError('options');
            }}
          >
            {CUSTOM_FIELD_TYPES.map((t) => (
              <option key={t} value={t}>
                {FIELD_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </Field>
        {values.type === 'enum' && (
          <Field label="Values" control={f('options')} hint="Comma-separated, at least two, e.g. residential, commercial" wide>
            <input {...f('options').input} value={values.options} onChange={set('options')} autoComplete="off" />
          </Field>
        )}
      </div>
      <CheckboxField
        label="Required on every order"
        control={f('required')}
        checked={values.required}
        onChange={(required) => {
          setValues((v) => ({ ...v, required }));
          form.clearError('required');
        }}
      />
    </FormDialog>
  );
}
