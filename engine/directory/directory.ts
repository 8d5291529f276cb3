// The directory: service groups, providers, engineers, users and custom fields. Deactivating keeps
// rows (and so history) intact; nothing here deletes.
import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { hashPassword } from 'better-auth/crypto';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { recordAudit, recordAuditMany, type AuditActor, type AuditEntry } from '../audit';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type {
  CustomFieldInput,
  EngineerInput,
  ProviderInput,
  ServiceGroupInput,
  UserInput,
} from './directory.schema';

const PROVIDER_ROLES: s.Role[] = ['provider_dispatcher', 'provider_engineer'];

/** A row as the audit log keeps it: its fields without the bookkeeping times. */
function plain<T extends Record<string, unknown>>(row: T): Omit<T, 'createdAt' | 'updatedAt'> {
  const { createdAt: _c, updatedAt: _u, ...rest } = row as T & { createdAt?: unknown; updatedAt?: unknown };
  return rest;
}

/** Refuses a value already taken by another row, naming the field. */
async function assertUnique(
  db: DbOrTx,
  table: typeof s.serviceGroups | typeof s.serviceProviders | typeof s.users | typeof s.customFieldDefs,
  column: 'name' | 'email' | 'tenantId',
  value: string,
  exceptId: string | null,
  message: string,
) {
  const col = (table as unknown as Record<string, AnyPgColumn>)[column];
  const idCol = (table as unknown as Record<string, AnyPgColumn>).id;
  const rows = await db
    .select({ id: idCol })
    .from(table as typeof s.users)
    .where(and(sql`lower(${col}) = lower(${value})`, exceptId ? ne(idCol, exceptId) : undefined))
    .limit(1);
  if (rows.length) throw new ValidationError(message, { [column]: [message] });
}

// ---------------------------------------------------------------------------------------------
// Service groups
// ---------------------------------------------------------------------------------------------
export async function listServiceGroups(db: Db) {
  const groups = await db.select().from(s.serviceGroups).orderBy(asc(s.serviceGroups.name));
  const members = await db.select().from(s.serviceGroupMembers);
  const dispatchers = await db
    .select({ groupId: s.serviceGroupDispatchers.groupId, userId: s.users.id, name: s.users.name })
    .from(s.serviceGroupDispatchers)
    .innerJoin(s.users, eq(s.users.id, s.serviceGroupDispatchers.userId));
  return groups.map((g) => ({
    ...g,
    memberIds: members.filter((m) => m.groupId === g.id).map((m) => (m.engineerId ?? m.providerId)!),
    dispatchers: dispatchers.filter((d) => d.groupId === g.id).map(({ userId, name }) => ({ id: userId, name })),
  }));
}

export async function getServiceGroup(db: Db, id: string) {
  const group = (await listServiceGroups(db)).find((g) => g.id === id);
  if (!group) throw new NotFoundError('Service group', id);
  return group;
}

async function checkGroupReferences(db: DbOrTx, input: ServiceGroupInput) {
  const fieldErrors: Record<string, string[]> = {};
  if (input.memberIds.length) {
    if (input.kind === 'engineers') {
      const found = await db
        .select({ id: s.engineers.id })
        .from(s.engineers)
        .where(and(inArray(s.engineers.id, input.memberIds), isNull(s.engineers.providerId)));
      const missing = input.memberIds.filter((id) => !found.some((f) => f.id === id));
      if (missing.length) fieldErrors.memberIds = [`Not internal engineers: ${missing.join(', ')}`];
    } else {
      const found = await db.select({ id: s.serviceProviders.id }).from(s.serviceProviders).where(inArray(s.serviceProviders.id, input.memberIds));
      const missing = input.memberIds.filter((id) => !found.some((f) => f.id === id));
      if (missing.length) fieldErrors.memberIds = [`Not service providers: ${missing.join(', ')}`];
    }
  }
  if (input.dispatcherIds.length) {
    const found = await db
      .select({ id: s.users.id })
      .from(s.users)
      .where(and(inArray(s.users.id, input.dispatcherIds), eq(s.users.role, 'group_dispatcher')));
    const missing = input.dispatcherIds.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) fieldErrors.dispatcherIds = [`Not service group dispatchers: ${missing.join(', ')}`];
  }
  if (Object.keys(fieldErrors).length) throw new ValidationError('Some members or dispatchers are not valid', fieldErrors);
}

