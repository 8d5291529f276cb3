// Scheduling settings and an engineer's time off. Settings: the company's time zone, weekly working
// hours, the travel model and the category durations (one row 'default', migration 0015). Every
// change is written to the audit log in its own transaction.
import { and, asc, eq, gte } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { recordAudit, type AuditActor } from '../audit';
import { NotFoundError } from '../errors';
import { DAYS, type ScheduleSettingsInput, type TimeOffInput } from './schedule.schema';

export interface ScheduleSettings {
  timeZone: string;
  workingHours: s.WeeklyHours;
  travel: { speedKmh: number; minimumMinutes: number };
  categoryDurations: { category: string; durationMinutes: number }[];
}

const emptyWeek = (): s.WeeklyHours => Object.fromEntries(DAYS.map((d) => [d, []])) as unknown as s.WeeklyHours;

export async function getScheduleSettings(db: DbOrTx): Promise<ScheduleSettings> {
  const [[row], durations] = await Promise.all([
    db.select().from(s.scheduleSettings).where(eq(s.scheduleSettings.id, 'default')),
    db.select().from(s.categoryDurations).orderBy(asc(s.categoryDurations.category)),
  ]);
  return {
    timeZone: row?.timeZone ?? 'America/New_York',
    workingHours: { ...emptyWeek(), ...(row?.workingHours ?? {}) },
    travel: { speedKmh: row?.travelSpeedKmh ?? 40, minimumMinutes: row?.travelMinimumMinutes ?? 0 },
    categoryDurations: durations.map((d) => ({ category: d.category, durationMinutes: d.durationMinutes })),
  };
}

export async function updateScheduleSettings(db: Db, input: ScheduleSettingsInput, actor: AuditActor | null = null): Promise<ScheduleSettings> {
  return db.transaction(async (tx) => {
    const before = await getScheduleSettings(tx);
    const now = new Date();
    const values = {
      timeZone: input.timeZone,
      workingHours: input.workingHours as s.WeeklyHours,
      travelSpeedKmh: input.travel.speedKmh,
      travelMinimumMinutes: input.travel.minimumMinutes,
      updatedAt: now,
    };
    await tx.insert(s.scheduleSettings).values({ id: 'default', ...values }).onConflictDoUpdate({ target: s.scheduleSettings.id, set: values });
    await tx.delete(s.categoryDurations);
    if (input.categoryDurations.length) {
      await tx.insert(s.categoryDurations).values(input.categoryDurations.map((c) => ({ ...c, updatedAt: now })));
    }
    const after = await getScheduleSettings(tx);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await recordAudit(tx, actor, { action: 'schedule.update', entityType: 'schedule', entityId: null, before, after });
    }
    return after;
  });
}

// ---------------------------------------------------------------------------------------------
// Time off
// ---------------------------------------------------------------------------------------------
async function assertEngineer(db: DbOrTx, id: string) {
  const [e] = await db.select({ id: s.engineers.id }).from(s.engineers).where(eq(s.engineers.id, id));
  if (!e) throw new NotFoundError('Engineer', id);
}

/** An engineer's time off, from `since` (a date, default: every entry) in date order. */
export async function listTimeOff(db: DbOrTx, engineerId: string, since?: string) {
  await assertEngineer(db, engineerId);
  return db
    .select()
    .from(s.engineerTimeOff)
    .where(and(eq(s.engineerTimeOff.engineerId, engineerId), since ? gte(s.engineerTimeOff.endsOn, since) : undefined))
    .orderBy(asc(s.engineerTimeOff.startsOn), asc(s.engineerTimeOff.id));
}

// The engine's directory refresh reads engineers changed since its last read: touching the
// engineer's row makes every process see the new shifts within the cache's TTL.
const touchEngineer = (db: DbOrTx, id: string, now: Date) => db.update(s.engineers).set({ updatedAt: now }).where(eq(s.engineers.id, id));

export async function addTimeOff(db: Db, input: TimeOffInput, actor: AuditActor | null = null) {
  return db.transaction(async (tx) => {
    await assertEngineer(tx, input.engineerId);
    const [row] = await tx.insert(s.engineerTimeOff).values(input).returning();
    await touchEngineer(tx, input.engineerId, new Date());
    const entry = { startsOn: row.startsOn, endsOn: row.endsOn, reason: row.reason };
    await recordAudit(tx, actor, { action: 'engineer.time_off.add', entityType: 'engineer', entityId: input.engineerId, before: null, after: { timeOff: entry } });
    return row;
  });
}

export async function removeTimeOff(db: Db, id: string, actor: AuditActor | null = null) {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(s.engineerTimeOff).where(eq(s.engineerTimeOff.id, id)).returning();
    if (!row) throw new NotFoundError('Time off', id);
    await touchEngineer(tx, row.engineerId, new Date());
    const entry = { startsOn: row.startsOn, endsOn: row.endsOn, reason: row.reason };
    await recordAudit(tx, actor, { action: 'engineer.time_off.remove', entityType: 'engineer', entityId: row.engineerId, before: { timeOff: entry }, after: null });
    return { id: row.id, engineerId: row.engineerId };
  });
}
