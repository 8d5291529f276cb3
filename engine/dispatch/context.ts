// What the runner needs, read from the database: the directory, the order as the rules see it,
// its place in the flow, and the compiled flow version and rule sets. Compiled flows and rule sets
// are immutable per version and cached; the directory is cached for a short time.
import { and, desc, eq, isNotNull, notInArray, sql } from 'drizzle-orm';
import {
  compileRuleSet,
  createDirectory,
  type CompiledRuleSet,
  type CustomFieldDef,
  type Directory,
  type DirectoryData,
  type FieldType,
  type OrderData,
} from '../../dsl';
import { queryRows, type Db, type DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { compileFlow, type CompiledFlow, type FlowGraph, type FlowNode } from '../flow';
import type { DispatchState, RunContext, RunStatus } from '../runner';
import type { OrderWriter } from './order-writer';

/** Defined with the schema (drizzle/schema.ts); re-exported here for the engine's importers. */
export type OrderRow = s.OrderRow;

export function orderDataOf(row: OrderRow): OrderData {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    category: row.category,
    priority: row.priority,
    source: row.source,
    customer: { name: row.customerName, tier: row.customerTier },
    address: { city: row.city, region: row.region, postcode: row.postcode },
    location: row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null,
    requiredSkills: row.requiredSkills,
    tags: row.tags,
    custom: row.custom ?? {},
    createdAt: row.createdAt.toISOString(),
    sla: { respondBy: row.respondBy.toISOString(), resolveBy: row.resolveBy.toISOString() },
  };
}

export function stateOf(row: OrderRow): DispatchState {
  return {
    nodeId: row.currentNodeId,
    status: (row.status === 'new' || row.status === 'cancelled' ? 'pending_assignment' : row.status) as RunStatus,
    serviceGroupId: row.serviceGroupId,
    providerId: row.providerId,
    engineerId: row.engineerId,
    collaboratorIds: row.collaboratorIds,
    path: row.nodePath,
  };
}

// ---------------------------------------------------------------------------------------------
// Directory
// ---------------------------------------------------------------------------------------------
interface EngineerJson {
  id: string;
  name: string;
  providerId: string | null;
  skills: string[];
  status: string;
  lat: number | null;
  lng: number | null;
  locationAt: string | null;
  region: string;
  openOrders: number;
  capacity: number;
  rating: number;
  assignedToday: number;
  assignedDay: string | null;
  lastAssignedAt: string | null;
  active: boolean;
}

/**
 * The directory as the rules see it. Engineers come back as one JSON document: with 10,000 of
 * them that is several times faster than row-by-row decoding, on PGlite above all.
 */
export async function loadDirectoryData(db: DbOrTx): Promise<DirectoryData> {
  return (await queryDirectory(db, null)).data;
}

/**
 * The directory, with only the engineers changed since `since` (database time) when it is given:
 * groups, memberships and providers are few and always read whole. `at` is the database's time of
 * the read, for the next refresh.
 */
