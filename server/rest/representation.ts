// The public representation of a work order in the REST API. The dispatch fields keep their API
// names (DESIGN.md, "Dispatch fields written on assignment") so integrations map them one to one.
import { eq, inArray, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import type { OrderRow } from '../../drizzle/schema';
import type { Directory } from '../../dsl';
import { ownerBookings, scheduleFieldsOf } from '../../engine/orders';

const dateTime = z.iso.datetime({ offset: true });
const ref = z.object({ id: z.string(), name: z.string() });

export const publicOrderSchema = z
  .object({
    id: z.string(),
    number: z.string().meta({ examples: ['WO-1042'] }),
    title: z.string(),
    description: z.string(),
    category: z.string(),
    priority: z.enum(s.PRIORITIES),
    status: z.enum(s.ORDER_STATUSES),
    customer: z.object({ name: z.string(), tier: z.enum(s.CUSTOMER_TIERS) }),
    address: z.object({ street: z.string(), city: z.string(), region: z.string(), postcode: z.string() }),
    contact: z.object({ name: z.string(), phone: z.string() }).meta({ description: 'Who to ask for on site; empty strings when none was given' }),
    location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
    requiredSkills: z.array(z.string()),
    tags: z.array(z.string()),
    custom: z.record(z.string(), z.unknown()),
    source: z.enum(s.ORDER_SOURCES),
    sla: z.object({
      respondBy: dateTime,
      resolveBy: dateTime,
      respondedAt: dateTime.nullable(),
      resolvedAt: dateTime.nullable(),
      respondBreachedAt: dateTime.nullable(),
      resolveBreachedAt: dateTime.nullable(),
    }),
    flow: z.object({ id: z.string().nullable(), versionId: z.string().nullable(), currentNode: z.string().nullable() }),
    serviceGroup: ref.nullable(),
    provider: ref.nullable(),
    engineer: ref.nullable(),
    collaborators: z.array(ref),
    assign_user: z.string().nullable().meta({ description: 'Dispatcher: the user who assigned by hand; empty for automatic dispatch' }),
    assign_way: z.enum(s.ASSIGN_WAYS).nullable().meta({ description: 'Dispatch method: auto or manual' }),
    assign_time: dateTime.nullable().meta({ description: 'Dispatch time: of the latest assignment' }),
    field_partner: z.string().nullable().meta({ description: 'Service implementation partner: the assigned provider (id)' }),
    field_outDealUser: z.string().nullable().meta({ description: 'Provider engineer: the assigned provider engineer (id)' }),
    field_downstreamOuterTenantName: z.string().nullable().meta({ description: "Connected enterprise name: the provider's tenant" }),
    field_downstreamOuterTenantId: z.string().nullable().meta({ description: "Connected enterprise id: the provider's tenant" }),
    durationMinutes: z.number().int().nullable().meta({ description: "Estimated work time in minutes: the order's own, else its category's default when it was created" }),
    window: z.object({ start: dateTime, end: dateTime }).nullable().meta({ description: "The customer's service window" }),
    booking: z
      .object({ engineerId: z.string(), start: dateTime, end: dateTime })
      .nullable()
      .meta({ description: "The assigned engineer's booked slot, once booked" }),
    lateForSla: z.boolean().meta({ description: 'The booking starts after the SLA resolve-by time (a warning)' }),
    diagnostics: z
      .array(z.object({ name: z.string(), value: z.union([z.number(), z.string()]), unit: z.string().nullable(), time: dateTime }))
      .meta({ description: 'Diagnostic readings sent at intake, in the order sent; a reading sent without a time has the intake time' }),
    createdAt: dateTime,
    updatedAt: dateTime,
  });
export type PublicOrder = z.infer<typeof publicOrderSchema>;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The names of what the order refers to, from the directory; null when it lacks any of them. */
function namedIn(directory: Directory, row: OrderRow, engineerIds: string[]) {
  const ref = (x: { id: string; name: string } | undefined) => (x ? [{ id: x.id, name: x.name }] : undefined);
  const group = row.serviceGroupId ? ref(directory.serviceGroup(row.serviceGroupId)) : [];
  const provider = row.providerId ? ref(directory.provider(row.providerId)) : [];
  const engineers = engineerIds.map((id) => directory.engineer(id)).filter((e) => e !== undefined).map((e) => ({ id: e.id, name: e.name }));
  if (!group || !provider || engineers.length !== engineerIds.length) return null;
  return { group, provider, engineers };
}

/**
 * The order as the REST API shows it, with the names of the group, provider and engineers it refers to.
 * `directory`: the engine's cached directory, which names them without a query when it knows them all.
 */
export async function toPublicOrder(db: Db, row: OrderRow, directory?: Directory): Promise<PublicOrder> {
  const engineerIds = [...new Set([row.engineerId, ...row.collaboratorIds].filter((x): x is string => !!x))];
  const known = directory && namedIn(directory, row, engineerIds);
  const bookingRead = ownerBookings(db, [row]);
  const [group, provider, engineers] = known ? [known.group, known.provider, known.engineers] : await Promise.all([
    row.serviceGroupId
      ? db.select({ id: s.serviceGroups.id, name: s.serviceGroups.name }).from(s.serviceGroups).where(eq(s.serviceGroups.id, row.serviceGroupId))
      : [],
    row.providerId
      ? db.select({ id: s.serviceProviders.id, name: s.serviceProviders.name }).from(s.serviceProviders).where(eq(s.serviceProviders.id, row.providerId))
      : [],
    engineerIds.length
      ? db.select({ id: s.engineers.id, name: s.engineers.name }).from(s.engineers).where(inArray(s.engineers.id, engineerIds))
      : [],
  ]);
  const engineerRef = (id: string) => engineers.find((e) => e.id === id) ?? { id, name: '' };
  const schedule = scheduleFieldsOf(row, (await bookingRead).get(row.id));
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    description: row.description,
    category: row.category,
    priority: row.priority,
    status: row.status,
    customer: { name: row.customerName, tier: row.customerTier },
    address: { street: row.street, city: row.city, region: row.region, postcode: row.postcode },
    contact: { name: row.contactName, phone: row.contactPhone },
    location: row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null,
    requiredSkills: row.requiredSkills,
    tags: row.tags,
    custom: row.custom,
    source: row.source,
    sla: {
      respondBy: row.respondBy.toISOString(),
      resolveBy: row.resolveBy.toISOString(),
      respondedAt: iso(row.respondedAt),
      resolvedAt: iso(row.resolvedAt),
      respondBreachedAt: iso(row.respondBreachedAt),
      resolveBreachedAt: iso(row.resolveBreachedAt),
    },
    flow: { id: row.flowId, versionId: row.flowVersionId, currentNode: row.currentNodeId },
    serviceGroup: group[0] ?? null,
    provider: provider[0] ?? null,
    engineer: row.engineerId ? engineerRef(row.engineerId) : null,
    collaborators: row.collaboratorIds.map(engineerRef),
    assign_user: row.assign_user,
    assign_way: row.assign_way,
    assign_time: iso(row.assign_time),
    field_partner: row.field_partner,
    field_outDealUser: row.field_outDealUser,
    field_downstreamOuterTenantName: row.field_downstreamOuterTenantName,
    field_downstreamOuterTenantId: row.field_downstreamOuterTenantId,
    ...schedule,
    diagnostics: row.diagnostics,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** An order by id or by number (`WO-…`), or null. */
export async function findOrder(db: Db, idOrNumber: string): Promise<OrderRow | null> {
  const [row] = await db
    .select()
    .from(s.workOrders)
    .where(or(eq(s.workOrders.id, idOrNumber), eq(s.workOrders.number, idOrNumber)))
    .limit(1);
  return row ?? null;
}
