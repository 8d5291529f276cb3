// Order actions. Each one: checks state, scope and permission; runs in one transaction; changes the
// order only through commitOrderChange (optimistic concurrency, history, outbox); and throws a
// typed domain error when refused.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  earliestSlot,
  isDispatchNodeKind,
  rankCandidates,
  type Assignee,
  type Directory,
  type EngineerData,
  type NodeKind,
  type OrderData,
  type TravelData,
  type TargetKind,
} from '../../dsl';
import type { Tx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { isDeadlock, isExclusionViolation } from '../db-errors';
import { ConflictError, ForbiddenError, ValidationError, parseInput } from '../errors';
import type { FlowNode } from '../flow';
import {
  NODE_ROLES,
  assigningNode as assigningNodeOf,
  handles as handlesAt,
  heldAs,
  isClosed,
  isHandler,
  mayReallocate,
  nodeAction,
  nodeRecipients,
  switchedOff,
  targetsOf,
} from '../flow/node-roles';
import { orderNotFound, withScope } from '../orders/scope';
import type { Principal } from '../principal';
import { advance, applyAssignment, nodeContext, orderForRules, type Assignment, type DispatchState, type RunContext } from '../runner';
import { assigneeRecipients, changeFromRun, commitOrderChange, dispatchFields, emptyChange, stateColumns, type OrderChange, type RecipientSet } from './commit';
import { StaleBookings, engineerWith, freshBookings, formatTime, overlappingOrder, verifyPlan, type BookingPlan } from './bookings';
import { orderDataOf, runContextFor, stateOf, type OrderRow } from './context';
import type { Engine } from './engine';
import { idString } from '../limits';
import { overrideOf, overrideReasonFields } from '../overrides';
import { assertCompletable } from '../compliance';

const TARGET_KINDS = ['service_group', 'service_provider', 'engineer', 'provider_engineer'] as const;
const orderRef = { orderId: idString, version: z.number().int().min(1) };

const isoTime = z.iso.datetime({ offset: true, message: 'An ISO date and time, e.g. 2026-11-23T09:00:00Z' });

/**
 * When an engineer assigned an order with a duration works on it: a start picked by hand (checked
 * by the rules of the earliest slot), 'unscheduled' (no booking), or absent: the earliest slot.
 */
export const slotInput = z.union([z.object({ start: isoTime }), z.literal('unscheduled')]);

export const assignInput = z.object({
  ...orderRef,
  assignee: z.object({ type: z.enum(TARGET_KINDS), id: idString }),
  collaboratorIds: z.array(idString).max(20).default([]),
  slot: slotInput.optional(),
});
export const rescheduleInput = z.object({ ...orderRef, start: isoTime.nullable() });
export const reasonInput = z.object({ ...orderRef, reason: z.string().trim().min(3, 'Give a reason (at least 3 characters)').max(500) });
/** Rejecting an order a rule sent here overrides the rule: with a reason from the list (engine/overrides). */
export const rejectInput = reasonInput.extend(overrideReasonFields);
export const reassignGroupInput = reasonInput.extend({ groupId: idString, ...overrideReasonFields });
export const orderVersionInput = z.object(orderRef);

// ---------------------------------------------------------------------------------------------
// Loading and checks
// ---------------------------------------------------------------------------------------------
/**
 * The order to change, within the caller's order scope: scope first, then state. An order the caller
 * may not see is "not found", exactly like a missing id (no number, version or step in the error).
 */
export async function loadForChange(tx: Tx, principal: Principal, orderId: string, version: number | null): Promise<OrderRow> {
  const [row] = await tx.select().from(s.workOrders).where(withScope(principal, eq(s.workOrders.id, orderId)));
  if (!row) throw orderNotFound(orderId);
  if (version !== null && row.version !== version) {
    throw new ConflictError(`Order ${row.number} was changed by someone else a moment ago; reload it and try again`);
  }
  return row;
}

export function currentNode(rc: RunContext, row: OrderRow): FlowNode {
  const node = row.currentNodeId ? rc.flow.node(row.currentNodeId) : undefined;
  if (!node) throw new ConflictError(`Order ${row.number} is not at a node of its flow`);
  return node;
}

/** Whether this principal handles the node the order waits at: the node-roles table decides. */
export const handles = handlesAt;

function assertHandler(p: Principal, node: FlowNode, row: OrderRow) {
  if (!handles(p, node.kind, row)) {
    throw new ForbiddenError(`You do not handle "${node.label ?? node.id}" for order ${row.number}`);
  }
}

/** The rule target kinds a dispatcher may pick at a node (a group's kind decides inside a group). */
export function targetsAt(kind: NodeKind, row: Pick<OrderRow, 'serviceGroupId'>, directory: Directory): TargetKind[] {
  return targetsOf(kind, row.serviceGroupId ? directory.serviceGroup(row.serviceGroupId)?.kind : null);
}

/** Everyone a dispatcher may pick at the node: the same scope the rules select from. */
function eligible(rc: RunContext, row: OrderRow, state: DispatchState, node: FlowNode, target: TargetKind, extraExcluded?: RunContext['excludedAt']) {
  if (target === 'service_group') {
    const excluded = new Set(rc.excludedAt(node.id)?.serviceGroups ?? []);
    return rc.directory.serviceGroups.filter((g) => g.active !== false && !excluded.has(g.id)).map((g) => ({ id: g.id, name: g.name }));
  }
  const excluded = (extraExcluded ?? rc.excludedAt)(node.id);
  return rankCandidates({
    directory: rc.directory,
    order: orderForRules(orderDataOf(row), state, rc.directory),
    node: nodeContext(node, state, excluded),
    now: rc.now,
    target,
    limit: 100_000,
  }).candidates;
}

function pickAssignees(
  rc: RunContext,
  row: OrderRow,
  state: DispatchState,
  node: FlowNode,
  input: z.infer<typeof assignInput>,
  allowed: TargetKind[],
): { assignee: Assignee; collaborators: Assignee[] } {
  const type = input.assignee.type;
  if (!allowed.includes(type)) {
    throw new ValidationError(`This step assigns ${allowed.join(' or ')}, not ${type}`, {
      assignee: [`Choose a ${allowed.join(' or ').replace(/_/g, ' ')}`],
    });
  }
  const pool = eligible(rc, row, state, node, type);
  const owner = pool.find((c) => c.id === input.assignee.id);
  if (!owner) {
    throw new ValidationError(`"${input.assignee.id}" cannot be assigned here`, {
      assignee: ['Not eligible here: outside your scope, inactive, or declined this order before'],
    });
  }
  const collaborators: Assignee[] = [];
  if (input.collaboratorIds.length) {
    if (type !== 'engineer' && type !== 'provider_engineer') {
      throw new ValidationError('Only engineers take collaborators', { collaboratorIds: ['Only engineers take collaborators'] });
    }
    for (const id of input.collaboratorIds) {
      const c = pool.find((x) => x.id === id);
      if (!c || id === owner.id) {
        throw new ValidationError(`"${id}" cannot collaborate here`, { collaboratorIds: [`${id} is not eligible as a collaborator`] });
      }
      collaborators.push({ type, id: c.id, name: c.name });
    }
  }
  return { assignee: { type, id: owner.id, name: owner.name }, collaborators };
}

/** Extends the run context with exclusions written in this same transaction. */
function withExclusions(rc: RunContext, change: OrderChange): RunContext {
  return {
    ...rc,
    excludedAt(nodeId) {
      const base = rc.excludedAt(nodeId) ?? {};
      const here = change.exclusions.filter((x) => x.nodeId === nodeId);
      if (!here.length) return rc.excludedAt(nodeId);
      const add = (list: string[] | undefined, type: string) => [...(list ?? []), ...here.filter((x) => x.targetType === type).map((x) => x.targetId)];
      return {
        engineers: add(base.engineers, 'engineer'),
        providers: add(base.providers, 'service_provider'),
        serviceGroups: add(base.serviceGroups, 'service_group'),
      };
    },
  };
}

/** Who hears that an order came back to a node: its handlers there (the company's dispatchers when it names nobody). */
export function handlersOf(kind: NodeKind, state: DispatchState): RecipientSet {
  return nodeRecipients(kind, state) ?? { companyDispatchers: true };
}

/** Sends the order back to `node` (a node on its path) and reruns the rules there. */
function backTo(state: DispatchState, node: FlowNode): DispatchState {
  const at = state.path.lastIndexOf(node.id);
  return { ...state, nodeId: node.id, status: 'pending_assignment', path: at >= 0 ? state.path.slice(0, at + 1) : [...state.path, node.id] };
}

/**
 * The earliest slot that holds for every engineer of the team (owner and collaborators): each one's
 * earliest slot from the latest of them, until they agree (each search starts no earlier than the last).
 */
function commonSlot(team: EngineerData[], order: OrderData, nowMs: number, travel: TravelData): { start: number; end: number } | null {
  let from = -Infinity;
  for (let round = 0; round < 50; round++) {
    const windowed: OrderData =
      from === -Infinity
        ? order
        : { ...order, window: { start: new Date(Math.max(from, order.window ? Date.parse(order.window.start) : -Infinity)).toISOString(), end: order.window?.end ?? new Date(nowMs + 15 * 86_400_000).toISOString() } };
    const slots = team.map((e) => earliestSlot(e, windowed, nowMs, travel));
    if (slots.some((x) => x === null)) return null;
    const latest = Math.max(...slots.map((x) => x!.start));
    if (slots.every((x) => x!.start === latest)) return slots[0];
    from = latest;
  }
  return null;
}

/** What a change's transaction knows of its attempt. */
export interface Attempt {
  /** The last try: a rule's stale slot is refused in words rather than decided again. */
  final: boolean;
  /** The plan being written (and its order), for the message when the database refuses an overlap. */
  plan?: BookingPlan;
  orderId?: string;
  /** Run once the transaction committed (the engine's cache learns of the bookings). */
  after: (() => void)[];
}

/**
 * One transaction for the change, run again once when it lost a race over a booking: a rule's slot
 * that fresh bookings no longer allow (decided again on them), an overlap the database refused or
 * a deadlock between two changes locking the same engineers.
 */
export async function transact<T>(engine: Engine, fn: (tx: Tx, now: Date, attempt: Attempt) => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    const attempt: Attempt = { final: n >= 2, after: [] };
    try {
      const result = await engine.db.transaction((tx) => fn(tx, engine.now(), attempt));
      for (const f of attempt.after) f();
      return result;
    } catch (error) {
      if (error instanceof StaleBookings) {
        for (const [id, bookings] of error.fresh) engine.directory.noteBookings(id, bookings);
        continue;
      }
      if (isExclusionViolation(error) || isDeadlock(error)) {
        const plan = attempt.plan;
        if (plan && !attempt.final) {
          const fresh = await freshBookings(engine.db, [plan.ownerId, ...plan.collaboratorIds], null, engine.now().getTime(), false);
          for (const [id, bookings] of fresh) engine.directory.noteBookings(id, bookings);
        }
        if (!attempt.final) continue;
        if (plan && isExclusionViolation(error)) {
          const other = await overlappingOrder(engine.db, [plan.ownerId, ...plan.collaboratorIds], attempt.orderId ?? '', plan.start, plan.end);
          throw new ConflictError(`The slot at ${formatTime(plan.start, engine.directory.timeZone)} was just taken: overlaps ${other ?? 'another booking'}`);
        }
      }
      throw error;
    }
  }
}