async function queryDirectory(db: DbOrTx, since: Date | null): Promise<{ data: DirectoryData; at: Date }> {
  const [groups, members, providers, providerLoad, engineerJson] = await Promise.all([
    db.select().from(s.serviceGroups),
    db.select().from(s.serviceGroupMembers),
    db.select().from(s.serviceProviders),
    db
      .select({ providerId: s.workOrders.providerId, n: sql<number>`count(*)::int` })
      .from(s.workOrders)
      .where(and(isNotNull(s.workOrders.providerId), notInArray(s.workOrders.status, ['completed', 'cancelled'])))
      .groupBy(s.workOrders.providerId),
    queryRows<{ j: string; at: string }>(
      db,
      sql`SELECT coalesce(json_agg(json_build_object(
            'id', id, 'name', name, 'providerId', provider_id, 'skills', skills, 'status', status,
            'lat', lat, 'lng', lng, 'locationAt', location_at, 'region', region, 'openOrders', open_orders,
            'capacity', capacity, 'rating', rating, 'assignedToday', assigned_today, 'assignedDay', assigned_day,
            'lastAssignedAt', last_assigned_at, 'active', active)), '[]')::text AS j, now()::text AS at
          FROM engineers ${since ? sql`WHERE updated_at >= ${since}` : sql``}`,
    ),
  ]);
  const engineers = JSON.parse(engineerJson[0].j) as EngineerJson[];
  const today = new Date().toISOString().slice(0, 10);
  const iso = (t: string | null) => (t ? new Date(t).toISOString() : null);
  const data: DirectoryData = {
    serviceGroups: groups.map((g) => ({
      id: g.id,
      name: g.name,
      kind: g.kind,
      active: g.active,
      members: members.filter((m) => m.groupId === g.id).map((m) => (m.engineerId ?? m.providerId)!),
    })),
    providers: providers.map((p) => ({
      id: p.id,
      name: p.name,
      tenantId: p.tenantId,
      tenantName: p.tenantName,
      regions: p.regions,
      skills: p.skills,
      capacity: p.capacity,
      rating: p.rating,
      openOrders: providerLoad.find((l) => l.providerId === p.id)?.n ?? 0,
      active: p.active,
    })),
    engineers: engineers.map((e) => ({
      id: e.id,
      name: e.name,
      providerId: e.providerId,
      skills: e.skills,
      status: e.status,
      location: e.lat !== null && e.lng !== null ? { lat: e.lat, lng: e.lng } : null,
      locationAt: iso(e.locationAt),
      region: e.region,
      openOrders: e.openOrders,
      capacity: e.capacity,
      rating: e.rating,
      assignedToday: e.assignedDay === today ? e.assignedToday : 0,
      lastAssignedAt: iso(e.lastAssignedAt),
      active: e.active,
    })),
  };
  return { data, at: new Date(engineerJson[0].at) };
}

export interface EngineCaches {
  /** How long a loaded directory may be reused; 0 reloads on every use, inside the caller's transaction. */
  directoryTtlMs: number;
  /** The last directory read, so that a refresh reads only the engineers changed since. */
  directoryData?: { data: DirectoryData; at: Date; fullAt: number };
  /** With a TTL, the database the directory is refreshed from, in the background. */
  rootDb?: Db;
  directory?: { at: number; value: Directory };
  refreshing?: Promise<Directory>;
  /** Custom fields, SLA policy, latest published flow and rule set versions (same TTL). */
  config?: { at: number; value: EngineConfig };
  /** Order numbers reserved from the database sequence in blocks. */
  numbers: string[];
  flows: Map<string, CompiledFlow>;
  ruleSets: Map<string, CompiledRuleSet>;
  /** Group commit of new orders through the root database (engine/dispatch/order-writer). */
  orderWriter?: OrderWriter;
}

export interface EngineConfig {
  customFieldDefs: (typeof s.customFieldDefs.$inferSelect)[];
  customFields: CustomFieldDef[];
  sla: Map<string, { respondMinutes: number; resolveMinutes: number }>;
  /** The latest published version of every flow that is not archived. */
  flows: { flowId: string; name: string; isDefault: boolean; versionId: string }[];
  /** The latest published version of every rule set, by name. */
  ruleSetVersions: Map<string, { versionId: string; source: string }>;
}