async function writeGroupMembership(db: DbOrTx, groupId: string, input: ServiceGroupInput) {
  await db.delete(s.serviceGroupMembers).where(eq(s.serviceGroupMembers.groupId, groupId));
  await db.delete(s.serviceGroupDispatchers).where(eq(s.serviceGroupDispatchers.groupId, groupId));
  if (input.memberIds.length) {
    await db.insert(s.serviceGroupMembers).values(
      input.memberIds.map((id) => (input.kind === 'engineers' ? { groupId, engineerId: id } : { groupId, providerId: id })),
    );
  }
  if (input.dispatcherIds.length) {
    await db.insert(s.serviceGroupDispatchers).values(input.dispatcherIds.map((userId) => ({ groupId, userId })));
  }
}

/** A group as the audit log shows it: its fields with its members and dispatchers. */
async function groupSnapshot(db: DbOrTx, id: string) {
  const [g] = await db.select().from(s.serviceGroups).where(eq(s.serviceGroups.id, id));
  if (!g) return null;
  const members = await db.select().from(s.serviceGroupMembers).where(eq(s.serviceGroupMembers.groupId, id));
  const dispatchers = await db.select().from(s.serviceGroupDispatchers).where(eq(s.serviceGroupDispatchers.groupId, id));
  return {
    name: g.name,
    kind: g.kind,
    description: g.description,
    region: g.region,
    active: g.active,
    memberIds: members.map((m) => (m.engineerId ?? m.providerId)!).sort(),
    dispatcherIds: dispatchers.map((d) => d.userId).sort(),
  };
}

export async function createServiceGroup(db: Db, input: ServiceGroupInput, actor: AuditActor | null = null) {
  return db.transaction(async (tx) => {
    await assertUnique(tx, s.serviceGroups, 'name', input.name, null, `A service group named "${input.name}" already exists`);
    await checkGroupReferences(tx, input);
    const [row] = await tx
      .insert(s.serviceGroups)
      .values({ name: input.name, kind: input.kind, description: input.description, region: input.region })
      .returning();
    await writeGroupMembership(tx, row.id, input);
    await recordAudit(tx, actor, { action: 'service_group.create', entityType: 'service_group', entityId: row.id, before: null, after: await groupSnapshot(tx, row.id) });
    return row;
  });
}

export async function updateServiceGroup(db: Db, id: string, input: ServiceGroupInput, actor: AuditActor | null = null) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(s.serviceGroups).where(eq(s.serviceGroups.id, id));
    if (!existing) throw new NotFoundError('Service group', id);
    if (existing.kind !== input.kind) {
      throw new ValidationError('A group keeps its kind', { kind: ['A group keeps its kind; create a new group instead'] });
    }
    await assertUnique(tx, s.serviceGroups, 'name', input.name, id, `A service group named "${input.name}" already exists`);
    await checkGroupReferences(tx, input);
    const before = await groupSnapshot(tx, id);
    const [row] = await tx
      .update(s.serviceGroups)
      .set({ name: input.name, description: input.description, region: input.region })
      .where(eq(s.serviceGroups.id, id))
      .returning();
    await writeGroupMembership(tx, id, input);
    await recordAudit(tx, actor, { action: 'service_group.update', entityType: 'service_group', entityId: id, before, after: await groupSnapshot(tx, id) });
    return row;
  });
}

export async function setServiceGroupActive(db: Db, id: string, active: boolean, actor: AuditActor | null = null) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ active: s.serviceGroups.active }).from(s.serviceGroups).where(eq(s.serviceGroups.id, id));
    if (!existing) throw new NotFoundError('Service group', id);
    const [row] = await tx.update(s.serviceGroups).set({ active }).where(eq(s.serviceGroups.id, id)).returning();
    if (existing.active !== active) {
      await recordAudit(tx, actor, { action: `service_group.${active ? 'activate' : 'deactivate'}`, entityType: 'service_group', entityId: id, before: { active: existing.active }, after: { active } });
    }
    return row;
  });
}

