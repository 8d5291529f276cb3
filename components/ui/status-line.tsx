'use client';
import { useEffect, useState, type ReactNode } from 'react';

/** The page's polite status line; a message fades after a while. */
export function useStatus() {
  const [status, setStatus] = useState<{ text: string; at: number } | null>(null);
  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => setStatus(null), 8000);
    return () => clearTimeout(timer);
  }, [status]);
  return { status: status?.text ?? '', announce: (text: string) => setStatus({ text, at: Date.now() }) };
}

export function StatusLine({ text }: { text: string }) {
  return (
    <p role="status" className={text ? 'status-line' : 'status-line empty'}>
      {text}
    </p>
  );
}

/** A list's load error, as an alert: "Could not load engineers: …". */
export function LoadError({ error, what }: { error: { message: string } | null | undefined; what?: string }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {what ? `${what}: ` : ''}
      {error.message}
    </p>
  );
}

/** The end of a form on a page: its submit button, anything beside it, then the status line. */
export function FormFooter({ label, pendingLabel, pending, status, children }: { label: string; pendingLabel: string; pending: boolean; status: string; children?: ReactNode }) {
  return (
    <div className="form-footer">
      <button type="submit" className="button primary" disabled={pending}>
        {pending ? pendingLabel : label}
      </button>
      {children}
      <StatusLine text={status} />
    </div>
  );
}
