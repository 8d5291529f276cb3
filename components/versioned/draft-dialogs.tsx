'use client';
// The dialogs shared by the lists of versioned things (flows, rule sets): a name field, duplicate
// under a new name, and delete a draft that was never published. Each takes the tRPC mutation
// options of its list, so the server call stays where the list says.
import { useMutation, type UseMutationOptions } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { fieldErrorsOf, messageOf } from '../../lib/form-errors';
import { Field } from './field';
import { FormDialog } from './form-dialog';

/** A text input with its label and the server's error for it. */
export function NameField({ label, value, onChange, error }: { label: string; value: string; onChange: (value: string) => void; error: string | undefined }) {
  const id = useId();
  const errorId = `${id}-error`;
  const input = { id, name: 'name', 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? errorId : undefined };
  return (
    <Field label={label} control={{ id, errorId, error, input }}>
      <input {...input} value={value} onChange={(e) => onChange(e.target.value)} autoFocus />
    </Field>
  );
}

interface Named {
  id: string;
  name: string;
}

export function DuplicateDialog<TData extends { name: string }, TError>({
  item,
  options,
  note,
  onClose,
  onDone,
}: {
  item: Named;
  options: UseMutationOptions<TData, TError, { id: string; name: string }>;
  note?: ReactNode;
  onClose: () => void;
  onDone: (name: string) => void;
}) {
  const duplicate = useMutation(options);
  const [name, setName] = useState(`${item.name} (copy)`);
  const nameError = fieldErrorsOf(duplicate.error).name?.[0];
  return (
    <FormDialog
      title={`Duplicate ${item.name}`}
      submitLabel="Duplicate"
      pending={duplicate.isPending}
      formError={duplicate.error && !nameError ? messageOf(duplicate.error) : null}
      onClose={onClose}
      onSubmit={() => duplicate.mutate({ id: item.id, name }, { onSuccess: (row) => onDone(row.name) })}
    >
      {note}
      <NameField label="Name of the copy" value={name} onChange={setName} error={nameError} />
    </FormDialog>
  );
}

export function DeleteDraftDialog<TData, TError>({
  item,
  options,
  children,
  onClose,
  onDone,
}: {
  item: Named;
  options: UseMutationOptions<TData, TError, { id: string }>;
  /** Why deleting is safe, and that it is final. */
  children: ReactNode;
  onClose: () => void;
  onDone: () => void;
}) {
  const remove = useMutation(options);
  return (
    <FormDialog
      title={`Delete ${item.name}`}
      submitLabel="Delete draft"
      pending={remove.isPending}
      formError={remove.error ? messageOf(remove.error) : null}
      onClose={onClose}
      onSubmit={() => remove.mutate({ id: item.id }, { onSuccess: onDone })}
    >
      {children}
    </FormDialog>
  );
}
