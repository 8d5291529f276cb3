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
  type BookingData,
  type FieldType,
  type OrderData,
} from '../../dsl';
import { queryRows, type Db, type DbOrTx, type Tx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { compileFlow, type CompiledFlow, type FlowGraph, type FlowNode } from '../flow';
import type { DispatchState, RunContext, RunStatus } from '../runner';
import { ShiftMaker, engineerSchedule, readScheduleRows, type ScheduleSettingsRow } from './schedule-data';

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
    durationMinutes: row.durationMinutes ?? null,
    window: row.windowStart && row.windowEnd ? { start: row.windowStart.toISOString(), end: row.windowEnd.toISOString() } : null,
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
  workingHours: Record<string, { start: string; end: string }[]> | null;
  vehicleId: string | null;
  vehicleStatus: string | null;
}

/**
 * The directory as the rules see it. Engineers come back as one JSON document: with 10,000 of
 * them that is several times faster than row-by-row decoding, on PGlite above all.
 */
export async function loadDirectoryData(db: DbOrTx, now: Date = new Date()): Promise<DirectoryData> {
  return (await queryDirectory(db, null, now)).data;
}

/**
 * The directory, with only the engineers changed since `since` (database time) when it is given:
 * groups, memberships and providers are few and always read whole. `at` is the database's time of
 * the read, for the next refresh.
 */
