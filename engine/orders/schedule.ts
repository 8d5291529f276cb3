// An order's schedule as the UI and the REST API read it: its estimated duration, service window,
// the owner's booking and whether that booking starts after the order's resolve-by (a warning,
// not a refusal). Only orders with a duration can have a booking, so rows without one cost no query.
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';

export interface OrderBooking {
  engineerId: string;
  start: string;
  end: string;
}

export interface ScheduleFields {
  durationMinutes: number | null;
  window: { start: string; end: string } | null;
  booking: OrderBooking | null;
  /** The booking starts after the order's resolve-by. */
  lateForSla: boolean;
}

type Schedulable = { id: string; durationMinutes: number | null; windowStart: Date | null; windowEnd: Date | null; resolveBy: Date };

/** The owners' bookings of these orders, by order id (one query; none when no order has a duration). */
export async function ownerBookings(db: DbOrTx, rows: readonly Pick<Schedulable, 'id' | 'durationMinutes'>[]): Promise<Map<string, OrderBooking>> {
  const ids = rows.filter((r) => r.durationMinutes !== null).map((r) => r.id);
  if (!ids.length) return new Map();
  const found = await db
    .select({ orderId: s.bookings.orderId, engineerId: s.bookings.engineerId, startsAt: s.bookings.startsAt, endsAt: s.bookings.endsAt })
    .from(s.bookings)
    .where(and(inArray(s.bookings.orderId, ids), eq(s.bookings.role, 'owner')));
  return new Map(found.map((b) => [b.orderId, { engineerId: b.engineerId, start: b.startsAt.toISOString(), end: b.endsAt.toISOString() }]));
}

export function scheduleFieldsOf(row: Schedulable, booking: OrderBooking | null | undefined): ScheduleFields {
  return {
    durationMinutes: row.durationMinutes,
    window: row.windowStart && row.windowEnd ? { start: row.windowStart.toISOString(), end: row.windowEnd.toISOString() } : null,
    booking: booking ?? null,
    lateForSla: !!booking && Date.parse(booking.start) > row.resolveBy.getTime(),
  };
}

/** Rows with their schedule fields (`window`, `booking`, `lateForSla`), in one query at most. */
export async function withSchedule<T extends Schedulable>(db: DbOrTx, rows: readonly T[]): Promise<(T & ScheduleFields)[]> {
  const bookings = await ownerBookings(db, rows);
  return rows.map((r) => ({ ...r, ...scheduleFieldsOf(r, bookings.get(r.id)) }));
}
