// The directory: groups, providers and engineers indexed once, immutable afterwards, with a
// grid over engineer locations so "within X km" never scans every engineer.
import type { DirectoryData, EngineerData, LatLng, ProviderData, ServiceGroupData, TravelData } from './types';
import { KM_PER_DEGREE, haversineKm } from './geometry';
import { travelModel } from './schedule';
import { SlotDays } from './slot-days';

/** Slot searches a directory serves from its engineers' schedules before it builds its gap index. */
const SEARCHES_BEFORE_INDEX = 2;

export interface Directory {
  readonly now: string | null;
  readonly engineers: readonly EngineerData[];
  readonly providers: readonly ProviderData[];
  readonly serviceGroups: readonly ServiceGroupData[];
  /** The travel model of `travel_time` and the slot search (default 40 km/h, minimum 0 min). */
  readonly travel: TravelData;
  engineer(id: string): EngineerData | undefined;
  provider(id: string): ProviderData | undefined;
  serviceGroup(id: string): ServiceGroupData | undefined;
  /** By id first, else every one with that name. */
  findEngineers(idOrName: string): EngineerData[];
  findProviders(idOrName: string): ProviderData[];
  findServiceGroups(idOrName: string): ServiceGroupData[];
  /** Names of the (active) engineer groups an engineer belongs to. */
  groupNamesOf(engineerId: string): string[];
  /** Member ids of a group (engineer ids or provider ids, by the group's kind). */
  membersOf(groupId: string): ReadonlySet<string>;
  engineersOfProvider(providerId: string): readonly EngineerData[];
  /** Engineers within `km` of a point (exact great-circle test), in no particular order. */
  engineersWithin(point: LatLng, km: number): EngineerData[];
}

const CELL_DEG = 0.1;
const LNG_CELLS = Math.round(360 / CELL_DEG);
const EMPTY_SET: ReadonlySet<string> = new Set();
const EMPTY_LIST: readonly EngineerData[] = [];

export type GridName = 'all' | 'internal' | 'provider';

function addToCell(grid: Map<number, EngineerData[]>, key: number, e: EngineerData): void {
  const cell = grid.get(key);
  if (cell) cell.push(e);
  else grid.set(key, [e]);
}

export function isActive(x: { active?: boolean }): boolean {
  return x.active !== false;
}

function cellKey(latCell: number, lngCell: number): number {
  return (latCell + 1000) * 4096 + (lngCell + 2048);
}

/** By id, and by name (most names are unique: those map to the item itself, not a list). */
function byNameIndex<T extends { id: string; name: string }>(items: readonly T[]): {
  byId: Map<string, T>;
  byName: Map<string, T | T[]>;
} {
  const byId = new Map<string, T>();
  const byName = new Map<string, T | T[]>();
  for (const it of items) {
    byId.set(it.id, it);
    const seen = byName.get(it.name);
    if (seen === undefined) byName.set(it.name, it);
    else if (Array.isArray(seen)) seen.push(it);
    else byName.set(it.name, [seen, it]);
  }
  return { byId, byName };
}