/**
 * Commits the change with its booking: a planned slot is checked again on the engineers' bookings
 * as the database holds them now (rows locked), and once committed the engine's cached directory
 * learns of it, so the next decision of this process sees it.
 */
export async function commit(engine: Engine, tx: Tx, attempt: Attempt, rc: RunContext, row: OrderRow, change: OrderChange, now: Date): Promise<OrderRow> {
  change.timeZone = engine.directory.timeZone;
  const plan = change.booking;
  if (plan) {
    attempt.plan = plan;
    attempt.orderId = row.id;
    await verifyPlan(tx, rc.directory, { ...orderDataOf(row), number: row.number }, plan, now.getTime(), change.timeZone, attempt.final);
  }
  const updated = await commitOrderChange(tx, row, change, now);
  const written = change.bookingsWritten;
  if (written) {
    const location = updated.lat !== null && updated.lng !== null ? { lat: updated.lat, lng: updated.lng } : null;
    attempt.after.push(() => {
      engine.directory.noteOrderBooking(written.freed, row.id, null);
      if (written.booked) engine.directory.noteOrderBooking(written.booked.engineerIds, row.id, { ...written.booked, location });
    });
  }
  return updated;
}

/**
 * The booking of a dispatcher's engineer assignment: none for an order without a duration or when
 * 'unscheduled'; the start picked (checked when committed) or the owner's earliest slot on fresh
 * bookings, which every collaborator must share.
 */
