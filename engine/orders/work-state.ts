// Whether an engineer's work on an order is paused. Pausing puts the order back to `accepted`
// (engine/dispatch/actions.ts pauseWork), so the status alone cannot tell paused work from work never
// started: the last `started` or `paused` event of an accepted order does. The lists (My work, the
// orders list and the schedule board read the last work event in their own query: work-state-sql.ts),
// the order pages (engine/queues/detail.ts) and the work-order document all decide it here, so they
// never disagree. Pure: no database code.
import type { OrderStatus } from '../enums';

/** The event types that start and stop work, of which the last one tells whether work is paused. */
export const WORK_EVENTS = ['started', 'paused'] as const;

/** Work was started and paused, and has not started again: accepted, and the last work event a pause. */
export const isPaused = (status: OrderStatus, lastWorkEvent: string | null | undefined) => status === 'accepted' && lastWorkEvent === 'paused';

/** Whether work is paused, from the order's status and its history (oldest first). */
export const pausedAfter = (status: OrderStatus, events: readonly { type: string }[]) =>
  isPaused(status, events.findLast((e) => (WORK_EVENTS as readonly string[]).includes(e.type))?.type);
