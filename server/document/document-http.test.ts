// GET /orders/:id/document.pdf through its handler, with real sessions on the seeded demo company:
// each role gets the documents of the orders it may see on the order page and 404 — the same answer
// as for a missing id — for every other; signed out is 401 (a browser is sent to sign in). The
// PDF is read back: what the database holds (booking, compliance values, names) is in it, and a
// provider's dispatcher is not shown the service group or another provider.
import { and, eq, isNotNull, not } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { DEMO_PASSWORD } from '../../drizzle/seed/demo-data';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { loadPrincipal } from '../../engine/directory/principal';
import { createEngine, type Engine, type OrderRow } from '../../engine/dispatch';
import { orderScope } from '../../engine/orders';
import type { Principal } from '../../engine/principal';
import { createAuth, type Auth } from '../auth';
import { handleDocumentRequest } from './http';
import { readPdf } from './pdf-text';

const ORIGIN = 'http://localhost:3000';
const MISSING = '00000000-0000-4000-8000-00000000dead';
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGM4ISd3Qk6OAUIBAB8mBBG4glMAAAAAAElFTkSuQmCC';

const ACCOUNTS = {
  admin: 'admin@hudson.example',
  dispatcher: 'dispatcher@hudson.example',
  group_dispatcher: 'group.dispatcher@hudson.example',
  provider_dispatcher: 'provider.dispatcher@coolfix.example',
  other_provider_dispatcher: 'dispatch@aquaflow.example',
  engineer: 'engineer@hudson.example',
  provider_engineer: 'provider.engineer@coolfix.example',
} as const;
type Account = keyof typeof ACCOUNTS;

