// The scheduling part of the directory as the rules see it (FORMATS.md's scheduling keys): each
// engineer's shifts (weekly hours in the company's zone, their own or the company's, less time
// off, from yesterday to now + 15 days), bookings (with each booked order's location) and vehicle,
// and the directory's travel model. Read with the engineers the directory reads (all, or those
// changed since the last refresh: a booking, a time-off change or an edit touches the engineer).
import { sql } from 'drizzle-orm';
import type { BookingData, EngineerData, TimeSpanData, TravelData } from '../../dsl';
import { queryRows, type DbOrTx } from '../../drizzle/client';
import { localDate, shiftsBetween, type DaysOff, type WeeklyHoursData } from '../directory/shifts';

const DAY_MS = 86_400_000;
/** Shifts reach this far ahead (the slot search looks 14 days ahead). */
const SHIFT_HORIZON_MS = 15 * DAY_MS;

export interface ScheduleSettingsRow {
  timeZone: string;
  workingHours: WeeklyHoursData;
  travel: TravelData;
  /** When the settings last changed: a change re-reads every engineer. */
  updatedAt: string;
}

export interface EngineerScheduleRows {
  settings: ScheduleSettingsRow;
  timeOff: Map<string, DaysOff[]>;
  bookings: Map<string, BookingData[]>;
}

/** `engineers` SQL: a condition on `e` (engineers), or none for all. */
export async function readScheduleRows(db: DbOrTx, since: Date | null, nowMs: number): Promise<EngineerScheduleRows> {
  const changed = since ? sql`AND e.updated_at >= ${since}` : sql``;
  const fromDay = localDate(nowMs - 2 * DAY_MS, 'UTC');
  const fromTs = new Date(nowMs - DAY_MS);
  const [[settings], timeOff, bookings] = await Promise.all([
    queryRows<{ time_zone: string; working_hours: WeeklyHoursData; speed: number; minimum: number; updated_at: string }>(
      db,
      sql`SELECT time_zone, working_hours, travel_speed_kmh AS speed, travel_minimum_minutes AS minimum, updated_at::text FROM schedule_settings WHERE id = 'default'`,
    ),
    queryRows<{ j: string | null }>(
      db,
      sql`SELECT json_agg(json_build_object('e', t.engineer_id, 's', t.starts_on, 'z', t.ends_on))::text AS j
          FROM engineer_time_off t JOIN engineers e ON e.id = t.engineer_id
          WHERE t.ends_on >= ${fromDay}::date ${changed}`,
    ),
    queryRows<{ j: string | null }>(
      db,
      sql`SELECT json_agg(json_build_object('e', b.engineer_id, 'o', b.order_id, 's', b.starts_at, 'z', b.ends_at, 'lat', o.lat, 'lng', o.lng)
            ORDER BY b.engineer_id, b.starts_at)::text AS j
          FROM bookings b JOIN engineers e ON e.id = b.engineer_id JOIN work_orders o ON o.id = b.order_id
          WHERE b.ends_at > ${fromTs} ${changed}`,
    ),
  ]);
  const offs = new Map<string, DaysOff[]>();
  for (const t of JSON.parse(timeOff[0]?.j ?? '[]') as { e: string; s: string; z: string }[]) {
    const list = offs.get(t.e) ?? [];
    list.push({ startsOn: t.s, endsOn: t.z });
    offs.set(t.e, list);
  }
  const booked = new Map<string, BookingData[]>();
  for (const b of JSON.parse(bookings[0]?.j ?? '[]') as { e: string; o: string; s: string; z: string; lat: number | null; lng: number | null }[]) {
    const list = booked.get(b.e) ?? [];
    list.push(bookingData(b.o, b.s, b.z, b.lat, b.lng));
    booked.set(b.e, list);
  }
  return {
    settings: {
      timeZone: settings?.time_zone ?? 'America/New_York',
      workingHours: settings?.working_hours ?? {},
      travel: { speedKmh: settings?.speed ?? 40, minimumMinutes: settings?.minimum ?? 0 },
      updatedAt: settings?.updated_at ?? '',
    },
    timeOff: offs,
    bookings: booked,
  };
}

export function bookingData(order: string, start: string | Date, end: string | Date, lat: number | null, lng: number | null): BookingData {
  return {
    order,
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    location: lat !== null && lng !== null ? { lat, lng } : null,
  };
}

const hasShifts = (hours: WeeklyHoursData) => Object.values(hours).some((d) => (d?.length ?? 0) > 0);

/**
 * Builds engineers' shifts, sharing one array among every engineer with the same hours and no
 * time off (with 10,000 engineers, a handful of patterns): the slot search then parses each once.
 */
export class ShiftMaker {
  private readonly shared = new Map<string, TimeSpanData[]>();
  constructor(
    private readonly settings: ScheduleSettingsRow,
    private readonly nowMs: number,
  ) {}

  /** Undefined: the engineer works at any time (no weekly hours at all). */
  shiftsOf(own: WeeklyHoursData | null, daysOff: DaysOff[] | undefined): TimeSpanData[] | undefined {
    const hours = own ?? this.settings.workingHours;
    if (!hasShifts(hours)) return undefined;
    const from = this.nowMs - DAY_MS;
    const to = this.nowMs + SHIFT_HORIZON_MS;
    if (daysOff?.length) return shiftsBetween(hours, this.settings.timeZone, from, to, daysOff);
    const key = own ? JSON.stringify(own) : '';
    let shifts = this.shared.get(key);
    if (!shifts) this.shared.set(key, (shifts = shiftsBetween(hours, this.settings.timeZone, from, to)));
    return shifts;
  }
}

/** The scheduling keys of one engineer. */
export function engineerSchedule(
  e: { id: string; workingHours: WeeklyHoursData | null; vehicleId: string | null; vehicleStatus: string | null },
  rows: EngineerScheduleRows,
  shifts: ShiftMaker,
): Pick<EngineerData, 'shifts' | 'bookings' | 'vehicle'> {
  return {
    shifts: shifts.shiftsOf(e.workingHours, rows.timeOff.get(e.id)),
    bookings: rows.bookings.get(e.id) ?? [],
    vehicle: e.vehicleId ? { id: e.vehicleId, status: e.vehicleStatus ?? 'ready' } : null,
  };
}
