import { asc, count, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import type { Principal } from '../principal';
import { withActions } from './allowed-actions';
import { isProviderRole, providerRedaction, redactForProvider } from './redact';
import { withSchedule } from './schedule';
import { orderNotFound, withScope } from './scope';

export const orderListInput = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
  status: z.enum(s.ORDER_STATUSES).optional(),
  priority: z.enum(s.PRIORITIES).optional(),
  search: z.string().trim().max(100).optional(),
  sort: z.enum(['createdAt', 'resolveBy', 'priority', 'number']).default('createdAt'),
  direction: z.enum(['asc', 'desc']).default('desc'),
});
export type OrderListInput = z.infer<typeof orderListInput>;

const SORT_COLUMNS = {
  createdAt: s.workOrders.createdAt,
  resolveBy: s.workOrders.resolveBy,
  priority: s.workOrders.priority,
  number: s.workOrders.number,
} as const;

export async function listOrders(db: Db, principal: Principal, input: OrderListInput) {
  const o = s.workOrders;
  const filters: (SQL | undefined)[] = [
    input.status ? eq(o.status, input.status) : undefined,
    input.priority ? eq(o.priority, input.priority) : undefined,
    input.search
      ? or(ilike(o.number, `%${input.search}%`), ilike(o.title, `%${input.search}%`), ilike(o.customerName, `%${input.search}%`))
      : undefined,
  ];
  const where = withScope(principal, ...filters);
  const column = SORT_COLUMNS[input.sort];
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(o)
      .where(where)
      .orderBy(input.direction === 'asc' ? asc(column) : desc(column), asc(o.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db.select({ n: count() }).from(o).where(where),
  ]);
  // Each with what the caller may do to it now; provider roles are not shown the service group an
  // order came through (as in its history, redact.ts).
  const acting = await withActions(db, principal, await withSchedule(db, rows));
  const shown = isProviderRole(principal) ? acting.map((r) => ({ ...r, serviceGroupId: null })) : acting;
  return { rows: shown, total: total.n, page: input.page, pageSize: input.pageSize };
}

/**
 * One order in the caller's scope with its history. An order outside the scope is "not found",
 * exactly like an id that does not exist. Provider roles get other providers, groups and engineers
 * redacted from the history and its decision traces (redact.ts).
 */
export async function getOrder(db: Db, principal: Principal, id: string) {
  const [order] = await db.select().from(s.workOrders).where(withScope(principal, eq(s.workOrders.id, id)));
  if (!order) throw orderNotFound(id);
  const [events, [scheduled]] = await Promise.all([
    db.select().from(s.orderEvents).where(eq(s.orderEvents.orderId, id)).orderBy(asc(s.orderEvents.id)),
    withSchedule(db, [order]),
  ]);
  if (isProviderRole(principal)) return redactForProvider(await providerRedaction(db, principal), { order: scheduled, events });
  return { order: scheduled, events };
}