async function loadConfig(db: DbOrTx): Promise<EngineConfig> {
  const [defs, sla, flows, ruleSets] = await Promise.all([
    db.select().from(s.customFieldDefs).where(eq(s.customFieldDefs.active, true)),
    db.select().from(s.slaPolicies),
    db
      .selectDistinctOn([s.flowVersions.flowId], { flowId: s.flows.id, name: s.flows.name, isDefault: s.flows.isDefault, versionId: s.flowVersions.id })
      .from(s.flowVersions)
      .innerJoin(s.flows, eq(s.flows.id, s.flowVersions.flowId))
      .where(eq(s.flows.archived, false))
      .orderBy(s.flowVersions.flowId, desc(s.flowVersions.version)),
    db
      .selectDistinctOn([s.ruleSetVersions.ruleSetId], { versionId: s.ruleSetVersions.id, name: s.ruleSets.name, source: s.ruleSetVersions.source })
      .from(s.ruleSetVersions)
      .innerJoin(s.ruleSets, eq(s.ruleSets.id, s.ruleSetVersions.ruleSetId))
      .orderBy(s.ruleSetVersions.ruleSetId, desc(s.ruleSetVersions.version)),
  ]);
  return {
    customFieldDefs: defs,
    customFields: defs.map((r) => ({ name: r.name, type: customFieldType(r.type, r.options) })),
    sla: new Map(sla.map((p) => [p.priority, p])),
    flows,
    ruleSetVersions: new Map(ruleSets.map((r) => [r.name, { versionId: r.versionId, source: r.source }])),
  };
}

/** The configuration the engine runs by; cached like the directory, reloaded when stale. */
export async function getConfig(db: DbOrTx, caches: EngineCaches): Promise<EngineConfig> {
  const hit = caches.config;
  if (hit && caches.directoryTtlMs > 0 && Date.now() - hit.at < caches.directoryTtlMs) return hit.value;
  const value = await loadConfig(db);
  caches.config = { at: Date.now(), value };
  return value;
}

/** After publishing or changing configuration in this process. */
export function invalidateConfig(caches: EngineCaches) {
  caches.config = undefined;
}

/** The next order number, from blocks of the database sequence reserved 50 at a time. */
export async function nextOrderNumber(db: DbOrTx, caches: EngineCaches): Promise<string> {
  if (!caches.numbers.length) {
    const rows = await queryRows<{ n: string }>(db, sql`SELECT nextval('work_order_number_seq')::text AS n FROM generate_series(1, 50)`);
    caches.numbers.push(...rows.map((r) => `WO-${r.n}`).sort());
  }
  return caches.numbers.shift()!;
}

export const createEngineCaches = (directoryTtlMs = 0, rootDb?: Db): EngineCaches => ({
  directoryTtlMs,
  rootDb,
  numbers: [],
  flows: new Map(),
  ruleSets: new Map(),
});

/**
 * The directory. With a TTL, one load serves every request of the process; once stale, requests
 * keep using it while a single refresh runs, so no request waits for a reload.
 */
export async function getDirectory(db: DbOrTx, caches: EngineCaches): Promise<Directory> {
  const hit = caches.directory;
  const stale = !hit || caches.directoryTtlMs <= 0 || Date.now() - hit.at >= caches.directoryTtlMs;
  if (!stale) return hit.value;
  if (hit && caches.rootDb && caches.directoryTtlMs > 0) {
    // Serve the loaded one; one refresh at a time runs through the root database in the background.
    caches.refreshing ??= load(caches.rootDb, caches)
      .catch(() => hit.value)
      .finally(() => {
        caches.refreshing = undefined;
      });
    return hit.value;
  }
  // An awaited load always reads through the caller's own connection or transaction: on PGlite,
  // waiting on another connection from inside a transaction would wait for ourselves.
  return load(db, caches);
}

/** A refresh reads only engineers changed since the last read, less this (commits that were under way). */
const REFRESH_OVERLAP_MS = 5_000;
/** And reads everything at least this often, whatever happened. */
const FULL_RELOAD_MS = 60_000;

async function load(db: DbOrTx, caches: EngineCaches): Promise<Directory> {
  const last = caches.directoryData;
  let data: DirectoryData;
  if (caches.directoryTtlMs > 0 && last && Date.now() - last.fullAt < FULL_RELOAD_MS) {
    const fresh = await queryDirectory(db, new Date(last.at.getTime() - REFRESH_OVERLAP_MS));
    const engineers = new Map((last.data.engineers ?? []).map((e) => [e.id, e]));
    for (const e of fresh.data.engineers ?? []) engineers.set(e.id, e);
    data = { ...fresh.data, engineers: [...engineers.values()] };
    caches.directoryData = { data, at: fresh.at, fullAt: last.fullAt };
  } else {
    const fresh = await queryDirectory(db, null);
    data = fresh.data;
    caches.directoryData = caches.directoryTtlMs > 0 ? { data, at: fresh.at, fullAt: Date.now() } : undefined;
  }
  const value = createDirectory(data);
  caches.directory = { at: Date.now(), value };
  return value;
}

