// Creating an order, by API (idempotent per key) or by hand: one engine function for both. The
// order is inserted, its SLA set from the priority policy, and it runs from its flow's start to
// its first stop, all in one transaction.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { ValidationError, parseInput } from '../errors';
import { boundedRecord } from '../limits';
import { durationMinutesInput } from '../directory/schedule.schema';
import { diagnosticsInput, readingsOf } from '../orders/diagnostics';
import type { Principal } from '../principal';
import { reviewHold } from '../review/hold';
import { advance, initialState } from '../runner';
import { isExclusionViolation } from '../db-errors';
import { ConflictError } from '../errors';
import { formatTime, freshBookings, overlappingOrder } from './bookings';
import { addBookingEvents, changeFromRun, insertNewOrders, type NewOrderWrite } from './commit';
import { orderDataOf, runContextFor, type EngineConfig, type OrderRow } from './context';
import type { Engine } from './engine';

const point = z.object({
  lat: z.number({ message: 'Latitude must be a number' }).min(-90, 'Latitude is between -90 and 90').max(90, 'Latitude is between -90 and 90'),
  lng: z.number({ message: 'Longitude must be a number' }).min(-180, 'Longitude is between -180 and 180').max(180, 'Longitude is between -180 and 180'),
});

const dateTime = z.iso.datetime({ offset: true, message: 'An ISO date and time, e.g. 2026-11-23T09:00:00Z' });

/** The customer's service window: when the work may happen. */
export const serviceWindowInput = z
  .object({ start: dateTime, end: dateTime })
  .refine((w) => Date.parse(w.end) > Date.parse(w.start), { path: ['end'], message: 'The window ends before it starts' });

/** The longest custom field value: a text of this many characters, or a list of texts as long in all (as JSON). */
export const CUSTOM_VALUE_MAX = 2000;

/** A custom field's value: checked against its field's type by checkCustomFields, its length here. */
const customValue = z.unknown().superRefine((value, ctx) => {
  const text = typeof value === 'string';
  if ((text ? value.length : (JSON.stringify(value)?.length ?? 0)) > CUSTOM_VALUE_MAX) {
    ctx.addIssue({ code: 'custom', message: `At most ${CUSTOM_VALUE_MAX} characters${text ? '' : ' in all'}` });
  }
});

/** A new work order, as the intake API and the form take it. */
export const newOrderInput = z.object({
  title: z.string().trim().min(3, 'At least 3 characters').max(200),
  description: z.string().trim().max(5000).default(''),
  category: z.string().trim().min(1, 'The category is required').max(60),
  priority: z.enum(s.PRIORITIES, { message: 'One of Low, Medium, High, Urgent' }),
  customer: z.object({
    name: z.string().trim().min(1, 'The customer name is required').max(200),
    tier: z.enum(s.CUSTOMER_TIERS, { message: 'One of Standard, Gold, Platinum' }).default('Standard'),
  }),
  /** Who to ask for on site, if not the customer's front desk. */
  contact: z
    .object({
      name: z.string().trim().max(200, 'At most 200 characters').default(''),
      phone: z.string().trim().max(40, 'At most 40 characters').regex(/^[+0-9 ()./-]*$/, 'A phone number: digits, spaces and + ( ) . / - only').default(''),
    })
    .optional(),
  address: z.object({
    street: z.string().trim().max(200).default(''),
    city: z.string().trim().min(1, 'The city is required').max(100),
    region: z.string().trim().max(60).default(''),
    postcode: z.string().trim().max(20).default(''),
  }),
  location: point.nullable().default(null),
  requiredSkills: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
  tags: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
  // Values are checked against the declared custom fields (checkCustomFields).
  custom: boundedRecord(customValue, 100, 100).default({}),
  source: z.enum(s.ORDER_SOURCES).optional(),
  /** A flow by id or name; the default flow otherwise. */
  flow: z.string().trim().min(1).max(200).optional(),
  /** The customer's service window, if any. */
  // Optional without a default: a request without scheduling hashes as it did before (idempotency keys).
  window: serviceWindowInput.nullable().optional(),
  /** The estimated work time in minutes (1 to 10080, 7 days); absent: the category's default from Settings, if any. */
  durationMinutes: durationMinutesInput.nullable().optional(),
  /** Diagnostic readings taken before the visit (engine/orders/diagnostics.ts); optional like the window, for the same reason. */
  diagnostics: diagnosticsInput.optional(),
});
export type NewOrderInput = z.infer<typeof newOrderInput>;

export type IntakeActor = { type: 'user'; principal: Principal } | { type: 'api'; apiKeyId: string };

