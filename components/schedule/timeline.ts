// The board's geometry, pure: the days shown (day or week view, in the company's zone), where a
// moment falls on a row (px), the rows grouped and filtered, and each row's shifts, bookings and the
// travel before each booking. No React here, so it is tested in plain Node.
import { travelMinutes, type LatLng, type TravelData } from '../../dsl';
import type { BoardEngineer, BoardBooking, BoardRow, GroupBy, ViewKind } from './types';
import { addDays, formatDay, formatWeekday, weekday, zonedMs } from './zone';

const MINUTE = 60_000;

/** Pixels per hour of each view: a day is 24 × 60 px wide, a week 7 × 24 × 10 px. */
export const PX_PER_HOUR: Record<ViewKind, number> = { day: 60, week: 10 };
/** Where a dropped or hand-picked time snaps to. */
export const SNAP_MINUTES = 15;

export interface View {
  kind: ViewKind;
  /** The first day shown ("YYYY-MM-DD", in the zone). */
  date: string;
  from: number;
  to: number;
  days: { date: string; start: number; end: number; label: string }[];
  pxPerMs: number;
  width: number;
  timeZone: string;
}

/** The Monday on or before `date`. */
export function weekStart(date: string): string {
  return addDays(date, -((weekday(date) + 6) % 7));
}

export function makeView(kind: ViewKind, date: string, timeZone: string): View {
  const first = kind === 'week' ? weekStart(date) : date;
  const count = kind === 'week' ? 7 : 1;
  const days = Array.from({ length: count }, (_, i) => {
    const d = addDays(first, i);
    const start = zonedMs(d, 0, timeZone);
    const end = zonedMs(addDays(d, 1), 0, timeZone);
    return { date: d, start, end, label: kind === 'week' ? formatWeekday(start, timeZone) : formatDay(start, timeZone) };
  });
  const from = days[0].start;
  const to = days[days.length - 1].end;
  const pxPerMs = PX_PER_HOUR[kind] / 60 / MINUTE;
  return { kind, date: first, from, to, days, pxPerMs, width: Math.round((to - from) * pxPerMs), timeZone };
}

/** The board query's range for a view. */
export function boardInput(view: View) {
  return { from: new Date(view.from).toISOString(), to: new Date(view.to).toISOString() };
}

/** The date the view moves to on "previous" (-1) or "next" (+1). */
export function stepDate(view: View, direction: -1 | 1): string {
  return addDays(view.date, direction * (view.kind === 'week' ? 7 : 1));
}

export const xOf = (view: View, ms: number) => (ms - view.from) * view.pxPerMs;

/** A moment snapped to SNAP_MINUTES. */
export const snap = (ms: number) => Math.round(ms / (SNAP_MINUTES * MINUTE)) * SNAP_MINUTES * MINUTE;

/** The moment at `x` px on a row, snapped to SNAP_MINUTES. */
export const timeAt = (view: View, x: number) => snap(view.from + x / view.pxPerMs);

/** A span placed on the row, clipped to the view; null when it lies outside it. */
export function place(view: View, start: number, end: number): { left: number; width: number } | null {
  const a = Math.max(start, view.from);
  const b = Math.min(end, view.to);
  if (b <= a) return null;
  const left = xOf(view, a);
  return { left, width: Math.max(2, xOf(view, b) - left) };
}

export interface RowFilters {
  skill: string;
  region: string;
  text: string;
}

/**
 * The rows: engineers under their service group (one in several groups appears under each; none:
 * "No service group") or their provider ("Internal" first), filtered by skill, region and name.
 */
export function buildRows(engineers: readonly BoardEngineer[], groupBy: GroupBy, filters: RowFilters): BoardRow[] {
  const needle = filters.text.trim().toLowerCase();
  const shown = engineers.filter(
    (e) =>
      (!filters.skill || e.skills.includes(filters.skill)) &&
      (!filters.region || e.region === filters.region) &&
      (!needle || e.name.toLowerCase().includes(needle)),
  );
  const groups = new Map<string, { label: string; engineers: BoardEngineer[] }>();
  const add = (key: string, label: string, e: BoardEngineer) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { label, engineers: [] }));
    g.engineers.push(e);
  };
  for (const e of shown) {
    if (groupBy === 'provider') add(e.providerId ?? '', e.providerName ?? 'Internal', e);
    else if (e.groups.length === 0) add('', 'No service group', e);
    else for (const g of e.groups) add(g.id, g.name, e);
  }
  const ordered = [...groups.entries()].sort(([ka, a], [kb, b]) => (ka === '' ? (groupBy === 'provider' ? -1 : 1) : kb === '' ? (groupBy === 'provider' ? 1 : -1) : a.label.localeCompare(b.label)));
  const rows: BoardRow[] = [];
  for (const [key, g] of ordered) {
    rows.push({ kind: 'group', key: `g:${key}`, label: g.label, count: g.engineers.length });
    for (const e of [...g.engineers].sort((a, b) => a.name.localeCompare(b.name))) rows.push({ kind: 'engineer', key: `${key}:${e.id}`, engineer: e });
  }
  return rows;
}

