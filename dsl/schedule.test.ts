import { describe, expect, it } from 'vitest';
import { checkSlot, earliestSlot, travelMinutes } from './index';
import type { EngineerData, OrderData } from './types';

const T = (hhmm: string) => Date.parse(`2026-11-23T${hhmm}:00Z`);
const here = { lat: 40.75, lng: -73.99 };
const engineer = (extra: Partial<EngineerData> = {}): EngineerData =>
  ({ id: 'e-1', name: 'Ana', providerId: null, skills: [], status: 'available', location: here, region: 'N', openOrders: 0, capacity: 5, rating: 4, ...extra }) as EngineerData;
const order = (extra: Partial<OrderData> = {}): OrderData => ({ id: 'wo-1', location: here, durationMinutes: 60, ...extra }) as OrderData;

describe('travelMinutes', () => {
  it('is the great-circle distance at the speed, rounded up, never below the minimum; null without a point', () => {
    // 0.1° of latitude ≈ 11.12 km: 16.7 min at 40 km/h.
    expect(travelMinutes({ lat: 40, lng: -74 }, { lat: 40.1, lng: -74 })).toBe(17);
    expect(travelMinutes({ lat: 40, lng: -74 }, { lat: 40.1, lng: -74 }, { speedKmh: 80, minimumMinutes: 0 })).toBe(9);
    expect(travelMinutes(here, here)).toBe(0);
    expect(travelMinutes(here, here, { speedKmh: 40, minimumMinutes: 10 })).toBe(10);
    expect(travelMinutes(null, here)).toBeNull();
    expect(travelMinutes(here, null)).toBeNull();
  });
});

describe('earliestSlot and checkSlot', () => {
  const shift = [{ start: '2026-11-23T08:00:00Z', end: '2026-11-23T16:00:00Z' }];
  const now = T('07:00');

  it('half-open: starts the minute a booking ends, ends exactly at the end of the shift', () => {
    const e = engineer({ shifts: shift, bookings: [{ order: 'wo-0', start: '2026-11-23T08:00:00Z', end: '2026-11-23T15:00:00Z', location: here }] });
    expect(earliestSlot(e, order(), now)).toEqual({ start: T('15:00'), end: T('16:00') });
    expect(earliestSlot(e, order({ durationMinutes: 61 }), now)).toBeNull();
  });

  it('no duration: no slot, and a hand-picked one is refused as such', () => {
    expect(earliestSlot(engineer(), order({ durationMinutes: null }), now)).toBeNull();
    expect(checkSlot(engineer(), order({ durationMinutes: null }), T('09:00'), now)).toEqual({ ok: false, refusal: { code: 'no_duration' } });
  });

  it('without shifts always available; with an empty list of shifts never', () => {
    expect(earliestSlot(engineer(), order(), now)?.start).toBe(now);
    expect(earliestSlot(engineer({ shifts: [] }), order(), now)).toBeNull();
  });

  it('travel may lie outside the shift, the work may not; the window bounds it', () => {
    const far = { lat: 40.95, lng: -73.99 }; // ≈ 22.2 km: 34 min
    const e = engineer({ shifts: shift, location: far });
    expect(earliestSlot(e, order(), T('07:50'))).toEqual({ start: T('08:24'), end: T('09:24') });
    expect(earliestSlot(engineer({ shifts: shift }), order({ window: { start: '2026-11-23T12:30:00Z', end: '2026-11-23T13:30:00Z' } }), now)?.start).toBe(T('12:30'));
    expect(earliestSlot(engineer({ shifts: shift }), order({ window: { start: '2026-11-23T12:30:00Z', end: '2026-11-23T13:29:00Z' } }), now)).toBeNull();
  });

  it('a refusal names the broken rule and the booking in the way', () => {
    const away = { lat: 40.85, lng: -73.99 }; // ≈ 11.1 km: 17 min
    const e = engineer({
      shifts: shift,
      bookings: [
        { order: 'wo-7', start: '2026-11-23T10:00:00Z', end: '2026-11-23T11:00:00Z', location: away },
        { order: 'wo-8', start: '2026-11-23T13:00:00Z', end: '2026-11-23T14:00:00Z', location: away },
      ],
    });
    const o = order({ window: { start: '2026-11-23T08:30:00Z', end: '2026-11-23T15:00:00Z' } });
    expect(checkSlot(e, o, T('06:00'), now)).toEqual({ ok: false, refusal: { code: 'too_early', earliest: now } });
    expect(checkSlot(e, o, T('08:00'), now)).toEqual({ ok: false, refusal: { code: 'outside_window' } });
    expect(checkSlot(e, o, T('10:30'), now)).toEqual({ ok: false, refusal: { code: 'overlaps', order: 'wo-7' } });
    expect(checkSlot(e, o, T('11:10'), now)).toEqual({ ok: false, refusal: { code: 'travel_from', order: 'wo-7', minutes: 17 } });
    expect(checkSlot(e, o, T('11:50'), now)).toEqual({ ok: false, refusal: { code: 'travel_to', order: 'wo-8', minutes: 17 } });
    expect(checkSlot(e, order(), T('16:30'), now)).toEqual({ ok: false, refusal: { code: 'outside_shift' } });
    expect(checkSlot(engineer(), order(), now + 14 * 86_400_000 - 30 * 60_000, now)).toEqual({ ok: false, refusal: { code: 'beyond_horizon' } });
    expect(checkSlot(e, o, T('11:17'), now)).toEqual({ ok: true, start: T('11:17'), end: T('12:17') });
    expect(earliestSlot(e, o, now)).toEqual({ start: T('08:30'), end: T('09:30') });
  });

  it("the order's own booking is not in its way (a reschedule), and a changed booking list is read again", () => {
    const bookings = [{ order: 'wo-1', start: '2026-11-23T08:00:00Z', end: '2026-11-23T09:00:00Z', location: here }];
    const e = engineer({ shifts: shift, bookings });
    expect(earliestSlot(e, order(), now)?.start).toBe(T('08:00'));
    expect(earliestSlot(e, order({ id: 'wo-2' }), now)?.start).toBe(T('09:00'));
    bookings.push({ order: 'wo-3', start: '2026-11-23T09:00:00Z', end: '2026-11-23T10:00:00Z', location: here });
    expect(earliestSlot(e, order({ id: 'wo-2' }), now)?.start).toBe(T('10:00'));
  });
});
