import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../server/root';
import { formatDayTime, formatTime } from '../schedule/zone';
import { timeAgo } from '../ui/time';

export type Outputs = inferRouterOutputs<AppRouter>;
export type CandidateList = Outputs['orders']['candidates'];
export type Candidate = CandidateList['candidates'][number];
export type QueueRow = Outputs['queues']['orders']['rows'][number];

export const STATUS_COLORS: Record<string, string> = {
  available: '#067647',
  busy: '#b54708',
  off_shift: '#667085',
  on_leave: '#98a2b3',
  provider: '#6941c6',
  group: '#1f5fbf',
};

export const TARGET_LABELS: Record<string, string> = {
  service_group: 'service group',
  service_provider: 'service provider',
  engineer: 'engineer',
  provider_engineer: 'provider engineer',
};

/** "12 min ago" for a location's age. */
export const age = (iso: string | null, now = Date.now()) => timeAgo(iso, now, 'unknown');

/** A candidate's earliest slot in the company's zone: "Wed, Dec 2, 9:00 AM–10:00 AM", or that there is none. */
/** A slot starting after the order's resolve-by: booked all the same, with a warning (RULES.md). */
export function lateForSla(start: string | null | undefined, resolveBy: string | null | undefined): boolean {
  return !!start && !!resolveBy && Date.parse(start) > Date.parse(resolveBy);
}

export function slotText(c: Pick<Candidate, 'earliestStart' | 'earliestEnd'>, timeZone: string): string {
  if (!c.earliestStart || !c.earliestEnd) return 'no free slot';
  return `earliest ${formatDayTime(Date.parse(c.earliestStart), timeZone)}–${formatTime(Date.parse(c.earliestEnd), timeZone)}`;
}
