// One schema for the whole domain (Postgres dialect). The same tables run on embedded PGlite and
// on a Postgres server; see drizzle/client.ts.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

import {
  ROLES,
  PERMISSIONS,
  PRIORITIES,
  CUSTOMER_TIERS,
  ORDER_SOURCES,
  ORDER_STATUSES,
  ENGINEER_STATUSES,
  GROUP_KINDS,
  ASSIGN_WAYS,
  CUSTOM_FIELD_TYPES,
  ORDER_EVENT_TYPES,
  ACTOR_TYPES,
  API_KEY_SCOPES,
  SIGN_IN_THROTTLE_SCOPES,
  VEHICLE_STATUSES,
  BOOKING_ROLES,
  COMPLIANCE_KINDS,
} from './enums';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES } from '../engine/delivery/model';

export * from './enums';

const id = () =>
  text('id')
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID());
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

// ---------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------
export const roleEnum = pgEnum('role', ROLES);

export const permissionEnum = pgEnum('permission', PERMISSIONS);

export const priorityEnum = pgEnum('priority', PRIORITIES);

export const customerTierEnum = pgEnum('customer_tier', CUSTOMER_TIERS);

export const orderSourceEnum = pgEnum('order_source', ORDER_SOURCES);

export const orderStatusEnum = pgEnum('order_status', ORDER_STATUSES);

export const engineerStatusEnum = pgEnum('engineer_status', ENGINEER_STATUSES);

export const groupKindEnum = pgEnum('service_group_kind', GROUP_KINDS);

export const assignWayEnum = pgEnum('assign_way', ASSIGN_WAYS);

export const customFieldTypeEnum = pgEnum('custom_field_type', CUSTOM_FIELD_TYPES);

export const orderEventTypeEnum = pgEnum('order_event_type', ORDER_EVENT_TYPES);

export const actorTypeEnum = pgEnum('actor_type', ACTOR_TYPES);

export const apiKeyScopeEnum = pgEnum('api_key_scope', API_KEY_SCOPES);

export const vehicleStatusEnum = pgEnum('vehicle_status', VEHICLE_STATUSES);

export const bookingRoleEnum = pgEnum('booking_role', BOOKING_ROLES);

export const signInThrottleScopeEnum = pgEnum('sign_in_throttle_scope', SIGN_IN_THROTTLE_SCOPES);

// ---------------------------------------------------------------------------------------------
// People and sign-in (the four tables better-auth reads and writes, plus roles and permissions)
// ---------------------------------------------------------------------------------------------
export const roles = pgTable('roles', {
  key: roleEnum('key').primaryKey(),
  label: text('label').notNull(),
  description: text('description').notNull(),
});

