// Input schemas of scheduling: the company's working hours and travel model (Settings), category
// durations, an engineer's own hours, vehicle and time off. Shared by the server (tRPC inputs) and
// the forms (field errors by path). Pure: no database import.
import { z } from 'zod';
import { VEHICLE_STATUSES } from '../enums';
import { idString } from '../limits';

export const DAYS = ['0', '1', '2', '3', '4', '5', '6'] as const;
export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
/** Durations: a minute at least, a week at most (the database's check, migration 0014). */
export const DURATION_MAX_MINUTES = 7 * 24 * 60;

const hhmm = z
  .string()
  .trim()
  .max(5, 'A time as HH:MM, 00:00 to 24:00')
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'A time as HH:MM, 00:00 to 24:00');
const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const HHMM = /^\d\d:\d\d$/;

const shift = z
  .object({ start: hhmm, end: hhmm })
  // Only between two well-formed times (a malformed one has its own message).
  .refine((s) => !HHMM.test(s.start) || !HHMM.test(s.end) || minutesOf(s.end) > minutesOf(s.start), { path: ['end'], message: 'A shift ends after it starts (no shift across midnight)' });

const dayShifts = z.array(shift).max(6, 'At most 6 shifts a day').superRefine((list, ctx) => {
  const sorted = list.map((s, i) => ({ ...s, i })).sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
  for (let k = 1; k < sorted.length; k++) {
    if (minutesOf(sorted[k].start) < minutesOf(sorted[k - 1].end)) {
      ctx.addIssue({ code: 'custom', path: [sorted[k].i, 'start'], message: `Overlaps the shift ${sorted[k - 1].start}–${sorted[k - 1].end}` });
    }
  }
});

/** Weekly hours: for each day of the week (0 = Sunday … 6 = Saturday) its shifts, wall-clock times in the company's zone. */
export const weeklyHoursInput = z.object({
  '0': dayShifts.default([]),
  '1': dayShifts.default([]),
  '2': dayShifts.default([]),
  '3': dayShifts.default([]),
  '4': dayShifts.default([]),
  '5': dayShifts.default([]),
  '6': dayShifts.default([]),
});

/** An IANA time zone the runtime knows (America/New_York, Europe/Berlin, UTC). */
export const timeZoneInput = z
  .string()
  .trim()
  .min(1, 'The time zone is required')
  .max(64)
  .refine(isTimeZone, { message: 'Not a known IANA time zone (e.g. America/New_York)' });

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const durationMinutesInput = z
  .number({ message: 'A whole number of minutes' })
  .int('A whole number of minutes')
  .min(1, 'At least 1 minute')
  .max(DURATION_MAX_MINUTES, `At most ${DURATION_MAX_MINUTES} minutes (7 days)`);

export const scheduleSettingsInput = z.object({
  timeZone: timeZoneInput,
  workingHours: weeklyHoursInput,
  travel: z.object({
    speedKmh: z.number({ message: 'A speed in km/h' }).min(1, 'At least 1 km/h').max(300, 'At most 300 km/h'),
    minimumMinutes: z.number().int('Whole minutes').min(0, 'Cannot be negative').max(600, 'At most 600 minutes'),
  }),
  categoryDurations: z
    .array(z.object({ category: z.string().trim().min(1, 'The category is required').max(60), durationMinutes: durationMinutesInput }))
    .max(200)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((c, i) => {
        if (seen.has(c.category)) ctx.addIssue({ code: 'custom', path: [i, 'category'], message: `"${c.category}" is listed twice` });
        seen.add(c.category);
      });
    })
    .default([]),
});
export type ScheduleSettingsInput = z.infer<typeof scheduleSettingsInput>;

export const vehicleInput = z.object({
  id: z.string().trim().min(1, 'The vehicle id is required').max(60),
  status: z.enum(VEHICLE_STATUSES, { message: 'Ready or maintenance' }),
});

const isoDate = z
  .string()
  .max(10, 'A date as YYYY-MM-DD')
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), { message: 'Not a date' });

export const timeOffListInput = z.object({ engineerId: idString });
export const timeOffInput = z
  .object({
    engineerId: idString,
    startsOn: isoDate,
    endsOn: isoDate,
    reason: z.string().trim().max(200, 'At most 200 characters').default(''),
  })
  .refine((t) => t.endsOn >= t.startsOn, { path: ['endsOn'], message: 'Time off ends on or after the day it starts' });
export type TimeOffInput = z.infer<typeof timeOffInput>;