/** Checks custom field values against their declarations: names, types, required ones. */
export function checkCustomFields(defs: EngineConfig['customFieldDefs'], custom: Record<string, unknown>): Record<string, unknown> {
  const errors: Record<string, string[]> = {};
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(custom)) {
    const def = defs.find((d) => d.name === name);
    if (!def) {
      errors[`custom.${name}`] = [`There is no custom field "${name}"`];
      continue;
    }
    if (value === null || value === undefined || value === '') continue;
    const bad = (msg: string) => (errors[`custom.${name}`] = [msg]);
    switch (def.type) {
      case 'string':
        if (typeof value !== 'string') bad('Must be text');
        break;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) bad('Must be a number');
        break;
      case 'bool':
        if (typeof value !== 'boolean') bad('Must be true or false');
        break;
      case 'time':
        if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) bad('Must be an ISO date and time');
        break;
      case 'enum':
        if (typeof value !== 'string' || !def.options.includes(value)) bad(`One of ${def.options.join(', ')}`);
        break;
      case 'list<string>':
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) bad('Must be a list of text');
        break;
    }
    out[name] = value;
  }
  for (const def of defs) {
    if (def.required && (out[def.name] === undefined || out[def.name] === null)) {
      errors[`custom.${def.name}`] ??= [`${def.label} is required`];
    }
  }
  if (Object.keys(errors).length) throw new ValidationError('Some custom fields are not valid', errors);
  return out;
}

/** Without a policy for its priority, an order is to be responded to in 8 hours and resolved in 48. */
const DEFAULT_SLA_MINUTES = { respondMinutes: 8 * 60, resolveMinutes: 48 * 60 };

/** The SLA targets of an order of this priority counted from `from` (its creation): its priority's policy in Settings. */
export function slaTargetsOf(config: Pick<EngineConfig, 'sla'>, priority: string, from: Date): { respondBy: Date; resolveBy: Date } {
  const policy = config.sla.get(priority) ?? DEFAULT_SLA_MINUTES;
  const after = (minutes: number) => new Date(from.getTime() + minutes * 60_000);
  return { respondBy: after(policy.respondMinutes), resolveBy: after(policy.resolveMinutes) };
}

function flowVersionFor(config: EngineConfig, flow: string | undefined) {
  const found = flow ? config.flows.find((f) => f.flowId === flow || f.name === flow) : config.flows.find((f) => f.isDefault);
  if (!found) {
    throw new ValidationError(flow ? `No published flow "${flow}"` : 'No default flow is published', {
      flow: [flow ? `No published flow "${flow}"` : 'Publish a default flow first'],
    });
  }
  return found;
}

async function findIdempotent(engine: Engine, apiKeyId: string, key: string, tx?: Tx) {
  const [row] = await (tx ?? engine.db)
    .select()
    .from(s.workOrders)
    .where(and(eq(s.workOrders.apiKeyId, apiKeyId), eq(s.workOrders.idempotencyKey, key)));
  return row ?? null;
}

/** Everything a new order is written with, decided before anything is written. */
export async function prepareNewOrder(
  engine: Engine,
  actor: IntakeActor,
  input: NewOrderInput,
  key: string | undefined,
  requestHash: string | undefined,
  tx?: Tx,
): Promise<NewOrderWrite> {
  const now = engine.now();
  const config = await engine.config.get(tx);
  const custom = checkCustomFields(config.customFieldDefs, input.custom);
  const flow = flowVersionFor(config, input.flow);
  const values = {
    id: engine.newId(),
    number: await engine.orderNumbers.next(tx),
    title: input.title,
    description: input.description,
    category: input.category,
    priority: input.priority,
    customerName: input.customer.name,
    customerTier: input.customer.tier,
    street: input.address.street,
    city: input.address.city,
    region: input.address.region,
    postcode: input.address.postcode,
    contactName: input.contact?.name ?? '',
    contactPhone: input.contact?.phone ?? '',
    lat: input.location?.lat ?? null,
    lng: input.location?.lng ?? null,
    requiredSkills: [...new Set(input.requiredSkills)],
    tags: [...new Set(input.tags)],
    custom,
    source: actor.type === 'api' ? 'api' : (input.source ?? 'manual'),
    ...slaTargetsOf(config, input.priority, now),
    flowId: flow.flowId,
    flowVersionId: flow.versionId,
    apiKeyId: actor.type === 'api' ? actor.apiKeyId : null,
    idempotencyKey: key ?? null,
    requestHash: key ? (requestHash ?? null) : null,
    createdBy: actor.type === 'user' ? actor.principal.id : null,
    createdAt: now,
    updatedAt: now,
    nodeEnteredAt: now,
    windowStart: input.window ? new Date(input.window.start) : null,
    windowEnd: input.window ? new Date(input.window.end) : null,
    // The estimate is the order's from the start: its own, else its category's default now.
    durationMinutes: input.durationMinutes ?? config.categoryDurations.get(input.category) ?? null,
    diagnostics: readingsOf(input.diagnostics, now),
  } satisfies typeof s.workOrders.$inferInsert;

  // Run from the start before writing anything: the order is inserted once, already where it stops.
  const rc = await runContextFor(engine, values, now, { tx, newOrder: true });
  const asRow = { ...values, status: 'new', collaboratorIds: [], nodePath: [], currentNodeId: null } as unknown as OrderRow;
  // A flow that reviews the order's source holds it at the start for a dispatcher's approval (engine/review).
  const held = reviewHold(rc.flow, orderDataOf(asRow), now);
  const run = held ? null : advance(orderDataOf(asRow), initialState(), rc, 'here');
  const change = held ?? changeFromRun(asRow, run!.steps, run!.state, rc.directory, now);
  change.events.unshift({
    type: 'created',
    actorType: actor.type === 'api' ? 'api' : 'user',
    actorId: actor.type === 'api' ? actor.apiKeyId : actor.principal.id,
    nodeId: null,
    data: { source: values.source, flowVersionId: flow.versionId, sla: { respondBy: values.respondBy, resolveBy: values.resolveBy } },
  });
  change.notifications.forEach((n) => (n.event += 1));
  // A rule that assigned an engineer booked the slot it found: written in the same statement.
  if (change.booking) {
    change.timeZone = engine.directory.timeZone;
    addBookingEvents(change, { ...values, currentNodeId: (change.set.currentNodeId as string | null | undefined) ?? null }, [], change.booking);
  }
  const write: NewOrderWrite = { row: { ...values, ...change.set, version: 1 }, change, now };
  // Noted at once, in the same tick as the decision: an order decided next in this process sees the slot taken.
  write.release = noteBooking(engine, write);
  return write;
}