async function queryDirectory(db: DbOrTx, since: Date | null, now: Date): Promise<{ data: DirectoryData; at: Date; settings: ScheduleSettingsRow }> {
  const [groups, members, providers, providerLoad, engineerJson, schedule] = await Promise.all([
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
            'lastAssignedAt', last_assigned_at, 'active', active, 'workingHours', working_hours,
            'vehicleId', vehicle_id, 'vehicleStatus', vehicle_status)), '[]')::text AS j, now()::text AS at
          FROM engineers ${since ? sql`WHERE updated_at >= ${since}` : sql``}`,
    ),
    readScheduleRows(db, since, now.getTime()),
  ]);
  const shifts = new ShiftMaker(schedule.settings, now.getTime());
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
      ...engineerSchedule(e, schedule, shifts),
    })),
    travel: schedule.settings.travel,
  };
  return { data, at: new Date(engineerJson[0].at), settings: schedule.settings };
}

export interface EngineConfig {
  customFieldDefs: (typeof s.customFieldDefs.$inferSelect)[];
  customFields: CustomFieldDef[];
  sla: Map<string, { respondMinutes: number; resolveMinutes: number }>;
  /** The latest published version of every flow that is not archived. */
  flows: { flowId: string; name: string; isDefault: boolean; versionId: string }[];
  /** The latest published version of every rule set, by name. */
  ruleSetVersions: Map<string, { versionId: string; source: string }>;
  /** A new order's duration when it names none (Settings), by category. */
  categoryDurations: Map<string, number>;
}

async function loadConfig(db: DbOrTx): Promise<EngineConfig> {
  const [defs, sla, flows, ruleSets, durations] = await Promise.all([
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
    db.select().from(s.categoryDurations),
  ]);
  return {
    customFieldDefs: defs,
    customFields: defs.map((r) => ({ name: r.name, type: customFieldType(r.type, r.options) })),
    sla: new Map(sla.map((p) => [p.priority, p])),
    flows,
    ruleSetVersions: new Map(ruleSets.map((r) => [r.name, { versionId: r.versionId, source: r.source }])),
    categoryDurations: new Map(durations.map((d) => [d.category, d.durationMinutes])),
  };
}

// ---------------------------------------------------------------------------------------------
// The engine's caches. Each is built once per engine (engine/dispatch/engine.ts) over its root
// database. A read that must wait for the database goes through the caller's transaction when one
// is given (`tx`), otherwise through the root database: on PGlite, waiting on another connection
// from inside a transaction would wait for ourselves. A refresh that nobody waits for always goes
// through the root database, in the background.
// ---------------------------------------------------------------------------------------------

/**
 * A value read from the database and reused for `ttlMs`. Once stale it is still served while one
 * refresh runs in the background; only when there is none yet (or after `invalidate`) does a
 * caller wait for a read. With `ttlMs` 0 every use reads afresh (tests that change it between calls).
 */
class Cached<T> {
  private current: { at: number; value: T } | undefined;
  private pending: Promise<T> | undefined;
  /** The refresh running in the background, if any. */
  refreshing: Promise<unknown> | undefined;
  private generation = 0;

  constructor(
    private readonly root: Db,
    readonly ttlMs: number,
    private readonly read: (conn: DbOrTx) => Promise<T>,
  ) {}

  async get(tx?: Tx): Promise<T> {
    const hit = this.current;
    if (hit && this.ttlMs > 0) {
      if (Date.now() - hit.at >= this.ttlMs) this.refreshing ??= this.fetch(this.root).catch(() => hit.value).finally(() => (this.refreshing = undefined));
      return hit.value;
    }
    if (tx) return this.fetch(tx);
    // Callers without a transaction share one read.
    this.pending ??= this.fetch(this.root).finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetch(conn: DbOrTx): Promise<T> {
    const generation = this.generation;
    const value = await this.read(conn);
    // A read that began before an invalidation does not overwrite what came after it.
    if (generation === this.generation) this.current = { at: Date.now(), value };
    return value;
  }

  /** After a change made in this process: the next use reads afresh. */
  invalidate() {
    this.generation++;
    this.current = undefined;
    this.pending = undefined;
  }
}

/** A refresh reads only engineers changed since the last read, less this (commits that were under way). */
const REFRESH_OVERLAP_MS = 5_000;
/** And reads everything at least this often, whatever happened. */
const FULL_RELOAD_MS = 60_000;

/** The directory as the rules see it: one load serves every order of the process for the TTL. */
export class DirectoryCache {
  private readonly cached: Cached<Directory>;
  /** The last directory read, so that a refresh reads only the engineers changed since. */
  private last: { data: DirectoryData; at: Date; fullAt: number; settingsAt: string } | undefined;

  constructor(
    root: Db,
    ttlMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.cached = new Cached(root, ttlMs, (conn) => this.load(conn));
  }

  get ttlMs() {
    return this.cached.ttlMs;
  }
  /** The background refresh under way, if any. */
  get refreshing() {
    return this.cached.refreshing;
  }
  get(tx?: Tx): Promise<Directory> {
    return this.cached.get(tx);
  }
  invalidate() {
    this.cached.invalidate();
  }

  private async load(conn: DbOrTx): Promise<Directory> {
    const last = this.last;
    let data: DirectoryData;
    const now = this.clock();
    const incremental = this.ttlMs > 0 && last && Date.now() - last.fullAt < FULL_RELOAD_MS ? await queryDirectory(conn, new Date(last.at.getTime() - REFRESH_OVERLAP_MS), now) : null;
    // Changed settings (zone, hours, travel) change every engineer's shifts: read them all.
    if (incremental && last && incremental.settings.updatedAt === last.settingsAt) {
      const engineers = new Map((last.data.engineers ?? []).map((e) => [e.id, e]));
      for (const e of incremental.data.engineers ?? []) engineers.set(e.id, e);
      data = { ...incremental.data, engineers: [...engineers.values()] };
      this.last = { data, at: incremental.at, fullAt: last.fullAt, settingsAt: last.settingsAt };
      this.zone = incremental.settings.timeZone;
    } else {
      const fresh = await queryDirectory(conn, null, now);
      data = fresh.data;
      this.last = this.ttlMs > 0 ? { data, at: fresh.at, fullAt: Date.now(), settingsAt: fresh.settings.updatedAt } : undefined;
      this.zone = fresh.settings.timeZone;
    }
    this.current = createDirectory(data);
    return this.current;
  }

  /** The directory last loaded (the one `get` serves while it is fresh). */
  private current: Directory | undefined;

  /**
   * An engineer's bookings as this process just committed (or re-read) them: the cached engineer
   * gets them at once, so the next decision in this process sees them without waiting for a
   * refresh (the slot search re-parses an engineer whose `bookings` array was replaced).
   */
  noteBookings(engineerId: string, bookings: BookingData[]) {
    for (const dir of [this.current, this.last?.data]) {
      const e = dir && ('engineer' in dir ? dir.engineer(engineerId) : dir.engineers?.find((x) => x.id === engineerId));
      if (e) e.bookings = bookings;
    }
  }

  /** The cached engineer's bookings, if the directory is loaded. */
  bookingsOf(engineerId: string): BookingData[] | undefined {
    return this.current?.engineer(engineerId)?.bookings;
  }

  /** This order's booking added to (or, with `slot` null, taken from) the cached engineers' bookings. */
  noteOrderBooking(engineerIds: readonly string[], orderId: string, slot: { start: number; end: number; location: BookingData['location'] } | null) {
    for (const id of engineerIds) {
      const current = this.bookingsOf(id);
      if (!current) continue;
      const others = current.filter((b) => b.order !== orderId);
      if (slot) others.push({ order: orderId, start: new Date(slot.start).toISOString(), end: new Date(slot.end).toISOString(), location: slot.location ?? null });
      others.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
      this.noteBookings(id, others);
    }
  }

  /** The company's time zone, as last read (the times in notifications and refusals). */
  get timeZone(): string {
    return this.zone;
  }
  private zone = 'America/New_York';
}

/** Custom fields, SLA policy, latest published flow and rule set versions (same TTL as the directory). */
export class ConfigCache {
  private readonly cached: Cached<EngineConfig>;
  constructor(root: Db, ttlMs: number) {
    this.cached = new Cached(root, ttlMs, loadConfig);
  }
  get refreshing() {
    return this.cached.refreshing;
  }
  get(tx?: Tx): Promise<EngineConfig> {
    return this.cached.get(tx);
  }
  /** After publishing or changing configuration in this process. */
  invalidate() {
    this.cached.invalidate();
  }
}

/** Order numbers, reserved from the database sequence in blocks. */
export class OrderNumberBlocks {
  private readonly numbers: string[] = [];
  private reserving: Promise<void> | undefined;
  constructor(
    private readonly root: Db,
    readonly blockSize = 50,
  ) {}

  async next(tx?: Tx): Promise<string> {
    while (!this.numbers.length) {
      if (tx) await this.reserve(tx);
      else await (this.reserving ??= this.reserve(this.root).finally(() => (this.reserving = undefined)));
    }
    return this.numbers.shift()!;
  }

  private async reserve(conn: DbOrTx) {
    const rows = await queryRows<{ n: string }>(conn, sql`SELECT nextval('work_order_number_seq')::text AS n FROM generate_series(1, ${this.blockSize}::int)`);
    this.numbers.push(...rows.map((r) => `WO-${r.n}`));
    this.numbers.sort();
  }
}

/** Compiled flows and rule sets, immutable per version. */
export interface CompiledCache {
  flows: Map<string, CompiledFlow>;
  ruleSets: Map<string, CompiledRuleSet>;
}

/** What the engine reads with: its root database and its caches (the engine object has them all). */
export interface EngineCaches {
  /** The root database: reads without a transaction and background refreshes go through it. */
  readonly db: Db;
  readonly directory: DirectoryCache;
  readonly config: ConfigCache;
  readonly compiled: CompiledCache;
  readonly orderNumbers: OrderNumberBlocks;
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
/** A published flow version, compiled once; read through `tx` when the caller holds one. */
export async function compiledFlowVersion(engine: EngineCaches, flowVersionId: string, tx?: Tx): Promise<CompiledFlow> {
  const hit = engine.compiled.flows.get(flowVersionId);
  if (hit) return hit;
  const db = tx ?? engine.db;
  const [version] = await db.select().from(s.flowVersions).where(eq(s.flowVersions.id, flowVersionId));
  if (!version) throw new Error(`Flow version ${flowVersionId} is missing`);
  const { flow, problems } = compileFlow(version.graph as FlowGraph, { customFields: await loadCustomFields(db) });
  if (!flow) throw new Error(`Published flow version ${flowVersionId} does not validate: ${problems[0]?.message}`);
  engine.compiled.flows.set(flowVersionId, flow);
  return flow;
}

/** The latest published version of each named rule set the flow's nodes use, compiled. */
export async function ruleSetsForFlow(engine: EngineCaches, flow: CompiledFlow, tx?: Tx): Promise<Map<string, CompiledRuleSet>> {
  const names = [...new Set(flow.graph.nodes.map((n) => n.config?.ruleSet).filter((n): n is string => !!n))];
  const result = new Map<string, CompiledRuleSet>();
  if (!names.length) return result;
  const config = await engine.config.get(tx);
  for (const name of names) {
    const version = config.ruleSetVersions.get(name);
    if (!version) continue;
    let compiled = engine.compiled.ruleSets.get(version.versionId);
    if (!compiled) {
      const { ruleSet } = compileRuleSet(version.source, { customFields: config.customFields });
      if (!ruleSet) continue; // a published version always compiled when it was published
      compiled = ruleSet;
      engine.compiled.ruleSets.set(version.versionId, compiled);
    }
    result.set(name, compiled);
  }
  return result;
}

/**
 * Everything the runner needs for one order at `now`. `tx`: the caller's transaction, which every
 * read that must be waited for goes through; without one they go through the engine's root database.
 */
export async function runContextFor(
  engine: EngineCaches,
  row: Pick<OrderRow, 'id' | 'flowVersionId'>,
  now: Date,
  options: { tx?: Tx; newOrder?: boolean } = {},
): Promise<RunContext> {
  if (!row.flowVersionId) throw new Error(`Order ${row.id} runs on no flow`);
  const { tx } = options;
  const flow = await compiledFlowVersion(engine, row.flowVersionId, tx);
  const [ruleSets, dir, exclusions] = await Promise.all([
    ruleSetsForFlow(engine, flow, tx),
    engine.directory.get(tx),
    // A new order has declined nothing yet.
    options.newOrder ? Promise.resolve([]) : (tx ?? engine.db).select().from(s.orderExclusions).where(eq(s.orderExclusions.orderId, row.id)),
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
