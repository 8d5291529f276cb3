// For admins: deliveries that failed (dead, or still retrying) with their last error, and retrying
// dead ones by hand once the channel works again.
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';

const d = s.notificationDeliveries;

export const FAILURES_PAGE = 100;

export const listFailuresInput = z
  .object({
    status: z.enum(['dead', 'retrying']).default('dead'),
    limit: z.number().int().min(1).max(FAILURES_PAGE).default(FAILURES_PAGE),
    /** Rows with a smaller id than this (the previous page's last). */
    before: z.number().int().positive().optional(),
  })
  .optional();

export const retryDeliveriesInput = z.object({ ids: z.array(z.number().int().positive()).min(1).max(500) });

export interface FailedDelivery {
  id: number;
  channel: 'push' | 'email';
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  updatedAt: Date;
  userId: string;
  userName: string | null;
  /** The e-mail address, or the push device's name. */
  target: string;
  notificationId: number;
  title: string | null;
  kind: string | null;
}

export async function listFailedDeliveries(db: Db, input: z.input<typeof listFailuresInput> = {}) {
  const { status, limit, before } = listFailuresInput.parse(input) ?? { status: 'dead' as const, limit: FAILURES_PAGE };
  const rows = await db
    .select({
      id: d.id,
      channel: d.channel,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      nextAttemptAt: d.nextAttemptAt,
      updatedAt: d.updatedAt,
      userId: d.userId,
      userName: s.users.name,
      target: sql<string>`case when ${d.channel} = 'push' then coalesce(nullif(${s.pushSubscriptions.label}, ''), 'a device') else ${d.target} end`,
      notificationId: d.notificationId,
      title: s.notifications.title,
      kind: s.notifications.kind,
    })
    .from(d)
    .leftJoin(s.users, eq(s.users.id, d.userId))
    .leftJoin(s.notifications, eq(s.notifications.id, d.notificationId))
    .leftJoin(s.pushSubscriptions, and(eq(d.channel, 'push'), eq(s.pushSubscriptions.id, d.target)))
    .where(and(eq(d.status, status), ...(before ? [lt(d.id, before)] : [])))
    .orderBy(desc(d.id))
    .limit(limit);
  const [{ dead, retrying }] = await db
    .select({
      dead: sql<number>`count(*) filter (where ${d.status} = 'dead')::int`,
      retrying: sql<number>`count(*) filter (where ${d.status} = 'retrying')::int`,
    })
    .from(d)
    .where(inArray(d.status, ['dead', 'retrying']));
  return { items: rows as FailedDelivery[], counts: { dead, retrying }, nextBefore: rows.length === limit ? rows[rows.length - 1].id : null };
}

/** Dead deliveries back to pending, due now, with a fresh count of attempts; others are left alone. */
export async function retryDeliveries(db: Db, ids: number[], now: Date): Promise<{ retried: number[] }> {
  const rows = await db
    .update(d)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, leaseUntil: null, updatedAt: now })
    .where(and(inArray(d.id, retryDeliveriesInput.parse({ ids }).ids), eq(d.status, 'dead')))
    .returning({ id: d.id });
  return { retried: rows.map((r) => r.id) };
}
