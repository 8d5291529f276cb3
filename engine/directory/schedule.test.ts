// Scheduling settings, an engineer's own hours, vehicle and time off: validated with messages that
// name the problem, audited, and read by the engine's directory as shifts in the company's zone.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { createContextInner } from '../../server/context';
import { createCaller } from '../../server/root';
import { demoPrincipal } from '../../server/testing/principals';
import { createEngine, loadDirectoryData } from '../dispatch';
import { shiftsBetween } from './shifts';

const WEEKDAYS = { '1': [{ start: '08:00', end: '17:00' }], '2': [{ start: '08:00', end: '17:00' }], '3': [{ start: '08:00', end: '17:00' }], '4': [{ start: '08:00', end: '17:00' }], '5': [{ start: '08:00', end: '17:00' }] };

describe('scheduling settings and time off', () => {
  let db: TestDatabase;
  let admin: ReturnType<typeof createCaller>;
  let dispatcher: ReturnType<typeof createCaller>;
  const now = new Date('2026-11-23T12:00:00Z'); // a Monday, 07:00 in New York

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 0, now });
    const engine = createEngine({ db: db.db, cacheTtlMs: 0, clock: () => now });
    admin = createCaller(createContextInner({ db: db.db, principal: await demoPrincipal(db.db, 'admin'), engine, now: () => now }));
    dispatcher = createCaller(createContextInner({ db: db.db, principal: await demoPrincipal(db.db, 'dispatcher'), engine, now: () => now }));
  });
  afterAll(() => db?.dispose());

  const settings = (over: Record<string, unknown> = {}) => ({
    timeZone: 'America/New_York',
    workingHours: WEEKDAYS,
    travel: { speedKmh: 40, minimumMinutes: 5 },
    categoryDurations: [{ category: 'HVAC', durationMinutes: 90 }],
    ...over,
  });
  const messages = async (p: Promise<unknown>) => {
    const e = (await p.then(() => null, (x) => x)) as { cause?: { issues?: { message: string; path: PropertyKey[] }[] } } | null;
    return (e?.cause?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('refuses a bad zone, a shift that ends before it starts, overlapping shifts and durations out of range, naming each', async () => {
    expect(await messages(admin.settings.updateSchedule(settings({ timeZone: 'Mars/Olympus' })))).toEqual(['timeZone: Not a known IANA time zone (e.g. America/New_York)']);
    expect(await messages(admin.settings.updateSchedule(settings({ workingHours: { '1': [{ start: '17:00', end: '08:00' }] } })))).toEqual([
      'workingHours.1.0.end: A shift ends after it starts (no shift across midnight)',
    ]);
    expect(await messages(admin.settings.updateSchedule(settings({ workingHours: { '2': [{ start: '08:00', end: '12:00' }, { start: '11:00', end: '15:00' }] } })))).toEqual([
      '2.1.start: Overlaps the shift 08:00–12:00',
    ].map((m) => `workingHours.${m}`));
    expect(await messages(admin.settings.updateSchedule(settings({ workingHours: { '3': [{ start: '8:00', end: '12:00' }] } })))).toEqual(['workingHours.3.0.start: A time as HH:MM, 00:00 to 24:00']);
    expect(await messages(admin.settings.updateSchedule(settings({ categoryDurations: [{ category: 'HVAC', durationMinutes: 0 }, { category: 'Plumbing', durationMinutes: 10081 }] })))).toEqual([
      'categoryDurations.0.durationMinutes: At least 1 minute',
      'categoryDurations.1.durationMinutes: At most 10080 minutes (7 days)',
    ]);
    await expect(dispatcher.settings.updateSchedule(settings())).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('saves the settings, audited, and every signed-in user reads them; the directory gets shifts and travel', async () => {
    const saved = await admin.settings.updateSchedule(settings());
    expect(saved.travel).toEqual({ speedKmh: 40, minimumMinutes: 5 });
    expect(await dispatcher.settings.schedule()).toEqual(saved);
    expect(saved.workingHours['0']).toEqual([]);
    const [entry] = await db.db.select().from(s.auditLog).where(eq(s.auditLog.action, 'schedule.update'));
    expect(entry.entityType).toBe('schedule');
    const dir = await loadDirectoryData(db.db, now);
    expect(dir.travel).toEqual({ speedKmh: 40, minimumMinutes: 5 });
    const ana = dir.engineers!.find((e) => e.id === 'e-001')!;
    // Monday 23 Nov, 08:00-17:00 in New York = 13:00-22:00 UTC; yesterday (Sunday) has none.
    expect(ana.shifts![0]).toEqual({ start: '2026-11-23T13:00:00.000Z', end: '2026-11-23T22:00:00.000Z' });
    expect(ana.shifts!.length).toBeGreaterThanOrEqual(10);
    expect(ana.bookings).toEqual([]);
  });

  it("gives an engineer their own hours and a vehicle, and time off takes whole days out of their shifts", async () => {
    const [e] = await db.db.select().from(s.engineers).where(eq(s.engineers.id, 'e-002'));
    await admin.directory.engineers.update({
      id: e.id,
      data: {
        name: e.name, skills: e.skills, status: e.status, region: e.region, capacity: e.capacity, rating: e.rating,
        location: e.lat !== null && e.lng !== null ? { lat: e.lat, lng: e.lng } : null,
        workingHours: { '1': [{ start: '06:00', end: '10:00' }] },
        vehicle: { id: 'van-7', status: 'maintenance' },
      },
    });
    // An update that leaves them out keeps them.
    await admin.directory.engineers.update({ id: e.id, data: { name: e.name, skills: e.skills, status: e.status, region: e.region, capacity: e.capacity, rating: e.rating } });
    let dir = await loadDirectoryData(db.db, now);
    const mine = dir.engineers!.find((x) => x.id === 'e-002')!;
    expect(mine.vehicle).toEqual({ id: 'van-7', status: 'maintenance' });
    expect(mine.shifts![0]).toEqual({ start: '2026-11-23T11:00:00.000Z', end: '2026-11-23T15:00:00.000Z' });
    expect(mine.shifts!.every((x) => new Date(x.start).getUTCDay() === 1)).toBe(true);

    await expect(admin.directory.timeOff.add({ engineerId: 'e-001', startsOn: '2026-11-25', endsOn: '2026-11-24', reason: 'x' })).rejects.toThrow(/ends on or after/);
    const off = await admin.directory.timeOff.add({ engineerId: 'e-001', startsOn: '2026-11-24', endsOn: '2026-11-25', reason: 'Training' });
    expect(await admin.directory.timeOff.list({ engineerId: 'e-001' })).toMatchObject([{ startsOn: '2026-11-24', endsOn: '2026-11-25', reason: 'Training' }]);
    dir = await loadDirectoryData(db.db, now);
    const days = dir.engineers!.find((x) => x.id === 'e-001')!.shifts!.map((x) => x.start.slice(0, 10));
    expect(days).toContain('2026-11-23');
    expect(days).not.toContain('2026-11-24');
    expect(days).not.toContain('2026-11-25');
    expect(days).toContain('2026-11-26');
    await admin.directory.timeOff.remove({ id: off.id });
    expect(await admin.directory.timeOff.list({ engineerId: 'e-001' })).toEqual([]);
    const audit = await db.db.select().from(s.auditLog).where(and(eq(s.auditLog.entityType, 'engineer'), eq(s.auditLog.entityId, 'e-001')));
    expect(audit.map((a) => a.action)).toEqual(['engineer.time_off.add', 'engineer.time_off.remove']);
    await expect(dispatcher.directory.timeOff.add({ engineerId: 'e-001', startsOn: '2026-11-24', endsOn: '2026-11-24' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('turns wall-clock hours into instants across a daylight-saving change', () => {
    // New York leaves DST on Sunday 1 Nov 2026: 08:00 is 12:00 UTC on Friday, 13:00 UTC on Monday.
    const shifts = shiftsBetween(WEEKDAYS, 'America/New_York', Date.parse('2026-10-30T05:00:00Z'), Date.parse('2026-11-03T04:00:00Z'));
    expect(shifts.map((x) => x.start)).toEqual(['2026-10-30T12:00:00.000Z', '2026-11-02T13:00:00.000Z']);
  });
});
