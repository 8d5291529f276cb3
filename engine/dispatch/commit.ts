// The one place an order's state changes: inside the caller's transaction, the row is updated only
// if its version is still the one read (optimistic concurrency), and its history events, outbox
// notifications, exclusions and engineer load are written with it.
import { and, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { Assignee, Directory } from '../../dsl';
import { queryFixed, queryRows, type DbOrTx, type FixedStatement, type Tx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { ConflictError } from '../errors';
import { AUDIENCES, assigneeRecipients, type RecipientSet } from '../flow/node-roles';
import type { Assignment, DispatchState, RunStep } from '../runner';
import type { OrderRow } from '../../drizzle/schema';
import { insightFactsAfter } from '../insights/facts';
import { formatTime, type BookingPlan } from './bookings';

export type EventInput = {
  type: s.OrderEventType;
  actorType: 'user' | 'rule' | 'system' | 'api';
  actorId: string | null;
  nodeId: string | null;
  data: Record<string, unknown>;
};

// Who receives a notification (RecipientSet) comes from the node-roles table; the database resolves
// it in the same statement that writes the notification, by the SQL below built from AUDIENCES.
export { assigneeRecipients, type RecipientSet } from '../flow/node-roles';

/** `column` holds one of these roles (closed enum values, so safe to inline; one role reads `= 'x'`). */
function roleIn(column: string, roles: readonly string[]): string {
  const quoted = roles.map((r) => `'${r.replace(/'/g, "''")}'`);
  return quoted.length === 1 ? `${column} = ${quoted[0]}` : quoted.length ? `${column} IN (${quoted.join(', ')})` : 'false';
}
const PROVIDER_ROLE = roleIn('u.role', AUDIENCES.providerRoles);
const COMPANY_ROLE = roleIn('u.role', AUDIENCES.companyRoles);

export interface NotificationInput {
  /** Known user ids. */
  recipientIds?: string[];
  recipients?: RecipientSet[];
  kind: string;
  title: string;
  body: string;
  /** Index into the change's events. */
  event: number;
}

export interface OrderChange {
  set: Partial<typeof s.workOrders.$inferInsert>;
  events: EventInput[];
  notifications: NotificationInput[];
  exclusions: { nodeId: string; targetType: 'engineer' | 'service_provider' | 'service_group'; targetId: string }[];
  /**
   * The order's booking after the change: a slot (owner and collaborators), null to free it, or
   * absent to keep it (freed all the same when the order no longer holds an engineer).
   */
  booking?: BookingPlan | null;
  /** The company's zone, for the times in booking notifications. */
  timeZone?: string;
  /** Who changes the booking when the change has no event of its own (a reschedule). */
  actor?: { actorType: EventInput['actorType']; actorId: string | null };
  /** Filled by commitOrderChange: the bookings written and freed, for the engine's cache. */
  bookingsWritten?: BookingOutcome;
}

export interface BookingOutcome {
  /** Engineers whose booking of this order was deleted. */
  freed: string[];
  /** The slot booked now, with the engineers booked on it. */
  booked: { engineerIds: string[]; start: number; end: number } | null;
}

interface PreviousBooking {
  engineerId: string;
  role: 'owner' | 'collaborator';
  start: number;
  end: number;
}

export const emptyChange = (): OrderChange => ({ set: {}, events: [], notifications: [], exclusions: [] });

/** Writes the change; throws ConflictError when someone else changed the order since it was read. */
export async function commitOrderChange(tx: Tx, row: OrderRow, change: OrderChange, now: Date): Promise<OrderRow> {
  const [updated] = await tx
    .update(s.workOrders)
    .set({ ...change.set, ...insightFactsAfter(row, change.events, now), version: row.version + 1, updatedAt: now })
    .where(and(eq(s.workOrders.id, row.id), eq(s.workOrders.version, row.version)))
    .returning();
  if (!updated) {
    throw new ConflictError(`Order ${row.number} was changed by someone else a moment ago; reload it and try again`);
  }
  const load = {
    before: row.status === 'completed' || row.status === 'cancelled' ? null : row.engineerId,
    after: isOpen(updated.status) ? updated.engineerId : null,
  };
  await writeBookings(tx, row, updated, change, now);
  await tx.execute(historyStatement(sql`${row.id}`, change, now, load));
  return updated;
}

/**
 * The order's bookings after the change (see OrderChange.booking), with their history events and
 * the engineers' notifications added to the change. Orders without a duration never have one: they
 * cost nothing here.
 */
async function writeBookings(tx: Tx, row: OrderRow, updated: OrderRow, change: OrderChange, now: Date) {
  const plan = change.booking;
  const lost = !updated.engineerId || updated.status === 'cancelled';
  if (row.durationMinutes === null || (plan === undefined && !lost)) return;
  const deleted = await tx
    .delete(s.bookings)
    .where(eq(s.bookings.orderId, row.id))
    .returning({ engineerId: s.bookings.engineerId, role: s.bookings.role, startsAt: s.bookings.startsAt, endsAt: s.bookings.endsAt });
  const previous: PreviousBooking[] = deleted.map((b) => ({ engineerId: b.engineerId, role: b.role, start: b.startsAt.getTime(), end: b.endsAt.getTime() }));
  const next = plan && !lost ? plan : null;
  if (next) {
    await tx.insert(s.bookings).values(bookingRows(row.id, next, () => crypto.randomUUID()));
  }
  const touched = [...new Set([...previous.map((b) => b.engineerId), ...(next ? [next.ownerId, ...next.collaboratorIds] : [])])];
  // The directory refresh of every process reads engineers changed since its last read.
  if (touched.length) await tx.update(s.engineers).set({ updatedAt: now }).where(inArray(s.engineers.id, touched));
  addBookingEvents(change, updated, previous, next);
  change.bookingsWritten = {
    freed: previous.map((b) => b.engineerId),
    booked: next ? { engineerIds: [next.ownerId, ...next.collaboratorIds], start: next.start, end: next.end } : null,
  };
}

function bookingRows(orderId: string, plan: BookingPlan, newId: () => string) {
  const at = { startsAt: new Date(plan.start), endsAt: new Date(plan.end) };
  return [
    { id: newId(), orderId, engineerId: plan.ownerId, role: 'owner' as const, ...at },
    ...plan.collaboratorIds.map((engineerId) => ({ id: newId(), orderId, engineerId, role: 'collaborator' as const, ...at })),
  ];
}

/** booked / rescheduled / unbooked, each with its notification to the engineers concerned. */
export function addBookingEvents(
  change: OrderChange,
  order: Pick<OrderRow, 'number' | 'title' | 'resolveBy' | 'currentNodeId'>,
  previous: PreviousBooking[],
  next: BookingPlan | null,
) {
  const zone = change.timeZone ?? 'UTC';
  const span = (start: number, end: number) => `${formatTime(start, zone)}–${formatTime(end, zone).slice(-5)}`;
  const iso = (ms: number) => new Date(ms).toISOString();
  // The actor of the change's own event (the dispatcher, the rule, the engineer who declined).
  // The last event that someone or a rule caused (not the system's routing or queueing that followed).
  const cause = change.actor ?? [...change.events].reverse().find((e) => e.type !== 'queued' && e.type !== 'entered_node');
  const actor = { actorType: cause?.actorType ?? ('system' as const), actorId: cause?.actorId ?? null, nodeId: order.currentNodeId };
  const owner = previous.find((b) => b.role === 'owner');
  const before = owner ? { engineerId: owner.engineerId, start: iso(owner.start), end: iso(owner.end) } : null;
  const lateForSla = !!next && next.start > order.resolveBy.getTime();
  if (next && before && before.engineerId === next.ownerId) {
    if (owner!.start === next.start && owner!.end === next.end && sameSet(previous.filter((b) => b.role === 'collaborator').map((b) => b.engineerId), next.collaboratorIds)) return;
    const event = change.events.push({
      type: 'rescheduled',
      ...actor,
      data: { engineerId: next.ownerId, start: iso(next.start), end: iso(next.end), collaborators: next.collaboratorIds, previous: before, lateForSla },
    }) - 1;
    change.notifications.push({
      recipients: [{ engineers: [...new Set([next.ownerId, ...next.collaboratorIds, ...previous.map((b) => b.engineerId)])] }],
      kind: 'rescheduled',
      title: `${order.number} moved to ${span(next.start, next.end)}`,
      body: `${order.title} — was ${span(owner!.start, owner!.end)}`,
      event,
    });
    return;
  }
  if (owner) {
    const event = change.events.push({
      type: 'unbooked',
      ...actor,
      data: { ...before, collaborators: previous.filter((b) => b.role === 'collaborator').map((b) => b.engineerId) },
    }) - 1;
    const freed = [...new Set(previous.map((b) => b.engineerId))];
    if (!foldInto(change, freed, `no longer booked for ${span(owner.start, owner.end)}`)) change.notifications.push({
      recipients: [{ engineers: freed }],
      kind: 'unbooked',
      title: `${order.number} no longer booked for ${span(owner.start, owner.end)}`,
      body: order.title,
      event,
    });
  }
  if (next) {
    const event = change.events.push({
      type: 'booked',
      ...actor,
      data: { engineerId: next.ownerId, start: iso(next.start), end: iso(next.end), collaborators: next.collaboratorIds, ...(before ? { previous: before } : {}), lateForSla },
    }) - 1;
    const team = [next.ownerId, ...next.collaboratorIds];
    if (!foldInto(change, team, `booked for ${span(next.start, next.end)}${lateForSla ? ', after the SLA resolve-by time' : ''}`)) change.notifications.push({
      recipients: [{ engineers: team }],
      kind: 'booked',
      title: `${order.number} booked for ${span(next.start, next.end)}`,
      body: `${order.title}${lateForSla ? ' — after the SLA resolve-by time' : ''}`,
      event,
    });
  }
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * A booking told in the change's own notification when one already goes to these engineers (the
 * assignment or reallocation they hear of anyway): one notification for the change, not two.
 */
function foldInto(change: OrderChange, engineerIds: string[], text: string): boolean {
  const covered = (n: NotificationInput, id: string) =>
    (n.recipients ?? []).some((set) => 'engineers' in set && set.engineers.includes(id));
  const n = change.notifications.find((x) => x.kind !== 'booked' && x.kind !== 'unbooked' && x.kind !== 'rescheduled' && engineerIds.every((id) => covered(x, id)));
  if (!n) return false;
  const ours = new Set(engineerIds);
  const others = (n.recipients ?? []).some((set) => !('engineers' in set) || set.engineers.some((id) => !ours.has(id)));
  if (others) {
    // The notice also goes to others (a reallocation tells the freed and the new engineer): the
    // booking's words go to these engineers only, on their own copy of it.
    n.recipients = (n.recipients ?? []).map((set) => ('engineers' in set ? { ...set, engineers: set.engineers.filter((id) => !ours.has(id)) } : set));
    change.notifications.push({ ...n, recipientIds: undefined, recipients: [{ engineers: engineerIds }], body: `${n.body} · ${text}` });
  } else n.body = `${n.body} · ${text}`;
  return true;
}

const isOpen = (status: string) => status !== 'completed' && status !== 'cancelled';

export interface NewOrderWrite {
  /** Every column of the new order (absent ones are null). */
  row: typeof s.workOrders.$inferInsert;
  change: OrderChange;
  now: Date;
  /** Takes back the booking noted in the engine's cache when the order was decided (not written after all). */
  release?: () => void;
}

const orderColumns = Object.entries(getTableColumns(s.workOrders));
const orderColumnList = orderColumns.map(([, c]) => `"${c.name}"`).join(', ');

/**
 * New orders with their whole history, any number of them in ONE fixed statement (so atomic per
 * order and in all, without BEGIN/COMMIT round trips, and planned once per connection): the orders,
 * their events in order, outbox notifications with recipients resolved by the database and linked
 * to their events, and the engineers' load. An order whose idempotency key is taken is skipped
 * with all of its history. Parameters are JSON documents, so the text never changes.
 */
const INSERT_NEW_ORDERS: FixedStatement = {
  name: 'ds_insert_new_orders_v6',
  text: `WITH o AS (
  INSERT INTO work_orders (${orderColumnList})
  SELECT ${orderColumnList} FROM jsonb_populate_recordset(NULL::work_orders, $1::jsonb)
  ON CONFLICT (api_key_id, idempotency_key) DO NOTHING
  RETURNING *
), ev AS (
  INSERT INTO order_events (order_id, type, actor_type, actor_id, node_id, data, created_at)
  SELECT x.order_id, x.type, x.actor_type, x.actor_id, x.node_id, x.data, x.at
  FROM jsonb_to_recordset($2::jsonb) AS x(seq int, order_id text, type order_event_type, actor_type actor_type, actor_id text, node_id text, data jsonb, at timestamptz)
  WHERE x.order_id IN (SELECT id FROM o)
  ORDER BY x.seq
  RETURNING id, order_id
), evn AS (
  SELECT id, order_id, (row_number() OVER (PARTITION BY order_id ORDER BY id) - 1)::int AS k FROM ev
), nt_in AS (
  SELECT e.id AS event_id, n.*
  FROM jsonb_to_recordset($3::jsonb) AS n(seq int, order_id text, event int, kind text, title text, body text, at timestamptz,
    users text[], engineers text[], groups text[], providers text[], company boolean)
  JOIN evn e ON e.order_id = n.order_id AND e.k = n.event
), recipients AS (
  SELECT n.seq, u.id FROM nt_in n CROSS JOIN LATERAL unnest(n.users) AS u(id)
  UNION ALL
  SELECT n.seq, en.user_id FROM nt_in n JOIN engineers en ON en.id = ANY(n.engineers)
  UNION ALL
  SELECT n.seq, d.user_id FROM nt_in n JOIN service_group_dispatchers d ON d.group_id = ANY(n.groups) JOIN users u ON u.id = d.user_id AND u.active
  UNION ALL
  SELECT n.seq, u.id FROM nt_in n JOIN users u ON u.provider_id = ANY(n.providers) AND ${PROVIDER_ROLE} AND u.active
  UNION ALL
  SELECT n.seq, u.id FROM nt_in n JOIN users u ON n.company AND ${COMPANY_ROLE} AND u.active
), nt AS (
  INSERT INTO notifications (recipient_id, order_id, event_id, kind, title, body, created_at)
  SELECT DISTINCT ON (r.id, n.event_id) r.id, n.order_id, n.event_id, n.kind, n.title, n.body, n.at
  FROM recipients r JOIN nt_in n ON n.seq = r.seq
  WHERE r.id IS NOT NULL
  ORDER BY r.id, n.event_id, n.seq
  ON CONFLICT DO NOTHING
), load AS (
  -- In engineer order, so that concurrent batches lock engineers in one order.
  SELECT engineer_id, count(*)::int AS n, max(created_at) AS at
  FROM o WHERE engineer_id IS NOT NULL AND status NOT IN ('completed', 'cancelled')
  GROUP BY engineer_id ORDER BY engineer_id
), la AS (
  UPDATE engineers en SET open_orders = en.open_orders + l.n,
    assigned_today = CASE WHEN en.assigned_day = (l.at AT TIME ZONE 'UTC')::date THEN en.assigned_today + l.n ELSE l.n END,
    assigned_day = (l.at AT TIME ZONE 'UTC')::date, last_assigned_at = l.at, updated_at = l.at
  FROM load l WHERE en.id = l.engineer_id AND en.id = ANY (ARRAY(SELECT engineer_id FROM load))
), bk AS (
  -- Bookings of the orders written (a slot decided by a rule); the exclusion constraint refuses an overlap.
  INSERT INTO bookings (id, order_id, engineer_id, role, starts_at, ends_at)
  SELECT b.id, b.order_id, b.engineer_id, b.role::booking_role, b.starts_at, b.ends_at
  FROM jsonb_to_recordset($4::jsonb) AS b(id text, order_id text, engineer_id text, role text, starts_at timestamptz, ends_at timestamptz)
  WHERE b.order_id IN (SELECT id FROM o)
), bt AS (
  -- Booked collaborators are touched too (owners already are, by their load), for the directory refresh.
  UPDATE engineers en SET updated_at = now()
  WHERE en.id IN (SELECT b.engineer_id FROM jsonb_to_recordset($4::jsonb) AS b(order_id text, engineer_id text, role text)
                  WHERE b.role = 'collaborator' AND b.order_id IN (SELECT id FROM o))
    AND en.id NOT IN (SELECT engineer_id FROM load)
)
SELECT id FROM o`,
};

/**
 * Writes new orders (see INSERT_NEW_ORDERS). Returns the created rows by id; an order missing from
 * the result was not written because its idempotency key was already taken.
 */
export async function insertNewOrders(db: DbOrTx, writes: NewOrderWrite[]): Promise<Map<string, OrderRow>> {
  const orders: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  const notifications: Record<string, unknown>[] = [];
  const bookings: Record<string, unknown>[] = [];
  // Every column is written as given (none is left to a default), so each row is what was sent.
  const sent = new Map<string, OrderRow>();
  for (const { row: given, change, now } of writes) {
    const row = { ...given, ...insightFactsAfter(null, change.events, now) };
    const order: Record<string, unknown> = {};
    const full: Record<string, unknown> = {};
    for (const [key, column] of orderColumns) {
      const v = (row as Record<string, unknown>)[key];
      order[column.name] = full[key] = v === undefined ? null : v;
    }
    orders.push(order);
    sent.set(row.id as string, full as OrderRow);
    if (change.booking) {
      for (const b of bookingRows(row.id as string, change.booking, () => crypto.randomUUID())) {
        bookings.push({ id: b.id, order_id: b.orderId, engineer_id: b.engineerId, role: b.role, starts_at: b.startsAt, ends_at: b.endsAt });
      }
    }
    for (const e of change.events) {
      events.push({ seq: events.length, order_id: row.id, type: e.type, actor_type: e.actorType, actor_id: e.actorId, node_id: e.nodeId, data: e.data, at: now });
    }
    for (const n of change.notifications) {
      const to = { users: [...(n.recipientIds ?? [])], engineers: [] as string[], groups: [] as string[], providers: [] as string[], company: false };
      for (const set of n.recipients ?? []) {
        if ('users' in set) to.users.push(...set.users);
        else if ('engineers' in set) to.engineers.push(...set.engineers);
        else if ('groupDispatchersOf' in set) to.groups.push(set.groupDispatchersOf);
        else if ('providerDispatchersOf' in set) to.providers.push(set.providerDispatchersOf);
        else to.company = true;
      }
      notifications.push({ seq: notifications.length, order_id: row.id, event: n.event, kind: n.kind, title: n.title, body: n.body, at: now, ...to });
    }
  }
  const rows = await queryFixed<{ id: string }>(db, INSERT_NEW_ORDERS, [
    JSON.stringify(orders),
    JSON.stringify(events),
    JSON.stringify(notifications),
    JSON.stringify(bookings),
  ]);
  return new Map(rows.map(({ id }) => [id, sent.get(id)!]));
}

/**
 * Events, outbox notifications (recipients resolved here, each linked to its event), exclusions and
 * engineer load of a change to an existing order, as one statement.
 */
function historyStatement(orderId: SQL, change: OrderChange, now: Date, load: { before: string | null; after: string | null }): SQL {
  const ctes: SQL[] = [];
  if (change.events.length) {
    const rows = change.events.map(
      (e, i) => sql`(${i}::int, ${e.type}::text, ${e.actorType}::text, ${e.actorId}::text, ${e.nodeId}::text, ${JSON.stringify(e.data)}::text)`,
    );
    ctes.push(sql`ev AS (
      INSERT INTO order_events (order_id, type, actor_type, actor_id, node_id, data, created_at)
      SELECT ${orderId}, v.type::order_event_type, v.actor_type::actor_type, v.actor_id, v.node_id, v.data::jsonb, ${now}
      FROM (VALUES ${sql.join(rows, sql`, `)}) v(ord, type, actor_type, actor_id, node_id, data)
      ORDER BY v.ord
      RETURNING id)`);
  }
  const notifications = change.notifications.filter((n) => (n.recipients?.length ?? 0) + (n.recipientIds?.length ?? 0) > 0);
  if (notifications.length) {
    // Ids come from one sequence in insertion order, so the k-th smallest id is the k-th event.
    const parts = notifications.map((n) => {
      const sets: RecipientSet[] = [...(n.recipients ?? []), ...(n.recipientIds?.length ? [{ users: n.recipientIds }] : [])];
      const eventId = change.events.length ? sql`(SELECT id FROM ev ORDER BY id OFFSET ${n.event}::int LIMIT 1)` : sql`NULL::bigint`;
      return sql`SELECT r.id, ${eventId} AS event_id, ${n.kind}::text AS kind, ${n.title}::text AS title, ${n.body}::text AS body
        FROM (${sql.join(sets.map(recipientQuery), sql` UNION `)}) r WHERE r.id IS NOT NULL`;
    });
    ctes.push(sql`nt AS (
      INSERT INTO notifications (recipient_id, order_id, event_id, kind, title, body, created_at)
      SELECT DISTINCT ON (x.id, x.event_id) x.id, ${orderId}, x.event_id, x.kind, x.title, x.body, ${now}
      FROM (${sql.join(parts, sql` UNION ALL `)}) x
      ON CONFLICT DO NOTHING)`);
  }
  if (change.exclusions.length) {
    const rows = change.exclusions.map((x) => sql`(${x.nodeId}::text, ${x.targetType}::text, ${x.targetId}::text)`);
    ctes.push(sql`ex AS (
      INSERT INTO order_exclusions (order_id, node_id, target_type, target_id, created_at)
      SELECT ${orderId}, v.node_id, v.target_type, v.target_id, ${now}
      FROM (VALUES ${sql.join(rows, sql`, `)}) v(node_id, target_type, target_id)
      ON CONFLICT DO NOTHING)`);
  }
  // Engineers' open-order counts (and assignments today) follow who holds orders.
  if (load.before !== load.after) {
    const today = now.toISOString().slice(0, 10);
    if (load.before) {
      ctes.push(sql`lb AS (UPDATE engineers SET open_orders = greatest(open_orders - 1, 0), updated_at = ${now} WHERE id = ${load.before})`);
    }
    if (load.after) {
      ctes.push(sql`la AS (UPDATE engineers SET open_orders = open_orders + 1,
        assigned_today = CASE WHEN assigned_day = ${today}::date THEN assigned_today + 1 ELSE 1 END,
        assigned_day = ${today}::date, last_assigned_at = ${now}, updated_at = ${now}
        WHERE id = ${load.after})`);
    }
  }
  const result = sql`SELECT true AS created`;
  return ctes.length ? sql`WITH ${sql.join(ctes, sql`, `)} ${result}` : result;
}

/** Events, notifications and exclusions of a change for an order that exists (also used by tests). */
export async function writeHistory(tx: Tx, row: Pick<OrderRow, 'id'>, change: OrderChange, now: Date) {
  await tx.execute(historyStatement(sql`${row.id}`, change, now, { before: null, after: null }));
}

function recipientQuery(set: RecipientSet) {
  if ('users' in set) return sql`SELECT unnest(${sql.param(set.users)}::text[]) AS id`;
  if ('engineers' in set) return sql`SELECT user_id AS id FROM engineers WHERE id = ANY(${sql.param(set.engineers)}::text[])`;
  if ('groupDispatchersOf' in set) {
    return sql`SELECT d.user_id AS id FROM service_group_dispatchers d JOIN users u ON u.id = d.user_id WHERE d.group_id = ${set.groupDispatchersOf} AND u.active`;
  }
  if ('providerDispatchersOf' in set) {
    return sql`SELECT u.id FROM users u WHERE u.provider_id = ${set.providerDispatchersOf} AND ${sql.raw(PROVIDER_ROLE)} AND u.active`;
  }
  return sql`SELECT u.id FROM users u WHERE ${sql.raw(COMPANY_ROLE)} AND u.active`;
}

/** The user ids a recipient set names now, by the same SQL the notification statements use. */
export async function resolveRecipients(tx: DbOrTx, set: RecipientSet): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(tx, sql`SELECT DISTINCT r.id FROM (${recipientQuery(set)}) r WHERE r.id IS NOT NULL`);
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// From runner output to a change
// ---------------------------------------------------------------------------------------------

/** The order's columns for a dispatch state. */
export function stateColumns(state: DispatchState, now: Date, previous: Pick<OrderRow, 'currentNodeId'> | null) {
  return {
    currentNodeId: state.nodeId,
    nodePath: state.path,
    status: state.status,
    serviceGroupId: state.serviceGroupId,
    providerId: state.providerId,
    engineerId: state.engineerId,
    collaboratorIds: state.collaboratorIds,
    ...(previous?.currentNodeId !== state.nodeId ? { nodeEnteredAt: now } : {}),
  } satisfies Partial<typeof s.workOrders.$inferInsert>;
}

/** The dispatch fields of DESIGN.md, written on every assignment. */
export function dispatchFields(assignment: Assignment, state: DispatchState, directory: Directory, now: Date) {
  const fields: Partial<typeof s.workOrders.$inferInsert> = {
    assign_user: assignment.way === 'manual' ? assignment.userId : null,
    assign_way: assignment.way,
    assign_time: now,
  };
  if (state.providerId) {
    const provider = directory.provider(state.providerId);
    fields.field_partner = state.providerId;
    fields.field_downstreamOuterTenantId = provider?.tenantId ?? null;
    fields.field_downstreamOuterTenantName = provider?.tenantName ?? null;
  }
  const engineer = state.engineerId ? directory.engineer(state.engineerId) : undefined;
  fields.field_outDealUser = engineer?.providerId ? engineer.id : null;
  return fields;
}

const TARGET_LABEL: Record<Assignee['type'], string> = {
  service_group: 'service group',
  service_provider: 'service provider',
  engineer: 'engineer',
  provider_engineer: 'provider engineer',
};

/**
 * Turns the runner's steps into history events, dispatch fields and notifications. `first`
 * carries the manual assignment that started this run, if any.
 */
export function changeFromRun(
  row: Pick<OrderRow, 'number' | 'title' | 'currentNodeId'> | null,
  steps: RunStep[],
  finalState: DispatchState,
  directory: Directory,
  now: Date,
  change: OrderChange = emptyChange(),
): OrderChange {
  let lastAssignment: Assignment | null = null;
  for (const step of steps) {
    if (step.type === 'decision' && step.assignment) {
      const a = step.assignment;
      lastAssignment = a;
      // An engineer assignment of an order with a duration books the decided slot (RULES.md).
      const slot = step.decision.slot;
      if (slot && (a.assignee.type === 'engineer' || a.assignee.type === 'provider_engineer')) {
        change.booking = { start: slot.start, end: slot.end, ownerId: a.assignee.id, collaboratorIds: a.collaborators.map((c) => c.id), by: 'rule' };
      }
      const event = change.events.push({
        type: 'auto_assigned',
        actorType: 'rule',
        actorId: a.rule,
        nodeId: step.nodeId,
        data: { rule: a.rule, assignee: a.assignee, collaborators: a.collaborators, trace: step.decision.trace },
      }) - 1;
      change.notifications.push({
        recipients: [assigneeRecipients(a.assignee, a.collaborators)],
        kind: 'assigned',
        title: `${row?.number ?? 'Order'} assigned to ${a.assignee.name}`,
        body: `${row?.title ?? ''} — auto-dispatched by rule "${a.rule}" as ${TARGET_LABEL[a.assignee.type]}`,
        event,
      });
    } else if (step.type === 'decision') {
      change.events.push({
        type: 'queued',
        actorType: step.decision.rule ? 'rule' : 'system',
        actorId: step.decision.rule,
        nodeId: step.nodeId,
        data: { rule: step.decision.rule, reason: step.decision.trace.manualReason, trace: step.decision.trace },
      });
    } else if (step.type === 'routed' && step.kind === 'gateway') {
      change.events.push({ type: 'entered_node', actorType: 'system', actorId: null, nodeId: step.nodeId, data: { routedTo: step.to, condition: step.condition } });
    } else if (step.type === 'passed') {
      change.events.push({ type: 'entered_node', actorType: 'system', actorId: null, nodeId: step.nodeId, data: { passed: true, reason: step.reason } });
    }
  }
  change.set = { ...change.set, ...stateColumns(finalState, now, row) };
  if (lastAssignment) change.set = { ...change.set, ...dispatchFields(lastAssignment, finalState, directory, now) };
  return change;
}
