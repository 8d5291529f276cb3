'use client';
import type { ReactNode } from 'react';
import { Dialog, DialogActions, FormAlert } from './modal';

/** A modal form: opens on mount, closes (by Cancel, Escape or success) through `onClose`. */
export function FormDialog({
  title,
  submitLabel,
  pending,
  formError,
  onSubmit,
  onClose,
  children,
}: {
  title: string;
  submitLabel: string;
  pending: boolean;
  formError: string | null;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Dialog title={title} onClose={onClose} onSubmit={() => !pending && onSubmit()}>
      <FormAlert>{formError}</FormAlert>
      {children}
      <DialogActions onClose={onClose}>
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </button>
      </DialogActions>
    </Dialog>
  );
}
