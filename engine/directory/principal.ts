import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import type { Principal } from '../principal';

/** The acting user with their scope, or null when the user is unknown or deactivated. */
export async function loadPrincipal(db: DbOrTx, userId: string): Promise<Principal | null> {
  const [user] = await db.select().from(s.users).where(eq(s.users.id, userId));
  if (!user || !user.active) return null;
  const [permissions, groups, engineer] = await Promise.all([
    db.select({ p: s.userPermissions.permission }).from(s.userPermissions).where(eq(s.userPermissions.userId, userId)),
    db.select({ g: s.serviceGroupDispatchers.groupId }).from(s.serviceGroupDispatchers).where(eq(s.serviceGroupDispatchers.userId, userId)),
    db.select({ id: s.engineers.id }).from(s.engineers).where(eq(s.engineers.userId, userId)),
  ]);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    permissions: permissions.map((r) => r.p),
    groupIds: groups.map((r) => r.g),
    providerId: user.providerId,
    engineerId: engineer[0]?.id ?? null,
  };
}
