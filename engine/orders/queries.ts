import { and, asc, count, desc, eq, getTableColumns, ilike, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { insightOrdersCondition, insightOrdersFilter } from '../insights';
import { ValidationError } from '../errors';
import { activityVersion, checkPeriod, ordersThroughNodeSql } from '../flows/activity';
import type { Principal } from '../principal';
import { withActions } from './allowed-actions';
import { isProviderRole, providerRedaction, redactForProvider } from './redact';
import { withSchedule } from './schedule';
import { orderNotFound, withScope } from './scope';
import { lastWorkEventSql, withPaused } from './work-state-sql';

export const orderListInput = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
  status: z.enum(s.ORDER_STATUSES).optional(),
  priority: z.enum(s.PRIORITIES).optional(),
  search: z.string().trim().max(100).optional(),
  sort: z.enum(['createdAt', 'resolveBy', 'priority', 'number']).default('createdAt'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  /** The orders behind one point of an Insights chart (engine/insights). */
  insight: insightOrdersFilter.optional(),
  /** A node of a published flow version, from the canvas's Activity overlay: the orders that entered it in the period, or (`waiting`) those there now. */
  through: z
    .object({
      flowId: z.string().trim().min(1).max(200),
      version: z.number().int().min(1).optional(),
      nodeId: z.string().trim().min(1).max(200),
      from: z.coerce.date(),
      to: z.coerce.date(),
      waiting: z.boolean().default(false),
    })
    .optional(),
});
export type OrderListInput = z.infer<typeof orderListInput>;

const SORT_COLUMNS = {
  createdAt: s.workOrders.createdAt,
  resolveBy: s.workOrders.resolveBy,
  priority: s.workOrders.priority,
  number: s.workOrders.number,
} as const;

/** The orders list's filter by a node's traffic: the same visits the Activity figures count (engine/flows/activity.ts). */
async function throughFilter(db: Db, through: NonNullable<OrderListInput['through']>): Promise<SQL> {
  const o = s.workOrders;
  checkPeriod(through.from, through.to);
  const v = await activityVersion(db, through.flowId, through.version);
  if (!v.nodeIds.includes(through.nodeId)) {
    throw new ValidationError(`Version ${v.version} of flow "${through.flowId}" has no node "${through.nodeId}"`, { nodeId: ['Choose a node of this flow version'] });
  }
  if (through.waiting) {
    return and(eq(o.flowVersionId, v.versionId), eq(o.currentNodeId, through.nodeId), notInArray(o.status, ['completed', 'cancelled']))!;
  }
  return sql`${o.id} IN ${ordersThroughNodeSql(v.versionId, v.startId, through.nodeId, through.from, through.to)}`;
}

export async function listOrders(db: Db, principal: Principal, input: OrderListInput, now: Date = new Date()) {
  const o = s.workOrders;
  const filters: (SQL | undefined)[] = [
    input.through ? await throughFilter(db, input.through) : undefined,
    input.status ? eq(o.status, input.status) : undefined,
    input.priority ? eq(o.priority, input.priority) : undefined,
    input.search
      ? or(ilike(o.number, `%${input.search}%`), ilike(o.title, `%${input.search}%`), ilike(o.customerName, `%${input.search}%`))
      : undefined,
    input.insight ? insightOrdersCondition(principal, input.insight, now) : undefined,
  ];
  const where = withScope(principal, ...filters);
  const column = SORT_COLUMNS[input.sort];
  const [page, [total]] = await Promise.all([
    db
      .select({ ...getTableColumns(o), lastWorkEvent: lastWorkEventSql() })
      .from(o)
      .where(where)
      .orderBy(input.direction === 'asc' ? asc(column) : desc(column), asc(o.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db.select({ n: count() }).from(o).where(where),
  ]);
  // Each saying whether work on it is paused (an accepted order's status alone cannot), with what the caller may do to it now; provider roles are not shown the service group an
  // order came through (as in its history, redact.ts).
  const rows = page.map(withPaused);
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
