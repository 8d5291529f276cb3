// Whether an engineer's work on an order is paused. Pausing puts the order back to `accepted`
// (engine/dispatch/actions.ts pauseWork), so the status alone cannot tell paused work from work never
// started: the last `started` or `paused` event of an accepted order does. My work and the
// engineer's order page both read it here, so they never disagree.
import { and, desc, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import type { OrderStatus } from '../enums';

/** The event types that start and stop work, of which the last one tells whether work is paused. */
export const WORK_EVENTS = ['started', 'paused'] as const;

/** Work was started and paused, and has not started again: accepted, and the last work event a pause. */
export const isPaused = (status: OrderStatus, lastWorkEvent: string | null | undefined) => status === 'accepted' && lastWorkEvent === 'paused';

/** The ids, among these orders, whose work is paused (one read of their last work events). */
export async function pausedOrderIds(db: DbOrTx, rows: readonly { id: string; status: OrderStatus }[]): Promise<Set<string>> {
  const accepted = rows.filter((r) => r.status === 'accepted').map((r) => r.id);
  if (!accepted.length) return new Set();
  const e = s.orderEvents;
  const last = await db
    .selectDistinctOn([e.orderId], { orderId: e.orderId, type: e.type })
    .from(e)
    .where(and(inArray(e.orderId, accepted), inArray(e.type, [...WORK_EVENTS])))
    .orderBy(e.orderId, desc(e.id));
  return new Set(last.filter((l) => isPaused('accepted', l.type)).map((l) => l.orderId));
}
