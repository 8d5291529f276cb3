// What the engine's tests on a seeded demo database start from: a demo user as a principal, and
// a new order that the demo company accepts (a Bronx plumbing job on the group-provider-engineer flow).
import { eq } from 'drizzle-orm';
import type { Db } from '../drizzle/client';
import * as s from '../drizzle/schema';
import { loadPrincipal } from './directory/principal';
import type { NewOrderInput } from './dispatch';
import type { Principal } from './principal';

/** The active user with this e-mail address, as a principal. */
export async function principalByEmail(db: Db, email: string): Promise<Principal> {
  const [user] = await db.select().from(s.users).where(eq(s.users.email, email));
  if (!user) throw new Error(`no user ${email}`);
  const principal = await loadPrincipal(db, user.id);
  if (!principal) throw new Error(`user ${email} is not active`);
  return principal;
}

/** A medium-priority plumbing order in the Bronx on flow-group-provider-engineer; `over` replaces fields. */
export function testOrder(over: Partial<NewOrderInput> = {}): NewOrderInput {
  return {
    title: 'Test order',
    description: '',
    category: 'Plumbing',
    priority: 'Medium',
    customer: { name: 'Acme', tier: 'Standard' },
    address: { street: '1 Main St', city: 'Bronx', region: 'North', postcode: '10451' },
    location: { lat: 40.86, lng: -73.89 },
    requiredSkills: [],
    tags: [],
    custom: { contractLevel: 'Basic' },
    flow: 'flow-group-provider-engineer',
    ...over,
  };
}