// ---------------------------------------------------------------------------------------------
// Service providers
// ---------------------------------------------------------------------------------------------
export async function listProviders(db: Db) {
  const providers = await db.select().from(s.serviceProviders).orderBy(asc(s.serviceProviders.name));
  const counts = await db
    .select({ providerId: s.engineers.providerId, engineers: sql<number>`count(*)::int` })
    .from(s.engineers)
    .where(sql`${s.engineers.providerId} IS NOT NULL`)
    .groupBy(s.engineers.providerId);
  const dispatchers = await db
    .select({ id: s.users.id, name: s.users.name, providerId: s.users.providerId })
    .from(s.users)
    .where(eq(s.users.role, 'provider_dispatcher'));
  return providers.map((p) => ({
    ...p,
    engineerCount: counts.find((c) => c.providerId === p.id)?.engineers ?? 0,
    dispatchers: dispatchers.filter((d) => d.providerId === p.id).map(({ id, name }) => ({ id, name })),
  }));
}

export async function createProvider(db: Db, input: ProviderInput, actor: AuditActor | null = null) {
  return db.transaction(async (tx) => {
    await assertUnique(tx, s.serviceProviders, 'name', input.name, null, `A provider named "${input.name}" already exists`);
    await assertUnique(tx, s.serviceProviders, 'tenantId', input.tenantId, null, `Tenant id "${input.tenantId}" is already connected`);
    const [row] = await tx.insert(s.serviceProviders).values({ ...input, contactEmail: input.contactEmail ?? null }).returning();
    await recordAudit(tx, actor, { action: 'service_provider.create', entityType: 'service_provider', entityId: row.id, before: null, after: plain(row) });
    return row;
  });
}

export async function updateProvider(db: Db, id: string, input: ProviderInput, actor: AuditActor | null = null) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(s.serviceProviders).where(eq(s.serviceProviders.id, id));
    if (!existing) throw new NotFoundError('Service provider', id);
    await assertUnique(tx, s.serviceProviders, 'name', input.name, id, `A provider named "${input.name}" already exists`);
    await assertUnique(tx, s.serviceProviders, 'tenantId', input.tenantId, id, `Tenant id "${input.tenantId}" is already connected`);
    const [row] = await tx
      .update(s.serviceProviders)
      .set({ ...input, contactEmail: input.contactEmail ?? null })
      .where(eq(s.serviceProviders.id, id))
      .returning();
    await recordAudit(tx, actor, { action: 'service_provider.update', entityType: 'service_provider', entityId: id, before: plain(existing), after: plain(row) });
    return row;
  });
}

export async function setProviderActive(db: Db, id: string, active: boolean, actor: AuditActor | null = null) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ active: s.serviceProviders.active }).from(s.serviceProviders).where(eq(s.serviceProviders.id, id));
    if (!existing) throw new NotFoundError('Service provider', id);
    const [row] = await tx.update(s.serviceProviders).set({ active }).where(eq(s.serviceProviders.id, id)).returning();
    if (existing.active !== active) {
      await recordAudit(tx, actor, { action: `service_provider.${active ? 'activate' : 'deactivate'}`, entityType: 'service_provider', entityId: id, before: { active: existing.active }, after: { active } });
    }
    return row;
  });
}

// ---------------------------------------------------------------------------------------------
// Engineers
// ---------------------------------------------------------------------------------------------
export async function listEngineers(db: Db, filter: { providerId?: string | null; search?: string } = {}) {
  const where = [];
  if (filter.providerId !== undefined) {
    where.push(filter.providerId === null ? isNull(s.engineers.providerId) : eq(s.engineers.providerId, filter.providerId));
  }
  if (filter.search) where.push(sql`${s.engineers.name} ILIKE ${'%' + filter.search + '%'}`);
  const rows = await db
    .select({
      engineer: s.engineers,
      providerName: s.serviceProviders.name,
    })
    .from(s.engineers)
    .leftJoin(s.serviceProviders, eq(s.serviceProviders.id, s.engineers.providerId))
    .where(and(...where))
    .orderBy(asc(s.engineers.name));
  return rows.map((r) => ({ ...r.engineer, providerName: r.providerName }));
}

