// The engineer's day: their open orders (owner or collaborator) in the time order of their own
// bookings (unbooked ones after, by resolve-by), each with the travel from the place before it (the
// previous booked order's location, or the engineer's own location for the first), and whether
// their work on it is paused.
import { and, asc, desc, eq, inArray, or, arrayContains } from 'drizzle-orm';
import { travelMinutes, type LatLng } from '../../dsl';
import type { DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { getScheduleSettings } from '../directory/schedule';
import type { Principal } from '../principal';
import { withActions } from './allowed-actions';
import { scheduleFieldsOf } from './schedule';
import { WORK_EVENTS, isPaused } from './work-state';

/** The ids, among these orders, whose work is paused (one read of their last work events). */
async function pausedOrderIds(db: DbOrTx, rows: readonly { id: string; status: s.OrderStatus }[]): Promise<Set<string>> {
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

export async function listMyWork(db: DbOrTx, principal: Principal) {
  const engineerId = principal.engineerId;
  if (!engineerId) return { rows: [] };
  const o = s.workOrders;
  const [rows, mine, [me], settings] = await Promise.all([
    db
      .select()
      .from(o)
      .where(and(inArray(o.status, ['assigned', 'accepted', 'in_progress']), or(eq(o.engineerId, engineerId), arrayContains(o.collaboratorIds, [engineerId]))))
      .orderBy(asc(o.resolveBy), asc(o.id))
      .limit(200),
    db.select().from(s.bookings).where(eq(s.bookings.engineerId, engineerId)),
    db.select({ lat: s.engineers.lat, lng: s.engineers.lng }).from(s.engineers).where(eq(s.engineers.id, engineerId)),
    getScheduleSettings(db),
  ]);
  const paused = await pausedOrderIds(db, rows);
  const own = new Map(mine.map((b) => [b.orderId, b]));
  const start = (id: string) => own.get(id)?.startsAt.getTime() ?? Infinity;
  const ordered = [...rows].sort((a, b) => start(a.id) - start(b.id));
  let from: LatLng | null = me && me.lat !== null && me.lng !== null ? { lat: me.lat, lng: me.lng } : null;
  const withTravel = ordered.map((r) => {
    const b = own.get(r.id);
    const here = r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng } : null;
    const minutes = travelMinutes(from, here, settings.travel);
    if (b && here) from = here;
    // The engineer's own booking (a collaborator's shares the owner's slot).
    const booking = b ? { engineerId, start: b.startsAt.toISOString(), end: b.endsAt.toISOString() } : null;
    return { ...r, ...scheduleFieldsOf(r, booking), travelMinutes: minutes, paused: paused.has(r.id) };
  });
  return { rows: await withActions(db, principal, withTravel) };
}
