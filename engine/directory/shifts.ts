// Shifts from weekly working hours: wall-clock times in the company's time zone turned into
// instants (DST-aware, by @date-fns/tz), day by day, less the days off. Pure: no database import.
import { TZDate } from '@date-fns/tz';
import type { TimeSpanData } from '../../dsl';

/** Weekly hours (the shape of schedule_settings.working_hours): day of week "0" (Sunday) … "6" → shifts "HH:MM". */
export type WeeklyHoursData = Record<string, readonly { start: string; end: string }[] | undefined>;

/** Days off: whole days in the company's zone, both ends included ("YYYY-MM-DD"). */
export interface DaysOff {
  startsOn: string;
  endsOn: string;
}

const DAY_MS = 86_400_000;

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(ms: number, timeZone: string): string {
  const d = new TZDate(ms, timeZone);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function instant(y: number, m: number, d: number, hhmm: string, timeZone: string): number {
  const h = Number(hhmm.slice(0, 2));
  const min = Number(hhmm.slice(3, 5));
  // 24:00 is midnight at the end of the day.
  return h === 24 ? new TZDate(y, m, d + 1, 0, min, timeZone).getTime() : new TZDate(y, m, d, h, min, timeZone).getTime();
}

/**
 * The shifts of every local day that overlaps [fromMs, toMs), as ISO spans in time order. Shifts
 * that touch (08:00–12:00 and 12:00–17:00, or 24:00 and the next day's 00:00) are one shift. Days
 * inside `daysOff` have none.
 */
export function shiftsBetween(hours: WeeklyHoursData, timeZone: string, fromMs: number, toMs: number, daysOff: readonly DaysOff[] = []): TimeSpanData[] {
  const spans: [number, number][] = [];
  const first = new TZDate(fromMs, timeZone);
  let y = first.getFullYear();
  let m = first.getMonth();
  let d = first.getDate();
  for (let guard = 0; guard < 400; guard++) {
    const noon = new TZDate(y, m, d, 12, 0, timeZone);
    const dayStart = new TZDate(y, m, d, 0, 0, timeZone).getTime();
    if (dayStart >= toMs) break;
    const date = `${noon.getFullYear()}-${String(noon.getMonth() + 1).padStart(2, '0')}-${String(noon.getDate()).padStart(2, '0')}`;
    if (!daysOff.some((o) => o.startsOn <= date && date <= o.endsOn)) {
      for (const s of hours[String(noon.getDay())] ?? []) {
        const start = instant(y, m, d, s.start, timeZone);
        const end = instant(y, m, d, s.end, timeZone);
        if (end > start && end > fromMs - DAY_MS) spans.push([start, end]);
      }
    }
    // The next calendar day (TZDate normalises d + 1 across months and years).
    const next = new TZDate(y, m, d + 1, 12, 0, timeZone);
    y = next.getFullYear();
    m = next.getMonth();
    d = next.getDate();
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged.map(([start, end]) => ({ start: new Date(start).toISOString(), end: new Date(end).toISOString() }));
}
