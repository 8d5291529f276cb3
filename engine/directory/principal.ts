import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import type { Permission } from '../enums';
import type { Principal } from '../principal';

/**
 * The acting user with their scope, or null when the user is unknown or deactivated. Read on every
 * request, so one statement: the user with their permissions, groups and engineer record.
 */
export async function loadPrincipal(db: DbOrTx, userId: string): Promise<Principal | null> {
  const u = s.users;
  const [user] = await db
    .select({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      active: u.active,
      providerId: u.providerId,
      // Written out: drizzle leaves the columns of a one-table select unqualified, which inside a
      // subquery would name the subquery's own table. Permissions as text: node-postgres returns
      // arrays of an enum type unparsed.
      permissions: sql<Permission[]>`array(select p.permission::text from user_permissions p where p.user_id = users.id)`,
      groupIds: sql<string[]>`array(select d.group_id from service_group_dispatchers d where d.user_id = users.id)`,
      engineerId: sql<string | null>`(select e.id from engineers e where e.user_id = users.id)`,
    })
    .from(u)
    .where(eq(u.id, userId));
  if (!user || !user.active) return null;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    permissions: user.permissions,
    groupIds: user.groupIds,
    providerId: user.providerId,
    engineerId: user.engineerId ?? null,
  };
}
