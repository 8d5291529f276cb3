// The ghost bar: where the engine would book an order on an engineer, computed in the browser by
// the very slot search the server runs (dsl/schedule.ts), so a drag needs no round trip; the drop
// is confirmed by schedule.book / schedule.move, which check again on the server.
import { checkSlot, earliestSlot, refusalText, travelMinutes, type EngineerData, type OrderData, type TravelData } from '../../dsl';
import type { BoardBooking, BoardEngineer, DragItem, UnscheduledOrder } from './types';
import { formatDayTime, formatTime } from './zone';

const MINUTE = 60_000;

const engineers = new WeakMap<BoardEngineer, EngineerData>();

/**
 * The board's engineer as the slot search reads it, made once per answer of the board (the search
 * parses an engineer's shifts and bookings once per object). The booking of the order being
 * placed never stands in its own way: the search leaves it out by the order's id.
 */
export function engineerData(e: BoardEngineer): EngineerData {
  let d = engineers.get(e);
  if (!d) engineers.set(e, (d = toEngineerData(e)));
  return d;
}

function toEngineerData(e: BoardEngineer): EngineerData {
  return {
    id: e.id,
    name: e.name,
    providerId: e.providerId,
    skills: e.skills,
    status: 'available',
    location: e.location,
    region: e.region,
    openOrders: 0,
    capacity: 0,
    rating: 0,
    vehicle: e.vehicle,
    shifts: e.shifts,
    bookings: e.bookings.map((b) => ({ order: b.orderId, start: b.start, end: b.end, location: b.location })),
  };
}

/** The order being dragged as the slot search reads it: an unscheduled order, or a booked one being moved (its booked length). */
export function orderData(item: DragItem): OrderData {
  const base = { source: 'manual', customer: { name: '', tier: 'Standard' }, tags: [], custom: {}, createdAt: new Date(0).toISOString() };
  if (item.kind === 'order') {
    const o: UnscheduledOrder = item.order;
    return {
      ...base,
      id: o.orderId,
      number: o.number,
      title: o.title,
      category: o.category,
      priority: o.priority,
      address: { city: o.city, region: '', postcode: '' },
      location: o.location,
      requiredSkills: o.requiredSkills,
      sla: { respondBy: o.resolveBy, resolveBy: o.resolveBy },
      durationMinutes: o.durationMinutes,
      window: o.window,
    };
  }
  const b: BoardBooking = item.booking;
  return {
    ...base,
    id: b.orderId,
    number: b.number,
    title: b.title,
    category: '',
    priority: b.priority,
    address: { city: '', region: '', postcode: '' },
    location: b.location,
    requiredSkills: [],
    sla: { respondBy: b.end, resolveBy: b.end },
    durationMinutes: Math.round((Date.parse(b.end) - Date.parse(b.start)) / MINUTE),
    window: null,
  };
}

export type Preview =
  | { ok: true; mode: 'earliest' | 'at'; start: number; end: number; checks: string[] }
  | { ok: false; mode: 'earliest' | 'at'; start: number | null; end: number | null; reason: string };

/**
 * The ghost of `item` on `engineer`: at `at` (checkSlot), or at the engine's earliest slot when
 * `at` is null (earliestSlot); what the engine checks when it fits, the broken rule when not.
 */
export function previewSlot(
  engineer: BoardEngineer,
  item: DragItem,
  at: number | null,
  now: number,
  travel: TravelData,
  timeZone: string,
  numberOf: (orderId: string | null) => string,
): Preview {
  const e = engineerData(engineer);
  const o = orderData(item);
  const duration = (o.durationMinutes ?? 0) * MINUTE;
  if (at === null) {
    const slot = earliestSlot(e, o, now, travel);
    if (!slot) return { ok: false, mode: 'earliest', start: null, end: null, reason: noSlotReason(o, duration, now) };
    return { ok: true, mode: 'earliest', start: slot.start, end: slot.end, checks: [...checksOf(e, o, slot.start, slot.end, travel, timeZone, numberOf), ...lateWarning(item, slot.start, timeZone)] };
  }
  const result = checkSlot(e, o, at, now, travel);
  if (!result.ok) return { ok: false, mode: 'at', start: at, end: at + duration, reason: refusalText(result.refusal, numberOf, (ms) => formatDayTime(ms, timeZone)) };
  return { ok: true, mode: 'at', start: result.start, end: result.end, checks: [...checksOf(e, o, result.start, result.end, travel, timeZone, numberOf), ...lateWarning(item, result.start, timeZone)] };
}

/** Why there is no earliest slot, as precisely as the order alone says. */
function noSlotReason(o: OrderData, duration: number, now: number): string {
  if (!o.durationMinutes) return 'the order has no duration';
  if (o.window) {
    const start = Date.parse(o.window.start);
    const end = Date.parse(o.window.end);
    if (end <= now) return 'its service window has passed';
    if (end - start < duration) return 'its service window is shorter than the work';
    if (end - Math.max(start, now) < duration) return 'too little of its service window is left for the work';
  }
  return 'no free slot in the next 14 days';
}

/** A slot that starts after the order's resolve-by is booked, with this warning (RULES.md: not a refusal). */
function lateWarning(item: DragItem, start: number, timeZone: string): string[] {
  const resolveBy = Date.parse(item.kind === 'order' ? item.order.resolveBy : item.booking.resolveBy);
  return start > resolveBy ? [`warning: starts after its resolve-by (${formatDayTime(resolveBy, timeZone)})`] : [];
}

/** What a slot that fits was checked against, in words. */
function checksOf(e: EngineerData, o: OrderData, start: number, end: number, travel: TravelData, timeZone: string, numberOf: (id: string | null) => string): string[] {
  const t = (ms: number) => formatTime(ms, timeZone);
  const checks: string[] = [];
  const shift = e.shifts?.find((s) => Date.parse(s.start) <= start && end <= Date.parse(s.end));
  checks.push(shift ? `inside the shift ${t(Date.parse(shift.start))}–${t(Date.parse(shift.end))}` : 'no working hours: always available');
  if (o.window) checks.push(`inside the window ${formatDayTime(Date.parse(o.window.start), timeZone)}–${formatDayTime(Date.parse(o.window.end), timeZone)}`);
  const bookings = (e.bookings ?? []).filter((b) => b.order !== o.id).map((b) => ({ ...b, s: Date.parse(b.start), e: Date.parse(b.end) }));
  const before = bookings.filter((b) => b.e <= start).sort((a, b) => b.e - a.e)[0];
  const after = bookings.filter((b) => b.s >= end).sort((a, b) => a.s - b.s)[0];
  const fromMinutes = travelMinutes(before ? (before.location ?? null) : e.location, o.location, travel);
  checks.push(
    before
      ? `${fromMinutes ?? 0} min travel from ${numberOf(before.order)} (ends ${t(before.e)})`
      : fromMinutes !== null
        ? `${fromMinutes} min travel from the engineer's location`
        : 'travel unknown (no location): counted as 0 min',
  );
  if (after) checks.push(`reaches ${numberOf(after.order)} by ${t(after.s)} (${travelMinutes(o.location, after.location ?? null, travel) ?? 0} min travel)`);
  checks.push('no overlap with other bookings');
  return checks;
}
