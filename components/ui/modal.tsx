'use client';
// The one modal dialog: a native <dialog> shown modally while mounted. Escape (the dialog's
// `cancel`) and the close controls call `onClose`, so the parent decides when it unmounts.
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { fieldErrorsOf, messageOf } from '../../lib/form-errors';
import { X } from 'lucide-react';

/**
 * The dialog itself; `Modal` and `FormDialog` are the two ways the app uses it. With `onSubmit`
 * the body is a form (validated by the app, not the browser).
 */
export function Dialog({
  title,
  onClose,
  className,
  closeButton = false,
  onSubmit,
  children,
}: {
  title: string;
  onClose: () => void;
  className?: string;
  /** A "×" button beside the title. */
  closeButton?: boolean;
  onSubmit?: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const heading = (
    <h2 id={titleId} className="dialog-title">
      {title}
    </h2>
  );
  const head = closeButton ? (
    <div className="ds-modal-head">
      {heading}
      <button type="button" className="button ds-touch" aria-label="Close" onClick={onClose}>
        <X size={16} className="ds-icon" aria-hidden />
      </button>
    </div>
  ) : (
    heading
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit?.();
  };
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      className={className}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {onSubmit ? (
        <form className="dialog-body" noValidate onSubmit={submit}>
          {head}
          {children}
        </form>
      ) : (
        <div className="dialog-body">
          {head}
          {children}
        </div>
      )}
    </dialog>
  );
}

/** A modal dialog with a close button, open while mounted; Escape and the close button call onClose. */
export function Modal({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  return (
    <Dialog title={title} onClose={onClose} className={`ds-modal${wide ? ' wide' : ''}`} closeButton>
      {children}
    </Dialog>
  );
}

/** An error shown at the top or end of a form, as an alert. */
export function FormAlert({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p role="alert" className="form-alert">
      {children}
    </p>
  );
}

/** The end of a modal form: the server's error, if any, then Cancel and the dialog's own actions. */
export function ModalActions({ error, onClose, cancelLabel = 'Cancel', children }: { error: unknown; onClose: () => void; cancelLabel?: string; children: ReactNode }) {
  return (
    <>
      <FormAlert>{error ? errorText(error) : null}</FormAlert>
      <DialogActions onClose={onClose} cancelLabel={cancelLabel} touch>
        {children}
      </DialogActions>
    </>
  );
}

/** Cancel, then the dialog's own buttons. */
export function DialogActions({ onClose, cancelLabel = 'Cancel', touch = false, children }: { onClose: () => void; cancelLabel?: string; touch?: boolean; children: ReactNode }) {
  return (
    <div className="dialog-actions">
      <button type="button" className={touch ? 'button ds-touch' : 'button'} onClick={onClose}>
        {cancelLabel}
      </button>
      {children}
    </div>
  );
}

/** The message of a tRPC error, with its field errors when it names fields. */
export function errorText(error: unknown): string | null {
  const fields = Object.values(fieldErrorsOf(error)).flat();
  return fields.length ? fields.join(' ') : messageOf(error);
}
