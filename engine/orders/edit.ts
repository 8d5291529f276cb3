// A dispatcher fixes an order's fields: one engine function, one transaction, a history event with
// the before and after of each field changed. When the order still waits at a dispatch node and a
// field the rules there read changed, the node's rules run again, as at intake: the order may now be
// assigned automatically.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { commit, loadForChange, transact } from '../dispatch/actions';
import { changeFromRun, emptyChange, type OrderChange } from '../dispatch/commit';
import { orderDataOf, runContextFor, stateOf, type OrderRow } from '../dispatch/context';
import type { Engine } from '../dispatch/engine';
import { checkCustomFields, newOrderInput, slaTargetsOf } from '../dispatch/intake';
import { ConflictError, ForbiddenError, ValidationError, parseInput } from '../errors';
import { isDispatchNodeKind } from '../../dsl';
import { autoDispatchOn, type FlowNode } from '../flow';
import { assigningNode, handles, isClosed } from '../flow/node-roles';
import { idString } from '../limits';
import type { Principal } from '../principal';
import { mayReviewOrder } from '../review/reviewers';
import { advance, nodeContext, type RunContext } from '../runner';
import { changedOrderFields, orderFieldsReadAt } from './rule-fields';
import { orderNotFound, withScope } from './scope';

/** The fields a dispatcher edits: those of a new order, checked the same way. */
export const orderFieldsInput = newOrderInput.pick({
  title: true,
  description: true,
  category: true,
  priority: true,
  customer: true,
  address: true,
  location: true,
  requiredSkills: true,
  tags: true,
  custom: true,
  window: true,
  durationMinutes: true,
});
export type OrderFields = z.infer<typeof orderFieldsInput>;

/** The order, the version the dispatcher saw, and every field as the form shows it (errors name the fields by their paths). */
export const editOrderInput = orderFieldsInput.extend({ orderId: idString, version: z.number().int().min(1) });

/** The order's fields as the edit form shows them (the same shape the edit takes). */
export function orderFieldsOf(row: OrderRow): OrderFields {
  return {
    title: row.title,
    description: row.description ?? '',
    category: row.category,
    priority: row.priority,
    customer: { name: row.customerName, tier: row.customerTier },
    address: { street: row.street ?? '', city: row.city, region: row.region ?? '', postcode: row.postcode ?? '' },
    location: row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null,
    requiredSkills: row.requiredSkills,
    tags: row.tags,
    custom: (row.custom ?? {}) as Record<string, unknown>,
    window: row.windowStart && row.windowEnd ? { start: row.windowStart.toISOString(), end: row.windowEnd.toISOString() } : null,
    durationMinutes: row.durationMinutes ?? null,
  };
}

/**
 * The step whose dispatchers may edit the order: the node it waits at when that is a dispatch node,
 * else the one that assigned its engineer (who handles the engineer's own step is the engineer).
 */
function editingNode(rc: RunContext, row: OrderRow): FlowNode | null {
  const node = row.currentNodeId ? rc.flow.node(row.currentNodeId) : undefined;
  if (!node) return null;
  if (isDispatchNodeKind(node.kind)) return node;
  const type = rc.directory.engineer(row.engineerId ?? '')?.providerId ? 'provider_engineer' : 'engineer';
  const groupKind = row.serviceGroupId ? rc.directory.serviceGroup(row.serviceGroupId)?.kind : null;
  return assigningNode(row, type, (id) => rc.flow.node(id), groupKind) ?? null;
}

/**
 * Whether the principal may edit the order now: admins, and the dispatchers of its step (its
 * reviewers while held); nobody once it is closed.
 */
export function mayEdit(principal: Principal, rc: RunContext, row: OrderRow): boolean {
  if (isClosed(row.status)) return false;
  if (principal.role === 'admin') return true;
  if (row.status === 'in_review') return mayReviewOrder(principal, rc.flow, { ...row, order: orderDataOf(row) }, rc.now);
  const node = editingNode(rc, row);
  return !!node && handles(principal, node.kind, row);
}

/** One field's change, as history shows it. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The form's fields whose parts history names one by one (dotted, as the form's errors name them). */
const BY_PART = new Set<keyof OrderFields>(['customer', 'address']);

/**
 * Each field of the history and its value in the row: the edit form's fields (orderFieldsOf) but
 * the custom ones (compared value by value), and the SLA targets a new priority moves.
 */
function historyFieldsOf(row: OrderRow): [string, unknown][] {
  const { custom: _custom, ...fields } = orderFieldsOf(row);
  const out: [string, unknown][] = [];
  for (const [name, value] of Object.entries(fields) as [keyof OrderFields, unknown][]) {
    if (BY_PART.has(name)) for (const [part, v] of Object.entries(value as object)) out.push([`${name}.${part}`, v]);
    else out.push([name, value]);
  }
  out.push(['sla.respondBy', iso(row.respondBy)], ['sla.resolveBy', iso(row.resolveBy)]);
  return out;
}

export function fieldChanges(before: OrderRow, after: OrderRow): FieldChange[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const out: FieldChange[] = [];
  const now = new Map(historyFieldsOf(after));
  for (const [field, was] of historyFieldsOf(before)) {
    if (!same(was, now.get(field))) out.push({ field, before: was, after: now.get(field) });
  }
  const bc = (before.custom ?? {}) as Record<string, unknown>;
  const ac = (after.custom ?? {}) as Record<string, unknown>;
  for (const name of new Set([...Object.keys(bc), ...Object.keys(ac)])) {
    if (!same(bc[name], ac[name])) out.push({ field: `custom.${name}`, before: bc[name] ?? null, after: ac[name] ?? null });
  }
  return out;
}