export const users = pgTable(
  'users',
  {
    id: id(),
    name: text('name').notNull(),
    email: text('email').notNull().unique(),
    emailVerified: boolean('email_verified').notNull().default(false),
    image: text('image'),
    role: roleEnum('role')
      .notNull()
      .default('engineer')
      .references(() => roles.key),
    active: boolean('active').notNull().default(true),
    // A provider dispatcher or provider engineer belongs to one provider.
    providerId: text('provider_id').references(() => serviceProviders.id),
    phone: text('phone'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('users_provider_idx').on(t.providerId)],
);

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    token: text('token').notNull().unique(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const accounts = pgTable(
  'accounts',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
    refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
    scope: text('scope'),
    password: text('password'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('accounts_user_idx').on(t.userId)],
);

export const verifications = pgTable('verifications', {
  id: id(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const userPermissions = pgTable(
  'user_permissions',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    permission: permissionEnum('permission').notNull(),
    grantedBy: text('granted_by').references(() => users.id),
    grantedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.permission] })],
);

/**
 * Failed sign-ins, counted per account (lower-cased e-mail) and per client address, in the
 * database so that every app server sees the same counts. A success clears the account's row.
 */
export const signInThrottle = pgTable(
  'sign_in_throttle',
  {
    scope: signInThrottleScopeEnum('scope').notNull(),
    key: text('key').notNull(),
    failures: integer('failures').notNull().default(0),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('sign_in_throttle_last_failure_idx').on(t.lastFailureAt)],
);

/**
 * Who changed what, when: users, permissions, API keys, flows, rule sets and settings, with the
 * entity before and after. Append-only (a trigger refuses UPDATE and DELETE, migration 0010).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    // No foreign key: the log outlives what it names. The name is kept as it was then.
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_entity_idx').on(t.entityType, t.entityId, t.at),
    index('audit_log_actor_idx').on(t.actorId, t.at),
  ],
);

/** Per-user settings such as the to-do list's displayed columns. */
export const userSettings = pgTable(
  'user_settings',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    value: jsonb('value').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

// ---------------------------------------------------------------------------------------------
// Directory: providers, engineers, service groups
// ---------------------------------------------------------------------------------------------
export const serviceProviders = pgTable('service_providers', {
  id: id(),
  name: text('name').notNull().unique(),
  tenantId: text('tenant_id').notNull().unique(),
  tenantName: text('tenant_name').notNull(),
  regions: text('regions').array().notNull().default(sql`'{}'::text[]`),
  skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
  capacity: integer('capacity').notNull().default(20),
  rating: real('rating').notNull().default(0),
  contactEmail: text('contact_email'),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const engineers = pgTable(
  'engineers',
  {
    id: id(),
    // The engineer's own sign-in, when they have one.
    userId: text('user_id')
      .unique()
      .references(() => users.id),
    providerId: text('provider_id').references(() => serviceProviders.id),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    status: engineerStatusEnum('status').notNull().default('available'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    locationAt: timestamp('location_at', { withTimezone: true }),
    region: text('region').notNull(),
    capacity: integer('capacity').notNull().default(5),
    rating: real('rating').notNull().default(0),
    // Kept by the engine in the same transaction as each assignment, so ranking needs no count query.
    openOrders: integer('open_orders').notNull().default(0),
    assignedToday: integer('assigned_today').notNull().default(0),
    assignedDay: date('assigned_day'),
    lastAssignedAt: timestamp('last_assigned_at', { withTimezone: true }),
    // The engineer's own weekly hours (the shape of schedule_settings.working_hours); null: the company's.
    workingHours: jsonb('working_hours').$type<WeeklyHours>(),
    vehicleId: text('vehicle_id'),
    // Null: no vehicle (`engineer.vehicle.status` is `none`).
    vehicleStatus: vehicleStatusEnum('vehicle_status'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('engineers_provider_idx').on(t.providerId),
    index('engineers_status_idx').on(t.status),
    check('engineers_lat_range', sql`${t.lat} IS NULL OR (${t.lat} BETWEEN -90 AND 90)`),
    check('engineers_lng_range', sql`${t.lng} IS NULL OR (${t.lng} BETWEEN -180 AND 180)`),
  ],
);

/** Days an engineer does not work: whole days in the company's time zone, both ends included. */
export const engineerTimeOff = pgTable(
  'engineer_time_off',
  {
    id: id(),
    engineerId: text('engineer_id')
      .notNull()
      .references(() => engineers.id, { onDelete: 'cascade' }),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    reason: text('reason').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    index('engineer_time_off_engineer_idx').on(t.engineerId, t.startsOn),
    check('engineer_time_off_order', sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);

export const serviceGroups = pgTable('service_groups', {
  id: id(),
  name: text('name').notNull().unique(),
  kind: groupKindEnum('kind').notNull(),
  description: text('description'),
  region: text('region'),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** A member is an engineer (engineer group) or a provider (provider group), never both. */
export const serviceGroupMembers = pgTable(
  'service_group_members',
  {
    groupId: text('group_id')
      .notNull()
      .references(() => serviceGroups.id, { onDelete: 'cascade' }),
    engineerId: text('engineer_id').references(() => engineers.id),
    providerId: text('provider_id').references(() => serviceProviders.id),
    addedAt: createdAt(),
  },
  (t) => [
    uniqueIndex('sgm_group_engineer_uq').on(t.groupId, t.engineerId),
    uniqueIndex('sgm_group_provider_uq').on(t.groupId, t.providerId),
    index('sgm_engineer_idx').on(t.engineerId),
    index('sgm_provider_idx').on(t.providerId),
    check(
      'sgm_one_member',
      sql`(${t.engineerId} IS NULL) <> (${t.providerId} IS NULL)`,
    ),
  ],
);

export const serviceGroupDispatchers = pgTable(
  'service_group_dispatchers',
  {
    groupId: text('group_id')
      .notNull()
      .references(() => serviceGroups.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index('sgd_user_idx').on(t.userId)],
);

// ---------------------------------------------------------------------------------------------
// Configuration: custom fields, SLA policy, flows, rule sets, API keys
// ---------------------------------------------------------------------------------------------
export const customFieldDefs = pgTable('custom_field_defs', {
  id: id(),
  // The name used in rules: order.custom.<name>
  name: text('name').notNull().unique(),
  label: text('label').notNull(),
  type: customFieldTypeEnum('type').notNull(),
  options: text('options').array().notNull().default(sql`'{}'::text[]`),
  required: boolean('required').notNull().default(false),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const slaPolicies = pgTable('sla_policies', {
  priority: priorityEnum('priority').primaryKey(),
  respondMinutes: integer('respond_minutes').notNull(),
  resolveMinutes: integer('resolve_minutes').notNull(),
  updatedAt: updatedAt(),
});

/**
 * Weekly working hours: for each day of the week (0 = Sunday … 6 = Saturday) the shifts as local
 * wall-clock times "HH:MM" in the company's time zone, `end` after `start` (no shift across midnight).
 */
export type WeeklyHours = Record<'0' | '1' | '2' | '3' | '4' | '5' | '6', { start: string; end: string }[]>;

/** The company's scheduling settings: one row (id 'default'). */
export const scheduleSettings = pgTable('schedule_settings', {
  id: text('id').primaryKey().default('default'),
  // IANA zone the working hours and time off are read in.
  timeZone: text('time_zone').notNull().default('America/New_York'),
  workingHours: jsonb('working_hours').$type<WeeklyHours>().notNull(),
  travelSpeedKmh: real('travel_speed_kmh').notNull().default(40),
  travelMinimumMinutes: integer('travel_minimum_minutes').notNull().default(0),
  updatedAt: updatedAt(),
});

/** An order's estimated duration when it names none: by category. */
export const categoryDurations = pgTable(
  'category_durations',
  {
    category: text('category').primaryKey(),
    durationMinutes: integer('duration_minutes').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [check('category_durations_range', sql`${t.durationMinutes} > 0 AND ${t.durationMinutes} <= 10080`)],
);

export const flows = pgTable('flows', {
  id: id(),
  name: text('name').notNull().unique(),
  description: text('description'),
  // The working copy; published versions are frozen in flow_versions.
  draft: jsonb('draft').notNull(),
  draftUpdatedBy: text('draft_updated_by').references(() => users.id),
  draftUpdatedAt: timestamp('draft_updated_at', { withTimezone: true }).notNull().defaultNow(),
  // Orders of this intake (category list, empty = any) start on this flow's latest published version.
  isDefault: boolean('is_default').notNull().default(false),
  archived: boolean('archived').notNull().default(false),
  createdBy: text('created_by').references(() => users.id),
  createdAt: createdAt(),
}, (t) => [
  // At most one default flow.
  uniqueIndex('flows_one_default_uq').on(t.isDefault).where(sql`${t.isDefault}`),
]);

export const flowVersions = pgTable(
  'flow_versions',
  {
    id: id(),
    flowId: text('flow_id')
      .notNull()
      .references(() => flows.id),
    version: integer('version').notNull(),
    graph: jsonb('graph').notNull(),
    publishedBy: text('published_by').references(() => users.id),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('flow_versions_flow_version_uq').on(t.flowId, t.version)],
);

export const ruleSets = pgTable('rule_sets', {
  id: id(),
  name: text('name').notNull().unique(),
  description: text('description'),
  draftSource: text('draft_source').notNull().default(''),
  draftUpdatedBy: text('draft_updated_by').references(() => users.id),
  draftUpdatedAt: timestamp('draft_updated_at', { withTimezone: true }).notNull().defaultNow(),
  archived: boolean('archived').notNull().default(false),
  createdBy: text('created_by').references(() => users.id),
  createdAt: createdAt(),
});

export const ruleSetVersions = pgTable(
  'rule_set_versions',
  {
    id: id(),
    ruleSetId: text('rule_set_id')
      .notNull()
      .references(() => ruleSets.id),
    version: integer('version').notNull(),
    source: text('source').notNull(),
    publishedBy: text('published_by').references(() => users.id),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('rule_set_versions_uq').on(t.ruleSetId, t.version)],
);

export const apiKeys = pgTable('api_keys', {
  id: id(),
  name: text('name').notNull(),
  // The first characters of the key, shown so people can tell keys apart; the key itself is never stored.
  prefix: text('prefix').notNull(),
  hash: text('hash').notNull().unique(),
  // Chosen at creation; a key without read_all reads only the orders it created.
  scopes: apiKeyScopeEnum('scopes').array().notNull().default(sql`'{create,read_own}'::api_key_scope[]`),
  createdBy: text('created_by').references(() => users.id),
  createdAt: createdAt(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

// ---------------------------------------------------------------------------------------------
// Work orders, their history and notifications
// ---------------------------------------------------------------------------------------------
export const workOrders = pgTable(
  'work_orders',
  {
    id: id(),
    number: text('number').notNull().unique(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    category: text('category').notNull(),
    priority: priorityEnum('priority').notNull(),
    customerName: text('customer_name').notNull(),
    customerTier: customerTierEnum('customer_tier').notNull().default('Standard'),
    street: text('street').notNull().default(''),
    city: text('city').notNull().default(''),
    region: text('region').notNull().default(''),
    postcode: text('postcode').notNull().default(''),
    // Who to ask for on site (the customer's contact), as sent at intake; empty when none was given.
    contactName: text('contact_name').notNull().default(''),
    contactPhone: text('contact_phone').notNull().default(''),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    requiredSkills: text('required_skills').array().notNull().default(sql`'{}'::text[]`),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
    // Diagnostic readings sent at intake (engine/orders/diagnostics.ts checks them), in the order sent.
    diagnostics: jsonb('diagnostics').$type<{ name: string; value: number | string; unit: string | null; time: string }[]>().notNull().default([]),
    source: orderSourceEnum('source').notNull(),
    status: orderStatusEnum('status').notNull().default('new'),
    respondBy: timestamp('respond_by', { withTimezone: true }).notNull(),
    resolveBy: timestamp('resolve_by', { withTimezone: true }).notNull(),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    respondBreachedAt: timestamp('respond_breached_at', { withTimezone: true }),
    resolveBreachedAt: timestamp('resolve_breached_at', { withTimezone: true }),
    // The customer's service window, and the estimated work time (null: not scheduled).
    windowStart: timestamp('window_start', { withTimezone: true }),
    windowEnd: timestamp('window_end', { withTimezone: true }),
    durationMinutes: integer('duration_minutes'),
    // Insights' facts of the dispatch history, kept by the engine as it writes the history
    // (engine/insights/facts.ts): the first assignment, its way, the first automatic assignment's
    // rule, the last event changing who holds the order, and how many events overrode a rule.
    firstAssignedAt: timestamp('first_assigned_at', { withTimezone: true }),
    firstWay: text('first_way'),
    firstRule: text('first_rule'),
    lastDecision: text('last_decision'),
    overrides: integer('overrides').notNull().default(0),
    // No foreign keys to the flow, its version or the API key: every new order would lock those
    // few shared rows (MultiXact contention on the hot path). They are never deleted instead:
    // published flows, versions and API keys are refused deletion by triggers (migration 0007).
    flowId: text('flow_id'),
    flowVersionId: text('flow_version_id'),
    currentNodeId: text('current_node_id'),
    // Nodes passed, in order: declines and rejects send the order back along this path.
    nodePath: text('node_path').array().notNull().default(sql`'{}'::text[]`),
    // When the order entered its current node; the queue's waiting time counts from here.
    nodeEnteredAt: timestamp('node_entered_at', { withTimezone: true }),
    serviceGroupId: text('service_group_id').references(() => serviceGroups.id),
    providerId: text('provider_id').references(() => serviceProviders.id),
    engineerId: text('engineer_id').references(() => engineers.id),
    collaboratorIds: text('collaborator_ids').array().notNull().default(sql`'{}'::text[]`),
    // Dispatch fields, under their API names (DESIGN.md).
    assign_user: text('assign_user').references(() => users.id),
    assign_way: assignWayEnum('assign_way'),
    assign_time: timestamp('assign_time', { withTimezone: true }),
    field_partner: text('field_partner').references(() => serviceProviders.id),
    field_outDealUser: text('field_out_deal_user').references(() => engineers.id),
    field_downstreamOuterTenantName: text('field_downstream_outer_tenant_name'),
    field_downstreamOuterTenantId: text('field_downstream_outer_tenant_id'),
    apiKeyId: text('api_key_id'),
    idempotencyKey: text('idempotency_key'),
    // sha256 of the intake request that created the order under its idempotency key: a repeat with another body is refused.
    requestHash: text('request_hash'),
    createdBy: text('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    // Optimistic concurrency: every engine write checks and bumps it.
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('wo_queue_idx').on(t.currentNodeId, t.status),
    index('wo_engineer_idx').on(t.engineerId, t.status),
    index('wo_group_idx').on(t.serviceGroupId, t.status),
    index('wo_provider_idx').on(t.providerId, t.status),
    index('wo_resolve_by_idx').on(t.resolveBy),
    index('wo_respond_by_idx').on(t.respondBy),
    index('wo_flow_version_idx').on(t.flowVersionId),
    index('wo_created_at_idx').on(t.createdAt),
    // The dispatchers' queues: pending orders by step, in SLA order (engine/queues).
    index('wo_pending_queue_idx').on(t.flowId, t.currentNodeId, t.resolveBy).where(sql`${t.status} = 'pending_assignment'`),
    // The queue page's counts and pickers (engine/queues listQueues, queueFilterOptions, the to-do
    // list's total): every column they read of a pending order, so they scan this index only.
    index('wo_pending_queue_counts_idx')
      .on(t.flowId, t.currentNodeId, t.nodeEnteredAt, t.category, t.region, t.serviceGroupId, t.providerId)
      .where(sql`${t.status} = 'pending_assignment'`),
    uniqueIndex('wo_idempotency_uq').on(t.apiKeyId, t.idempotencyKey),
    check('wo_window_order', sql`${t.windowStart} IS NULL OR ${t.windowEnd} IS NULL OR ${t.windowEnd} > ${t.windowStart}`),
    check('wo_duration_range', sql`${t.durationMinutes} IS NULL OR (${t.durationMinutes} > 0 AND ${t.durationMinutes} <= 10080)`),
  ],
);

/**
 * An engineer's slot taken by an order: [starts_at, ends_at). One per engineer per order (the owner's
 * and each collaborator's, same slot). Two bookings of one engineer never overlap: an exclusion
 * constraint (btree_gist, migration 0015) refuses it. A freed booking is deleted; history keeps it.
 */
export const bookings = pgTable(
  'bookings',
  {
    id: id(),
    orderId: text('order_id')
      .notNull()
      .references(() => workOrders.id),
    engineerId: text('engineer_id')
      .notNull()
      .references(() => engineers.id),
    role: bookingRoleEnum('role').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('bookings_order_engineer_uq').on(t.orderId, t.engineerId),
    index('bookings_engineer_idx').on(t.engineerId, t.startsAt),
    index('bookings_starts_idx').on(t.startsAt),
    check('bookings_order', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

export type BookingRow = typeof bookings.$inferSelect;

/** A work order as the engine reads and writes it: one row of `work_orders`. */
export type OrderRow = typeof workOrders.$inferSelect;

/** Engineers and providers who declined or rejected an order at a node stay out of its candidates there. */
export const orderExclusions = pgTable(
  'order_exclusions',
  {
    orderId: text('order_id')
      .notNull()
      .references(() => workOrders.id),
    nodeId: text('node_id').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.nodeId, t.targetType, t.targetId] })],
);

/**
 * Append-only: the engine inserts, nothing updates or deletes (enforced by a trigger). Events and
 * notifications are written in the same statement as their order, and orders are never deleted
 * (a trigger refuses it), so they hold their order's id without a foreign-key check on every row.
 */
export const orderEvents = pgTable(
  'order_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: text('order_id').notNull(),
    type: orderEventTypeEnum('type').notNull(),
    actorType: actorTypeEnum('actor_type').notNull(),
    actorId: text('actor_id'),
    nodeId: text('node_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.id), index('order_events_type_idx').on(t.type, t.createdAt)],
);


/**
 * The reasons a dispatcher picks from when changing what a rule decided (engine/overrides), edited
 * by admins. A reason is never deleted, only made inactive, so history and the report keep its label.
 */
export const overrideReasons = pgTable('override_reasons', {
  code: text('code').primaryKey(),
  label: text('label').notNull(),
  /** Picking it needs free text too ("Other"). */
  needsText: boolean('needs_text').notNull().default(false),
  active: boolean('active').notNull().default(true),
  position: integer('position').notNull().default(0),
  updatedAt: updatedAt(),
});

/** Outbox: one row per recipient per event, written in the event's transaction. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    recipientId: text('recipient_id')
      .notNull()
      .references(() => users.id),
    orderId: text('order_id'),
    eventId: bigint('event_id', { mode: 'number' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_recipient_idx').on(t.recipientId, t.id),
    uniqueIndex('notifications_event_recipient_uq').on(t.eventId, t.recipientId),
  ],
);

// ---------------------------------------------------------------------------------------------
// Delivery of notifications by web push and e-mail (engine/delivery). The notifications table is
// the outbox; a scan fans each new notification out into one delivery per channel (and per push
// device) that the recipient chose, and workers send them with retries, outside any order's
// transaction.
// ---------------------------------------------------------------------------------------------
export const deliveryChannelEnum = pgEnum('delivery_channel', DELIVERY_CHANNELS);

export const deliveryStatusEnum = pgEnum('delivery_status', DELIVERY_STATUSES);

/** A browser (device) a user turned push on for; the endpoint belongs to one user at a time. */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    endpoint: text('endpoint').notNull().unique(),
    // The browser's keys for the payload encryption (RFC 8291), base64url as the browser gives them.
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    /** Which device this is, as the user's browser described itself ("Chrome on Android"). */
    label: text('label').notNull().default(''),
    createdAt: createdAt(),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
  },
  (t) => [index('push_subscriptions_user_idx').on(t.userId)],
);

/** A user's channels for one kind of notification; no row: the defaults (engine/delivery/model.ts). */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    inApp: boolean('in_app').notNull(),
    push: boolean('push').notNull(),
    email: boolean('email').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/**
 * One notification on one channel to one target (a push subscription's id, or the e-mail address
 * it went to). Holds its notification's id without a foreign key, like the rest of the history.
 */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    notificationId: bigint('notification_id', { mode: 'number' }).notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    channel: deliveryChannelEnum('channel').notNull(),
    target: text('target').notNull(),
    status: deliveryStatusEnum('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    /** While `sending`: when another worker may take it over (this one died mid-send). */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('notification_deliveries_uq').on(t.notificationId, t.channel, t.target),
    // The workers' claim: due deliveries in time order (engine/delivery/send.ts).
    index('notification_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'retrying', 'sending')`),
    // The admins' list of failed deliveries, newest first.
    index('notification_deliveries_status_idx').on(t.status, t.updatedAt),
  ],
);

/** How far the fan-out has come: every notification with an id up to `last_id` is fanned out. */
export const deliveryCursor = pgTable('delivery_cursor', {
  name: text('name').primaryKey(),
  lastId: bigint('last_id', { mode: 'number' }).notNull().default(0),
  updatedAt: updatedAt(),
});

/**
 * Notifications above the cursor already fanned out. Ids are handed out before their transactions
 * commit, so a later id may be visible before an earlier one: the cursor only moves over ids
 * fanned out a while ago, and this table keeps the scan from fanning the newer ones out twice.
 */
export const notificationFanout = pgTable('notification_fanout', {
  notificationId: bigint('notification_id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

// ---------------------------------------------------------------------------------------------
// Compliance fields (engine/compliance): what an admin requires per category before an order is
// completed, and what the engineers entered. Every entry is also an order event (the history).
// ---------------------------------------------------------------------------------------------
export const complianceKindEnum = pgEnum('compliance_kind', COMPLIANCE_KINDS);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** A field an order of `category` must (or may) have filled to be completed, in `position` order. */
export const complianceFields = pgTable(
  'compliance_fields',
  {
    id: id(),
    category: text('category').notNull(),
    label: text('label').notNull(),
    kind: complianceKindEnum('kind').notNull(),
    required: boolean('required').notNull().default(true),
    /** For a number: its unit and the range a reading must be in to complete. */
    unit: text('unit'),
    min: doublePrecision('min'),
    max: doublePrecision('max'),
    position: integer('position').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('compliance_fields_label_uq').on(t.category, t.label),
    index('compliance_fields_category_idx').on(t.category, t.position),
    check('compliance_fields_range', sql`${t.min} IS NULL OR ${t.max} IS NULL OR ${t.min} <= ${t.max}`),
  ],
);

/** A photo or signature entered for an order: the bytes here, or a file in COMPLIANCE_PHOTO_DIR. */
export const compliancePhotos = pgTable(
  'compliance_photos',
  {
    id: id(),
    orderId: text('order_id')
      .notNull()
      .references(() => workOrders.id, { onDelete: 'cascade' }),
    contentType: text('content_type').notNull(),
    byteSize: integer('byte_size').notNull(),
    data: bytea('data'),
    file: text('file'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('compliance_photos_order_idx').on(t.orderId), check('compliance_photos_stored', sql`${t.data} IS NOT NULL OR ${t.file} IS NOT NULL`)],
);

/** The values entered, append-only: a field's latest row (highest id) counts. */
export const complianceValues = pgTable(
  'compliance_values',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => workOrders.id, { onDelete: 'cascade' }),
    fieldId: text('field_id')
      .notNull()
      .references(() => complianceFields.id, { onDelete: 'cascade' }),
    /** A checkbox's true/false, a reading, a text; for a photo or signature (photoId) null, or a typed signature's name. */
    value: jsonb('value').$type<boolean | number | string | null>(),
    photoId: text('photo_id').references(() => compliancePhotos.id),
    /** The phone's id for the entry: sending it again records nothing new. */
    clientEntryId: text('client_entry_id').notNull(),
    enteredBy: text('entered_by').notNull(),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('compliance_values_client_entry_uq').on(t.clientEntryId), index('compliance_values_order_idx').on(t.orderId, t.fieldId, t.id)],
);

/**
 * What publishing a rule set or flow would change: a replay of the last 30 days of decisions at
 * the nodes it affects (engine/impact), its progress while it runs, then its figures. Once the
 * draft it replayed is published, the row names that version: the figures the history shows.
 */
export const publishImpacts = pgTable(
  'publish_impacts',
  {
    id: id(),
    subjectType: text('subject_type').$type<'rule_set' | 'flow'>().notNull(),
    subjectId: text('subject_id').notNull(),
    /** sha256 of the draft replayed (rule set source, or flow graph as stored). */
    draftDigest: text('draft_digest').notNull(),
    /** The published version the draft was compared with (null: none yet). */
    baseVersion: integer('base_version'),
    status: text('status').$type<'running' | 'done' | 'failed'>().notNull().default('running'),
    done: integer('done').notNull().default(0),
    total: integer('total').notNull(),
    error: text('error'),
    figures: jsonb('figures'),
    changes: jsonb('changes'),
    ruleSetVersionId: text('rule_set_version_id').references(() => ruleSetVersions.id),
    flowVersionId: text('flow_version_id').references(() => flowVersions.id),
    createdBy: text('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('publish_impacts_subject_idx').on(t.subjectType, t.subjectId, t.createdAt),
    uniqueIndex('publish_impacts_rule_set_version_uq').on(t.ruleSetVersionId),
    uniqueIndex('publish_impacts_flow_version_uq').on(t.flowVersionId),
    check('publish_impacts_done_range', sql`${t.done} >= 0 AND ${t.done} <= ${t.total}`),
  ],
);
