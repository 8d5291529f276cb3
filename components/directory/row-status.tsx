'use client';
import { useEffect, useState } from 'react';
import { messageOf } from '../../lib/form-errors';

export function ActiveBadge({ active }: { active: boolean }) {
  return <span className={active ? 'badge ok' : 'badge'}>{active ? 'Active' : 'Inactive'}</span>;
}

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

/** How long ago, for location times: "4 min ago", "3 h ago", "2 d ago". */
export function ago(date: Date | string | null | undefined, now = Date.now()): string {
  if (!date) return '—';
  const minutes = Math.max(0, Math.round((now - new Date(date).getTime()) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

type SetActive = {
  mutate: (input: { id: string; active: boolean }, options: { onSuccess: () => unknown; onError: (error: unknown) => void }) => void;
};

/** Deactivates an active row or reactivates an inactive one, announcing the outcome and refreshing the lists. */
export function toggleActive(
  setActive: SetActive,
  row: { id: string; active: boolean },
  what: string,
  announce: (text: string) => void,
  refresh: () => unknown,
  deactivated = `${what} deactivated.`,
) {
  setActive.mutate(
    { id: row.id, active: !row.active },
    {
      onSuccess: () => {
        announce(row.active ? deactivated : `${what} reactivated.`);
        return refresh();
      },
      onError: (error) => announce(`Could not change ${what.charAt(0).toLowerCase()}${what.slice(1)}: ${messageOf(error)}`),
    },
  );
}