describe('GET /orders/:id/document.pdf', () => {
  let db: TestDatabase;
  let engine: Engine;
  let auth: Auth;
  const cookies = new Map<Account, string>();
  const principals = new Map<Account, Principal>();
  const app = () => ({ database: db, auth, engine });

  const get = (id: string, account: Account | null, headers: Record<string, string> = {}) =>
    handleDocumentRequest(
      new Request(`${ORIGIN}/orders/${encodeURIComponent(id)}/document.pdf`, { headers: { ...(account ? { cookie: cookies.get(account)! } : {}), ...headers } }),
      app(),
      id,
    );
  const inScope = (a: Account) => db.db.select().from(s.workOrders).where(orderScope(principals.get(a)!));
  const outOfScope = (a: Account) => {
    const scope = orderScope(principals.get(a)!);
    return scope ? db.db.select().from(s.workOrders).where(not(scope)) : Promise.resolve([] as OrderRow[]);
  };
  const pdfText = async (res: Response) => (await readPdf(new Uint8Array(await res.arrayBuffer()))).text;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 60, now: new Date() });
    engine = createEngine({ db: db.db, cacheTtlMs: 0 });
    auth = createAuth(db.db, { secret: 'test-secret-test-secret-test-secret-0123', baseURL: ORIGIN });
    for (const [account, email] of Object.entries(ACCOUNTS) as [Account, string][]) {
      const signedIn = await auth.api.signInEmail({ body: { email, password: DEMO_PASSWORD }, asResponse: true });
      cookies.set(account, signedIn.headers.get('set-cookie')!.split(';')[0]);
      const [u] = await db.db.select().from(s.users).where(eq(s.users.email, email));
      principals.set(account, (await loadPrincipal(db.db, u.id))!);
    }
  });
  afterAll(() => db?.dispose());

  it('answers a signed-in user with the PDF inline under the order number, never cached', async () => {
    const [o] = await inScope('admin');
    const res = await get(o.id, 'admin');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="${o.number}.pdf"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await pdfText(res);
    expect(text).toContain(`Work order ${o.number}`);
    expect(text).toContain(o.customerName);
    expect(text).toContain('for Alex Admin');
  });

  it('answers signed out with 401, and sends a browser to sign in', async () => {
    const [o] = await inScope('admin');
    const res = await get(o.id, null);
    expect(res.status).toBe(401);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).not.toContain(o.number);
    const nav = await get(o.id, null, { 'sec-fetch-mode': 'navigate', accept: 'text/html' });
    expect(nav.status).toBe(303);
    expect(nav.headers.get('location')).toBe(`${ORIGIN}/sign-in`);
    const forged = await get(o.id, null, { cookie: 'better-auth.session_token=forged.value' });
    expect(forged.status).toBe(401);
  });

  it('answers the admin and the company dispatcher for every order', async () => {
    const all = await db.db.select({ id: s.workOrders.id }).from(s.workOrders);
    for (const account of ['admin', 'dispatcher'] as const) {
      expect((await outOfScope(account)).length).toBe(0);
      for (const o of all.slice(0, 12)) expect((await get(o.id, account)).status, `${account} ${o.id}`).toBe(200);
    }
    expect((await get(MISSING, 'admin')).status).toBe(404);
  });

  describe.each(['group_dispatcher', 'provider_dispatcher', 'other_provider_dispatcher', 'engineer', 'provider_engineer'] as const)('as %s', (account) => {
    it('gives the documents of its own orders', async () => {
      const own = await inScope(account);
      expect(own.length, 'the seed gives this account orders').toBeGreaterThan(0);
      for (const o of own.slice(0, 4)) {
        const res = await get(o.id, account);
        expect(res.status, o.number).toBe(200);
        expect(await pdfText(res)).toContain(`Work order ${o.number}`);
      }
    });

    it('answers 404 for every other order, exactly as for an id that does not exist', async () => {
      const foreign = await outOfScope(account);
      expect(foreign.length).toBeGreaterThan(0);
      const missing = await get(MISSING, account);
      expect(missing.status).toBe(404);
      const missingBody = (await missing.text()).replaceAll(MISSING, '<id>');
      for (const o of foreign.slice(0, 8)) {
        const res = await get(o.id, account);
        expect(res.status, o.number).toBe(404);
        expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
        const body = await res.text();
        expect(body.replaceAll(o.id, '<id>')).toBe(missingBody);
        expect(body).not.toContain(o.number);
      }
    });
  });

  it('keeps one provider’s dispatcher to that provider’s orders', async () => {
    const coolfix = principals.get('provider_dispatcher')!.providerId;
    const aquaflow = principals.get('other_provider_dispatcher')!.providerId;
    const [theirs] = await db.db.select().from(s.workOrders).where(eq(s.workOrders.providerId, aquaflow!));
    const [ours] = await db.db.select().from(s.workOrders).where(eq(s.workOrders.providerId, coolfix!));
    expect(theirs && ours).toBeTruthy();
    expect((await get(ours.id, 'provider_dispatcher')).status).toBe(200);
    expect((await get(theirs.id, 'provider_dispatcher')).status).toBe(404);
    expect((await get(theirs.id, 'other_provider_dispatcher')).status).toBe(200);
    expect((await get(ours.id, 'other_provider_dispatcher')).status).toBe(404);
  });

  it('shows a provider’s dispatcher neither the service group nor other providers, as the order page does', async () => {
    const coolfix = principals.get('provider_dispatcher')!.providerId!;
    const [o] = await db.db.select().from(s.workOrders).where(and(eq(s.workOrders.providerId, coolfix), isNotNull(s.workOrders.serviceGroupId)));
    expect(o).toBeTruthy();
    const [group] = await db.db.select().from(s.serviceGroups).where(eq(s.serviceGroups.id, o.serviceGroupId!));
    const adminText = await pdfText(await get(o.id, 'admin'));
    expect(adminText).toContain(`Service group ${group.name}`);
    const theirText = await pdfText(await get(o.id, 'provider_dispatcher'));
    expect(theirText).toContain('Service group —');
    expect(theirText).not.toContain(group.name);
    const others = await db.db.select({ name: s.serviceProviders.name }).from(s.serviceProviders).where(not(eq(s.serviceProviders.id, coolfix)));
    for (const p of others) expect(theirText).not.toContain(p.name);
  });

  it('reads the booking, the dispatch fields and the compliance values the database holds', async () => {
    const ana = principals.get('engineer')!;
    const [o] = await db.db.select().from(s.workOrders).where(eq(s.workOrders.engineerId, ana.engineerId!));
    const [engineer] = await db.db.select().from(s.engineers).where(eq(s.engineers.id, ana.engineerId!));
    await db.db
      .update(s.workOrders)
      .set({ durationMinutes: 90, windowStart: new Date('2030-03-04T13:00:00Z'), windowEnd: new Date('2030-03-04T21:00:00Z') })
      .where(eq(s.workOrders.id, o.id));
    await db.db
      .insert(s.bookings)
      .values({ orderId: o.id, engineerId: engineer.id, role: 'owner', startsAt: new Date('2030-03-04T15:00:00Z'), endsAt: new Date('2030-03-04T16:30:00Z') })
      // The seed may have booked it already.
      .onConflictDoUpdate({ target: [s.bookings.orderId, s.bookings.engineerId], set: { startsAt: new Date('2030-03-04T15:00:00Z'), endsAt: new Date('2030-03-04T16:30:00Z') } });
    await db.db.insert(s.orderEvents).values({
      orderId: o.id,
      type: 'completed',
      actorType: 'user',
      actorId: ana.id,
      nodeId: o.currentNodeId,
      data: {
        compliance: [
          { label: 'Isolation verified', kind: 'checkbox', value: true },
          { label: 'Supply voltage', kind: 'number', value: 231, unit: 'V' },
          { label: 'Customer signature', kind: 'signature', value: PNG },
        ],
      },
    });
    const res = await get(o.id, 'engineer');
    expect(res.status).toBe(200);
    const pdf = await readPdf(new Uint8Array(await res.arrayBuffer()));
    // The demo company works in New York's zone (UTC-5 in March before the change).
    expect(pdf.text).toContain(`Booking Mar 4, 2030, 10:00 AM – Mar 4, 2030, 11:30 AM, ${engineer.name}`);
    expect(pdf.text).toContain('Service window Mar 4, 2030, 8:00 AM – Mar 4, 2030, 4:00 PM');
    expect(pdf.text).toContain(`Engineer ${engineer.name}`);
    expect(pdf.text).toContain('Isolation verified Yes');
    expect(pdf.text).toContain('Supply voltage 231 V');
    expect(pdf.text).toContain('Customer signature Signature');
    expect(pdf.pages.reduce((n, p) => n + p.images, 0)).toBe(1);
    expect(pdf.text).toContain(`${ana.name} Completed`);
    expect(pdf.text).toMatch(/Dispatch method \(assign_way\) (auto|manual)/);
    const events = await db.db.select().from(s.orderEvents).where(eq(s.orderEvents.orderId, o.id));
    expect(pdf.text).toContain('Created');
    expect(events.length).toBeGreaterThan(2);
  });
});
