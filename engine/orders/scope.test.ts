// The in-memory scope check (live pings) agrees with the SQL scope every order query uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { demoPrincipal } from '../../server/testing/principals';
import { inOrderScope, orderScope } from './scope';

describe('order scope', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 120, now: new Date('2026-11-21T09:00:00Z') });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it.each(s.ROLES)('inOrderScope sees exactly the orders orderScope lets a %s see', async (role) => {
    const principal = await demoPrincipal(db.db, role);
    const all = await db.db.select().from(s.workOrders);
    const bySql = (await db.db.select({ id: s.workOrders.id }).from(s.workOrders).where(orderScope(principal))).map((r) => r.id).sort();
    const inMemory = all
      .filter((o) =>
        inOrderScope(principal, {
          groups: o.serviceGroupId ? [o.serviceGroupId] : [],
          providers: o.providerId ? [o.providerId] : [],
          engineers: [...(o.engineerId ? [o.engineerId] : []), ...o.collaboratorIds],
        }),
      )
      .map((o) => o.id)
      .sort();
    expect(bySql.length).toBeGreaterThan(0);
    expect(inMemory).toEqual(bySql);
    if (role !== 'admin' && role !== 'dispatcher') expect(bySql.length).toBeLessThan(all.length);
  });
});
