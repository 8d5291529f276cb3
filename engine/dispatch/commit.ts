// The one place an order's state changes: inside the caller's transaction, the row is updated only
// if its version is still the one read (optimistic concurrency), and its history events, outbox
// notifications, exclusions and engineer load are written with it.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Assignee, Directory } from '../../dsl';
import { queryRows, type DbOrTx, type Tx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { ConflictError } from '../errors';
import type { Assignment, DispatchState, RunStep } from '../runner';
import type { OrderRow } from './context';

export type EventInput = {
  type: s.OrderEventType;
  actorType: 'user' | 'rule' | 'system' | 'api';
  actorId: string | null;
  nodeId: string | null;
  data: Record<string, unknown>;
};

/** Who receives a notification, resolved by the database in the same statement that writes it. */
export type RecipientSet =
  | { users: string[] }
  | { engineers: string[] }
  | { groupDispatchersOf: string }
  | { providerDispatchersOf: string }
  | { companyDispatchers: true };

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
}

export const emptyChange = (): OrderChange => ({ set: {}, events: [], notifications: [], exclusions: [] });

/** Writes the change; throws ConflictError when someone else changed the order since it was read. */
export async function commitOrderChange(tx: Tx, row: OrderRow, change: OrderChange, now: Date): Promise<OrderRow> {
  const [updated] = await tx
    .update(s.workOrders)
    .set({ ...change.set, version: row.version + 1, updatedAt: now })
    .where(and(eq(s.workOrders.id, row.id), eq(s.workOrders.version, row.version)))
    .returning();
  if (!updated) {
    throw new ConflictError(`Order ${row.number} was changed by someone else a moment ago; reload it and try again`);
  }
  const load = {
    before: row.status === 'completed' || row.status === 'cancelled' ? null : row.engineerId,
    after: isOpen(updated.status) ? updated.engineerId : null,
  };
  await tx.execute(historyStatement(sql`${row.id}`, change, now, load, null));
  return updated;
}

const isOpen = (status: string) => status !== 'completed' && status !== 'cancelled';

/**
 * Inserts a new order with its whole history in ONE statement (atomic without a round trip for
 * BEGIN and COMMIT). Returns false when the idempotency key was taken: then nothing is written.
 */
export async function insertOrderWithHistory(db: DbOrTx, values: typeof s.workOrders.$inferInsert, change: OrderChange, now: Date): Promise<boolean> {
  const insert = db
    .insert(s.workOrders)
    .values(values)
    .onConflictDoNothing({ target: [s.workOrders.apiKeyId, s.workOrders.idempotencyKey] })
    .returning({ id: s.workOrders.id });
  const engineer = isOpen(String(values.status)) ? (values.engineerId ?? null) : null;
  const rows = await queryRows<{ created: boolean }>(
    db,
    historyStatement(sql`(SELECT id FROM o)`, change, now, { before: null, after: engineer }, sql`o AS (${insert.getSQL()})`),
  );
  return rows[0]?.created === true;
}

/**
 * Events, outbox notifications (recipients resolved here, each linked to its event), exclusions and
 * engineer load, as one statement. With `first`, a leading CTE `o` (the new order) guards all of it.
 */
