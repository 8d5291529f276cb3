'use client';
import { useEffect, useId, useRef, type ReactNode } from 'react';

/** A modal dialog (native <dialog>), open while mounted; Escape and the close button call onClose. */
export function Modal({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      className={`ds-modal${wide ? ' wide' : ''}`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-body">
        <div className="ds-modal-head">
          <h2 id={titleId} className="dialog-title">
            {title}
          </h2>
          <button type="button" className="button ds-touch" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        {children}
      </div>
    </dialog>
  );
}

/** The end of a modal form: the server's error, if any, then Cancel and the dialog's own actions. */
export function ModalActions({ error, onClose, cancelLabel = 'Cancel', children }: { error: unknown; onClose: () => void; cancelLabel?: string; children: ReactNode }) {
  return (
    <>
      {error ? (
        <p role="alert" className="form-alert">
          {errorText(error)}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button ds-touch" onClick={onClose}>
          {cancelLabel}
        </button>
        {children}
      </div>
    </>
  );
}

/** The message of a tRPC error, with its field errors when it names fields. */
export function errorText(error: unknown): string | null {
  if (!error) return null;
  const e = error as { message?: string; data?: { fieldErrors?: Record<string, string[]> | null } };
  const fields = e.data?.fieldErrors ? Object.values(e.data.fieldErrors).flat() : [];
  return fields.length ? fields.join(' ') : (e.message ?? String(error));
}