async function plannedSlot(
  tx: Tx,
  rc: RunContext,
  row: OrderRow,
  picked: { assignee: Assignee; collaborators: Assignee[] },
  slot: z.infer<typeof slotInput> | undefined,
  keepStart: number | null,
): Promise<BookingPlan | null | undefined> {
  if (picked.assignee.type !== 'engineer' && picked.assignee.type !== 'provider_engineer') return undefined;
  if (row.durationMinutes === null || slot === 'unscheduled') return row.durationMinutes === null ? undefined : null;
  const duration = row.durationMinutes * 60_000;
  const base = { ownerId: picked.assignee.id, collaboratorIds: picked.collaborators.map((c) => c.id), by: 'user' as const };
  if (slot) return { ...base, start: Date.parse(slot.start), end: Date.parse(slot.start) + duration };
  if (keepStart !== null) return { ...base, start: keepStart, end: keepStart + duration };
  const team = [picked.assignee, ...picked.collaborators].map((a) => rc.directory.engineer(a.id)).filter((e) => !!e);
  if (!team.length) return undefined;
  const fresh = await freshBookings(tx, team.map((e) => e.id), row.id, rc.now.getTime(), true);
  const earliest = commonSlot(team.map((e) => engineerWith(e, fresh.get(e.id))), orderDataOf(row), rc.now.getTime(), rc.directory.travel);
  // No slot in the 14 days ahead: assigned unscheduled (the board lists it to be booked by hand).
  if (!earliest) return null;
  return { ...base, start: earliest.start, end: earliest.end };
}