async function checkEngineerReferences(db: DbOrTx, input: EngineerInput, id: string | null) {
  if (input.providerId) {
    const [p] = await db.select({ id: s.serviceProviders.id }).from(s.serviceProviders).where(eq(s.serviceProviders.id, input.providerId));
    if (!p) throw new ValidationError('Unknown provider', { providerId: ['Choose an existing provider'] });
  }
  if (input.userId) {
    const [u] = await db.select().from(s.users).where(eq(s.users.id, input.userId));
    if (!u) throw new ValidationError('Unknown user', { userId: ['Choose an existing user'] });
    const wanted: s.Role = input.providerId ? 'provider_engineer' : 'engineer';
    if (u.role !== wanted) throw new ValidationError('Wrong sign-in', { userId: [`The sign-in must have the ${wanted} role`] });
    const [taken] = await db
      .select({ id: s.engineers.id })
      .from(s.engineers)
      .where(and(eq(s.engineers.userId, input.userId), id ? ne(s.engineers.id, id) : undefined));
    if (taken) throw new ValidationError('Sign-in in use', { userId: ['This sign-in already belongs to another engineer'] });
  }
}

const engineerValues = (input: EngineerInput, now: Date) => ({
  name: input.name,
  email: input.email ?? null,
  phone: input.phone,
  providerId: input.providerId,
  userId: input.userId,
  skills: input.skills,
  status: input.status,
  region: input.region,
  capacity: input.capacity,
  rating: input.rating,
  lat: input.location?.lat ?? null,
  lng: input.location?.lng ?? null,
  locationAt: input.location ? now : null,
  ...(input.workingHours !== undefined ? { workingHours: input.workingHours as s.WeeklyHours | null } : {}),
  ...(input.vehicle !== undefined ? { vehicleId: input.vehicle?.id ?? null, vehicleStatus: input.vehicle?.status ?? null } : {}),
});

/** An engineer as the audit log shows it: what an admin edits, not live counters or positions' times. */
const engineerSnapshot = (e: typeof s.engineers.$inferSelect) => ({
  name: e.name,
  email: e.email,
  phone: e.phone,
  providerId: e.providerId,
  userId: e.userId,
  skills: e.skills,
  status: e.status,
  region: e.region,
  capacity: e.capacity,
  rating: e.rating,
  lat: e.lat,
  lng: e.lng,
  workingHours: e.workingHours,
  vehicle: e.vehicleId ? { id: e.vehicleId, status: e.vehicleStatus } : null,
  active: e.active,
});

export async function createEngineer(db: Db, input: EngineerInput, now = new Date(), actor: AuditActor | null = null) {
  return db.transaction(async (tx) => {
    await checkEngineerReferences(tx, input, null);
    const [row] = await tx.insert(s.engineers).values(engineerValues(input, now)).returning();
    await recordAudit(tx, actor, { action: 'engineer.create', entityType: 'engineer', entityId: row.id, before: null, after: engineerSnapshot(row) });
    return row;
  });
}

export async function updateEngineer(db: Db, id: string, input: EngineerInput, now = new Date(), actor: AuditActor | null = null) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(s.engineers).where(eq(s.engineers.id, id));
    if (!existing) throw new NotFoundError('Engineer', id);
    await checkEngineerReferences(tx, input, id);
    const values = engineerValues(input, now);
    const moved = existing.lat !== values.lat || existing.lng !== values.lng;
    const [row] = await tx
      .update(s.engineers)
      .set({ ...values, locationAt: moved ? values.locationAt : existing.locationAt })
      .where(eq(s.engineers.id, id))
      .returning();
    await recordAudit(tx, actor, { action: 'engineer.update', entityType: 'engineer', entityId: id, before: engineerSnapshot(existing), after: engineerSnapshot(row) });
    return row;
  });
}

