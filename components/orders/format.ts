import { ORDER_STATUS_LABELS } from '../../engine/enums';
import { formatDateTime, splitMinutes } from '../ui/time';

// formatDateTime lives in components/ui; it is exported here too for the queue workspace.
export { formatDateTime };

/** "in 3h 20m" / "overdue by 45m": the SLA countdown shown beside an order. */
export function slaCountdown(due: Date, now: Date): { text: string; overdue: boolean; soon: boolean } {
  const ms = due.getTime() - now.getTime();
  const { d, h, m } = splitMinutes(Math.round(Math.abs(ms) / 60_000));
  const span = d ? `${d}d ${h}h` : h ? `${h}h ${m}m` : `${m}m`;
  return ms < 0 ? { text: `overdue by ${span}`, overdue: true, soon: false } : { text: `in ${span}`, overdue: false, soon: ms < 2 * 3600_000 };
}

/** The badge class of an SLA countdown: overdue, due within two hours, or in time. */
export const slaBadgeClass = (sla: { overdue: boolean; soon: boolean }) => `badge ${sla.overdue ? 'danger' : sla.soon ? 'warn' : 'ok'}`;

export const STATUS_LABELS: Record<string, string> = ORDER_STATUS_LABELS;

/** The order's state as the engineer reads it: "Paused" for work started and paused (the order is accepted again), else its status. */
export const workStatusLabel = (o: { status: string; paused?: boolean }) => (o.paused ? 'Paused' : (STATUS_LABELS[o.status] ?? o.status));
