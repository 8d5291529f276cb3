// The domain's closed value sets, free of any database, React or Next.js import: the schema
// (drizzle/schema.ts, through drizzle/enums.ts), the engine and the UI all read them here.

export const ROLES = [
  'admin',
  'dispatcher',
  'group_dispatcher',
  'provider_dispatcher',
  'engineer',
  'provider_engineer',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = ['reallocate', 'publish_flows', 'publish_rules', 'manage_api_keys', 'manage_users'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const PRIORITIES = ['Low', 'Medium', 'High', 'Urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CUSTOMER_TIERS = ['Standard', 'Gold', 'Platinum'] as const;

export const ORDER_SOURCES = ['portal', 'api', 'phone', 'manual'] as const;
export type OrderSource = (typeof ORDER_SOURCES)[number];

/** Where an order came from, as people read it: the queues, the order page, its history and document, the flow's review setting. */
export const ORDER_SOURCE_LABELS: Record<OrderSource, string> = { portal: 'Portal', api: 'API', phone: 'Phone', manual: 'By hand' };

/** A source's label (an unknown one as stored). */
export const sourceLabel = (source: string) => ORDER_SOURCE_LABELS[source as OrderSource] ?? source;

export const ORDER_STATUSES = [
  'new',
  // Held for a dispatcher's approval before dispatch (the flow's review setting, engine/review).
  'in_review',
  'pending_assignment',
  'assigned',
  'accepted',
  'in_progress',
  'completed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** An order's status as people read it: on screen and on the work-order document. */
export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  new: 'New',
  in_review: 'In review',
  pending_assignment: 'Pending assignment',
  assigned: 'Assigned',
  accepted: 'Accepted',
  in_progress: 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const ENGINEER_STATUSES = ['available', 'busy', 'off_shift', 'on_leave'] as const;
export type EngineerStatus = (typeof ENGINEER_STATUSES)[number];

export const GROUP_KINDS = ['engineers', 'providers'] as const;

export const ASSIGN_WAYS = ['auto', 'manual'] as const;

export const CUSTOM_FIELD_TYPES = ['string', 'number', 'bool', 'time', 'enum', 'list<string>'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export const ORDER_EVENT_TYPES = [
  'created',
  'entered_node',
  'auto_assigned',
  'assigned',
  'queued',
  'reassigned',
  'rejected',
  'reallocated',
  'accepted',
  'declined',
  'started',
  // The engineer stopped work for now (it starts again from accepted).
  'paused',
  'completed',
  'cancelled',
  'sla_breached',
  // Scheduling: a booking made, moved to another slot or engineer, or freed.
  'booked',
  'rescheduled',
  'unbooked',
  // Compliance fields entered on site (engine/compliance).
  'compliance_recorded',
  // A dispatcher changed the order's fields (before and after of each); review: held for approval, approved.
  'edited',
  'held_for_review',
  'approved',
] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

/**
 * The engine's own decisions at a dispatch node: a rule assigned the order, or sent it to a queue
 * (for a person to pick). What "why not" explains and what a backtest or a publish impact replays.
 */
export const ENGINE_DECISION_EVENT_TYPES = ['queued', 'auto_assigned'] as const satisfies readonly OrderEventType[];

/** The kinds of compliance field an admin declares per category (engine/compliance). */
export const COMPLIANCE_KINDS = ['checkbox', 'number', 'text', 'photo', 'signature'] as const;
export type ComplianceKind = (typeof COMPLIANCE_KINDS)[number];

/** An engineer's vehicle: ready to drive, or in the workshop (`engineer.vehicle.status` is `none` without one). */
export const VEHICLE_STATUSES = ['ready', 'maintenance'] as const;
export type VehicleStatus = (typeof VEHICLE_STATUSES)[number];

/** Who a booking is for: the order's engineer, or one of its collaborators (same slot). */
export const BOOKING_ROLES = ['owner', 'collaborator'] as const;
export type BookingRole = (typeof BOOKING_ROLES)[number];

export const ACTOR_TYPES = ['user', 'rule', 'system', 'api'] as const;

/** What an API key may do: create orders, read the orders it created, read every order. */
export const API_KEY_SCOPES = ['create', 'read_own', 'read_all'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** What sign-in failures are counted by: the account's e-mail, or the client's address. */
export const SIGN_IN_THROTTLE_SCOPES = ['account', 'address'] as const;
export type SignInThrottleScope = (typeof SIGN_IN_THROTTLE_SCOPES)[number];