// ---------------------------------------------------------------------------------------------
// Assign, reassign, reject, reallocate
// ---------------------------------------------------------------------------------------------
export async function assignOrder(engine: Engine, principal: Principal, raw: z.infer<typeof assignInput>) {
  const input = parseInput(assignInput, raw);
  return transact(engine, async (tx, now, attempt) => {
    const row = await loadForChange(tx, principal, input.orderId, input.version);
    const rc = await runContextFor(engine, row, now, { tx });
    const node = currentNode(rc, row);
    if (!nodeAction(node.kind, 'assign', row.status)) {
      throw new ConflictError(`Order ${row.number} is not waiting for assignment`);
    }
    assertHandler(principal, node, row);
    const state0 = stateOf(row);
    const picked = pickAssignees(rc, row, state0, node, input, targetsAt(node.kind, row, rc.directory));
    const assignment: Assignment = { nodeId: node.id, nodeKind: node.kind, way: 'manual', rule: null, userId: principal.id, ...picked };
    const state1 = applyAssignment(state0, assignment, rc.directory);
    const change = emptyChange();
    const event = change.events.push({
      type: 'assigned',
      actorType: 'user',
      actorId: principal.id,
      nodeId: node.id,
      data: { assignee: picked.assignee, collaborators: picked.collaborators, by: principal.name },
    }) - 1;
    change.notifications.push({
      recipients: [assigneeRecipients(picked.assignee, picked.collaborators)],
      kind: 'assigned',
      title: `${row.number} assigned to ${picked.assignee.name}`,
      body: `${row.title} — assigned by ${principal.name}`,
      event,
    });
    change.set = dispatchFields(assignment, state1, rc.directory, now);
    const plan = await plannedSlot(tx, rc, row, picked, input.slot, null);
    if (plan !== undefined) change.booking = plan;
    const run = advance(orderDataOf(row), state1, rc, 'next');
    changeFromRun(row, run.steps, run.state, rc.directory, now, change);
    return commit(engine, tx, attempt, rc, row, change, now);
  });
}

