// Shared shapes of the rules language: node kinds, positions, diagnostics, field types and
// the directory data exactly as FORMATS.md's *.data.json carries it.

export type NodeKind =
  | 'start'
  | 'gateway'
  | 'assign_service_group'
  | 'group_internal_assign'
  | 'assign_provider'
  | 'provider_assign_engineer'
  | 'assign_provider_engineer'
  | 'assign_engineer'
  | 'engineer_accept'
  | 'field_service'
  | 'end';

export const NODE_KINDS: readonly NodeKind[] = [
  'start',
  'gateway',
  'assign_service_group',
  'group_internal_assign',
  'assign_provider',
  'provider_assign_engineer',
  'assign_provider_engineer',
  'assign_engineer',
  'engineer_accept',
  'field_service',
  'end',
];

export type TargetKind = 'service_group' | 'service_provider' | 'engineer' | 'provider_engineer';

/** DESIGN.md's node table: the rule targets that may fire at each dispatch node. */
export const TARGETS_BY_NODE_KIND: Partial<Record<NodeKind, TargetKind[]>> = {
  assign_service_group: ['service_group'],
  group_internal_assign: ['engineer', 'service_provider'],
  assign_provider: ['service_provider'],
  provider_assign_engineer: ['provider_engineer'],
  assign_provider_engineer: ['provider_engineer'],
  assign_engineer: ['engineer'],
};

/** Dispatch nodes are those where rules may fire; `assign manual` fits every one of them. */
export function isDispatchNodeKind(kind: string): kind is NodeKind {
  return Object.prototype.hasOwnProperty.call(TARGETS_BY_NODE_KIND, kind);
}

/** 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** `end` is exclusive: the position just after the last character of the offending text. */
export interface Range {
  start: Position;
  end: Position;
}

export interface Diagnostic {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  range: Range;
}

export type FieldType =
  | 'string'
  | 'number'
  | 'bool'
  | 'time'
  | 'duration'
  | 'distance'
  | 'point'
  | 'list<string>'
  | 'list<number>'
  | { enum: string[] };

/** An admin-declared field, read as `order.custom.<name>`. */
export interface CustomFieldDef {
  name: string;
  type: FieldType;
}

export interface LatLng {
  lat: number;
  lng: number;
}

export interface ServiceGroupData {
  id: string;
  name: string;
  kind: 'engineers' | 'providers';
  members: string[];
  active?: boolean;
}

export interface ProviderData {
  id: string;
  name: string;
  tenantId: string;
  tenantName: string;
  regions: string[];
  skills: string[];
  openOrders: number;
  capacity: number;
  rating: number;
  assignedToday?: number;
  active?: boolean;
}

export interface EngineerData {
  id: string;
  name: string;
  providerId: string | null;
  skills: string[];
  status: 'available' | 'busy' | 'off_shift' | 'on_leave' | string;
  location: LatLng | null;
  region: string;
  openOrders: number;
  capacity: number;
  rating: number;
  assignedToday?: number;
  lastAssignedAt?: string | null;
  locationAt?: string | null;
  active?: boolean;
  /** Scheduling (FORMATS.md): without a vehicle `engineer.vehicle.status` is `none`. */
  vehicle?: VehicleData | null;
  /** When the engineer works; absent: always available. */
  shifts?: TimeSpanData[];
  /** Slots already taken; absent: free. */
  bookings?: BookingData[];
}

/** A span of time [start, end), ISO-8601 times. */
export interface TimeSpanData {
  start: string;
  end: string;
}

export interface VehicleData {
  id: string;
  status: 'ready' | 'maintenance' | string;
}

/** A slot taken by an order, with where that order is (null: unknown). */
export interface BookingData extends TimeSpanData {
  order: string | null;
  location?: LatLng | null;
}

/** The directory's travel model: great-circle distance at `speedKmh`, never below `minimumMinutes`. */
export interface TravelData {
  speedKmh: number;
  minimumMinutes: number;
}

export interface OrderData {
  id: string;
  number: string;
  title: string;
  category: string;
  priority: 'Low' | 'Medium' | 'High' | 'Urgent' | string;
  source: 'portal' | 'api' | 'phone' | 'manual' | string;
  customer: { name: string; tier: 'Standard' | 'Gold' | 'Platinum' | string };
  address: { city: string; region: string; postcode: string };
  location: LatLng | null;
  requiredSkills: string[];
  tags: string[];
  custom: Record<string, unknown>;
  createdAt: string;
  sla: { respondBy: string; resolveBy: string };
  /** Name of the service group already chosen for the order, if any. */
  serviceGroup?: string | null;
  /** Name of the service provider already chosen for the order, if any. */
  provider?: string | null;
  /** The estimated work time; absent or null: the order is not scheduled. */
  durationMinutes?: number | null;
  /** The customer's service window. */
  window?: TimeSpanData | null;
}

export interface DirectoryData {
  now?: string;
  serviceGroups: ServiceGroupData[];
  providers: ProviderData[];
  engineers: EngineerData[];
  orders?: OrderData[];
  /** Optional: the admin-declared custom fields the orders carry. */
  customFields?: CustomFieldDef[];
  /** Optional: the travel model (default 40 km/h, minimum 0 min). */
  travel?: TravelData;
}

export interface NodeContext {
  id: string;
  kind: NodeKind;
  serviceGroupId?: string | null;
  providerId?: string | null;
  /** Declined or rejected at this node: never candidates again here. */
  excluded?: { engineers?: string[]; providers?: string[]; serviceGroups?: string[] };
}

export interface Assignee {
  type: TargetKind;
  id: string;
  name: string;
}
