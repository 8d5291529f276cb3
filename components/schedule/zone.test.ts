import { describe, expect, it } from 'vitest';
import { formatSpan, formatTime, fromLocalInput, toLocalInput, zonedDate, zonedMs } from './zone';

const NY = 'America/New_York';

describe('the company zone', () => {
  it('finds midnight and wall times across a DST change', () => {
    expect(new Date(zonedMs('2026-12-01', 0, NY)).toISOString()).toBe('2026-12-01T05:00:00.000Z');
    expect(new Date(zonedMs('2026-07-01', 9 * 60, NY)).toISOString()).toBe('2026-07-01T13:00:00.000Z');
    // 8 March 2026: clocks go forward at 2:00, so the day has 23 hours.
    expect(zonedMs('2026-03-09', 0, NY) - zonedMs('2026-03-08', 0, NY)).toBe(23 * 3_600_000);
    expect(zonedDate(Date.parse('2026-12-02T03:00:00Z'), NY)).toBe('2026-12-01');
  });

  it('reads and writes datetime-local values in the zone', () => {
    const ms = Date.parse('2026-12-01T15:30:00Z');
    expect(toLocalInput(ms, NY)).toBe('2026-12-01T10:30');
    expect(fromLocalInput('2026-12-01T10:30', NY)).toBe(ms);
    expect(fromLocalInput('tomorrow', NY)).toBeNull();
    expect(formatTime(ms, NY)).toBe('10:30 AM');
  });

  it('writes a span with its day once when it ends the day it starts (in the zone, not in UTC)', () => {
    // 1:00-4:00 PM New York; the end is the next day in UTC (21:00Z is still Dec 7 in New York).
    expect(formatSpan(Date.parse('2026-12-07T18:00:00Z'), Date.parse('2026-12-07T21:00:00Z'), NY)).toBe('Mon, Dec 7, 1:00 PM–4:00 PM');
    expect(formatSpan(Date.parse('2026-12-07T23:00:00Z'), Date.parse('2026-12-08T06:00:00Z'), NY)).toBe('Mon, Dec 7, 6:00 PM–Tue, Dec 8, 1:00 AM');
  });
});