/** The order's columns for the edited fields; the SLA targets follow a new priority (from the order's creation, as at intake). */
async function columnsOf(engine: Engine, tx: Tx, row: OrderRow, f: OrderFields): Promise<Partial<OrderRow>> {
  const config = await engine.config.get(tx);
  const custom = checkCustomFields(config.customFieldDefs, f.custom);
  const set: Partial<OrderRow> = {
    title: f.title,
    description: f.description,
    category: f.category,
    priority: f.priority,
    customerName: f.customer.name,
    customerTier: f.customer.tier,
    street: f.address.street,
    city: f.address.city,
    region: f.address.region,
    postcode: f.address.postcode,
    lat: f.location?.lat ?? null,
    lng: f.location?.lng ?? null,
    requiredSkills: [...new Set(f.requiredSkills)],
    tags: [...new Set(f.tags)],
    custom,
  };
  if (f.window !== undefined) {
    set.windowStart = f.window ? new Date(f.window.start) : null;
    set.windowEnd = f.window ? new Date(f.window.end) : null;
  }
  if (f.durationMinutes !== undefined) set.durationMinutes = f.durationMinutes;
  if (f.priority !== row.priority) Object.assign(set, slaTargetsOf(config, f.priority, row.createdAt));
  return set;
}

/** The fields the rules at the order's dispatch node read that this edit changed (none: no re-run). */
async function ruleFieldsChanged(engine: Engine, tx: Tx, rc: RunContext, before: OrderRow, after: OrderRow): Promise<string[]> {
  if (before.status !== 'pending_assignment') return [];
  const node = before.currentNodeId ? rc.flow.node(before.currentNodeId) : undefined;
  if (!node || !isDispatchNodeKind(node.kind) || !autoDispatchOn(node)) return [];
  const ruleSet = rc.ruleSetFor(node);
  const source = node.config?.ruleSet ? (await engine.config.get(tx)).ruleSetVersions.get(node.config.ruleSet)?.source : undefined;
  if (!ruleSet || source === undefined) return [];
  const read = orderFieldsReadAt(ruleSet, source, nodeContext(node, stateOf(before), rc.excludedAt(node.id)));
  return changedOrderFields(orderDataOf(before), orderDataOf(after)).filter((f) => read.has(f));
}

/**
 * Edits the order's fields. Refused when stale (version), outside the caller's scope (not found),
 * by anyone but the dispatchers of its step (or its reviewers while held), and once closed.
 */
export async function editOrder(engine: Engine, principal: Principal, raw: z.input<typeof editOrderInput>) {
  const { orderId, version, ...fields } = parseInput(editOrderInput, raw);
  return transact(engine, async (tx, now, attempt) => {
    const row = await loadForChange(tx, principal, orderId, version);
    if (isClosed(row.status)) throw new ConflictError(`Order ${row.number} is ${row.status}; it can no longer be edited`);
    const rc = await runContextFor(engine, row, now, { tx });
    if (!mayEdit(principal, rc, row)) {
      const node = row.status === 'in_review' ? null : editingNode(rc, row);
      throw new ForbiddenError(node ? `You do not handle "${node.label ?? node.id}" for order ${row.number}` : `You do not review order ${row.number}`);
    }
    const set = await columnsOf(engine, tx, row, fields);
    const after = { ...row, ...set } as OrderRow;
    const changes = fieldChanges(row, after);
    if (!changes.length) throw new ValidationError('Nothing was changed', { _: ['Change a field first'] });
    if (changes.some((c) => c.field === 'window' || c.field === 'durationMinutes')) await refuseIfBooked(tx, row);

    const change: OrderChange = emptyChange();
    const rerunFields = await ruleFieldsChanged(engine, tx, rc, row, after);
    const event = change.events.push({
      type: 'edited',
      actorType: 'user',
      actorId: principal.id,
      nodeId: row.currentNodeId,
      data: { changes, by: principal.name, ...(rerunFields.length ? { rerun: { nodeId: row.currentNodeId, fields: rerunFields } } : {}) },
    }) - 1;
    // The engineers doing the work hear of it; the dispatchers changed it themselves.
    if (row.engineerId) {
      change.notifications.push({
        recipients: [{ engineers: [row.engineerId, ...row.collaboratorIds] }],
        kind: 'edited',
        title: `${row.number} changed by ${principal.name}`,
        body: `${after.title} — ${changes.map((c) => c.field).join(', ')}`,
        event,
      });
    }
    change.set = set;
    if (rerunFields.length) {
      const run = advance(orderDataOf(after), stateOf(row), rc, 'here');
      changeFromRun(after, run.steps, run.state, rc.directory, now, change);
    }
    return commit(engine, tx, attempt, rc, row, change, now);
  });
}

/** The schedule of a booked order moves with the board, not the form: its window and duration stay while it is booked. */
async function refuseIfBooked(tx: Tx, row: OrderRow) {
  const [booked] = await tx.select({ id: s.bookings.id }).from(s.bookings).where(eq(s.bookings.orderId, row.id)).limit(1);
  if (booked) {
    const message = `Order ${row.number} is booked; move the booking on the schedule board before changing its window or duration`;
    throw new ValidationError(message, { window: [message], durationMinutes: [message] });
  }
}

/** What the edit form needs: the order's fields and whether the caller may edit it now. */
export async function editFormOf(engine: Engine, principal: Principal, orderId: string) {
  const [row] = await engine.db.select().from(s.workOrders).where(withScope(principal, eq(s.workOrders.id, orderId)));
  if (!row) throw orderNotFound(orderId);
  const rc = await runContextFor(engine, row, engine.now());
  return { orderId: row.id, number: row.number, version: row.version, status: row.status, editable: mayEdit(principal, rc, row), fields: orderFieldsOf(row) };
}