function historyStatement(orderId: SQL, change: OrderChange, now: Date, load: { before: string | null; after: string | null }, first: SQL | null): SQL {
  const guard = first ? sql`WHERE EXISTS (SELECT 1 FROM o)` : sql``;
  const ctes: SQL[] = first ? [first] : [];
  if (change.events.length) {
    const rows = change.events.map(
      (e, i) => sql`(${i}::int, ${e.type}::text, ${e.actorType}::text, ${e.actorId}::text, ${e.nodeId}::text, ${JSON.stringify(e.data)}::text)`,
    );
    ctes.push(sql`ev AS (
      INSERT INTO order_events (order_id, type, actor_type, actor_id, node_id, data, created_at)
      SELECT ${orderId}, v.type::order_event_type, v.actor_type::actor_type, v.actor_id, v.node_id, v.data::jsonb, ${now}
      FROM (VALUES ${sql.join(rows, sql`, `)}) v(ord, type, actor_type, actor_id, node_id, data) ${guard}
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
      FROM (${sql.join(parts, sql` UNION ALL `)}) x ${guard}
      ON CONFLICT DO NOTHING)`);
  }
  if (change.exclusions.length) {
    const rows = change.exclusions.map((x) => sql`(${x.nodeId}::text, ${x.targetType}::text, ${x.targetId}::text)`);
    ctes.push(sql`ex AS (
      INSERT INTO order_exclusions (order_id, node_id, target_type, target_id, created_at)
      SELECT ${orderId}, v.node_id, v.target_type, v.target_id, ${now}
      FROM (VALUES ${sql.join(rows, sql`, `)}) v(node_id, target_type, target_id) ${guard}
      ON CONFLICT DO NOTHING)`);
  }
  // Engineers' open-order counts (and assignments today) follow who holds orders.
  if (load.before !== load.after) {
    const today = now.toISOString().slice(0, 10);
    const and = first ? sql`AND EXISTS (SELECT 1 FROM o)` : sql``;
    if (load.before) {
      ctes.push(sql`lb AS (UPDATE engineers SET open_orders = greatest(open_orders - 1, 0), updated_at = ${now} WHERE id = ${load.before} ${and})`);
    }
    if (load.after) {
      ctes.push(sql`la AS (UPDATE engineers SET open_orders = open_orders + 1,
        assigned_today = CASE WHEN assigned_day = ${today}::date THEN assigned_today + 1 ELSE 1 END,
        assigned_day = ${today}::date, last_assigned_at = ${now}, updated_at = ${now}
        WHERE id = ${load.after} ${and})`);
    }
  }
  const result = first ? sql`SELECT EXISTS (SELECT 1 FROM o) AS created` : sql`SELECT true AS created`;
  return ctes.length ? sql`WITH ${sql.join(ctes, sql`, `)} ${result}` : result;
}

/** Events, notifications and exclusions of a change for an order that exists (also used by tests). */
export async function writeHistory(tx: Tx, row: Pick<OrderRow, 'id'>, change: OrderChange, now: Date) {
  await tx.execute(historyStatement(sql`${row.id}`, change, now, { before: null, after: null }, null));
}

function recipientQuery(set: RecipientSet) {
  if ('users' in set) return sql`SELECT unnest(${sql.param(set.users)}::text[]) AS id`;
  if ('engineers' in set) return sql`SELECT user_id AS id FROM engineers WHERE id = ANY(${sql.param(set.engineers)}::text[])`;
  if ('groupDispatchersOf' in set) {
    return sql`SELECT d.user_id AS id FROM service_group_dispatchers d JOIN users u ON u.id = d.user_id WHERE d.group_id = ${set.groupDispatchersOf} AND u.active`;
  }
  if ('providerDispatchersOf' in set) {
    return sql`SELECT id FROM users WHERE provider_id = ${set.providerDispatchersOf} AND role = 'provider_dispatcher' AND active`;
  }
  return sql`SELECT id FROM users WHERE role = 'dispatcher' AND active`;
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

/** The people an assignment notifies: the group's or provider's dispatchers, or the engineers' own sign-ins. */
export function assigneeRecipients(assignee: Assignee, collaborators: Assignee[]): RecipientSet {
  switch (assignee.type) {
    case 'service_group':
      return { groupDispatchersOf: assignee.id };
    case 'service_provider':
      return { providerDispatchersOf: assignee.id };
    default:
      return { engineers: [assignee.id, ...collaborators.map((c) => c.id)] };
  }
}

export async function groupDispatchers(tx: Tx, groupId: string) {
  const rows = await tx
    .select({ id: s.users.id })
    .from(s.serviceGroupDispatchers)
    .innerJoin(s.users, eq(s.users.id, s.serviceGroupDispatchers.userId))
    .where(and(eq(s.serviceGroupDispatchers.groupId, groupId), eq(s.users.active, true)));
  return rows.map((r) => r.id);
}

export async function providerDispatchers(tx: Tx, providerId: string) {
  const rows = await tx
    .select({ id: s.users.id })
    .from(s.users)
    .where(and(eq(s.users.providerId, providerId), eq(s.users.role, 'provider_dispatcher'), eq(s.users.active, true)));
  return rows.map((r) => r.id);
}

export async function companyDispatchers(tx: Tx) {
  const rows = await tx
    .select({ id: s.users.id })
    .from(s.users)
    .where(and(eq(s.users.role, 'dispatcher'), eq(s.users.active, true)));
  return rows.map((r) => r.id);
}

export async function engineerUsers(tx: Tx, engineerIds: string[]) {
  if (!engineerIds.length) return [];
  const rows = await tx
    .select({ userId: s.engineers.userId })
    .from(s.engineers)
    .where(inArray(s.engineers.id, engineerIds));
  return rows.map((r) => r.userId).filter((id): id is string => !!id);
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