/** The distinct skills and regions of the engineers, sorted, for the filters. */
export function filterOptions(engineers: readonly BoardEngineer[]): { skills: string[]; regions: string[] } {
  const skills = new Set<string>();
  const regions = new Set<string>();
  for (const e of engineers) {
    for (const s of e.skills) skills.add(s);
    if (e.region) regions.add(e.region);
  }
  return { skills: [...skills].sort(), regions: [...regions].sort() };
}

export interface PlacedBooking {
  booking: BoardBooking;
  left: number;
  width: number;
  /** The travel before it (from the previous booking's place, or the engineer's location). */
  travelMinutes: number | null;
  travel: { left: number; width: number } | null;
}

export interface RowLayout {
  shifts: { left: number; width: number }[];
  bookings: PlacedBooking[];
}

/** A booking's start and end as epoch ms (ISO strings on the wire). */
const span = (b: { start: string; end: string }) => [Date.parse(b.start), Date.parse(b.end)] as const;

/**
 * The travel before each booking, in the engineer's time order: from the booking that ends last
 * before it (its order's location), else from the engineer's location; unknown (null) when either
 * point is missing.
 */
export function travelBefore(engineer: Pick<BoardEngineer, 'location' | 'bookings'>, travel: TravelData): Map<BoardBooking, number | null> {
  const sorted = [...engineer.bookings].sort((a, b) => span(a)[0] - span(b)[0]);
  const out = new Map<BoardBooking, number | null>();
  let previous: { end: number; location: LatLng | null } | null = null;
  for (const b of sorted) {
    const [start, end] = span(b);
    const from: LatLng | null = previous && previous.end <= start ? previous.location : engineer.location;
    out.set(b, travelMinutes(from, b.location, travel));
    if (!previous || end >= previous.end) previous = { end, location: b.location };
  }
  return out;
}

/**
 * Where a day view opens (px from its start): an hour before the first work of the day on the
 * board (a shift or a booking that starts in the view), so the working hours, not midnight, are
 * in sight; 0 for a week view or a day without any.
 */
export function openingScroll(view: View, engineers: readonly Pick<BoardEngineer, 'shifts' | 'bookings'>[]): number {
  if (view.kind !== 'day') return 0;
  let first = Infinity;
  for (const e of engineers) {
    for (const s of [...(e.shifts ?? []), ...e.bookings]) {
      const [a, b] = span(s);
      if (b > view.from && a < view.to) first = Math.min(first, Math.max(a, view.from));
    }
  }
  return first === Infinity ? 0 : Math.max(0, Math.round(xOf(view, first - 60 * MINUTE)));
}

export function layoutRow(engineer: BoardEngineer, view: View, travel: TravelData): RowLayout {
  const shifts: RowLayout['shifts'] = [];
  for (const s of engineer.shifts ?? []) {
    const [a, b] = span(s);
    const p = place(view, a, b);
    if (p) shifts.push(p);
  }
  const travels = travelBefore(engineer, travel);
  const bookings: PlacedBooking[] = [];
  for (const booking of engineer.bookings) {
    const [a, b] = span(booking);
    const p = place(view, a, b);
    if (!p) continue;
    const minutes = travels.get(booking) ?? null;
    bookings.push({ booking, ...p, travelMinutes: minutes, travel: minutes ? place(view, a - minutes * MINUTE, a) : null });
  }
  return { shifts, bookings };
}

/** Hour ticks for the time axis: every hour in the day view, every 6 hours in the week view. */
export function ticks(view: View): { x: number; label: string; major: boolean }[] {
  const step = view.kind === 'day' ? 1 : 6;
  const out: { x: number; label: string; major: boolean }[] = [];
  for (const d of view.days) {
    for (let h = 0; h < 24; h += step) {
      const ms = zonedMs(d.date, h * 60, view.timeZone);
      if (ms >= d.end) break;
      const hour = h % 12 === 0 ? 12 : h % 12;
      out.push({ x: xOf(view, ms), label: view.kind === 'day' ? `${hour} ${h < 12 ? 'AM' : 'PM'}` : h === 0 ? d.label : `${hour}${h < 12 ? 'a' : 'p'}`, major: h === 0 });
    }
  }
  return out;
}
