// The field schema: every built-in field of RULES.md with its type, a line of help for
// hovers, and how to read it from the data. Values at run time:
//   time → epoch milliseconds, duration → milliseconds, distance → kilometres,
//   point → {lat, lng}, enum → its string, missing or malformed → null.
import type { CustomFieldDef, EngineerData, FieldType, LatLng, OrderData, ProviderData, ServiceGroupData } from './types';
import type { DirectoryImpl } from './directory';
import { slotEndIn, slotStartIn, type SlotEnv } from './schedule';
import { parseIsoTime } from './time';

export type Ty =
  | { k: 'number' }
  | { k: 'string' }
  | { k: 'bool' }
  | { k: 'time' }
  | { k: 'duration' }
  | { k: 'distance' }
  | { k: 'point' }
  | { k: 'null' }
  | { k: 'unknown' }
  | { k: 'enum'; values: readonly string[] }
  | { k: 'list'; of: Ty };

export const NUMBER: Ty = { k: 'number' };
export const STRING: Ty = { k: 'string' };
export const BOOL: Ty = { k: 'bool' };
export const TIME: Ty = { k: 'time' };
export const DURATION: Ty = { k: 'duration' };
export const DISTANCE: Ty = { k: 'distance' };
export const POINT: Ty = { k: 'point' };
export const NULL: Ty = { k: 'null' };
export const UNKNOWN: Ty = { k: 'unknown' };
export const LIST_STRING: Ty = { k: 'list', of: STRING };
export const LIST_NUMBER: Ty = { k: 'list', of: NUMBER };

export function enumTy(values: readonly string[]): Ty {
  return { k: 'enum', values };
}

export function showType(t: Ty): string {
  switch (t.k) {
    case 'enum':
      return `enum ${t.values.join(', ')}`;
    case 'list':
      return `list<${showType(t.of)}>`;
    default:
      return t.k;
  }
}

export function fromFieldType(t: FieldType): Ty {
  if (typeof t === 'object') return enumTy(t.enum);
  switch (t) {
    case 'list<string>':
      return LIST_STRING;
    case 'list<number>':
      return LIST_NUMBER;
    default:
      return { k: t } as Ty;
  }
}