export async function reassignGroup(engine: Engine, principal: Principal, raw: z.infer<typeof reassignGroupInput>) {
  const input = parseInput(reassignGroupInput, raw);
  return transact(engine, async (tx, now, attempt) => {
    const row = await loadForChange(tx, principal, input.orderId, input.version);
    const rc = await runContextFor(engine, row, now, { tx });
    const node = currentNode(rc, row);
    const step = nodeAction(node.kind, 'reassignGroup', row.status);
    if (!step) {
      throw new ConflictError(`Order ${row.number} is not waiting in a service group's queue`);
    }
    assertHandler(principal, node, row);
    if (switchedOff(step, node.config)) throw new ForbiddenError('This flow does not allow reassigning at this step');
    const target = rc.directory.serviceGroup(input.groupId);
    if (!target || target.active === false) throw new ValidationError('Unknown service group', { groupId: ['Choose an active service group'] });
    if (target.id === row.serviceGroupId) throw new ValidationError('Same group', { groupId: ['The order is already with this group'] });
    const from = row.serviceGroupId ? rc.directory.serviceGroup(row.serviceGroupId) : undefined;
    const override = await overrideOf(tx, row, input, { type: 'service_group', id: target.id, name: target.name });
    const change = emptyChange();
    const event = change.events.push({
      type: 'reassigned',
      actorType: 'user',
      actorId: principal.id,
      nodeId: node.id,
      data: { from: from ? { id: from.id, name: from.name } : null, to: { id: target.id, name: target.name }, reason: input.reason, ...(override ? { override } : {}) },
    }) - 1;
    change.notifications.push({
      recipients: [{ groupDispatchersOf: target.id }],
      kind: 'reassigned',
      title: `${row.number} reassigned to ${target.name}`,
      body: `${row.title} — from ${from?.name ?? 'another group'} by ${principal.name}: ${input.reason}`,
      event,
    });
    const assignment: Assignment = {
      nodeId: node.id,
      nodeKind: node.kind,
      way: 'manual',
      rule: null,
      userId: principal.id,
      assignee: { type: 'service_group', id: target.id, name: target.name },
      collaborators: [],
    };
    const state1: DispatchState = { ...stateOf(row), serviceGroupId: target.id };
    change.set = { ...dispatchFields(assignment, state1, rc.directory, now), nodeEnteredAt: now };
    const run = advance(orderDataOf(row), state1, rc, 'here');
    changeFromRun(row, run.steps, run.state, rc.directory, now, change);
    return commit(engine, tx, attempt, rc, row, change, now);
  });
}

export async function rejectOrder(engine: Engine, principal: Principal, raw: z.input<typeof rejectInput>) {
  const input = parseInput(rejectInput, raw);
  return transact(engine, async (tx, now, attempt) => {
    const row = await loadForChange(tx, principal, input.orderId, input.version);
    const rc = await runContextFor(engine, row, now, { tx });
    const node = currentNode(rc, row);
    const step = nodeAction(node.kind, 'reject', row.status);
    if (!step) {
      throw new ConflictError(`Order ${row.number} is not waiting with a service group or provider`);
    }
    assertHandler(principal, node, row);
    if (switchedOff(step, node.config)) throw new ForbiddenError('This flow does not allow rejecting at this step');
    const state0 = stateOf(row);
    const upstream = rc.flow.previousDispatchNode(node.id, state0.path);
    if (!upstream) throw new ConflictError(`Order ${row.number} has no upstream step to return to`);
    const rejectsGroup = NODE_ROLES[node.kind].handler === 'group';
    const rejected = rejectsGroup
      ? { type: 'service_group' as const, id: row.serviceGroupId!, name: rc.directory.serviceGroup(row.serviceGroupId!)?.name ?? '' }
      : { type: 'service_provider' as const, id: row.providerId!, name: rc.directory.provider(row.providerId!)?.name ?? '' };
    const override = await overrideOf(tx, row, input, { type: 'returned_to', id: upstream.id, name: upstream.label ?? upstream.id });
    const change = emptyChange();
    change.exclusions.push({ nodeId: upstream.id, targetType: rejected.type, targetId: rejected.id });
    const state1: DispatchState = {
      ...backTo(state0, upstream),
      ...(rejectsGroup ? { serviceGroupId: null } : { providerId: null }),
    };
    const event = change.events.push({
      type: 'rejected',
      actorType: 'user',
      actorId: principal.id,
      nodeId: node.id,
      data: { reason: input.reason, rejected, backTo: upstream.id, by: principal.name, ...(override ? { override } : {}) },
    }) - 1;
    change.notifications.push({
      recipients: [handlersOf(upstream.kind, state1)],
      kind: 'rejected',
      title: `${row.number} rejected by ${rejected.name}`,
      body: `${row.title} — back to "${upstream.label ?? upstream.id}": ${input.reason}`,
      event,
    });
    if (!rejectsGroup) {
      change.set = { field_partner: null, field_downstreamOuterTenantId: null, field_downstreamOuterTenantName: null };
    }
    const run = advance(orderDataOf(row), state1, withExclusions(rc, change), 'here');
    changeFromRun(row, run.steps, run.state, rc.directory, now, change);
    return commit(engine, tx, attempt, rc, row, change, now);
  });
}

/** Reallocating what a rule decided overrides the rule: with a reason from the list, and text when it asks for it. */
export const reallocateInput = assignInput.extend({ ...overrideReasonFields, reason: z.string().trim().max(500).optional() });

