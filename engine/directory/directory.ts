// The directory: service groups, providers, engineers, users and custom fields. Deactivating keeps
// rows (and so history) intact; nothing here deletes.
import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { hashPassword } from 'better-auth/crypto';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { NotFoundError, ValidationError } from '../errors';
import type {
  CustomFieldInput,
  EngineerInput,
  ProviderInput,
  ServiceGroupInput,
  UserInput,
} from './directory.schema';

const PROVIDER_ROLES: s.Role[] = ['provider_dispatcher', 'provider_engineer'];

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

export async function createServiceGroup(db: Db, input: ServiceGroupInput) {
  return db.transaction(async (tx) => {
    await assertUnique(tx, s.serviceGroups, 'name', input.name, null, `A service group named "${input.name}" already exists`);
    await checkGroupReferences(tx, input);
    const [row] = await tx
      .insert(s.serviceGroups)
      .values({ name: input.name, kind: input.kind, description: input.description, region: input.region })
      .returning();
    await writeGroupMembership(tx, row.id, input);
    return row;
  });
}

export async function updateServiceGroup(db: Db, id: string, input: ServiceGroupInput) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(s.serviceGroups).where(eq(s.serviceGroups.id, id));
    if (!existing) throw new NotFoundError('Service group', id);
    if (existing.kind !== input.kind) {
      throw new ValidationError('A group keeps its kind', { kind: ['A group keeps its kind; create a new group instead'] });
    }
    await assertUnique(tx, s.serviceGroups, 'name', input.name, id, `A service group named "${input.name}" already exists`);
    await checkGroupReferences(tx, input);
    const [row] = await tx
      .update(s.serviceGroups)
      .set({ name: input.name, description: input.description, region: input.region })
      .where(eq(s.serviceGroups.id, id))
      .returning();
    await writeGroupMembership(tx, id, input);
    return row;
  });
}

export async function setServiceGroupActive(db: Db, id: string, active: boolean) {
  const [row] = await db.update(s.serviceGroups).set({ active }).where(eq(s.serviceGroups.id, id)).returning();
  if (!row) throw new NotFoundError('Service group', id);
  return row;
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

export async function createProvider(db: Db, input: ProviderInput) {
  return db.transaction(async (tx) => {
    await assertUnique(tx, s.serviceProviders, 'name', input.name, null, `A provider named "${input.name}" already exists`);
    await assertUnique(tx, s.serviceProviders, 'tenantId', input.tenantId, null, `Tenant id "${input.tenantId}" is already connected`);
    const [row] = await tx.insert(s.serviceProviders).values({ ...input, contactEmail: input.contactEmail ?? null }).returning();
    return row;
  });
}

export async function updateProvider(db: Db, id: string, input: ProviderInput) {
  return db.transaction(async (tx) => {
    await assertUnique(tx, s.serviceProviders, 'name', input.name, id, `A provider named "${input.name}" already exists`);
    await assertUnique(tx, s.serviceProviders, 'tenantId', input.tenantId, id, `Tenant id "${input.tenantId}" is already connected`);
    const [row] = await tx
      .update(s.serviceProviders)
      .set({ ...input, contactEmail: input.contactEmail ?? null })
      .where(eq(s.serviceProviders.id, id))
      .returning();
    if (!row) throw new NotFoundError('Service provider', id);
    return row;
  });
}

export async function setProviderActive(db: Db, id: string, active: boolean) {
  const [row] = await db.update(s.serviceProviders).set({ active }).where(eq(s.serviceProviders.id, id)).returning();
  if (!row) throw new NotFoundError('Service provider', id);
  return row;
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
});

export async function createEngineer(db: Db, input: EngineerInput, now = new Date()) {
  return db.transaction(async (tx) => {
    await checkEngineerReferences(tx, input, null);
    const [row] = await tx.insert(s.engineers).values(engineerValues(input, now)).returning();
    return row;
  });
}

export async function updateEngineer(db: Db, id: string, input: EngineerInput, now = new Date()) {
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
    return row;
  });
}

