// Bookings: an engineer's time on an order (RULES.md "Time and schedules"). A decision or a
// dispatcher plans a slot; before it is written, inside the change's transaction, the engineers'
// rows are locked and their bookings read afresh, and the slot is checked again by dsl's checkSlot
// with what the database holds now (a booking another process committed a moment ago included).
// The exclusion constraint (migration 0015) refuses an overlap whatever got past that.
import { format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import { and, asc, eq, gt, inArray, lt, ne, sql } from 'drizzle-orm';
import { checkSlot, refusalText, type BookingData, type Directory, type EngineerData, type OrderData, type SlotRefusal } from '../../dsl';
import { queryRows, type DbOrTx, type Tx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { ConflictError, ValidationError } from '../errors';
import { bookingData } from './schedule-data';

/** A slot to book for the order: the owner's, shared by the collaborators. */
export interface BookingPlan {
  start: number;
  end: number;
  ownerId: string;
  collaboratorIds: string[];
  /** 'rule': decided from the cached directory (re-decided on fresh bookings if stale); 'user': picked by hand. */
  by: 'rule' | 'user';
}

/** Thrown inside a transaction when a rule's slot no longer holds on fresh bookings: the change is run again once. */
export class StaleBookings extends Error {
  constructor(readonly fresh: Map<string, BookingData[]>) {
    super('The cached bookings were stale');
    this.name = 'StaleBookings';
  }
}

/**
 * The engineers' bookings of other orders, read now (ending after yesterday), in time order; with
 * `lock`, their rows are locked first (in id order) so two bookings of one engineer take turns.
 */
export async function freshBookings(db: DbOrTx, engineerIds: readonly string[], exceptOrderId: string | null, nowMs: number, lock: boolean) {
  const ids = [...new Set(engineerIds)].sort();
  const out = new Map<string, BookingData[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  if (lock) {
    await queryRows(db, sql`SELECT id FROM engineers WHERE id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) ORDER BY id FOR UPDATE`);
  }
  const rows = await db
    .select({ engineerId: s.bookings.engineerId, orderId: s.bookings.orderId, startsAt: s.bookings.startsAt, endsAt: s.bookings.endsAt, lat: s.workOrders.lat, lng: s.workOrders.lng })
    .from(s.bookings)
    .innerJoin(s.workOrders, eq(s.workOrders.id, s.bookings.orderId))
    .where(
      and(
        inArray(s.bookings.engineerId, ids),
        gt(s.bookings.endsAt, new Date(nowMs - 86_400_000)),
        exceptOrderId ? ne(s.bookings.orderId, exceptOrderId) : undefined,
      ),
    )
    .orderBy(asc(s.bookings.engineerId), asc(s.bookings.startsAt));
  for (const r of rows) out.get(r.engineerId)!.push(bookingData(r.orderId, r.startsAt, r.endsAt, r.lat, r.lng));
  return out;
}

/** The directory's engineer with these bookings instead of the cached ones. */
const withBookings = (e: EngineerData, bookings: BookingData[]): EngineerData => ({ ...e, bookings });

/**
 * Checks the plan for every engineer on fresh bookings, inside the transaction (rows locked). A
 * rule's slot that no longer holds throws StaleBookings (the change runs again on them); a
 * dispatcher's is refused with the reason. Answers the fresh bookings.
 */
export async function verifyPlan(
  tx: Tx,
  directory: Directory,
  order: OrderData & { number?: string },
  plan: BookingPlan,
  nowMs: number,
  timeZone: string,
  /** The last attempt: a stale rule slot is refused in words instead of run again. */
  final: boolean,
): Promise<Map<string, BookingData[]>> {
  const ids = [plan.ownerId, ...plan.collaboratorIds];
  const fresh = await freshBookings(tx, ids, order.id, nowMs, true);
  for (const id of ids) {
    const e = directory.engineer(id);
    if (!e) continue;
    const check = checkSlot(withBookings(e, fresh.get(id) ?? []), order, plan.start, nowMs, directory.travel);
    if (check.ok) continue;
    if (plan.by === 'rule' && !final) throw new StaleBookings(fresh);
    const refused = await slotRefused(tx, e.name, order.number ?? order.id, plan.start, check.refusal, timeZone);
    throw plan.by === 'rule' ? new ConflictError(refused.message) : refused;
  }
  return fresh;
}

/** The engineer with fresh bookings instead of the cached ones (for a search inside a transaction). */
export function engineerWith(e: EngineerData, bookings: BookingData[] | undefined): EngineerData {
  return withBookings(e, bookings ?? []);
}

/** A time as people in the company read it: "Mon 23 Nov 09:00". */
export function formatTime(ms: number, timeZone: string): string {
  return format(new TZDate(ms, timeZone), 'EEE d MMM HH:mm');
}

/** The refusal in words, naming the orders of the bookings in the way by their numbers. */
export async function refusalReason(db: DbOrTx, refusal: SlotRefusal, timeZone: string): Promise<string> {
  const numberOf = async (orderId: string | null) => {
    if (!orderId) return 'another booking';
    const [o] = await db.select({ number: s.workOrders.number }).from(s.workOrders).where(eq(s.workOrders.id, orderId));
    return o?.number ?? 'another booking';
  };
  const number = 'order' in refusal ? await numberOf(refusal.order) : '';
  return refusalText(refusal, () => number, (ms) => formatTime(ms, timeZone));
}

export async function slotRefused(db: DbOrTx, engineerName: string, orderNumber: string, startMs: number, refusal: SlotRefusal, timeZone: string) {
  const reason = await refusalReason(db, refusal, timeZone);
  const message = `${engineerName} cannot take ${orderNumber} at ${formatTime(startMs, timeZone)}: ${reason}`;
  return new ValidationError(message, { slot: [reason] });
}

/** The booking of another order that overlaps [start, end) for one of the engineers: for the message when the database refused one. */
export async function overlappingOrder(db: DbOrTx, engineerIds: string[], orderId: string, start: number, end: number): Promise<string | null> {
  const [b] = await db
    .select({ number: s.workOrders.number })
    .from(s.bookings)
    .innerJoin(s.workOrders, eq(s.workOrders.id, s.bookings.orderId))
    .where(and(inArray(s.bookings.engineerId, engineerIds), ne(s.bookings.orderId, orderId), lt(s.bookings.startsAt, new Date(end)), gt(s.bookings.endsAt, new Date(start))))
    .limit(1);
  return b?.number ?? null;
}