/** After assignment, a user with the reallocate permission changes who holds the order. */
export async function reallocateOrder(engine: Engine, principal: Principal, raw: z.input<typeof reallocateInput>) {
  const input = parseInput(reallocateInput, raw);
  if (!principal.permissions.includes('reallocate')) throw new ForbiddenError('Reallocating needs the reallocate permission');
  if (!mayReallocate(principal)) throw new ForbiddenError('Only dispatchers reallocate');
  return transact(engine, async (tx, now, attempt) => {
    // A group dispatcher's scope is the orders with their groups: any other is "not found".
    const row = await loadForChange(tx, principal, input.orderId, input.version);
    if (isClosed(row.status)) throw new ConflictError(`Order ${row.number} is closed`);
    const rc = await runContextFor(engine, row, now, { tx });
    const state0 = stateOf(row);
    const type = input.assignee.type;
    // The node that made the assignment being changed: the last one on the path whose targets include this type.
    const groupKind = row.serviceGroupId ? rc.directory.serviceGroup(row.serviceGroupId)?.kind : null;
    const assigningNode = assigningNodeOf({ nodePath: state0.path, currentNodeId: row.currentNodeId }, type, (id) => rc.flow.node(id), groupKind);
    const holds = heldAs(row, type);
    if (!assigningNode || !holds) {
      throw new ConflictError(`Order ${row.number} has no ${type.replace(/_/g, ' ')} assignment to reallocate yet`);
    }
    const picked = pickAssignees(rc, row, state0, assigningNode, input, [type]);
    if (principal.role === 'group_dispatcher') assertWithinGroups(principal, rc.directory, [picked.assignee, ...picked.collaborators]);
    if (picked.assignee.id === holds && type !== 'engineer' && type !== 'provider_engineer') {
      throw new ValidationError('Same assignee', { assignee: ['The order is already assigned there'] });
    }
    const override = await overrideOf(tx, row, input, picked.assignee);
    const assignment: Assignment = { nodeId: assigningNode.id, nodeKind: assigningNode.kind, way: 'manual', rule: null, userId: principal.id, ...picked };
    let state1 = applyAssignment(state0, assignment, rc.directory);
    // A new engineer has to accept again.
    if ((type === 'engineer' || type === 'provider_engineer') && picked.assignee.id !== row.engineerId) {
      const accept = state0.path.map((id) => rc.flow.node(id)!).find((n) => n?.kind === 'engineer_accept');
      if (accept && (row.status === 'accepted' || row.status === 'in_progress')) state1 = { ...backTo(state1, accept), status: 'assigned' };
    }
    const change = emptyChange();
    const previous = { type, id: holds };
    const event = change.events.push({
      type: 'reallocated',
      actorType: 'user',
      actorId: principal.id,
      nodeId: row.currentNodeId,
      data: { from: previous, to: picked.assignee, collaborators: picked.collaborators, at: assigningNode.id, by: principal.name, ...(override ? { override } : {}) },
    }) - 1;
    const previousRecipients: RecipientSet =
      type === 'service_group'
        ? { groupDispatchersOf: holds }
        : type === 'service_provider'
          ? { providerDispatchersOf: holds }
          : { engineers: [holds, ...row.collaboratorIds] };
    change.notifications.push({
      recipients: [assigneeRecipients(picked.assignee, picked.collaborators), previousRecipients],
      kind: 'reallocated',
      title: `${row.number} reallocated to ${picked.assignee.name}`,
      body: `${row.title} — reallocated by ${principal.name}`,
      event,
    });
    change.set = { ...dispatchFields(assignment, state1, rc.directory, now), ...stateColumns(state1, now, row) };
    // The booking moves with the order: to the slot picked, else the same start when the owner stays, else the new owner's earliest.
    const [current] = picked.assignee.id === row.engineerId && row.durationMinutes !== null && input.slot === undefined
      ? await tx.select({ startsAt: s.bookings.startsAt }).from(s.bookings).where(and(eq(s.bookings.orderId, row.id), eq(s.bookings.role, 'owner')))
      : [];
    const plan = await plannedSlot(tx, rc, row, picked, input.slot, current ? current.startsAt.getTime() : null);
    if (plan !== undefined) change.booking = plan;
    return commit(engine, tx, attempt, rc, row, change, now);
  });
}

/**
 * Moves the booking of an order to another start with the same engineer (and collaborators), or
 * books it when it had none (`start` null: the earliest slot). By the dispatchers who handle the
 * step that assigned the engineer; checked by the rules of the earliest slot.
 */