export async function setEngineerActive(db: Db, id: string, active: boolean) {
  const [row] = await db.update(s.engineers).set({ active }).where(eq(s.engineers.id, id)).returning();
  if (!row) throw new NotFoundError('Engineer', id);
  return row;
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

async function writePermissions(db: DbOrTx, userId: string, permissions: s.Permission[], grantedBy: string | null) {
  await db.delete(s.userPermissions).where(eq(s.userPermissions.userId, userId));
  if (permissions.length) {
    await db.insert(s.userPermissions).values([...new Set(permissions)].map((permission) => ({ userId, permission, grantedBy })));
  }
}

export async function createUser(db: Db, input: UserInput, actorId: string | null) {
  if (!input.password) throw new ValidationError('Password required', { password: ['A new user needs a password'] });
  const hash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await checkUserInput(tx, input, null);
    const [row] = await tx
      .insert(s.users)
      .values({ name: input.name, email: input.email, role: input.role, providerId: input.providerId, emailVerified: true })
      .returning();
    await tx.insert(s.accounts).values({ userId: row.id, accountId: row.id, providerId: 'credential', password: hash });
    await writePermissions(tx, row.id, input.permissions, actorId);
    return row;
  });
}

export async function updateUser(db: Db, id: string, input: UserInput, actorId: string | null) {
  const hash = input.password ? await hashPassword(input.password) : null;
  return db.transaction(async (tx) => {
    await checkUserInput(tx, input, id);
    const [row] = await tx
      .update(s.users)
      .set({ name: input.name, email: input.email, role: input.role, providerId: input.providerId })
      .where(eq(s.users.id, id))
      .returning();
    if (!row) throw new NotFoundError('User', id);
    if (hash) {
      await tx
        .update(s.accounts)
        .set({ password: hash })
        .where(and(eq(s.accounts.userId, id), eq(s.accounts.providerId, 'credential')));
    }
    await writePermissions(tx, id, input.permissions, actorId);
    return row;
  });
}

/** Deactivating a user also ends their sessions; their history stays. */
export async function setUserActive(db: Db, id: string, active: boolean, actorId: string | null = null) {
  if (!active && actorId === id) throw new ValidationError('You cannot deactivate your own sign-in', { id: ['Ask another admin to do it'] });
  return db.transaction(async (tx) => {
    const [row] = await tx.update(s.users).set({ active }).where(eq(s.users.id, id)).returning();
    if (!row) throw new NotFoundError('User', id);
    if (!active) await tx.delete(s.sessions).where(eq(s.sessions.userId, id));
    return row;
  });
}

// ---------------------------------------------------------------------------------------------
// Custom fields and the SLA policy
// ---------------------------------------------------------------------------------------------
export async function listCustomFields(db: Db) {
  return db.select().from(s.customFieldDefs).orderBy(asc(s.customFieldDefs.label));
}

export async function createCustomField(db: Db, input: CustomFieldInput) {
  return db.transaction(async (tx) => {
    await assertUnique(tx, s.customFieldDefs, 'name', input.name, null, `A custom field named "${input.name}" already exists`);
    const [row] = await tx.insert(s.customFieldDefs).values(input).returning();
    return row;
  });
}

export async function updateCustomField(db: Db, id: string, input: CustomFieldInput) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(s.customFieldDefs).where(eq(s.customFieldDefs.id, id));
    if (!existing) throw new NotFoundError('Custom field', id);
    // Rules and stored orders refer to the name and rely on the type.
    if (existing.name !== input.name) throw new ValidationError('Name is fixed', { name: ['A field keeps its name once created'] });
    if (existing.type !== input.type) throw new ValidationError('Type is fixed', { type: ['A field keeps its type once created'] });
    const [row] = await tx.update(s.customFieldDefs).set(input).where(eq(s.customFieldDefs.id, id)).returning();
    return row;
  });
}

export async function setCustomFieldActive(db: Db, id: string, active: boolean) {
  const [row] = await db.update(s.customFieldDefs).set({ active }).where(eq(s.customFieldDefs.id, id)).returning();
  if (!row) throw new NotFoundError('Custom field', id);
  return row;
}

export async function getSlaPolicies(db: Db) {
  return db.select().from(s.slaPolicies);
}

export async function updateSlaPolicies(
  db: Db,
  policies: { priority: s.Priority; respondMinutes: number; resolveMinutes: number }[],
) {
  const errors: Record<string, string[]> = {};
  policies.forEach((p, i) => {
    if (p.resolveMinutes < p.respondMinutes) errors[`policies.${i}.resolveMinutes`] = ['Resolve-by cannot come before respond-by'];
  });
  if (new Set(policies.map((p) => p.priority)).size !== policies.length) errors.policies = ['One policy for every priority'];
  if (Object.keys(errors).length) throw new ValidationError('The SLA policy is not valid', errors);
  return db.transaction(async (tx) => {
    for (const p of policies) {
      await tx
        .insert(s.slaPolicies)
        .values(p)
        .onConflictDoUpdate({ target: s.slaPolicies.priority, set: { respondMinutes: p.respondMinutes, resolveMinutes: p.resolveMinutes } });
    }
    return tx.select().from(s.slaPolicies);
  });
}
