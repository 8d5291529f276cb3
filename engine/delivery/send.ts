// The delivery worker: claims due deliveries (SKIP LOCKED, with a lease, so any number of workers
// may run), sends each outside any transaction, and records the outcome: sent, retrying with
// back-off, dead after the last attempt, or cancelled when there is nothing left to send to. A
// delivery whose worker died mid-send is taken over when its lease runs out (at least once: the
// one case where a message may arrive twice).
import { and, asc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import type { DeliveryChannels } from './channels';
import { ChannelError, DEFAULT_RETRY, deliveryMessage, emailContent, pushPayload, retryDelayMs, type DeliveryChannel, type RetryPolicy } from './model';

export interface SendOptions {
  now: Date;
  /** Deliveries claimed per call (default 50). */
  limit?: number;
  retry?: RetryPolicy;
  /** How long a claimed delivery stays with its worker (default 5 min). */
  leaseMs?: number;
  /** Sends at once (default 8). */
  concurrency?: number;
}

export interface SendResult {
  claimed: number;
  sent: number;
  retrying: number;
  dead: number;
  cancelled: number;
}

type DeliveryRow = typeof s.notificationDeliveries.$inferSelect;
type Outcome = { status: 'sent' } | { status: 'cancelled'; error: string; gone?: boolean } | { status: 'failed'; error: string; permanent: boolean };

const d = s.notificationDeliveries;

/** Claims and sends one batch of due deliveries. */
export async function sendDueDeliveries(db: Db, channels: DeliveryChannels, options: SendOptions): Promise<SendResult> {
  const result: SendResult = { claimed: 0, sent: 0, retrying: 0, dead: 0, cancelled: 0 };
  const available: DeliveryChannel[] = [...(channels.push ? (['push'] as const) : []), ...(channels.email ? (['email'] as const) : [])];
  if (!available.length) return result;
  const { now } = options;
  const retry = options.retry ?? DEFAULT_RETRY;
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? 5 * 60_000));

  const due = db
    .select({ id: d.id })
    .from(d)
    .where(
      and(
        inArray(d.channel, available),
        or(and(inArray(d.status, ['pending', 'retrying']), lte(d.nextAttemptAt, now)), and(eq(d.status, 'sending'), lte(d.leaseUntil, now))),
      ),
    )
    .orderBy(asc(d.nextAttemptAt), asc(d.id))
    .limit(Math.max(1, options.limit ?? 50))
    .for('update', { skipLocked: true });
  const claimed = await db
    .update(d)
    .set({ status: 'sending', attempts: sql`${d.attempts} + 1`, leaseUntil, updatedAt: now })
    .where(inArray(d.id, due))
    .returning();
  result.claimed = claimed.length;
  if (!claimed.length) return result;

  const notificationIds = [...new Set(claimed.map((c) => c.notificationId))];
  const pushTargets = claimed.filter((c) => c.channel === 'push').map((c) => c.target);
  const [notifications, subscriptions] = await Promise.all([
    db
      .select({ id: s.notifications.id, kind: s.notifications.kind, title: s.notifications.title, body: s.notifications.body, orderId: s.notifications.orderId })
      .from(s.notifications)
      .where(inArray(s.notifications.id, notificationIds)),
    pushTargets.length ? db.select().from(s.pushSubscriptions).where(inArray(s.pushSubscriptions.id, pushTargets)) : Promise.resolve([]),
  ]);
  const notificationById = new Map(notifications.map((n) => [n.id, n]));
  const subscriptionById = new Map(subscriptions.map((sub) => [sub.id, sub]));
  const settingsUrl = new URL('/settings/notifications', channels.baseUrl).toString();

  async function attempt(row: DeliveryRow): Promise<Outcome> {
    const n = notificationById.get(row.notificationId);
    if (!n) return { status: 'cancelled', error: 'the notification no longer exists' };
    const message = deliveryMessage(n, channels.baseUrl);
    try {
      if (row.channel === 'push') {
        const sub = subscriptionById.get(row.target);
        // Turned off, or taken over by another user on the same browser: not theirs to receive.
        if (!sub || sub.userId !== row.userId) return { status: 'cancelled', error: 'push was turned off on this device' };
        await channels.push!.send(sub, pushPayload(message));
      } else {
        await channels.email!.send(row.target, emailContent(message, settingsUrl));
      }
      return { status: 'sent' };
    } catch (error) {
      const failure = error instanceof ChannelError ? error.failure : 'transient';
      const text = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
      if (failure === 'gone') return { status: 'cancelled', error: text, gone: true };
      return { status: 'failed', error: text, permanent: failure === 'permanent' };
    }
  }

  async function record(row: DeliveryRow, outcome: Outcome) {
    // Only while this worker still holds it (a lease taken over meanwhile belongs to the other one).
    const mine = and(eq(d.id, row.id), eq(d.status, 'sending'), eq(d.attempts, row.attempts));
    if (outcome.status === 'sent') {
      await db.update(d).set({ status: 'sent', sentAt: now, leaseUntil: null, lastError: null, updatedAt: now }).where(mine);
      if (row.channel === 'push') await db.update(s.pushSubscriptions).set({ lastSuccessAt: now }).where(eq(s.pushSubscriptions.id, row.target));
      result.sent++;
    } else if (outcome.status === 'cancelled') {
      await db.update(d).set({ status: 'cancelled', leaseUntil: null, lastError: outcome.error, updatedAt: now }).where(mine);
      if (outcome.gone) {
        // The push service dropped the subscription: so do we, and nothing else waits for it.
        await db.delete(s.pushSubscriptions).where(eq(s.pushSubscriptions.id, row.target));
        await cancelPendingFor(db, row.target, 'the push subscription has expired', now);
      }
      result.cancelled++;
    } else if (outcome.permanent || row.attempts >= retry.maxAttempts) {
      await db.update(d).set({ status: 'dead', leaseUntil: null, lastError: outcome.error, updatedAt: now }).where(mine);
      result.dead++;
    } else {
      const next = new Date(now.getTime() + retryDelayMs(row.attempts, retry));
      await db.update(d).set({ status: 'retrying', nextAttemptAt: next, leaseUntil: null, lastError: outcome.error, updatedAt: now }).where(mine);
      result.retrying++;
    }
  }

  const queue = [...claimed];
  const workers = Array.from({ length: Math.min(Math.max(1, options.concurrency ?? 8), queue.length) }, async () => {
    for (let row = queue.shift(); row; row = queue.shift()) await record(row, await attempt(row));
  });
  await Promise.all(workers);
  return result;
}

/** Cancels what still waits for a push device (turned off, expired or taken over). */
export async function cancelPendingFor(db: Db, subscriptionId: string, reason: string, now: Date, userId?: string): Promise<number> {
  const rows = await db
    .update(d)
    .set({ status: 'cancelled', leaseUntil: null, lastError: reason, updatedAt: now })
    .where(
      and(
        eq(d.channel, 'push'),
        eq(d.target, subscriptionId),
        inArray(d.status, ['pending', 'retrying', 'dead']),
        ...(userId ? [eq(d.userId, userId)] : []),
      ),
    )
    .returning({ id: d.id });
  return rows.length;
}