export async function rescheduleOrder(engine: Engine, principal: Principal, raw: z.input<typeof rescheduleInput>) {
  const input = parseInput(rescheduleInput, raw);
  // Moving a booking in time keeps its engineer: whoever handles the step that assigned them may
  // (checked below); another engineer is a reallocation, with its permission.
  return transact(engine, async (tx, now, attempt) => {
    const row = await loadForChange(tx, principal, input.orderId, input.version);
    if (isClosed(row.status) || row.status === 'in_progress' || !row.engineerId) {
      throw new ConflictError(`Order ${row.number} has no engineer waiting to do it, so there is nothing to schedule`);
    }
    if (row.durationMinutes === null) {
      throw new ValidationError(`Order ${row.number} has no estimated duration`, { start: ['Give the order a duration first'] });
    }
    const rc = await runContextFor(engine, row, now, { tx });
    const state0 = stateOf(row);
    const type = rc.directory.engineer(row.engineerId)?.providerId ? 'provider_engineer' : 'engineer';
    const groupKind = row.serviceGroupId ? rc.directory.serviceGroup(row.serviceGroupId)?.kind : null;
    const assigning = assigningNodeOf({ nodePath: state0.path, currentNodeId: row.currentNodeId }, type, (id) => rc.flow.node(id), groupKind);
    if (!assigning || !handles(principal, assigning.kind, row)) {
      throw new ForbiddenError(`You do not handle "${assigning?.label ?? assigning?.id ?? 'the engineer step'}" for order ${row.number}`);
    }
    const owner = rc.directory.engineer(row.engineerId);
    const picked = {
      assignee: { type, id: row.engineerId, name: owner?.name ?? row.engineerId } as Assignee,
      collaborators: row.collaboratorIds.map((id) => ({ type, id, name: rc.directory.engineer(id)?.name ?? id }) as Assignee),
    };
    const change = emptyChange();
    change.actor = { actorType: 'user', actorId: principal.id };
    change.booking = await plannedSlot(tx, rc, row, picked, input.start ? { start: input.start } : undefined, null);
    return commit(engine, tx, attempt, rc, row, change, now);
  });
}