export async function setEngineerActive(db: Db, id: string, active: boolean, actor: AuditActor | null = null) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ active: s.engineers.active }).from(s.engineers).where(eq(s.engineers.id, id));
    if (!existing) throw new NotFoundError('Engineer', id);
    const [row] = await tx.update(s.engineers).set({ active }).where(eq(s.engineers.id, id)).returning();
    if (existing.active !== active) {
      await recordAudit(tx, actor, { action: `engineer.${active ? 'activate' : 'deactivate'}`, entityType: 'engineer', entityId: id, before: { active: existing.active }, after: { active } });
    }
    return row;
  });
}

// ---------------------------------------------------------------------------------------------
// Users, roles and permissions
// ---------------------------------------------------------------------------------------------
export async function listUsers(db: Db) {
  const users = await db.select().from(s.users).orderBy(asc(s.users.name));
  const permissions = await db.select().from(s.userPermissions);
  return users.map((u) => ({ ...u, permissions: permissions.filter((p) => p.userId === u.id).map((p) => p.permission) }));
}

export async function listRoles(db: Db) {
  return db.select().from(s.roles);
}

async function checkUserInput(db: DbOrTx, input: UserInput, id: string | null) {
  await assertUnique(db, s.users, 'email', input.email, id, `${input.email} already has a sign-in`);
  if (PROVIDER_ROLES.includes(input.role) && !input.providerId) {
    throw new ValidationError('Provider required', { providerId: ['Provider dispatchers and engineers belong to a provider'] });
  }
  if (!PROVIDER_ROLES.includes(input.role) && input.providerId) {
    throw new ValidationError('No provider for this role', { providerId: ['Only provider roles belong to a provider'] });
  }
  if (input.providerId) {
    const [p] = await db.select({ id: s.serviceProviders.id }).from(s.serviceProviders).where(eq(s.serviceProviders.id, input.providerId));
    if (!p) throw new ValidationError('Unknown provider', { providerId: ['Choose an existing provider'] });
  }
}

/**
 * Sets a user's permissions, touching only those granted or removed (the others keep who granted
 * them and when); answers the lists before and after (sorted).
 */
async function writePermissions(db: DbOrTx, userId: string, permissions: s.Permission[], grantedBy: string | null) {
  const before = (await db.select({ p: s.userPermissions.permission }).from(s.userPermissions).where(eq(s.userPermissions.userId, userId)))
    .map((r) => r.p)
    .sort();
  const after = [...new Set(permissions)].sort();
  const removed = before.filter((p) => !after.includes(p));
  const granted = after.filter((p) => !before.includes(p));
  if (removed.length) {
    await db.delete(s.userPermissions).where(and(eq(s.userPermissions.userId, userId), inArray(s.userPermissions.permission, removed)));
  }
  if (granted.length) {
    await db.insert(s.userPermissions).values(granted.map((permission) => ({ userId, permission, grantedBy })));
  }
  return { before, after };
}

/** The audit entry of a permission change, or none when nothing changed. */
function permissionAudit(userId: string, before: s.Permission[], after: s.Permission[]): AuditEntry[] {
  const granted = after.filter((p) => !before.includes(p));
  const removed = before.filter((p) => !after.includes(p));
  if (!granted.length && !removed.length) return [];
  const action = granted.length && removed.length ? 'permission.update' : granted.length ? 'permission.grant' : 'permission.remove';
  return [{ action, entityType: 'permission', entityId: userId, before: { permissions: before }, after: { permissions: after, granted, removed } }];
}

const userSnapshot = (u: typeof s.users.$inferSelect) => ({
  name: u.name,
  email: u.email,
  role: u.role,
  providerId: u.providerId,
  active: u.active,
});

/**
 * Permissions are never self-granted (DESIGN.md, "Security model"): an admin changes neither their
 * own permissions nor their own role; another admin holding manage_users does that.
 */
function assertNotSelfChange(actor: AuditActor | null, id: string, existing: typeof s.users.$inferSelect, input: UserInput, currentPermissions: s.Permission[]) {
  if (!actor || actor.id !== id) return;
  const wanted = [...new Set(input.permissions)].sort();
  if (wanted.join() !== [...currentPermissions].sort().join()) {
    throw new ForbiddenError('You cannot change your own permissions: another admin holding manage_users must do it');
  }
  if (input.role !== existing.role) {
    throw new ForbiddenError('You cannot change your own role: another admin holding manage_users must do it');
  }
}

