import { describe, expect, it } from 'vitest';
import { previewSlot } from './preview';
import { buildRows, layoutRow, makeView, openingScroll, stepDate, timeAt, travelBefore, xOf } from './timeline';
import type { BoardBooking, BoardEngineer, UnscheduledOrder } from './types';
import { zonedMs } from './zone';

const NY = 'America/New_York';
const travel = { speedKmh: 40, minimumMinutes: 0 };

function booking(orderId: string, start: string, end: string, location: { lat: number; lng: number } | null = null): BoardBooking {
  return { orderId, number: `WO-${orderId}`, title: 'Fix', priority: 'High', status: 'accepted', role: 'owner', start, end, location, lateForSla: false, resolveBy: '2099-01-01T00:00:00.000Z' } as BoardBooking;
}

function engineer(id: string, over: Partial<BoardEngineer> = {}): BoardEngineer {
  return {
    id,
    name: `Engineer ${id}`,
    providerId: null,
    providerName: null,
    groups: [],
    skills: ['hvac'],
    region: 'North',
    location: null,
    vehicle: null,
    shifts: [],
    bookings: [],
    ...over,
  } as BoardEngineer;
}

function order(minutes: number | null, over: Partial<UnscheduledOrder> = {}): UnscheduledOrder {
  return {
    orderId: 'o-new',
    number: 'WO-NEW',
    title: 'New job',
    priority: 'Medium',
    status: 'pending_assignment',
    category: 'HVAC',
    version: 1,
    nodeId: 'assign',
    durationMinutes: minutes,
    window: null,
    resolveBy: '2026-12-09T00:00:00.000Z',
    location: null,
    requiredSkills: [],
    city: 'New York',
    ...over,
  } as UnscheduledOrder;
}

describe('the view', () => {
  it('is a day of 24 × 60 px, or the week from Monday at 10 px an hour', () => {
    const day = makeView('day', '2026-12-02', NY);
    expect(day.width).toBe(1440);
    expect(xOf(day, zonedMs('2026-12-02', 9 * 60, NY))).toBe(540);
    const week = makeView('week', '2026-12-02', NY);
    expect(week.days.map((d) => d.date)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(week.width).toBe(7 * 240);
    expect(stepDate(week, 1)).toBe('2026-12-07');
    expect(stepDate(day, -1)).toBe('2026-12-01');
  });

  it('snaps a pointer to a quarter of an hour', () => {
    const day = makeView('day', '2026-12-02', NY);
    expect(new Date(timeAt(day, 547)).toISOString()).toBe(new Date(zonedMs('2026-12-02', 9 * 60, NY)).toISOString());
    expect(timeAt(day, 556)).toBe(zonedMs('2026-12-02', 9 * 60 + 15, NY));
  });
});

describe('where a view opens', () => {
  it('a day opens an hour before the first shift or booking that day; a week and an empty day at their start', () => {
    const day = makeView('day', '2026-12-02', NY);
    const at = (hhmm: string) => new Date(zonedMs('2026-12-02', Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), NY)).toISOString();
    const early = engineer('a', { shifts: [{ start: at('08:00'), end: at('17:00') }] } as Partial<BoardEngineer>);
    const late = engineer('b', { shifts: [{ start: at('10:00'), end: at('18:00') }], bookings: [booking('1', at('07:30'), at('08:30'))] } as Partial<BoardEngineer>);
    // 60 px an hour: 08:00 - 1 h is 420 px; the booking at 07:30 comes first: 390 px.
    expect(openingScroll(day, [early])).toBe(420);
    expect(openingScroll(day, [early, late])).toBe(390);
    // The day before's shifts do not count.
    const yesterday = engineer('c', { shifts: [{ start: '2026-12-01T13:00:00Z', end: '2026-12-01T22:00:00Z' }] } as Partial<BoardEngineer>);
    expect(openingScroll(day, [yesterday])).toBe(0);
    expect(openingScroll(day, [])).toBe(0);
    expect(openingScroll(makeView('week', '2026-12-02', NY), [early])).toBe(0);
  });
});

