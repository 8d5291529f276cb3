// The engineer's day: their open orders (owner or collaborator) in the time order of their own
// bookings (unbooked ones after, by resolve-by), each with the travel from the place before it (the
// previous booked order's location, or the engineer's own location for the first), and whether
// their work on it is paused.
import { and, asc, eq, getTableColumns, inArray, or, arrayContains } from 'drizzle-orm';
import { travelMinutes, type LatLng } from '../../dsl';
import type { DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { getScheduleSettings } from '../directory/schedule';
import type { Principal } from '../principal';
import { withActions } from './allowed-actions';
import { scheduleFieldsOf } from './schedule';
import { lastWorkEventSql, withPaused } from './work-state-sql';

export async function listMyWork(db: DbOrTx, principal: Principal) {
  const engineerId = principal.engineerId;
  if (!engineerId) return { rows: [] };
  const o = s.workOrders;
  const [rows, mine, [me], settings] = await Promise.all([
    db
      .select({ ...getTableColumns(o), lastWorkEvent: lastWorkEventSql() })
      .from(o)
      .where(and(inArray(o.status, ['assigned', 'accepted', 'in_progress']), or(eq(o.engineerId, engineerId), arrayContains(o.collaboratorIds, [engineerId]))))
      .orderBy(asc(o.resolveBy), asc(o.id))
      .limit(200),
    // With their orders' places: the travel before a booking is from the one before it, whatever
    // became of that order (completed work still put the engineer there), as the board counts it.
    db
      .select({ orderId: s.bookings.orderId, startsAt: s.bookings.startsAt, endsAt: s.bookings.endsAt, lat: o.lat, lng: o.lng })
      .from(s.bookings)
      .innerJoin(o, eq(o.id, s.bookings.orderId))
      .where(eq(s.bookings.engineerId, engineerId)),
    db.select({ lat: s.engineers.lat, lng: s.engineers.lng }).from(s.engineers).where(eq(s.engineers.id, engineerId)),
    getScheduleSettings(db),
  ]);
  const own = new Map(mine.map((b) => [b.orderId, b]));
  const start = (id: string) => own.get(id)?.startsAt.getTime() ?? Infinity;
  const ordered = rows.map(withPaused).sort((a, b) => start(a.id) - start(b.id));
  const home: LatLng | null = me && me.lat !== null && me.lng !== null ? { lat: me.lat, lng: me.lng } : null;
  const point = (x: { lat: number | null; lng: number | null }): LatLng | null => (x.lat !== null && x.lng !== null ? { lat: x.lat, lng: x.lng } : null);
  // The travel before each booking: from the booking that ends last before it starts, else from
  // the engineer's location (components/schedule/timeline.ts travelBefore says the same on the board).
  const before = new Map<string, number | null>();
  let previous: { end: number; place: LatLng | null } | null = null;
  for (const b of [...mine].sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime())) {
    const at = b.startsAt.getTime();
    const end = b.endsAt.getTime();
    before.set(b.orderId, travelMinutes(previous && previous.end <= at ? previous.place : home, point(b), settings.travel));
    if (!previous || end >= previous.end) previous = { end, place: point(b) };
  }
  // Unbooked work after the day: from the last booked order's place.
  let from = home;
  const withTravel = ordered.map((r) => {
    const b = own.get(r.id);
    const here = point(r);
    const minutes = b ? (before.get(r.id) ?? null) : travelMinutes(from, here, settings.travel);
    if (b && here) from = here;
    // The engineer's own booking (a collaborator's shares the owner's slot).
    const booking = b ? { engineerId, start: b.startsAt.toISOString(), end: b.endsAt.toISOString() } : null;
    return { ...r, ...scheduleFieldsOf(r, booking), travelMinutes: minutes };
  });
  return { rows: await withActions(db, principal, withTravel) };
}
