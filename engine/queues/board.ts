// The schedule board (for the dispatcher roles): the engineers in the caller's scope as rows with
// their shifts and bookings, and the unscheduled orders of the caller's queues. Each engineer row is
// an EngineerData for dsl/schedule.ts and each unscheduled order an OrderData, so the board's ghost
// bar is found in the browser by the very function the engine books with.
import { and, asc, eq, gt, inArray, isNotNull, lt, notExists, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { isDispatchNodeKind, type LatLng, type TimeSpanData } from '../../dsl';
import type { DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { getScheduleSettings } from '../directory/schedule';
import { shiftsBetween, type DaysOff, type WeeklyHoursData } from '../directory/shifts';
import { idString } from '../limits';
import { orderScope } from '../orders/scope';
import { lastWorkEventSql, withPaused } from '../orders/work-state-sql';
import type { Principal } from '../principal';
import { handledQueueNodes, pendingScope } from './queues';

const DAY_MS = 86_400_000;
const isoTime = z.iso.datetime({ offset: true, message: 'An ISO date and time, e.g. 2026-11-23T00:00:00Z' });

export const boardInput = z
  .object({
    from: isoTime,
    to: isoTime,
    groupId: idString.optional(),
    providerId: idString.optional(),
    skill: z.string().trim().min(1).max(60).optional(),
    region: z.string().trim().min(1).max(60).optional(),
  })
  .superRefine((v, ctx) => {
    const span = Date.parse(v.to) - Date.parse(v.from);
    if (!(span > 0)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The range ends after it starts' });
    else if (span > 8 * DAY_MS) ctx.addIssue({ code: 'custom', path: ['to'], message: 'At most 8 days at once' });
  });
export type BoardInput = z.input<typeof boardInput>;

/** Unscheduled orders listed at most (the most urgent first). */
export const BOARD_UNSCHEDULED_MAX = 500;

/** The engineers a dispatcher's board shows: all, their groups' members, or their provider's. */
function engineerScope(p: Principal) {
  const e = s.engineers;
  switch (p.role) {
    case 'admin':
    case 'dispatcher':
      return undefined;
    case 'group_dispatcher':
      return p.groupIds.length
        ? inArray(e.id, sql`(SELECT m.engineer_id FROM service_group_members m JOIN service_groups g ON g.id = m.group_id WHERE g.kind = 'engineers' AND m.group_id IN (${sql.join(p.groupIds.map((g) => sql`${g}`), sql`, `)}))`)
        : sql`false`;
    case 'provider_dispatcher':
      return p.providerId ? eq(e.providerId, p.providerId) : sql`false`;
    default:
      return sql`false`;
  }
}

export async function scheduleBoard(db: DbOrTx, p: Principal, raw: BoardInput, now: Date) {
  const input = boardInput.parse(raw);
  const from = Date.parse(input.from);
  const to = Date.parse(input.to);
  // Shifts and bookings cover the range shown and the 14 days the slot search looks ahead.
  const spanFrom = Math.min(from, now.getTime() - DAY_MS);
  const spanTo = Math.max(to, now.getTime() + 15 * DAY_MS);
  const e = s.engineers;
  const filters = [
    eq(e.active, true),
    engineerScope(p),
    input.providerId ? eq(e.providerId, input.providerId) : undefined,
    input.region ? eq(e.region, input.region) : undefined,
    input.skill ? sql`${input.skill} = ANY(${e.skills})` : undefined,
    input.groupId ? inArray(e.id, sql`(SELECT engineer_id FROM service_group_members WHERE group_id = ${input.groupId} AND engineer_id IS NOT NULL)`) : undefined,
  ];
  const [settings, engineers] = await Promise.all([
    getScheduleSettings(db),
    db
      .select({ engineer: e, providerName: s.serviceProviders.name })
      .from(e)
      .leftJoin(s.serviceProviders, eq(s.serviceProviders.id, e.providerId))
      .where(and(...filters))
      .orderBy(asc(e.name), asc(e.id)),
  ]);
  const ids = engineers.map((r) => r.engineer.id);
  const [groups, timeOff, bookings, unscheduled] = await Promise.all([
    ids.length
      ? db
          .select({ engineerId: s.serviceGroupMembers.engineerId, id: s.serviceGroups.id, name: s.serviceGroups.name })
          .from(s.serviceGroupMembers)
          .innerJoin(s.serviceGroups, eq(s.serviceGroups.id, s.serviceGroupMembers.groupId))
          .where(and(inArray(s.serviceGroupMembers.engineerId, ids), eq(s.serviceGroups.active, true)))
          .orderBy(asc(s.serviceGroups.name))
      : [],
    ids.length ? db.select().from(s.engineerTimeOff).where(inArray(s.engineerTimeOff.engineerId, ids)) : [],
    ids.length
      ? db
          .select({
            engineerId: s.bookings.engineerId,
            role: s.bookings.role,
            startsAt: s.bookings.startsAt,
            endsAt: s.bookings.endsAt,
            orderId: s.workOrders.id,
            number: s.workOrders.number,
            title: s.workOrders.title,
            priority: s.workOrders.priority,
            status: s.workOrders.status,
            lastWorkEvent: lastWorkEventSql(),
            lat: s.workOrders.lat,
            lng: s.workOrders.lng,
            resolveBy: s.workOrders.resolveBy,
          })
          .from(s.bookings)
          .innerJoin(s.workOrders, eq(s.workOrders.id, s.bookings.orderId))
          .where(and(inArray(s.bookings.engineerId, ids), lt(s.bookings.startsAt, new Date(spanTo)), gt(s.bookings.endsAt, new Date(spanFrom))))
          .orderBy(asc(s.bookings.startsAt))
      : [],
    unscheduledOrders(db, p),
  ]);
  const shared = new Map<string, TimeSpanData[]>();
  const hoursOf = (own: WeeklyHoursData | null, off: DaysOff[]) => {
    const hours = own ?? (settings.workingHours as WeeklyHoursData);
    if (!Object.values(hours).some((d) => (d?.length ?? 0) > 0)) return undefined;
    if (off.length) return shiftsBetween(hours, settings.timeZone, spanFrom, spanTo, off);
    const key = own ? JSON.stringify(own) : '';
    let list = shared.get(key);
    if (!list) shared.set(key, (list = shiftsBetween(hours, settings.timeZone, spanFrom, spanTo)));
    return list;
  };
  const point = (lat: number | null, lng: number | null): LatLng | null => (lat !== null && lng !== null ? { lat, lng } : null);
  return {
    now: now.toISOString(),
    timeZone: settings.timeZone,
    travel: settings.travel,
    engineers: engineers.map(({ engineer: x, providerName }) => ({
      id: x.id,
      name: x.name,
      providerId: x.providerId,
      providerName: providerName ?? null,
      groups: groups.filter((g) => g.engineerId === x.id).map((g) => ({ id: g.id, name: g.name })),
      skills: x.skills,
      region: x.region,
      status: x.status,
      location: point(x.lat, x.lng),
      vehicle: x.vehicleId ? { id: x.vehicleId, status: x.vehicleStatus ?? 'ready' } : null,
      shifts: hoursOf(x.workingHours, timeOff.filter((t) => t.engineerId === x.id).map((t) => ({ startsOn: t.startsOn, endsOn: t.endsOn }))),
      bookings: bookings
        .filter((b) => b.engineerId === x.id)
        .map((b) => ({
          // `order` too: the row is an EngineerData, whose bookings name their order so (an order's own booking never blocks it).
          order: b.orderId,
          orderId: b.orderId,
          number: b.number,
          title: b.title,
          priority: b.priority,
          status: b.status,
          /** Work was started and paused (the status says accepted). */
          paused: withPaused(b).paused,
          role: b.role,
          start: b.startsAt.toISOString(),
          end: b.endsAt.toISOString(),
          location: point(b.lat, b.lng),
          lateForSla: b.startsAt > b.resolveBy,
          resolveBy: b.resolveBy.toISOString(),
        })),
    })),
    unscheduled,
  };
}

/**
 * Orders with a duration and no booking: waiting in the caller's queues at a step that assigns an
 * engineer, or assigned (or accepted) without a booking, within the caller's order scope.
 */
async function unscheduledOrders(db: DbOrTx, p: Principal) {
  const o = s.workOrders;
  const nodes = (await handledQueueNodes(db, p)).filter((n) => isDispatchNodeKind(n.kind) && ['assign_engineer', 'group_internal_assign', 'provider_assign_engineer', 'assign_provider_engineer'].includes(n.kind));
  const unbooked = notExists(db.select({ x: sql`1` }).from(s.bookings).where(eq(s.bookings.orderId, o.id)));
  const waiting = nodes.length ? pendingScope(p, nodes) : sql`false`;
  const holding = and(inArray(o.status, ['assigned', 'accepted']), isNotNull(o.engineerId), orderScope(p) ?? sql`true`);
  const rows = await db
    .select({
      id: o.id,
      number: o.number,
      title: o.title,
      priority: o.priority,
      status: o.status,
      category: o.category,
      version: o.version,
      nodeId: o.currentNodeId,
      engineerId: o.engineerId,
      durationMinutes: o.durationMinutes,
      windowStart: o.windowStart,
      windowEnd: o.windowEnd,
      resolveBy: o.resolveBy,
      lat: o.lat,
      lng: o.lng,
      requiredSkills: o.requiredSkills,
      city: o.city,
    })
    .from(o)
    .where(and(isNotNull(o.durationMinutes), unbooked, or(waiting, holding)))
    .orderBy(asc(o.resolveBy), asc(o.id))
    .limit(BOARD_UNSCHEDULED_MAX);
  return rows.map(({ windowStart, windowEnd, lat, lng, resolveBy, ...r }) => ({
    ...r,
    orderId: r.id,
    window: windowStart && windowEnd ? { start: windowStart.toISOString(), end: windowEnd.toISOString() } : null,
    resolveBy: resolveBy.toISOString(),
    location: lat !== null && lng !== null ? { lat, lng } : null,
  }));
}