/** A group dispatcher reallocates only within the groups they dispatch: to one of those groups or to its members. */
function assertWithinGroups(principal: Principal, directory: Directory, assignees: Assignee[]) {
  const groups = principal.groupIds.map((id) => directory.serviceGroup(id)).filter((g) => !!g);
  const members = new Set(groups.flatMap((g) => g.members));
  for (const a of assignees) {
    const inside =
      a.type === 'service_group'
        ? principal.groupIds.includes(a.id)
        : a.type === 'provider_engineer'
          ? members.has(a.id) || members.has(directory.engineer(a.id)?.providerId ?? '')
          : members.has(a.id);
    if (!inside) {
      throw new ForbiddenError(`You reallocate only within your service groups; "${a.name}" is not in one of them`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The engineer's accept, decline, start, pause, complete
// ---------------------------------------------------------------------------------------------
const DONE = { accept: 'accepted', decline: 'declined', start: 'started', pause: 'paused', complete: 'completed' } as const;

async function engineerStep(
  engine: Engine,
  principal: Principal,
  input: { orderId: string; version: number },
  action: 'accept' | 'decline' | 'start' | 'pause' | 'complete',
  apply: (ctx: { tx: Tx; row: OrderRow; rc: RunContext; node: FlowNode; now: Date; change: OrderChange }) => Promise<void>,
) {
  return transact(engine, async (tx, now, attempt) => {
    const row = await loadForChange(tx, principal, input.orderId, input.version);
    const rc = await runContextFor(engine, row, now, { tx });
    const node = currentNode(rc, row);
    if (!isHandler(principal, 'assignee', row)) {
      throw new ForbiddenError(`Only the assigned engineer may ${action} order ${row.number}`);
    }
    if (!nodeAction(node.kind, action, row.status)) {
      throw new ConflictError(`Order ${row.number} cannot be ${DONE[action]} now (it is ${row.status.replace('_', ' ')})`);
    }
    const change = emptyChange();
    await apply({ tx, row, rc, node, now, change });
    return commit(engine, tx, attempt, rc, row, change, now);
  });
}

export async function acceptOrder(engine: Engine, principal: Principal, raw: z.infer<typeof orderVersionInput>) {
  const input = parseInput(orderVersionInput, raw);
  return engineerStep(engine, principal, input, 'accept', async ({ row, rc, now, change }) => {
    change.events.push({ type: 'accepted', actorType: 'user', actorId: principal.id, nodeId: row.currentNodeId, data: { engineerId: row.engineerId } });
    change.set = { respondedAt: row.respondedAt ?? now };
    const run = advance(orderDataOf(row), stateOf(row), rc, 'next');
    changeFromRun(row, run.steps, run.state, rc.directory, now, change);
  });
}

export async function declineOrder(engine: Engine, principal: Principal, raw: z.infer<typeof reasonInput>) {
  const input = parseInput(reasonInput, raw);
  return engineerStep(engine, principal, input, 'decline', async ({ tx, row, rc, now, change }) => {
    // Back to the node that assigned this engineer, as history records it.
    const [assigned] = await tx
      .select({ nodeId: s.orderEvents.nodeId })
      .from(s.orderEvents)
      .where(
        and(
          eq(s.orderEvents.orderId, row.id),
          inArray(s.orderEvents.type, ['assigned', 'auto_assigned', 'reallocated']),
          sql`coalesce(${s.orderEvents.data}->'assignee'->>'type', ${s.orderEvents.data}->'to'->>'type') IN ('engineer', 'provider_engineer')`,
        ),
      )
      .orderBy(desc(s.orderEvents.id))
      .limit(1);
    const state0 = stateOf(row);
    const eventNode = assigned?.nodeId && state0.path.includes(assigned.nodeId) ? rc.flow.node(assigned.nodeId) : undefined;
    const target = eventNode && isDispatchNodeKind(eventNode.kind) ? eventNode : rc.flow.previousDispatchNode(row.currentNodeId!, state0.path);
    if (!target) throw new ConflictError(`Order ${row.number} has no dispatch step to return to`);
    change.exclusions.push({ nodeId: target.id, targetType: 'engineer', targetId: row.engineerId! });
    const state1: DispatchState = {
      ...backTo(state0, target),
      engineerId: null,
      collaboratorIds: [],
      ...(target.kind === 'assign_provider_engineer' ? { providerId: null } : {}),
    };
    const event = change.events.push({
      type: 'declined',
      actorType: 'user',
      actorId: principal.id,
      nodeId: row.currentNodeId,
      data: { reason: input.reason, engineerId: row.engineerId, backTo: target.id },
    }) - 1;
    change.notifications.push({
      recipients: [handlersOf(target.kind, state1)],
      kind: 'declined',
      title: `${row.number} declined by ${principal.name}`,
      body: `${row.title} — back to "${target.label ?? target.id}": ${input.reason}`,
      event,
    });
    change.set = { field_outDealUser: null, ...(target.kind === 'assign_provider_engineer' ? { field_partner: null, field_downstreamOuterTenantId: null, field_downstreamOuterTenantName: null } : {}) };
    const run = advance(orderDataOf(row), state1, withExclusions(rc, change), 'here');
    changeFromRun(row, run.steps, run.state, rc.directory, now, change);
  });
}

export async function startWork(engine: Engine, principal: Principal, raw: z.infer<typeof orderVersionInput>) {
  const input = parseInput(orderVersionInput, raw);
  return engineerStep(engine, principal, input, 'start', async ({ row, change }) => {
    change.events.push({ type: 'started', actorType: 'user', actorId: principal.id, nodeId: row.currentNodeId, data: {} });
    change.set = { status: 'in_progress' };
  });
}

/** The engineer stops work for now: the order is accepted again (not in progress), and starts again later. */
export async function pauseWork(engine: Engine, principal: Principal, raw: z.infer<typeof orderVersionInput>) {
  const input = parseInput(orderVersionInput, raw);
  return engineerStep(engine, principal, input, 'pause', async ({ row, change }) => {
    change.events.push({ type: 'paused', actorType: 'user', actorId: principal.id, nodeId: row.currentNodeId, data: {} });
    change.set = { status: 'accepted' };
  });
}

export async function completeWork(engine: Engine, principal: Principal, raw: z.infer<typeof orderVersionInput>) {
  const input = parseInput(orderVersionInput, raw);
  return engineerStep(engine, principal, input, 'complete', async ({ tx, row, rc, now, change }) => {
    // The category's compliance fields: every required one filled, every reading in range.
    await assertCompletable(tx, row);
    change.events.push({ type: 'completed', actorType: 'user', actorId: principal.id, nodeId: row.currentNodeId, data: {} });
    change.set = { resolvedAt: now };
    const run = advance(orderDataOf(row), { ...stateOf(row), status: 'in_progress' }, rc, 'next');
    changeFromRun(row, run.steps, run.state, rc.directory, now, change);
  });
}
