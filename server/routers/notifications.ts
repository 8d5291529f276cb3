// The signed-in user's notifications (the outbox the engine writes): the latest ones with the
// unread count, and marking them read. Every query is bound to the caller's own id on the server.
import { and, count, desc, eq, inArray, isNull, not } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { hiddenInApp } from '../../engine/delivery';
import { withScope } from '../../engine/orders';
import { idString } from '../../engine/limits';
import type { Principal } from '../../engine/principal';
import { allow, router } from '../trpc';

export const NOTIFICATIONS_PAGE = 50;

export const listNotificationsInput = z.object({ limit: z.number().int().min(1).max(NOTIFICATIONS_PAGE).default(NOTIFICATIONS_PAGE) }).optional();
export const markReadInput = z.object({ ids: z.array(z.number().int().positive()).min(1).max(500) });
export const markOrderReadInput = z.object({ orderId: idString });

/**
 * The caller's own notifications. One about an order they can no longer see (it moved on to another
 * group or provider) keeps only its own text: its order id is left out, so it leads nowhere. Kinds the
 * user turned the in-app list off for (their notification settings) are left out, and not counted.
 */
export async function listNotifications(db: DbOrTx, principal: Principal, limit = NOTIFICATIONS_PAGE) {
  const recipientId = principal.id;
  const [items, [{ unread }]] = await Promise.all([
    db
      .select({
        id: s.notifications.id,
        orderId: s.workOrders.id,
        kind: s.notifications.kind,
        title: s.notifications.title,
        body: s.notifications.body,
        createdAt: s.notifications.createdAt,
        readAt: s.notifications.readAt,
      })
      .from(s.notifications)
      .leftJoin(s.workOrders, withScope(principal, eq(s.workOrders.id, s.notifications.orderId)))
      .where(and(eq(s.notifications.recipientId, recipientId), not(hiddenInApp(s.notifications.recipientId, s.notifications.kind))))
      .orderBy(desc(s.notifications.id))
      .limit(limit),
    db
      .select({ unread: count() })
      .from(s.notifications)
      .where(
        and(
          eq(s.notifications.recipientId, recipientId),
          isNull(s.notifications.readAt),
          not(hiddenInApp(s.notifications.recipientId, s.notifications.kind)),
        ),
      ),
  ]);
  return { items, unread };
}

/** Marks the caller's own notifications read (these ids, all, or those about one order); other people's are never touched. */
export async function markNotificationsRead(db: DbOrTx, recipientId: string, ids: number[] | 'all' | { orderId: string }, now: Date) {
  const rows = await db
    .update(s.notifications)
    .set({ readAt: now })
    .where(
      and(
        eq(s.notifications.recipientId, recipientId),
        isNull(s.notifications.readAt),
        ...(ids === 'all' ? [] : Array.isArray(ids) ? [inArray(s.notifications.id, ids)] : [eq(s.notifications.orderId, ids.orderId)]),
      ),
    )
    .returning({ id: s.notifications.id });
  return { updated: rows.length };
}

export const notificationsRouter = router({
  list: allow('signed-in')
    .input(listNotificationsInput)
    .query(({ ctx, input }) => listNotifications(ctx.db, ctx.principal, input?.limit)),
  markRead: allow('signed-in')
    .input(markReadInput)
    .mutation(({ ctx, input }) => markNotificationsRead(ctx.db, ctx.principal.id, input.ids, ctx.now())),
  /** Opening an order's page (the engineer's or the dispatcher's) reads what the caller was told about it. */
  markOrderRead: allow('signed-in')
    .input(markOrderReadInput)
    .mutation(({ ctx, input }) => markNotificationsRead(ctx.db, ctx.principal.id, { orderId: input.orderId }, ctx.now())),
  markAllRead: allow('signed-in').mutation(({ ctx }) => markNotificationsRead(ctx.db, ctx.principal.id, 'all', ctx.now())),
});
