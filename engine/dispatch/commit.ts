// The one place an order's state changes: inside the caller's transaction, the row is updated only
// if its version is still the one read (optimistic concurrency), and its history events, outbox
// notifications, exclusions and engineer load are written with it.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Assignee, Directory } from '../../dsl';
import type { Tx } from '../../drizzle/client';
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
  await writeHistory(tx, updated, change, now);
  await adjustEngineerLoad(tx, row.status === 'completed' ? null : row.engineerId, isOpen(updated.status) ? updated.engineerId : null, now);
  return updated;
}

const isOpen = (status: string) => status !== 'completed' && status !== 'cancelled';

/** Events, notifications and exclusions of a change (also used for a newly inserted order). */
export async function writeHistory(tx: Tx, row: OrderRow, change: OrderChange, now: Date) {
  const eventIds: number[] = [];
  if (change.events.length) {
    const inserted = await tx
      .insert(s.orderEvents)
      .values(change.events.map((e) => ({ ...e, orderId: row.id, createdAt: now })))
      .returning({ id: s.orderEvents.id });
    eventIds.push(...inserted.map((r) => r.id));
  }
  if (change.notifications.length) {
    const parts = change.notifications.map((n) => {
      const sets: RecipientSet[] = [...(n.recipients ?? []), ...(n.recipientIds?.length ? [{ users: n.recipientIds }] : [])];
      const who = sets.length ? sql.join(sets.map(recipientQuery), sql` UNION `) : sql`SELECT NULL::text AS id WHERE false`;
      return sql`SELECT r.id, ${eventIds[n.event] ?? null}::bigint AS event_id, ${n.kind}::text AS kind, ${n.title}::text AS title, ${n.body}::text AS body
        FROM (${who}) r WHERE r.id IS NOT NULL`;
    });
    await tx.execute(sql`
      INSERT INTO notifications (recipient_id, order_id, event_id, kind, title, body, created_at)
      SELECT DISTINCT ON (x.id, x.event_id) x.id, ${row.id}, x.event_id, x.kind, x.title, x.body, ${now}
      FROM (${sql.join(parts, sql` UNION ALL `)}) x
      ON CONFLICT DO NOTHING`);
  }
  if (change.exclusions.length) {
    await tx
      .insert(s.orderExclusions)
      .values(change.exclusions.map((x) => ({ ...x, orderId: row.id, createdAt: now })))
      .onConflictDoNothing();
  }
}

/** Keeps engineers' open-order counts (and assignments today) in step with who holds orders. */
export async function adjustEngineerLoad(tx: Tx, before: string | null, after: string | null, now: Date) {
  if (before === after) return;
  const today = now.toISOString().slice(0, 10);
  if (before) {
    await tx
      .update(s.engineers)
      .set({ openOrders: sql`greatest(${s.engineers.openOrders} - 1, 0)` })
      .where(eq(s.engineers.id, before));
  }
  if (after) {
    await tx
      .update(s.engineers)
      .set({
        openOrders: sql`${s.engineers.openOrders} + 1`,
        assignedToday: sql`CASE WHEN ${s.engineers.assignedDay} = ${today}::date THEN ${s.engineers.assignedToday} + 1 ELSE 1 END`,
        assignedDay: today,
        lastAssignedAt: now,
      })
      .where(eq(s.engineers.id, after));
  }
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