export async function createUser(db: Db, input: UserInput, actor: AuditActor | null) {
  if (!input.password) throw new ValidationError('Password required', { password: ['A new user needs a password'] });
  const hash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await checkUserInput(tx, input, null);
    const [row] = await tx
      .insert(s.users)
      .values({ name: input.name, email: input.email, role: input.role, providerId: input.providerId, emailVerified: true })
      .returning();
    await tx.insert(s.accounts).values({ userId: row.id, accountId: row.id, providerId: 'credential', password: hash });
    const permissions = await writePermissions(tx, row.id, input.permissions, actor?.id ?? null);
    await recordAuditMany(tx, actor, [
      { action: 'user.create', entityType: 'user', entityId: row.id, before: null, after: { ...userSnapshot(row), permissions: permissions.after } },
      ...permissionAudit(row.id, permissions.before, permissions.after),
    ]);
    return row;
  });
}

/**
 * Edits a user. A new password (an admin's reset) ends all of that user's sessions, in the same
 * transaction; the log records that a reset happened, never the password or its hash.
 */
export async function updateUser(db: Db, id: string, input: UserInput, actor: AuditActor | null) {
  const hash = input.password ? await hashPassword(input.password) : null;
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(s.users).where(eq(s.users.id, id));
    if (!existing) throw new NotFoundError('User', id);
    const current = (await tx.select({ p: s.userPermissions.permission }).from(s.userPermissions).where(eq(s.userPermissions.userId, id))).map(
      (r) => r.p,
    );
    assertNotSelfChange(actor, id, existing, input, current);
    await checkUserInput(tx, input, id);
    const [row] = await tx
      .update(s.users)
      .set({ name: input.name, email: input.email, role: input.role, providerId: input.providerId })
      .where(eq(s.users.id, id))
      .returning();
    const entries: AuditEntry[] = [];
    const before = userSnapshot(existing);
    const after = userSnapshot(row);
    const changed = (['name', 'email', 'providerId'] as const).filter((k) => before[k] !== after[k]);
    if (changed.length) {
      entries.push({
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      });
    }
    if (before.role !== after.role) entries.push({ action: 'user.role', entityType: 'user', entityId: id, before: { role: before.role }, after: { role: after.role } });
    if (hash) {
      await tx
        .update(s.accounts)
        .set({ password: hash })
        .where(and(eq(s.accounts.userId, id), eq(s.accounts.providerId, 'credential')));
      const ended = await tx.delete(s.sessions).where(eq(s.sessions.userId, id)).returning({ id: s.sessions.id });
      entries.push({ action: 'user.password_reset', entityType: 'user', entityId: id, before: null, after: { passwordReset: true, sessionsEnded: ended.length } });
    }
    const permissions = await writePermissions(tx, id, input.permissions, actor?.id ?? null);
    entries.push(...permissionAudit(id, permissions.before, permissions.after));
    await recordAuditMany(tx, actor, entries);
    return row;
  });
}

/** Deactivating a user also ends their sessions; their history stays. Nobody (de)activates themselves. */
export async function setUserActive(db: Db, id: string, active: boolean, actor: AuditActor | null = null) {
  if (actor?.id === id) {
    throw new ValidationError(active ? 'You cannot change the active flag of your own sign-in' : 'You cannot deactivate your own sign-in', {
      id: ['Ask another admin to do it'],
    });
  }
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ active: s.users.active }).from(s.users).where(eq(s.users.id, id));
    if (!existing) throw new NotFoundError('User', id);
    const [row] = await tx.update(s.users).set({ active }).where(eq(s.users.id, id)).returning();
    const ended = active ? [] : await tx.delete(s.sessions).where(eq(s.sessions.userId, id)).returning({ id: s.sessions.id });
    if (existing.active !== active) {
      await recordAudit(tx, actor, {
        action: active ? 'user.activate' : 'user.deactivate',
        entityType: 'user',
        entityId: id,
        before: { active: existing.active },
        after: active ? { active } : { active, sessionsEnded: ended.length },
      });
    }
    return row;
  });
}

