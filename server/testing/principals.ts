import type { Db } from '../../drizzle/client';
import type * as s from '../../drizzle/schema';
import { DEMO_USERS } from '../../drizzle/seed/demo-data';
import type { Principal } from '../../engine/principal';
import { principalByEmail } from '../../engine/testing';

/** The seeded demo user of a role, as a principal (the seed has one for every role). */
export async function demoPrincipal(db: Db, role: s.Role): Promise<Principal> {
  const email =
    role === 'provider_dispatcher'
      ? 'provider.dispatcher@coolfix.example'
      : DEMO_USERS.find((u) => u.role === role)!.email;
  return principalByEmail(db, email);
}