export function toTime(v: unknown): number | null {
  if (typeof v === 'string') {
    const ms = parseIsoTime(v);
    return ms === ms ? ms : null;
  }
  if (v instanceof Date) {
    const ms = v.getTime();
    return ms === ms ? ms : null;
  }
  return null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
function num(v: unknown): number | null {
  return typeof v === 'number' && v === v ? v : null;
}
function list(v: unknown): unknown[] | null {
  return Array.isArray(v) ? v : null;
}
function point(v: unknown): LatLng | null {
  if (v === null || typeof v !== 'object') return null;
  const p = v as LatLng;
  return typeof p.lat === 'number' && typeof p.lng === 'number' ? p : null;
}

export interface FieldInfo {
  type: Ty;
  doc: string;
}

export interface OrderField extends FieldInfo {
  read: (o: OrderData) => unknown;
}
export interface EngineerField extends FieldInfo {
  /** `env`: the evaluation (the order and time a field such as `earliestStart` depends on). */
  read: (e: EngineerData, dir: DirectoryImpl, env: SlotEnv) => unknown;
}
export interface ProviderField extends FieldInfo {
  read: (p: ProviderData) => unknown;
}
export interface GroupField extends FieldInfo {
  read: (g: ServiceGroupData) => unknown;
}

/**
 * A lookup table without a prototype: `table[name]` and `name in table` see only the names
 * written here, so a rule reading `order.constructor` or `order.__proto__` finds no field
 * instead of something inherited from Object.prototype.
 */
export function ownTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/** `table[name]` if the table itself has that name (never an inherited property), else undefined. */
export function ownEntry<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

export const PRIORITY_VALUES = ['Low', 'Medium', 'High', 'Urgent'] as const;
export const SOURCE_VALUES = ['portal', 'api', 'phone', 'manual'] as const;
export const TIER_VALUES = ['Standard', 'Gold', 'Platinum'] as const;
export const STATUS_VALUES = ['available', 'busy', 'off_shift', 'on_leave'] as const;
export const VEHICLE_STATUS_VALUES = ['ready', 'maintenance', 'none'] as const;

/** Keyed by the path after `order.` (`customer.tier`). */
export const ORDER_FIELDS: Readonly<Record<string, OrderField>> = ownTable<OrderField>({
  id: { type: STRING, doc: 'The work order id.', read: (o) => str(o.id) },
  number: { type: STRING, doc: 'The work order number, e.g. WO-1001.', read: (o) => str(o.number) },
  title: { type: STRING, doc: 'The work order title.', read: (o) => str(o.title) },
  category: { type: STRING, doc: 'The work order category, e.g. HVAC.', read: (o) => str(o.category) },
  priority: { type: enumTy(PRIORITY_VALUES), doc: 'The work order priority.', read: (o) => str(o.priority) },
  source: { type: enumTy(SOURCE_VALUES), doc: 'Where the order came from.', read: (o) => str(o.source) },
  'customer.name': { type: STRING, doc: "The customer's name.", read: (o) => str(o.customer?.name) },
  'customer.tier': { type: enumTy(TIER_VALUES), doc: "The customer's tier.", read: (o) => str(o.customer?.tier) },
  'address.city': { type: STRING, doc: 'City of the service address.', read: (o) => str(o.address?.city) },
  'address.region': { type: STRING, doc: 'Region of the service address.', read: (o) => str(o.address?.region) },
  'address.postcode': { type: STRING, doc: 'Postcode of the service address.', read: (o) => str(o.address?.postcode) },
  location: { type: POINT, doc: 'Where the work is; may be null.', read: (o) => point(o.location) },
  requiredSkills: { type: LIST_STRING, doc: 'Skills the work needs.', read: (o) => list(o.requiredSkills) },
  tags: { type: LIST_STRING, doc: 'Tags on the order.', read: (o) => list(o.tags) },
  createdAt: { type: TIME, doc: 'When the order was created.', read: (o) => toTime(o.createdAt) },
  'sla.respondBy': { type: TIME, doc: 'SLA: respond by.', read: (o) => toTime(o.sla?.respondBy) },
  'sla.resolveBy': { type: TIME, doc: 'SLA: resolve by.', read: (o) => toTime(o.sla?.resolveBy) },
  serviceGroup: {
    type: STRING,
    doc: 'Name of the service group already chosen, or null.',
    read: (o) => str(o.serviceGroup),
  },
  provider: { type: STRING, doc: 'Name of the service provider already chosen, or null.', read: (o) => str(o.provider) },
  duration: {
    type: DURATION,
    doc: 'The estimated work time; null if none (the order is then not scheduled).',
    read: (o) => {
      const d = o.durationMinutes;
      return typeof d === 'number' && d > 0 && Number.isFinite(d) ? d * 60_000 : null;
    },
  },
  'window.start': { type: TIME, doc: "Start of the customer's service window; null if none.", read: (o) => toTime(o.window?.start) },
  'window.end': { type: TIME, doc: "End of the customer's service window; null if none.", read: (o) => toTime(o.window?.end) },
});

/** The string and enum fields of an order, numbered for readOrderString. */
export const ORDER_STRING_FIELDS = [
  'id',
  'number',
  'title',
  'category',
  'priority',
  'source',
  'customer.name',
  'customer.tier',
  'address.city',
  'address.region',
  'address.postcode',
  'serviceGroup',
  'provider',
] as const;

/**
 * One string field of an order by number: a single call site with a switch, which the
 * evaluator can inline, instead of one closure call per field.
 */
export function readOrderString(o: OrderData, id: number): string | null {
  let v: unknown;
  switch (id) {
    case 0:
      v = o.id;
      break;
    case 1:
      v = o.number;
      break;
    case 2:
      v = o.title;
      break;
    case 3:
      v = o.category;
      break;
    case 4:
      v = o.priority;
      break;
    case 5:
      v = o.source;
      break;
    case 6:
      v = o.customer?.name;
      break;
    case 7:
      v = o.customer?.tier;
      break;
    case 8:
      v = o.address?.city;
      break;
    case 9:
      v = o.address?.region;
      break;
    case 10:
      v = o.address?.postcode;
      break;
    case 11:
      v = o.serviceGroup;
      break;
    case 12:
      v = o.provider;
      break;
  }
  return typeof v === 'string' ? v : null;
}

/** The time fields of an order, numbered for readOrderTime. */
export const ORDER_TIME_FIELDS = ['createdAt', 'sla.respondBy', 'sla.resolveBy'] as const;

/** One time field of an order by number, as epoch ms or null (see readOrderString). */
export function readOrderTime(o: OrderData, id: number): number | null {
  const v = id === 0 ? o.createdAt : id === 1 ? o.sla?.respondBy : o.sla?.resolveBy;
  if (typeof v !== 'string') return toTime(v);
  const ms = parseIsoTime(v);
  return ms === ms ? ms : null;
}

export const ENGINEER_FIELDS: Readonly<Record<string, EngineerField>> = ownTable<EngineerField>({
  id: { type: STRING, doc: "The engineer's id.", read: (e) => str(e.id) },
  name: { type: STRING, doc: "The engineer's name.", read: (e) => str(e.name) },
  region: { type: STRING, doc: "The engineer's home region.", read: (e) => str(e.region) },
  provider: {
    type: STRING,
    doc: "Name of the engineer's service provider; null for internal engineers.",
    read: (e, dir) => (e.providerId == null ? null : (dir.providerById.get(e.providerId)?.name ?? null)),
  },
  skills: { type: LIST_STRING, doc: "The engineer's skills.", read: (e) => list(e.skills) },
  groups: {
    type: LIST_STRING,
    doc: 'Names of the service groups the engineer belongs to.',
    read: (e, dir) => dir.groupNamesOf(e.id),
  },
  status: { type: enumTy(STATUS_VALUES), doc: "The engineer's status.", read: (e) => str(e.status) },
  location: { type: POINT, doc: "The engineer's current location; may be null.", read: (e) => point(e.location) },
  openOrders: { type: NUMBER, doc: 'Orders the engineer has open.', read: (e) => num(e.openOrders) },
  capacity: { type: NUMBER, doc: 'How many open orders the engineer can hold.', read: (e) => num(e.capacity) },
  rating: { type: NUMBER, doc: "The engineer's rating.", read: (e) => num(e.rating) },
  assignedToday: { type: NUMBER, doc: 'Orders assigned to the engineer today.', read: (e) => num(e.assignedToday) },
  lastAssignedAt: {
    type: TIME,
    doc: 'When the engineer was last assigned an order; null if never.',
    read: (e) => toTime(e.lastAssignedAt),
  },
  earliestStart: {
    type: TIME,
    doc: "This engineer's earliest slot for the order: when it starts. Null if there is none, or the order has no duration.",
    read: (e, _dir, env) => slotStartIn(e, env),
  },
  earliestEnd: {
    type: TIME,
    doc: "This engineer's earliest slot for the order: when it ends (start + order.duration). Null if there is none, or the order has no duration.",
    read: (e, _dir, env) => slotEndIn(e, env),
  },
  'vehicle.status': {
    type: enumTy(VEHICLE_STATUS_VALUES),
    doc: "The status of the engineer's vehicle; none without a vehicle.",
    read: (e) => {
      const v = e.vehicle;
      if (v == null || typeof v !== 'object') return 'none';
      return typeof v.status === 'string' ? v.status : null;
    },
  },
});

export const PROVIDER_FIELDS: Readonly<Record<string, ProviderField>> = ownTable<ProviderField>({
  id: { type: STRING, doc: "The provider's id.", read: (p) => str(p.id) },
  name: { type: STRING, doc: "The provider's name.", read: (p) => str(p.name) },
  regions: { type: LIST_STRING, doc: 'Regions the provider serves.', read: (p) => list(p.regions) },
  skills: { type: LIST_STRING, doc: "The provider's capabilities.", read: (p) => list(p.skills) },
  openOrders: { type: NUMBER, doc: 'Orders the provider has open.', read: (p) => num(p.openOrders) },
  capacity: { type: NUMBER, doc: 'How many open orders the provider can hold.', read: (p) => num(p.capacity) },
  rating: { type: NUMBER, doc: "The provider's rating.", read: (p) => num(p.rating) },
  assignedToday: { type: NUMBER, doc: 'Orders assigned to the provider today.', read: (p) => num(p.assignedToday) },
});

/** `group` is the service group of the node being evaluated (group_internal_assign), else null. */
export const GROUP_FIELDS: Readonly<Record<string, GroupField>> = ownTable<GroupField>({
  id: { type: STRING, doc: "The node's service group id.", read: (g) => str(g.id) },
  name: { type: STRING, doc: "The node's service group name.", read: (g) => str(g.name) },
  kind: {
    type: enumTy(['engineers', 'providers']),
    doc: 'Whether the group holds engineers or providers.',
    read: (g) => str(g.kind),
  },
});

export const NOW_DOC = 'The time of the evaluation.';

export const FIELDS_BY_ROOT = {
  order: ORDER_FIELDS,
  engineer: ENGINEER_FIELDS,
  provider: PROVIDER_FIELDS,
  group: GROUP_FIELDS,
} as const;

/** Reads a custom field, coercing it to its declared type; anything else is null. */
export function customReader(def: CustomFieldDef): (o: OrderData) => unknown {
  const name = def.name;
  const t = fromFieldType(def.type);
  const raw = (o: OrderData): unknown => {
    const c = o.custom;
    return c != null && typeof c === 'object' && Object.hasOwn(c, name) ? c[name] : undefined;
  };
  switch (t.k) {
    case 'string':
      return (o) => str(raw(o));
    case 'enum': {
      const values = new Set(t.values);
      return (o) => {
        const v = raw(o);
        return typeof v === 'string' && values.has(v) ? v : null;
      };
    }
    case 'number':
      return (o) => num(raw(o));
    case 'bool':
      return (o) => {
        const v = raw(o);
        return typeof v === 'boolean' ? v : null;
      };
    case 'time':
      return (o) => toTime(raw(o));
    case 'duration':
      // Declared durations are stored as minutes.
      return (o) => {
        const v = num(raw(o));
        return v === null ? null : v * 60_000;
      };
    case 'distance':
      // Declared distances are stored as kilometres.
      return (o) => num(raw(o));
    case 'point':
      return (o) => point(raw(o));
    case 'list':
      return (o) => list(raw(o));
    default:
      return () => null;
  }
}

export const DISTANCE_UNITS: Readonly<Record<string, number>> = ownTable({ m: 0.001, km: 1, mi: 1.609344 });
export const DURATION_UNITS: Readonly<Record<string, number>> = ownTable({ min: 60_000, h: 3_600_000, d: 86_400_000 });
