// Compliance fields through tRPC as every role calls them: who reads an order's fields (whoever
// sees the order: admins, dispatchers, the group's and the provider's dispatchers, its engineers),
// who enters values (only the order's engineer and collaborators), and who sees its photos; an
// order outside the caller's scope answers like a missing one.
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../drizzle/schema';
import { seedDemoData } from '../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../drizzle/testing';
import { photoForPrincipal } from '../engine/compliance';
import { acceptOrder, assignOrder, createEngine, createOrder, startWork, type Engine, type NewOrderInput, type OrderRow } from '../engine/dispatch';
import type { Principal } from '../engine/principal';
import { principalByEmail, testOrder } from '../engine/testing';
import { createContextInner } from './context';
import { createCaller } from './root';
import { demoPrincipal } from './testing/principals';
import { ALL_ROLES } from './trpc';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const order = (over: Partial<NewOrderInput>) => testOrder({ title: 'Rewire the kitchen', category: 'Electrical', ...over });

type Outcome = string;
/** "ok", or the error's code. */
async function outcome(fn: () => Promise<unknown>): Promise<Outcome> {
  try {
    await fn();
    return 'ok';
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe('compliance procedures by role', () => {
  let db: TestDatabase;
  let engine: Engine;
  const p = new Map<string, Principal>();
  /** Ana's order in the North group, and Kai's through CoolFix (a provider). */
  let ana: OrderRow;
  let kai: OrderRow;
  let photoId: string;
  const as = (principal: Principal) => createCaller(createContextInner({ db: db.db, principal, engine }));
  const ref = (o: OrderRow) => ({ orderId: o.id, version: o.version });
  let n = 0;
  const entry = async (o: OrderRow, label: string, value: boolean | number | string) => {
    const [f] = await db.db.select().from(s.complianceFields).where(eq(s.complianceFields.label, label));
    return { orderId: o.id, entries: [{ clientEntryId: `scope-${++n}-${o.id}`, fieldId: f.id, value }] };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 0 });
    engine = createEngine({ db: db.db, cacheTtlMs: 0 });
    for (const role of ALL_ROLES) p.set(role, await demoPrincipal(db.db, role));
    p.set('other group dispatcher', await principalByEmail(db.db, 'south.dispatcher@hudson.example'));
    const dispatcher = p.get('dispatcher')!;
    const gina = p.get('group_dispatcher')!;

    ana = (await createOrder(engine, { type: 'user', principal: dispatcher }, order({}))).order;
    ana = await assignOrder(engine, dispatcher, { ...ref(ana), assignee: { type: 'service_group', id: 'sg-north' }, collaboratorIds: [] });
    ana = await assignOrder(engine, gina, { ...ref(ana), assignee: { type: 'engineer', id: 'e-001' }, collaboratorIds: ['e-002'], slot: 'unscheduled' });
    ana = await startWork(engine, p.get('engineer')!, ref(await acceptOrder(engine, p.get('engineer')!, ref(ana))));

    kai = (await createOrder(engine, { type: 'user', principal: dispatcher }, order({ title: 'Rewire the shop' }))).order;
    kai = await assignOrder(engine, dispatcher, { ...ref(kai), assignee: { type: 'service_group', id: 'sg-partners' }, collaboratorIds: [] });
    kai = await assignOrder(engine, gina, { ...ref(kai), assignee: { type: 'service_provider', id: 'sp-coolfix' }, collaboratorIds: [] });
    kai = await assignOrder(engine, p.get('provider_dispatcher')!, { ...ref(kai), assignee: { type: 'provider_engineer', id: 'pe-coolfix-1' }, collaboratorIds: [], slot: 'unscheduled' });
    kai = await acceptOrder(engine, p.get('provider_engineer')!, ref(kai));

    await as(p.get('engineer')!).compliance.record(await entry(ana, 'Customer signature', PNG));
    [{ id: photoId }] = await db.db.select({ id: s.compliancePhotos.id }).from(s.compliancePhotos).where(eq(s.compliancePhotos.orderId, ana.id));
  });
  afterAll(() => db?.dispose());

  // [role, reads Ana's order, reads Kai's order, enters on Ana's, enters on Kai's]
  const TABLE: [string, Outcome, Outcome, Outcome, Outcome][] = [
    ['admin', 'ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'],
    ['dispatcher', 'ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'],
    ['group_dispatcher', 'ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'],
    ['other group dispatcher', 'NOT_FOUND', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN'],
    ['provider_dispatcher', 'NOT_FOUND', 'ok', 'FORBIDDEN', 'FORBIDDEN'],
    ['engineer', 'ok', 'NOT_FOUND', 'ok', 'NOT_FOUND'],
    ['provider_engineer', 'NOT_FOUND', 'ok', 'NOT_FOUND', 'ok'],
  ];

  it.each(TABLE)('as %s: reads Ana’s %s, Kai’s %s; enters on Ana’s %s, on Kai’s %s', async (role, readA, readK, enterA, enterK) => {
    const caller = as(p.get(role)!);
    expect(await outcome(() => caller.compliance.forOrder({ orderId: ana.id }))).toBe(readA);
    expect(await outcome(() => caller.compliance.forOrder({ orderId: kai.id }))).toBe(readK);
    expect(await outcome(async () => caller.compliance.record(await entry(ana, 'Work notes', `by ${role}`)))).toBe(enterA);
    expect(await outcome(async () => caller.compliance.record(await entry(kai, 'Work notes', `by ${role}`)))).toBe(enterK);
    // The photo route's check: the same scope as reading the order.
    expect((await photoForPrincipal(db.db, p.get(role)!, photoId)) !== null).toBe(readA === 'ok');
  });

  it('lets a collaborator enter, and tells each caller whether they may', async () => {
    const [user] = await db.db.select().from(s.users).where(eq(s.users.email, 'engineer@hudson.example'));
    const collaborator: Principal = { ...p.get('engineer')!, id: user.id, engineerId: 'e-002', name: 'A collaborator' };
    expect((await as(collaborator).compliance.record(await entry(ana, 'Power isolated before work', true))).recorded).toHaveLength(1);
    expect((await as(p.get('engineer')!).compliance.forOrder({ orderId: ana.id })).canEnter).toBe(true);
    expect((await as(p.get('dispatcher')!).compliance.forOrder({ orderId: ana.id })).canEnter).toBe(false);
    const notes = (await as(p.get('admin')!).compliance.forOrder({ orderId: ana.id })).fields.find((f) => f.label === 'Work notes')!;
    expect(notes.latest?.value).toBe('by engineer');
  });

  it('keeps the declarations to admins', async () => {
    for (const role of ALL_ROLES) {
      expect(await outcome(() => as(p.get(role)!).compliance.fields()), role).toBe(role === 'admin' ? 'ok' : 'FORBIDDEN');
      expect(await outcome(() => as(p.get(role)!).compliance.saveCategory({ category: 'Scope test', fields: [] })), role).toBe(role === 'admin' ? 'ok' : 'FORBIDDEN');
    }
  });
});
