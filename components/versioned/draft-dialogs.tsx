'use client';
// The dialogs shared by the lists of versioned things (flows, rule sets): a new one by name,
// duplicate under a new name, and delete a draft that was never published. Each takes the tRPC mutation
// options of its list, so the server call stays where the list says.
import { useMutation, type UseMutationOptions } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { fieldErrorsOf, messageOf } from '../../lib/form-errors';
import { FormDialog, TextField, useFieldControl } from '../ui';

/** A text input with its label and the server's error for it. */
export function NameField({ label, value, onChange, error }: { label: string; value: string; onChange: (value: string) => void; error: string | undefined }) {
  const control = useFieldControl('name', error);
  return <TextField label={label} control={control} value={value} onChange={(e) => onChange(e.target.value)} autoComplete={undefined} autoFocus />;
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

/**
 * A new draft by name, then its editor. `children` are the fields beside the name; `input` makes
 * the create input from the name.
 */
export function NewDraftDialog<TData extends { id: string }, TError, TInput>({
  noun,
  options,
  input,
  hrefOf,
  onClose,
  children,
}: {
  noun: string;
  options: UseMutationOptions<TData, TError, TInput>;
  input: (name: string) => TInput;
  hrefOf: (id: string) => string;
  onClose: () => void;
  children: ReactNode;
}) {
  const router = useRouter();
  const create = useMutation(options);
  const [name, setName] = useState('');
  const nameError = fieldErrorsOf(create.error).name?.[0];
  return (
    <FormDialog
      title={`New ${noun}`}
      submitLabel={`Create ${noun}`}
      pending={create.isPending}
      formError={create.error && !nameError ? messageOf(create.error) : null}
      onClose={onClose}
      onSubmit={() => create.mutate(input(name), { onSuccess: (row) => router.push(hrefOf(row.id)) })}
    >
      <NameField label="Name" value={name} onChange={setName} error={nameError} />
      {children}
    </FormDialog>
  );
}