export function invalidateDirectory(caches: EngineCaches) {
  caches.directory = undefined;
}

export async function loadCustomFields(db: DbOrTx): Promise<CustomFieldDef[]> {
  const rows = await db.select().from(s.customFieldDefs).where(eq(s.customFieldDefs.active, true));
  return rows.map((r) => ({ name: r.name, type: customFieldType(r.type, r.options) }));
}

export function customFieldType(type: s.CustomFieldType, options: string[]): FieldType {
  return type === 'enum' ? { enum: options } : type;
}

// ---------------------------------------------------------------------------------------------
// Flows and rule sets
// ---------------------------------------------------------------------------------------------
export async function compiledFlowVersion(db: DbOrTx, caches: EngineCaches, flowVersionId: string): Promise<CompiledFlow> {
  const hit = caches.flows.get(flowVersionId);
  if (hit) return hit;
  const [version] = await db.select().from(s.flowVersions).where(eq(s.flowVersions.id, flowVersionId));
  if (!version) throw new Error(`Flow version ${flowVersionId} is missing`);
  const { flow, problems } = compileFlow(version.graph as FlowGraph, { customFields: await loadCustomFields(db) });
  if (!flow) throw new Error(`Published flow version ${flowVersionId} does not validate: ${problems[0]?.message}`);
  caches.flows.set(flowVersionId, flow);
  return flow;
}

/** The latest published version of each named rule set the flow's nodes use, compiled. */
export async function ruleSetsForFlow(db: DbOrTx, caches: EngineCaches, flow: CompiledFlow): Promise<Map<string, CompiledRuleSet>> {
  const names = [...new Set(flow.graph.nodes.map((n) => n.config?.ruleSet).filter((n): n is string => !!n))];
  const result = new Map<string, CompiledRuleSet>();
  if (!names.length) return result;
  const config = await getConfig(db, caches);
  for (const name of names) {
    const version = config.ruleSetVersions.get(name);
    if (!version) continue;
    let compiled = caches.ruleSets.get(version.versionId);
    if (!compiled) {
      const { ruleSet } = compileRuleSet(version.source, { customFields: config.customFields });
      if (!ruleSet) continue; // a published version always compiled when it was published
      compiled = ruleSet;
      caches.ruleSets.set(version.versionId, compiled);
    }
    result.set(name, compiled);
  }
  return result;
}

export async function runContextFor(
  db: Db | DbOrTx,
  caches: EngineCaches,
  row: Pick<OrderRow, 'id' | 'flowVersionId'>,
  now: Date,
  options: { newOrder?: boolean } = {},
): Promise<RunContext> {
  if (!row.flowVersionId) throw new Error(`Order ${row.id} runs on no flow`);
  const flow = await compiledFlowVersion(db, caches, row.flowVersionId);
  const [ruleSets, dir, exclusions] = await Promise.all([
    ruleSetsForFlow(db, caches, flow),
    getDirectory(db, caches),
    // A new order has declined nothing yet.
    options.newOrder ? Promise.resolve([]) : db.select().from(s.orderExclusions).where(eq(s.orderExclusions.orderId, row.id)),
  ]);
  return {
    flow,
    directory: dir,
    now,
    ruleSetFor: (node: FlowNode) => (node.config?.ruleSet ? (ruleSets.get(node.config.ruleSet) ?? null) : null),
    excludedAt: (nodeId: string) => {
      const here = exclusions.filter((x) => x.nodeId === nodeId);
      if (!here.length) return undefined;
      const of = (type: string) => here.filter((x) => x.targetType === type).map((x) => x.targetId);
      return { engineers: of('engineer'), providers: of('service_provider'), serviceGroups: of('service_group') };
    },
  };
}
