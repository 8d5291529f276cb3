import { eq } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { DEMO_USERS } from '../../drizzle/seed/demo-data';
import { loadPrincipal } from '../../engine/directory/principal';
import type { Principal } from '../../engine/principal';

/** The seeded demo user of a role, as a principal (the seed has one for every role). */
export async function demoPrincipal(db: Db, role: s.Role): Promise<Principal> {
  const email =
    role === 'provider_dispatcher'
      ? 'provider.dispatcher@coolfix.example'
      : DEMO_USERS.find((u) => u.role === role)!.email;
  const [user] = await db.select().from(s.users).where(eq(s.users.email, email));
  const principal = await loadPrincipal(db, user.id);
  if (!principal) throw new Error(`demo user ${email} is not active`);
  return principal;
}