describe('rows', () => {
  const a = engineer('a', { name: 'Ana', groups: [{ id: 'g1', name: 'North Metro' }], skills: ['hvac'] });
  const b = engineer('b', { name: 'Bo', groups: [{ id: 'g1', name: 'North Metro' }, { id: 'g2', name: 'Central' }], skills: ['plumbing'], region: 'Central' });
  const c = engineer('c', { name: 'Cy', providerId: 'p1', providerName: 'CoolFix' });

  it('groups engineers under each of their service groups, those without one last', () => {
    const rows = buildRows([c, b, a], 'group', { skill: '', region: '', text: '' });
    expect(rows.map((r) => (r.kind === 'group' ? `# ${r.label} (${r.count})` : r.engineer.name))).toEqual(['# Central (1)', 'Bo', '# North Metro (2)', 'Ana', 'Bo', '# No service group (1)', 'Cy']);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it('groups by provider, internal first, and filters by skill, region and name', () => {
    expect(buildRows([c, a], 'provider', { skill: '', region: '', text: '' }).map((r) => (r.kind === 'group' ? r.label : r.engineer.name))).toEqual(['Internal', 'Ana', 'CoolFix', 'Cy']);
    const names = (f: { skill?: string; region?: string; text?: string }) =>
      buildRows([a, b, c], 'provider', { skill: '', region: '', text: '', ...f })
        .filter((r) => r.kind === 'engineer')
        .map((r) => (r.kind === 'engineer' ? r.engineer.name : ''));
    expect(names({ skill: 'plumbing' })).toEqual(['Bo']);
    expect(names({ region: 'North' })).toEqual(['Ana', 'Cy']);
    expect(names({ text: 'cy' })).toEqual(['Cy']);
  });
});

describe('a row', () => {
  const home = { lat: 40.7, lng: -74.0 };
  // About 11 km north of home: 17 minutes at 40 km/h.
  const north = { lat: 40.8, lng: -74.0 };
  const e = engineer('a', {
    location: home,
    shifts: [{ start: '2026-12-02T13:00:00.000Z', end: '2026-12-02T22:00:00.000Z' }],
    bookings: [booking('2', '2026-12-02T17:00:00.000Z', '2026-12-02T18:00:00.000Z', home), booking('1', '2026-12-02T14:00:00.000Z', '2026-12-02T15:00:00.000Z', north)],
  });

  it('draws the travel before each booking from the booking before it, else from the engineer', () => {
    const t = travelBefore(e, travel);
    expect(t.get(e.bookings[1])).toBe(17);
    expect(t.get(e.bookings[0])).toBe(17);
    const layout = layoutRow(e, makeView('day', '2026-12-02', NY), travel);
    expect(layout.shifts).toEqual([{ left: 480, width: 540 }]);
    const first = layout.bookings.find((b) => b.booking.orderId === '1')!;
    expect(first).toMatchObject({ left: 540, width: 60, travelMinutes: 17, travel: { left: 523, width: 17 } });
  });

  it('has no travel segment where a point is unknown', () => {
    const layout = layoutRow(engineer('b', { bookings: [booking('3', '2026-12-02T14:00:00.000Z', '2026-12-02T15:00:00.000Z', north)] }), makeView('day', '2026-12-02', NY), travel);
    expect(layout.bookings[0].travel).toBeNull();
  });
});

describe('the ghost bar', () => {
  const now = Date.parse('2026-12-02T12:00:00.000Z');
  const e = engineer('a', {
    shifts: [{ start: '2026-12-02T13:00:00.000Z', end: '2026-12-02T22:00:00.000Z' }],
    bookings: [booking('1', '2026-12-02T15:00:00.000Z', '2026-12-02T16:00:00.000Z')],
  });
  const numberOf = (id: string | null) => (id === '1' ? 'WO-1' : 'another booking');
  const item = { kind: 'order' as const, order: order(60) };

  it('books at the hovered time when it fits, saying what it checked', () => {
    const p = previewSlot(e, item, Date.parse('2026-12-02T16:00:00.000Z'), now, travel, NY, numberOf);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.end - p.start).toBe(3_600_000);
    expect(p.checks[0]).toBe('inside the shift 8:00 AM–5:00 PM');
    expect(p.checks.some((c) => c.includes('from WO-1'))).toBe(true);
  });

  it('is refused with the reason in the engine’s words', () => {
    const at = (iso: string) => previewSlot(e, item, Date.parse(iso), now, travel, NY, numberOf);
    expect(at('2026-12-02T07:00:00.000Z')).toMatchObject({ ok: false, reason: expect.stringMatching(/^too early/) });
    expect(at('2026-12-02T22:30:00.000Z')).toMatchObject({ ok: false, reason: 'outside the shift' });
    expect(at('2026-12-02T14:30:00.000Z')).toMatchObject({ ok: false, reason: 'overlaps WO-1' });
    expect(previewSlot(e, { kind: 'order', order: order(null) }, null, now, travel, NY, numberOf)).toMatchObject({ ok: false, reason: 'the order has no duration' });
  });

  it('warns, without refusing, when the slot starts after the order’s resolve-by', () => {
    const due = { kind: 'order' as const, order: order(60, { resolveBy: '2026-12-02T16:30:00.000Z' }) };
    const late = previewSlot(e, due, Date.parse('2026-12-02T17:00:00.000Z'), now, travel, NY, numberOf);
    expect(late).toMatchObject({ ok: true, checks: expect.arrayContaining(['warning: starts after its resolve-by (Wed, Dec 2, 11:30 AM)']) });
    const onTime = previewSlot(e, due, Date.parse('2026-12-02T16:00:00.000Z'), now, travel, NY, numberOf);
    expect(onTime.ok && onTime.checks.some((c) => c.includes('resolve-by'))).toBe(false);
    expect(previewSlot(e, due, null, now, travel, NY, numberOf)).toMatchObject({ ok: true, start: Date.parse('2026-12-02T13:00:00.000Z') });
  });

  it('says why there is no earliest slot when the order’s window alone rules it out', () => {
    const w = (start: string, end: string, minutes = 60) => previewSlot(e, { kind: 'order', order: order(minutes, { window: { start, end } }) }, null, now, travel, NY, numberOf);
    expect(w('2026-12-02T09:00:00.000Z', '2026-12-02T11:00:00.000Z')).toMatchObject({ ok: false, reason: 'its service window has passed' });
    expect(w('2026-12-03T14:00:00.000Z', '2026-12-03T16:00:00.000Z', 180)).toMatchObject({ ok: false, reason: 'its service window is shorter than the work' });
    expect(w('2026-12-02T11:00:00.000Z', '2026-12-02T12:30:00.000Z')).toMatchObject({ ok: false, reason: 'too little of its service window is left for the work' });
    // Long enough, but outside the engineer's only shift.
    expect(w('2026-12-03T14:00:00.000Z', '2026-12-03T16:00:00.000Z')).toMatchObject({ ok: false, reason: 'no free slot in the next 14 days' });
  });

  it('finds the earliest slot over the name column', () => {
    const p = previewSlot(e, item, null, now, travel, NY, numberOf);
    expect(p).toMatchObject({ ok: true, mode: 'earliest', start: Date.parse('2026-12-02T13:00:00.000Z') });
  });

  it('moves a booking without its own slot standing in the way', () => {
    const b = e.bookings[0];
    const p = previewSlot(e, { kind: 'booking', booking: b, engineerId: 'a' }, Date.parse('2026-12-02T15:30:00.000Z'), now, travel, NY, numberOf);
    expect(p).toMatchObject({ ok: true, start: Date.parse('2026-12-02T15:30:00.000Z'), end: Date.parse('2026-12-02T16:30:00.000Z') });
  });

  it('warns when a booking is moved to start after its order’s resolve-by', () => {
    const b = { ...e.bookings[0], resolveBy: '2026-12-02T15:00:00.000Z' };
    const late = previewSlot(e, { kind: 'booking', booking: b, engineerId: 'a' }, Date.parse('2026-12-02T15:30:00.000Z'), now, travel, NY, numberOf);
    expect(late).toMatchObject({ ok: true, checks: expect.arrayContaining(['warning: starts after its resolve-by (Wed, Dec 2, 10:00 AM)']) });
    const onTime = previewSlot(e, { kind: 'booking', booking: b, engineerId: 'a' }, Date.parse('2026-12-02T14:30:00.000Z'), now, travel, NY, numberOf);
    expect(onTime.ok).toBe(true);
    expect(onTime.ok && onTime.checks.some((c) => c.includes('resolve-by'))).toBe(false);
  });
});
