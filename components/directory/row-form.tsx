'use client';
// What the directory's forms share: one dialog that creates a row or edits one, saving through
// the list's create or update mutation and showing the server's field errors by the fields.
import { useMutation, type UseMutationOptions } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { z } from 'zod';
import { FormDialog, TextField, useFormValues, useZodForm, type FieldControl, type FieldErrors } from '../ui';
import type { FormDone } from './directory-list';
import type { EngineerRow, ProviderRow, UserRow } from './types';

/** The directory's lists a form chooses from (members, sign-ins, providers). */
export interface DirectoryData {
  engineers: EngineerRow[];
  providers: ProviderRow[];
  users: UserRow[];
}

/**
 * A row's form: its values, validation by the server's zod schema, and saving. `submit` validates
 * (with the form's own `checks`: a message by field where one fails), then creates or updates the
 * row and reports `saved`.
 */
export function useRowForm<S extends z.ZodType, V extends object, TCreated, TUpdated, TError>(
  schema: S,
  fields: readonly string[],
  initial: V | (() => V),
  create: UseMutationOptions<TCreated, TError, z.input<S>>,
  update: UseMutationOptions<TUpdated, TError, { id: string; data: z.input<S> }>,
  onSaved: FormDone['onSaved'],
) {
  const form = useZodForm(schema, fields);
  const { values, set, change } = useFormValues(initial, form.clearError);
  const { save, pending } = useSave(create, update);
  function submit(id: string | undefined, saved: string, input: z.input<S>, checks: Record<string, string | false> = {}) {
    const failed = (): FieldErrors => Object.fromEntries(Object.entries(checks).filter((c): c is [string, string] => !!c[1]));
    if (!form.validate(input, failed)) return;
    save(id, input, { onSuccess: () => onSaved(saved), onError: form.showServerError });
  }
  return { f: form.field, formError: form.formError, values, set, change, submit, pending };
}

export function useSave<I, TCreated, TUpdated, TError>(
  create: UseMutationOptions<TCreated, TError, I>,
  update: UseMutationOptions<TUpdated, TError, { id: string; data: I }>,
) {
  const created = useMutation(create);
  const updated = useMutation(update);
  return {
    pending: created.isPending || updated.isPending,
    /** Updates the row `id`, or creates one without it. */
    save(id: string | undefined, input: I, done: { onSuccess: () => void; onError: (error: TError) => void }) {
      if (id) updated.mutate({ id, data: input }, done);
      else created.mutate(input, done);
    },
  };
}

/** "Provider “CoolFix” saved." or "… created." */
export const savedMessage = (what: string, name: string, edited: boolean) => `${what} “${name.trim()}” ${edited ? 'saved' : 'created'}.`;

/** The dialog of a row's form: "New provider" / "Edit provider CoolFix", "Create provider" / "Save provider". */
export function RowFormDialog({
  noun,
  button = noun,
  editing,
  pending,
  formError,
  onSubmit,
  onClose,
  children,
}: {
  noun: string;
  /** The noun on the submit button, when shorter ("group"). */
  button?: string;
  /** The name of the row edited; undefined for a new one. */
  editing: string | undefined;
  pending: boolean;
  formError: string | null;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const edit = editing !== undefined;
  return (
    <FormDialog
      title={edit ? `Edit ${noun} ${editing}` : `New ${noun}`}
      submitLabel={`${edit ? 'Save' : 'Create'} ${button}`}
      pending={pending}
      formError={formError}
      onSubmit={onSubmit}
      onClose={onClose}
    >
      {children}
    </FormDialog>
  );
}

type Change = (e: { target: { value: string } }) => void;

/** How many open orders an engineer or provider takes, and its rating. */
export function CapacityAndRating({
  control,
  capacity,
  rating,
  set,
}: {
  control: (name: 'capacity' | 'rating') => FieldControl;
  capacity: string;
  rating: string;
  set: (name: 'capacity' | 'rating') => Change;
}) {
  return (
    <>
      <TextField label="Capacity (open orders)" control={control('capacity')} type="number" inputMode="numeric" min={0} step={1} value={capacity} onChange={set('capacity')} />
      <TextField label="Rating (0–5)" control={control('rating')} type="number" inputMode="decimal" min={0} max={5} step={0.1} value={rating} onChange={set('rating')} />
    </>
  );
}
