// Wall-clock time in the company's time zone (IANA, e.g. America/New_York), with Intl alone: the
// board's days begin at the zone's midnight and its times are written in the zone, whatever the
// browser's own zone is. Formatters are costly to make, so each is made once per zone.

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormats.set(timeZone, f);
  }
  return f;
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wall(ms: number, timeZone: string): Wall {
  const out: Record<string, number> = {};
  for (const p of partsFormat(timeZone).formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { year: out.year, month: out.month, day: out.day, hour: out.hour % 24, minute: out.minute, second: out.second };
}

/** How far the zone's wall clock is ahead of UTC at `ms`. */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const w = wall(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The moment a wall-clock time of a date ("YYYY-MM-DD", minutes after midnight) happens in the zone. */
export function zonedMs(date: string, minutes: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d, 0, minutes);
  const first = guess - zoneOffsetMs(guess, timeZone);
  // Once more at the found moment: the offset may differ across a DST change.
  return guess - zoneOffsetMs(first, timeZone);
}

/** The zone's date ("YYYY-MM-DD") at `ms`. */
export function zonedDate(ms: number, timeZone: string): string {
  const w = wall(ms, timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** The date `days` after `date` (calendar days). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string, kind: 'time' | 'day' | 'dayTime' | 'weekday'): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { hour: 'numeric', minute: '2-digit' }
        : kind === 'day'
          ? { weekday: 'short', month: 'short', day: 'numeric' }
          : kind === 'weekday'
            ? { weekday: 'short', day: 'numeric' }
            : { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' };
    f = new Intl.DateTimeFormat('en-US', { timeZone, ...options });
    formats.set(key, f);
  }
  return f;
}

/** "9:30 AM" in the zone. */
export const formatTime = (ms: number, timeZone: string) => format(timeZone, 'time').format(ms);
/** "Tue, Dec 1" in the zone. */
export const formatDay = (ms: number, timeZone: string) => format(timeZone, 'day').format(ms);
/** "Tue 1" in the zone. */
export const formatWeekday = (ms: number, timeZone: string) => format(timeZone, 'weekday').format(ms);
/** "Tue, Dec 1, 9:30 AM" in the zone. */
export const formatDayTime = (ms: number, timeZone: string) => format(timeZone, 'dayTime').format(ms);

/** A span in the zone, the day said once when it ends the day it starts: "Mon, Dec 7, 1:00 PM–4:00 PM". */
export function formatSpan(start: number, end: number, timeZone: string): string {
  return `${formatDayTime(start, timeZone)}–${zonedDate(start, timeZone) === zonedDate(end, timeZone) ? formatTime(end, timeZone) : formatDayTime(end, timeZone)}`;
}

/** A `datetime-local` input's value ("YYYY-MM-DDTHH:MM") for `ms` in the zone. */
export function toLocalInput(ms: number, timeZone: string): string {
  const w = wall(ms, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}`;
}

/** The moment of a `datetime-local` value read in the zone; null when it is not one. */
export function fromLocalInput(value: string, timeZone: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  return zonedMs(m[1], Number(m[2]) * 60 + Number(m[3]), timeZone);
}
