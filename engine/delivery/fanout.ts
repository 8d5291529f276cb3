// The fan-out: new notifications in the outbox become deliveries, one per channel (and per push
// device) that the recipient chose for the notification's kind. It runs as a job, never inside the
// transaction that wrote the notification, so the intake path pays nothing for it.
//
// Which notifications are new is kept by a cursor (every id up to it is done) plus markers above
// it. Ids are taken from a sequence before their transactions commit, so id 11 may be visible
// while id 10 is still being written: the cursor only moves over ids whose fan-out is older than
// `settleSeconds`, and the markers keep the newer ones from being fanned out twice. Scanners take
// the cursor row FOR UPDATE, so two workers never fan out the same notification.
import { and, asc, eq, gt, inArray, notExists, sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { defaultChoice, type ChannelChoice } from './model';

export const OUTBOX_CURSOR = 'outbox';

export interface FanOutOptions {
  /** The time the new deliveries are first due. */
  now: Date;
  /** The channels that can send at all; a channel that is not configured gets no deliveries. */
  channels: { push: boolean; email: boolean };
  /** Notifications per call (default 500). */
  limit?: number;
  /** How long after its fan-out an id counts as settled, so the cursor may pass it (default 300 s). */
  settleSeconds?: number;
}

export interface FanOutResult {
  notifications: number;
  deliveries: number;
  cursor: number;
}

type NewDelivery = typeof s.notificationDeliveries.$inferInsert;

/** One batch of the fan-out, in one transaction. */
export async function fanOutNotifications(db: Db, options: FanOutOptions): Promise<FanOutResult> {
  const limit = Math.max(1, options.limit ?? 500);
  const settle = Math.max(0, options.settleSeconds ?? 300);
  return db.transaction(async (tx) => {
    // A database whose cursor row is missing starts from the newest notification (as migration 0017 does).
    await tx.execute(sql`
      INSERT INTO ${s.deliveryCursor} (name, last_id)
      SELECT ${OUTBOX_CURSOR}, coalesce(max(${s.notifications.id}), 0) FROM ${s.notifications}
      ON CONFLICT (name) DO NOTHING`);
    const [{ lastId }] = await tx
      .select({ lastId: s.deliveryCursor.lastId })
      .from(s.deliveryCursor)
      .where(eq(s.deliveryCursor.name, OUTBOX_CURSOR))
      .for('update');

    const batch = await tx
      .select({ id: s.notifications.id, recipientId: s.notifications.recipientId, kind: s.notifications.kind })
      .from(s.notifications)
      .where(
        and(
          gt(s.notifications.id, lastId),
          notExists(tx.select({ one: sql`1` }).from(s.notificationFanout).where(eq(s.notificationFanout.notificationId, s.notifications.id))),
        ),
      )
      .orderBy(asc(s.notifications.id))
      .limit(limit);

    let deliveries = 0;
    if (batch.length) {
      const rows = await plannedDeliveries(tx, batch, options);
      for (let i = 0; i < rows.length; i += 1000) {
        const written = await tx
          .insert(s.notificationDeliveries)
          .values(rows.slice(i, i + 1000))
          .onConflictDoNothing()
          .returning({ id: s.notificationDeliveries.id });
        deliveries += written.length;
      }
      await tx
        .insert(s.notificationFanout)
        .values(batch.map((n) => ({ notificationId: n.id })))
        .onConflictDoNothing();
    }
    const cursor = await advanceCursor(tx, lastId, settle);
    return { notifications: batch.length, deliveries, cursor };
  });
}

async function plannedDeliveries(
  tx: Tx,
  batch: { id: number; recipientId: string; kind: string }[],
  options: FanOutOptions,
): Promise<NewDelivery[]> {
  const recipientIds = [...new Set(batch.map((n) => n.recipientId))];
  const kinds = [...new Set(batch.map((n) => n.kind))];
  // One after another: the three reads share the transaction's one connection (node-postgres queues
  // them anyway, and PGlite takes one query at a time).
  const users = await tx
    .select({ id: s.users.id, email: s.users.email, active: s.users.active })
    .from(s.users)
    .where(inArray(s.users.id, recipientIds));
  const prefs = await tx
    .select()
    .from(s.notificationPreferences)
    .where(and(inArray(s.notificationPreferences.userId, recipientIds), inArray(s.notificationPreferences.kind, kinds)));
  const subs = options.channels.push
    ? await tx
        .select({ id: s.pushSubscriptions.id, userId: s.pushSubscriptions.userId })
        .from(s.pushSubscriptions)
        .where(inArray(s.pushSubscriptions.userId, recipientIds))
        .orderBy(asc(s.pushSubscriptions.createdAt), asc(s.pushSubscriptions.id))
    : [];
  const userById = new Map(users.map((u) => [u.id, u]));
  const choice = new Map<string, ChannelChoice>(prefs.map((p) => [`${p.userId}\u0000${p.kind}`, p]));
  const devices = new Map<string, string[]>();
  for (const sub of subs) devices.set(sub.userId, [...(devices.get(sub.userId) ?? []), sub.id]);

  const rows: NewDelivery[] = [];
  for (const n of batch) {
    const user = userById.get(n.recipientId);
    if (!user?.active) continue; // a deactivated user gets nothing more outside the app
    const chosen = choice.get(`${n.recipientId}\u0000${n.kind}`) ?? defaultChoice(n.kind);
    const base = { notificationId: n.id, userId: n.recipientId, nextAttemptAt: options.now };
    if (options.channels.push && chosen.push) {
      for (const target of devices.get(n.recipientId) ?? []) rows.push({ ...base, channel: 'push', target });
    }
    if (options.channels.email && chosen.email && user.email) rows.push({ ...base, channel: 'email', target: user.email });
  }
  return rows;
}

/**
 * Moves the cursor over ids fanned out at least `settle` seconds ago, never past a visible
 * notification that is not fanned out yet, and forgets the markers it passed.
 */
async function advanceCursor(tx: Tx, lastId: number, settle: number): Promise<number> {
  const [row] = await queryRows<{ last_id: string | number }>(
    tx,
    sql`
      UPDATE ${s.deliveryCursor} SET last_id = greatest(last_id, least(
        coalesce((SELECT max(f.notification_id) FROM ${s.notificationFanout} f WHERE f.at <= now() - make_interval(secs => ${settle}::float8)), last_id),
        coalesce((
          SELECT min(n.id) - 1 FROM ${s.notifications} n
          WHERE n.id > ${lastId} AND NOT EXISTS (SELECT 1 FROM ${s.notificationFanout} f WHERE f.notification_id = n.id)
        ), 9223372036854775807)
      )), updated_at = now()
      WHERE name = ${OUTBOX_CURSOR}
      RETURNING last_id`,
  );
  const cursor = Number(row.last_id);
  if (cursor > lastId) await tx.execute(sql`DELETE FROM ${s.notificationFanout} WHERE notification_id <= ${cursor}`);
  return cursor;
}