/**
 * Creates an order and runs it to its first stop. With an idempotency key, a repeat returns the first order.
 * `requestHash` (the intake API's hash of the request) is stored with the key so a repeat with another body can be told apart.
 * `tx`: a transaction the caller holds; the order is then read and written through it (no group commit).
 */
export async function createOrder(
  engine: Engine,
  actor: IntakeActor,
  raw: z.input<typeof newOrderInput>,
  options: { idempotencyKey?: string; requestHash?: string; tx?: Tx } = {},
): Promise<{ order: OrderRow; created: boolean }> {
  return createValidOrder(engine, actor, parseInput(newOrderInput, raw), options);
}

/** createOrder for input already validated by `newOrderInput` (the intake API parses it to answer 400 itself). */
export async function createValidOrder(
  engine: Engine,
  actor: IntakeActor,
  input: NewOrderInput,
  options: { idempotencyKey?: string; requestHash?: string; tx?: Tx } = {},
): Promise<{ order: OrderRow; created: boolean }> {
  const { tx } = options;
  const key = actor.type === 'api' ? options.idempotencyKey : undefined;
  const replay = async () => (key && actor.type === 'api' ? findIdempotent(engine, actor.apiKeyId, key, tx) : null);
  let write: NewOrderWrite;
  try {
    write = await prepareNewOrder(engine, actor, input, key, options.requestHash, tx);
  } catch (error) {
    // A repeat answers with the first order even when a new one could no longer be made
    // (its flow unpublished, a custom field gone).
    const existing = await replay();
    if (existing) return { order: existing, created: false };
    throw error;
  }
  // Concurrent creations in this process share one statement (group commit); inside a caller's
  // transaction the order is written through that transaction.
  let created: OrderRow | null = null;
  for (let attempt = 1; ; attempt++) {
    const unnote = write.release ?? (() => {});
    try {
      created = tx ? ((await insertNewOrders(tx, [write])).get(write.row.id as string) ?? null) : await engine.orderWriter.write(write);
      if (!created) unnote();
      break;
    } catch (error) {
      unnote();
      if (!isExclusionViolation(error) || !write.change.booking) throw error;
      const plan = write.change.booking;
      const ids = [plan.ownerId, ...plan.collaboratorIds];
      // Another order took the slot a moment ago: decide again once on the engineers' bookings as they are now.
      if (attempt < 3 && !tx) {
        for (const [id, bookings] of await freshBookings(engine.db, ids, null, engine.now().getTime(), false)) engine.directory.noteBookings(id, bookings);
        write = await prepareNewOrder(engine, actor, input, key, options.requestHash, tx);
        continue;
      }
      const other = await overlappingOrder(engine.db, ids, write.row.id as string, plan.start, plan.end);
      throw new ConflictError(`The slot at ${formatTime(plan.start, engine.directory.timeZone)} was just taken: overlaps ${other ?? 'another booking'}`);
    }
  }
  if (created) return { order: created, created: true };
  // The key was taken (by an earlier request, or one a moment ago): theirs stands, nothing of ours was written.
  const existing = await replay();
  if (!existing) throw new Error('The order was neither created nor found');
  return { order: existing, created: false };
}

/**
 * The engine's cached directory learns of a new order's booking before it is written, so orders
 * decided in this process meanwhile see the slot taken; the returned function takes it back (the
 * write failed, or the order was not created).
 */
function noteBooking(engine: Engine, write: NewOrderWrite): () => void {
  const plan = write.change.booking;
  if (!plan) return () => {};
  const ids = [plan.ownerId, ...plan.collaboratorIds];
  const id = write.row.id as string;
  const location = write.row.lat != null && write.row.lng != null ? { lat: write.row.lat, lng: write.row.lng } : null;
  engine.directory.noteOrderBooking(ids, id, { start: plan.start, end: plan.end, location });
  return () => engine.directory.noteOrderBooking(ids, id, null);
}
