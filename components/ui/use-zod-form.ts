'use client';
// Form state for the app's forms: validates on submit with the same zod schema the
// server uses, and shows the server's field errors by the same fields.
import { useId, useState } from 'react';
import type { z } from 'zod';
import { fieldErrorsOf, messageOf } from '../../lib/form-errors';

export type FieldErrors = Record<string, string>;

/** The props an input needs to point at its label's error message. */
export interface FieldControl {
  id: string;
  errorId: string;
  error: string | undefined;
  input: { id: string; name: string; 'aria-invalid': boolean | undefined; 'aria-describedby': string | undefined };
}

function friendly(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'Enter a number';
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return 'Required';
  return issue.message;
}

/** Maps zod issues to one message per dotted path (the first wins). */
export function issuesToErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    errors[key] ??= friendly(issue);
  }
  return errors;
}

/**
 * `fields` lists the dotted paths the form shows next to an input; errors on other paths go to the
 * form's general alert so nothing is lost.
 */
export function useZodForm<S extends z.ZodType>(schema: S, fields: readonly string[]) {
  const baseId = useId();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  function apply(next: FieldErrors, fallback: string | null) {
    const shown: FieldErrors = {};
    const other: string[] = [];
    for (const [key, message] of Object.entries(next)) {
      // `skills.2` shows on `skills`: the nearest path the form has an input for.
      const parts = key.split('.');
      let target: string | null = null;
      for (let n = parts.length; n > 0 && !target; n--) {
        const candidate = parts.slice(0, n).join('.');
        if (fields.includes(candidate)) target = candidate;
      }
      if (target) shown[target] ??= message;
      else other.push(key === '_' ? message : `${key}: ${message}`);
    }
    setErrors(shown);
    setFormError(other.length ? other.join(' ') : fallback);
    // Take keyboard and screen-reader users to the first field to fix.
    const first = fields.find((name) => shown[name]);
    if (first) setTimeout(() => document.getElementById(idFor(first))?.focus(), 0);
  }

  function idFor(name: string) {
    return `${baseId}-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  }

  /** Validates `values`; `extra` adds checks the schema leaves to the server (e.g. a password on create). */
  function validate(values: z.input<S>, extra?: (values: z.input<S>) => FieldErrors): values is z.input<S> {
    const result = schema.safeParse(values);
    // The extra checks are the more specific ones, so their messages win on the same field.
    const next: FieldErrors = { ...(result.success ? {} : issuesToErrors(result.error.issues)), ...(extra?.(values) ?? {}) };
    if (Object.keys(next).length === 0) {
      setErrors({});
      setFormError(null);
      return true;
    }
    apply(next, 'Please correct the marked fields.');
    return false;
  }

  /** Shows a failed mutation's errors; `data.` (the update input's wrapper) is dropped from paths. */
  function showServerError(error: unknown) {
    const server = fieldErrorsOf(error);
    const next: FieldErrors = {};
    for (const [key, messages] of Object.entries(server)) {
      const path = key.startsWith('data.') ? key.slice(5) : key === 'data' ? '_' : key;
      if (messages.length) next[path] ??= messages[0];
    }
    if (Object.keys(next).length === 0) {
      setErrors({});
      setFormError(messageOf(error) ?? 'Something went wrong. Please try again.');
      return;
    }
    // A domain error's message is a readable summary; zod's is a JSON dump, so use a generic one.
    const message = messageOf(error);
    apply(next, message && !message.trimStart().startsWith('[') ? message : 'Please correct the marked fields.');
  }

  function clearError(name: string) {
    if (errors[name]) {
      setErrors((current) => {
        const next = { ...current };
        delete next[name];
        return next;
      });
    }
  }

  function field(name: string): FieldControl {
    const id = idFor(name);
    const errorId = `${id}-error`;
    const error = errors[name];
    return {
      id,
      errorId,
      error,
      input: { id, name, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? errorId : undefined },
    };
  }

  function reset() {
    setErrors({});
    setFormError(null);
  }

  return { errors, formError, validate, showServerError, clearError, field, reset, setFormError };
}

/** "a, b ,, c" → ["a", "b", "c"] */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function joinList(list: readonly string[] | null | undefined): string {
  return (list ?? []).join(', ');
}

/** An empty number box is "no value" (so zod says "Enter a number"), not 0. */
export function numberOrUndefined(text: string): string | undefined {
  return text.trim() === '' ? undefined : text.trim();
}

/**
 * A form's values with change handlers that clear a field's error as it is edited: `set(name)`
 * for a text input or select, `change(patch, ...errorKeys)` for anything else.
 */
export function useFormValues<V extends object>(initial: V | (() => V), clearError: (name: string) => void) {
  const [values, setValues] = useState(initial);
  const set =
    (name: keyof V & string, errorKey: string = name) =>
    (e: { target: { value: string } }) => {
      setValues((v) => ({ ...v, [name]: e.target.value }));
      clearError(errorKey);
    };
  const change = (patch: Partial<V>, ...errorKeys: string[]) => {
    setValues((v) => ({ ...v, ...patch }));
    for (const key of errorKeys) clearError(key);
  };
  return { values, set, change };
}
