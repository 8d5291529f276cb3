'use client';
// Weekly working hours as people write them: one line per day, its shifts as "08:00-12:00,
// 13:00-17:00" (empty: not working). Used by the company's schedule settings and by an engineer's
// own hours in the directory; the server's schema (engine/directory/schedule.schema.ts) checks them.
import type { FieldControl } from '../ui';
import { FieldError } from '../ui';
import './schedule.css';

export const WEEK_DAYS = ['1', '2', '3', '4', '5', '6', '0'] as const; // Monday first, as a week is read
export const DAY_LABELS: Record<string, string> = { '0': 'Sunday', '1': 'Monday', '2': 'Tuesday', '3': 'Wednesday', '4': 'Thursday', '5': 'Friday', '6': 'Saturday' };

export type Day = '0' | '1' | '2' | '3' | '4' | '5' | '6';
export type WeeklyHours = Record<Day, { start: string; end: string }[]>;
export type WeeklyText = Record<Day, string>;

const ALL_DAYS: Day[] = ['0', '1', '2', '3', '4', '5', '6'];

/** The hours as one line of text a day. */
export function hoursToText(hours: Partial<WeeklyHours> | null | undefined): WeeklyText {
  const out = {} as WeeklyText;
  for (const d of ALL_DAYS) out[d] = (hours?.[d] ?? []).map((s) => `${s.start}-${s.end}`).join(', ');
  return out;
}

/**
 * The text read back: each day's shifts, or the days whose line is not a list of "HH:MM-HH:MM"
 * (the schema checks the times themselves).
 */
export function textToHours(text: WeeklyText): { hours: WeeklyHours; errors: Partial<Record<Day, string>> } {
  const hours = {} as WeeklyHours;
  const errors: Partial<Record<Day, string>> = {};
  for (const d of ALL_DAYS) {
    const parts = text[d]
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    hours[d] = [];
    for (const p of parts) {
      const m = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(p);
      if (!m) {
        errors[d] = `Write shifts as 08:00-17:00, separated by commas (not “${p}”)`;
        break;
      }
      hours[d].push({ start: m[1].padStart(5, '0'), end: m[2].padStart(5, '0') });
    }
  }
  return { hours, errors };
}

/** Seven labelled lines, one per day, each with its error below. */
export function WeeklyHoursFields({
  legend,
  text,
  onChange,
  control,
  disabled,
}: {
  legend: string;
  text: WeeklyText;
  onChange: (day: Day, value: string) => void;
  /** The control of `workingHours.<day>`. */
  control: (day: Day) => FieldControl;
  disabled?: boolean;
}) {
  return (
    <fieldset className="weekly-hours" disabled={disabled}>
      <legend>{legend}</legend>
      <p className="hint muted small">Shifts as 08:00-12:00, 13:00-17:00; leave a day empty for a day off.</p>
      <div className="weekly-hours-grid">
        {WEEK_DAYS.map((d) => {
          const c = control(d);
          return (
            <div key={d} className="field">
              <label htmlFor={c.id}>{DAY_LABELS[d]}</label>
              <input {...c.input} autoComplete="off" value={text[d]} placeholder="day off" onChange={(e) => onChange(d, e.target.value)} />
              <FieldError control={c} />
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
