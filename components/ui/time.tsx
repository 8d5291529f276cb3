// Dates and times as every page shows them: a moment ("Dec 1, 2026, 9:05 AM") and how long ago
// it was ("4 min ago").
import type { ReactNode } from 'react';

/** A moment as the app writes it; "—" when there is none. */
export const formatDateTime = (d: Date | string | null | undefined) =>
  d ? new Date(d).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' }) : '—';

/** How long ago: "just now", "4 min ago", "3 h ago", "2 d ago"; `none` when there is no date. */
export function timeAgo(date: Date | string | null | undefined, now = Date.now(), none = '—'): string {
  if (!date) return none;
  const minutes = Math.max(0, Math.round((now - new Date(date).getTime()) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

/** A span of minutes as whole days, hours and (rounded) minutes: 1530 → { d: 1, h: 1, m: 30 }. */
export function splitMinutes(minutes: number): { d: number; h: number; m: number } {
  return { d: Math.floor(minutes / 1440), h: Math.floor((minutes % 1440) / 60), m: Math.round(minutes % 60) };
}

/** A moment in a <time> element, written out in full. */
export function DateTime({ date }: { date: Date | string | null | undefined }) {
  if (!date) return <>—</>;
  return <time dateTime={new Date(date).toISOString()}>{formatDateTime(date)}</time>;
}

/** How long ago, in a <time> element whose title gives the moment in full. */
export function TimeAgo({ date, now, none = '—' }: { date: Date | string | null | undefined; now?: number; none?: ReactNode }) {
  if (!date) return <>{none}</>;
  return (
    <time dateTime={new Date(date).toISOString()} title={formatDateTime(date)}>
      {timeAgo(date, now)}
    </time>
  );
}
