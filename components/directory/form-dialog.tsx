'use client';
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';

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
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!pending) onSubmit();
  }

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form className="dialog-body" noValidate onSubmit={submit}>
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        {formError && (
          <p role="alert" className="form-alert">
            {formError}
          </p>
        )}
        {children}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={pending}>
            {pending ? 'Saving…' : submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