function named<T>(m: Map<string, T | T[]>, name: string): T[] {
  const v = m.get(name);
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function sortedById<T extends { id: string }>(items: readonly T[]): T[] {
  // Data usually arrives sorted; check before paying for a sort.
  for (let i = 1; i < items.length; i++) {
    if (!(items[i - 1].id < items[i].id)) return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  return [...items];
}

// Next.js bundles each route on its own, so one process may hold several copies of this module, and
// a directory made by one (a cached engine's) is read by another: a registered symbol tells them
// apart where instanceof cannot.
const DIRECTORY_BRAND = Symbol.for('dispatch-studio.dsl.directory');

export class DirectoryImpl implements Directory {
  readonly [DIRECTORY_BRAND] = true;
  readonly now: string | null;
  readonly engineers: readonly EngineerData[];
  readonly providers: readonly ProviderData[];
  readonly serviceGroups: readonly ServiceGroupData[];
  readonly travel: TravelData;
  readonly engineerById: Map<string, EngineerData>;
  readonly providerById: Map<string, ProviderData>;
  readonly groupById: Map<string, ServiceGroupData>;
  private readonly engineersByName: Map<string, EngineerData | EngineerData[]>;
  private readonly providersByName: Map<string, ProviderData | ProviderData[]>;
  private readonly groupsByName: Map<string, ServiceGroupData | ServiceGroupData[]>;
  private readonly members = new Map<string, Set<string>>();
  private readonly groupNames = new Map<string, string[]>();
  private readonly byProvider = new Map<string, EngineerData[]>();
  /** Active internal engineers (providerId null), sorted by id. */
  readonly internalEngineers: EngineerData[] = [];
  /** Active provider engineers, sorted by id. */
  readonly providerEngineers: EngineerData[] = [];
  readonly activeProviders: ProviderData[];
  readonly activeGroups: ServiceGroupData[];
  /** Grid cells over engineer locations: every engineer, active internal ones, active provider ones. */
  private readonly grids = {
    all: new Map<number, EngineerData[]>(),
    internal: new Map<number, EngineerData[]>(),
    provider: new Map<number, EngineerData[]>(),
  };
  private readonly memo = new Map<string, unknown>();
  private bookedFor: Map<string, Set<EngineerData>> | null = null;
  /** The engineers' free gaps day by day (slot-days.ts), built once the directory has served a few slot searches. */
  private gaps: SlotDays | null = null;
  private slotRuns = 0;

  constructor(data: DirectoryData) {
    this.now = data.now ?? null;
    this.engineers = sortedById(data.engineers ?? []);
    this.providers = sortedById(data.providers ?? []);
    this.serviceGroups = sortedById(data.serviceGroups ?? []);
    this.travel = travelModel(data.travel);
    const e = byNameIndex(this.engineers);
    const p = byNameIndex(this.providers);
    const g = byNameIndex(this.serviceGroups);
    this.engineerById = e.byId;
    this.engineersByName = e.byName;
    this.providerById = p.byId;
    this.providersByName = p.byName;
    this.groupById = g.byId;
    this.groupsByName = g.byName;
    this.activeProviders = this.providers.filter(isActive);
    this.activeGroups = this.serviceGroups.filter(isActive);

    for (const group of this.serviceGroups) {
      this.members.set(group.id, new Set(group.members ?? []));
      if (group.kind !== 'engineers' || !isActive(group)) continue;
      for (const id of group.members ?? []) {
        const names = this.groupNames.get(id);
        if (names) names.push(group.name);
        else this.groupNames.set(id, [group.name]);
      }
    }
    for (const eng of this.engineers) {
      if (eng.providerId != null) {
        const list = this.byProvider.get(eng.providerId);
        if (list) list.push(eng);
        else this.byProvider.set(eng.providerId, [eng]);
      }
      if (isActive(eng)) (eng.providerId == null ? this.internalEngineers : this.providerEngineers).push(eng);
      const loc = eng.location;
      if (loc && typeof loc.lat === 'number' && typeof loc.lng === 'number') {
        const key = cellKey(Math.floor(loc.lat / CELL_DEG), Math.floor(loc.lng / CELL_DEG));
        addToCell(this.grids.all, key, eng);
        if (isActive(eng)) addToCell(eng.providerId == null ? this.grids.internal : this.grids.provider, key, eng);
      }
    }
  }

  /** Derived lists (a group's active members, …), built once per directory. */
  cached<T>(key: string, build: () => T): T {
    let v = this.memo.get(key) as T | undefined;
    if (v === undefined) this.memo.set(key, (v = build()));
    return v;
  }

  engineer(id: string) {
    return this.engineerById.get(id);
  }
  /** The engineers holding a booking of the order (indexed on first use), or null. */
  engineersBookedFor(orderId: string): ReadonlySet<EngineerData> | null {
    let index = this.bookedFor;
    if (index === null) {
      index = this.bookedFor = new Map();
      for (const e of this.engineers) {
        if (!Array.isArray(e.bookings)) continue;
        for (const b of e.bookings) {
          const o = b?.order;
          if (typeof o !== 'string') continue;
          const set = index.get(o);
          if (set) set.add(e);
          else index.set(o, new Set([e]));
        }
      }
    }
    return index.get(orderId) ?? null;
  }
  /**
   * The gap index the slot search reads (one per decision or explanation of an order with a
   * duration): none for the first SEARCHES_BEFORE_INDEX (a directory is replaced every few seconds;
   * building costs about as much as two searches over every engineer), then one for the directory's life.
   */
  gapIndex(): SlotDays | null {
    if (this.gaps === null && ++this.slotRuns > SEARCHES_BEFORE_INDEX) this.gaps = new SlotDays(this.engineers);
    return this.gaps;
  }
  provider(id: string) {
    return this.providerById.get(id);
  }
  serviceGroup(id: string) {
    return this.groupById.get(id);
  }
  findEngineers(s: string): EngineerData[] {
    const e = this.engineerById.get(s);
    return e ? [e] : named(this.engineersByName, s);
  }
  findProviders(s: string): ProviderData[] {
    const p = this.providerById.get(s);
    return p ? [p] : named(this.providersByName, s);
  }
  findServiceGroups(s: string): ServiceGroupData[] {
    const g = this.groupById.get(s);
    return g ? [g] : named(this.groupsByName, s);
  }
  groupNamesOf(engineerId: string): string[] {
    return this.groupNames.get(engineerId) ?? [];
  }
  membersOf(groupId: string): ReadonlySet<string> {
    return this.members.get(groupId) ?? EMPTY_SET;
  }
  engineersOfProvider(providerId: string): readonly EngineerData[] {
    return this.byProvider.get(providerId) ?? EMPTY_LIST;
  }

  /**
   * The grid cells whose engineers may lie within `km` of the point (the caller applies the
   * exact test), or null when the box is so large that a plain scan is cheaper.
   */
  cellsNear(lat: number, lng: number, km: number, which: GridName = 'all'): EngineerData[][] | null {
    const grid = this.grids[which];
    if (!(km >= 0) || !Number.isFinite(lat) || !Number.isFinite(lng)) return [];
    const dLat = km / KM_PER_DEGREE;
    const maxAbsLat = Math.min(90, Math.abs(lat) + dLat);
    const cos = Math.cos((maxAbsLat * Math.PI) / 180);
    const dLng = cos < 1e-6 ? 180 : Math.min(180, km / (KM_PER_DEGREE * cos));
    const lat0 = Math.floor((lat - dLat) / CELL_DEG);
    const lat1 = Math.floor((lat + dLat) / CELL_DEG);
    const lng0 = Math.floor((lng - dLng) / CELL_DEG);
    const lng1 = Math.min(lng0 + LNG_CELLS - 1, Math.floor((lng + dLng) / CELL_DEG));
    const count = (lat1 - lat0 + 1) * (lng1 - lng0 + 1);
    if (count > grid.size * 2 && count > 64) return null;
    const half = LNG_CELLS / 2;
    // A cell whose nearest point is clearly out of range is skipped (the margin covers the
    // small difference between the clamped point and the true nearest point of the cell).
    const reach = km * 1.01 + 0.1;
    const out: EngineerData[][] = [];
    for (let a = lat0; a <= lat1; a++) {
      const cLat = Math.min(Math.max(lat, a * CELL_DEG), (a + 1) * CELL_DEG);
      for (let b = lng0; b <= lng1; b++) {
        // Wrap across the antimeridian.
        const wrapped = ((((b + half) % LNG_CELLS) + LNG_CELLS) % LNG_CELLS) - half;
        const cell = grid.get(cellKey(a, wrapped));
        if (!cell) continue;
        const cLng = Math.min(Math.max(lng, b * CELL_DEG), (b + 1) * CELL_DEG);
        if (haversineKm(lat, lng, cLat, cLng) > reach) continue;
        out.push(cell);
      }
    }
    return out;
  }

  engineersWithin(point: LatLng, km: number): EngineerData[] {
    const out: EngineerData[] = [];
    const cells = this.cellsNear(point.lat, point.lng, km) ?? [this.engineers as EngineerData[]];
    for (const cell of cells) {
      for (const e of cell) {
        const l = e.location;
        if (l && haversineKm(point.lat, point.lng, l.lat, l.lng) <= km) out.push(e);
      }
    }
    return out;
  }
}

export function createDirectory(data: DirectoryData): Directory {
  return new DirectoryImpl(data);
}

/** The implementation behind the public interface (every Directory is made by createDirectory). */
export function impl(dir: Directory): DirectoryImpl {
  if ((dir as Partial<Record<typeof DIRECTORY_BRAND, boolean>>)[DIRECTORY_BRAND] === true) return dir as DirectoryImpl;
  throw new TypeError('a Directory must come from createDirectory()');
}