// ---------------------------------------------------------------------------------------------
// Custom fields and the SLA policy
// ---------------------------------------------------------------------------------------------
export async function listCustomFields(db: Db) {
  return db.select().from(s.customFieldDefs).orderBy(asc(s.customFieldDefs.label));
}

export async function createCustomField(db: Db, input: CustomFieldInput, actor: AuditActor | null = null) {
  return db.transaction(async (tx) => {
    await assertUnique(tx, s.customFieldDefs, 'name', input.name, null, `A custom field named "${input.name}" already exists`);
    const [row] = await tx.insert(s.customFieldDefs).values(input).returning();
    await recordAudit(tx, actor, { action: 'custom_field.create', entityType: 'custom_field', entityId: row.id, before: null, after: plain(row) });
    return row;
  });
}

export async function updateCustomField(db: Db, id: string, input: CustomFieldInput, actor: AuditActor | null = null) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(s.customFieldDefs).where(eq(s.customFieldDefs.id, id));
    if (!existing) throw new NotFoundError('Custom field', id);
    // Rules and stored orders refer to the name and rely on the type.
    if (existing.name !== input.name) throw new ValidationError('Name is fixed', { name: ['A field keeps its name once created'] });
    if (existing.type !== input.type) throw new ValidationError('Type is fixed', { type: ['A field keeps its type once created'] });
    const [row] = await tx.update(s.customFieldDefs).set(input).where(eq(s.customFieldDefs.id, id)).returning();
    await recordAudit(tx, actor, { action: 'custom_field.update', entityType: 'custom_field', entityId: id, before: plain(existing), after: plain(row) });
    return row;
  });
}

export async function setCustomFieldActive(db: Db, id: string, active: boolean, actor: AuditActor | null = null) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ active: s.customFieldDefs.active }).from(s.customFieldDefs).where(eq(s.customFieldDefs.id, id));
    if (!existing) throw new NotFoundError('Custom field', id);
    const [row] = await tx.update(s.customFieldDefs).set({ active }).where(eq(s.customFieldDefs.id, id)).returning();
    if (existing.active !== active) {
      await recordAudit(tx, actor, { action: `custom_field.${active ? 'activate' : 'deactivate'}`, entityType: 'custom_field', entityId: id, before: { active: existing.active }, after: { active } });
    }
    return row;
  });
}

export async function getSlaPolicies(db: Db) {
  return db.select().from(s.slaPolicies);
}

export async function updateSlaPolicies(
  db: Db,
  policies: { priority: s.Priority; respondMinutes: number; resolveMinutes: number }[],
  actor: AuditActor | null = null,
) {
  const errors: Record<string, string[]> = {};
  policies.forEach((p, i) => {
    if (p.resolveMinutes < p.respondMinutes) errors[`policies.${i}.resolveMinutes`] = ['Resolve-by cannot come before respond-by'];
  });
  if (new Set(policies.map((p) => p.priority)).size !== policies.length) errors.policies = ['One policy for every priority'];
  if (Object.keys(errors).length) throw new ValidationError('The SLA policy is not valid', errors);
  const bySla = (rows: { priority: s.Priority; respondMinutes: number; resolveMinutes: number }[]) =>
    Object.fromEntries(
      [...rows].sort((a, b) => s.PRIORITIES.indexOf(a.priority) - s.PRIORITIES.indexOf(b.priority)).map((p) => [p.priority, { respondMinutes: p.respondMinutes, resolveMinutes: p.resolveMinutes }]),
    );
  return db.transaction(async (tx) => {
    const before = bySla(await tx.select().from(s.slaPolicies));
    for (const p of policies) {
      await tx
        .insert(s.slaPolicies)
        .values(p)
        .onConflictDoUpdate({ target: s.slaPolicies.priority, set: { respondMinutes: p.respondMinutes, resolveMinutes: p.resolveMinutes } });
    }
    const rows = await tx.select().from(s.slaPolicies);
    const after = bySla(rows);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await recordAudit(tx, actor, { action: 'sla_policy.update', entityType: 'sla_policy', entityId: null, before, after });
    }
    return rows;
  });
}
