// The fact work-state.ts decides "paused" from (an order's last `started` or `paused` event) read in
// the same statement as the orders themselves, for lists: the orders list, My work and the schedule
// board's bookings. Read only for accepted orders (nothing else can be paused), by one backward probe
// of order_events_order_idx (order_id, id) per such row; with the page's ORDER BY … LIMIT, Postgres
// computes it for the rows of the page only.
import { getTableName, sql } from 'drizzle-orm';
import * as s from '../../drizzle/schema';
import type { OrderStatus } from '../enums';
import { WORK_EVENTS, isPaused } from './work-state';

/** The type of the order's last work event for an accepted order, else null (columns named with their table: drizzle leaves a select list's columns bare, which the subquery would read as its own). */
export const lastWorkEventSql = () => {
  const order = sql.identifier(getTableName(s.workOrders));
  return sql<string | null>`case when ${order}.status = 'accepted' then (select e.type from ${s.orderEvents} e where e.order_id = ${order}.id and e.type in (${sql.join(
    WORK_EVENTS.map((t) => sql`${t}`),
    sql`, `,
  )}) order by e.id desc limit 1) end`;
};

/** A row read with `lastWorkEvent: lastWorkEventSql()`, with `paused` (isPaused) in its place. */
export function withPaused<R extends { status: OrderStatus; lastWorkEvent: string | null }>({ lastWorkEvent, ...row }: R): Omit<R, 'lastWorkEvent'> & { paused: boolean } {
  return { ...row, paused: isPaused(row.status, lastWorkEvent) };
}
