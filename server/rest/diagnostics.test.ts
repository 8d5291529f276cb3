// Diagnostic readings at intake (issue 14, point 3), through the REST API and the tRPC create: kept
// on the order as sent (a missing time is the intake time), shown in the REST representation, and
// bad readings refused with errors naming the reading and its field, writing nothing. And the site
// contact the engineer's page shows.
import { TRPCError } from '@trpc/server';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { createEngine, type Engine } from '../../engine/dispatch';
import { createContextInner } from '../context';
import { createCaller } from '../root';
import { demoPrincipal } from '../testing/principals';
import type { ErrorBody } from './http';
import { openApiDocument } from './openapi';
import type { PublicOrder } from './representation';
import { apiRequest, orderBody } from './testing/fixtures';
import { handleCreateWorkOrder, handleGetWorkOrder } from './work-orders';

let db: TestDatabase;
let engine: Engine;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.db, { orders: 0 });
  engine = createEngine({ db: db.db, cacheTtlMs: 0 });
});
afterAll(() => db?.dispose());

const post = (body: unknown, idempotencyKey?: string) => handleCreateWorkOrder(apiRequest('/api/v1/work-orders', { body, idempotencyKey }), engine);
const orderCount = async () => (await db.db.select({ n: count() }).from(s.workOrders))[0].n;

const READINGS = [
  { name: 'Supply pressure', value: 1.2, unit: 'bar', time: '2026-11-23T08:40:00Z' },
  { name: 'Error code', value: 'E4' },
  { name: 'Flow temperature', value: -3, unit: ' °C ', time: '2026-11-23T09:40:00+01:00' },
];

describe('diagnostics through the intake API', () => {
  it('keeps the readings in the order sent, a missing time as the intake time, and shows them on GET', async () => {
    const before = Date.now();
    const res = await post(orderBody({ diagnostics: READINGS }), 'diag-1');
    expect(res.status).toBe(201);
    const created = (await res.json()) as PublicOrder;
    expect(created.diagnostics).toEqual([
      { name: 'Supply pressure', value: 1.2, unit: 'bar', time: '2026-11-23T08:40:00.000Z' },
      { name: 'Error code', value: 'E4', unit: null, time: expect.any(String) },
      { name: 'Flow temperature', value: -3, unit: '°C', time: '2026-11-23T08:40:00.000Z' },
    ]);
    const intake = Date.parse(created.diagnostics[1].time);
    expect(intake).toBeGreaterThanOrEqual(before - 1000);
    expect(intake).toBe(Date.parse(created.createdAt));
    const [row] = await db.db.select().from(s.workOrders).where(eq(s.workOrders.id, created.id));
    expect(row.diagnostics).toEqual(created.diagnostics);
    const read = (await (await handleGetWorkOrder(apiRequest(`/api/v1/work-orders/${created.id}`), engine, created.id)).json()) as PublicOrder;
    expect(read.diagnostics).toEqual(created.diagnostics);
  });

  it('takes an order without readings as before (an empty list)', async () => {
    const res = await post(orderBody(), 'diag-none');
    expect(res.status).toBe(201);
    expect(((await res.json()) as PublicOrder).diagnostics).toEqual([]);
  });

  it('refuses bad readings with an error naming each reading and field, and writes nothing', async () => {
    const before = await orderCount();
    const cases: [unknown, Record<string, string[]>][] = [
      [[READINGS[0], READINGS[1], { value: 3 }], { 'diagnostics.2.name': ['The reading needs a name'] }],
      [[{ name: '   ', value: 3 }], { 'diagnostics.0.name': ['The reading needs a name'] }],
      [[{ name: 'x'.repeat(101), value: 3 }], { 'diagnostics.0.name': ['At most 100 characters'] }],
      [[{ name: 'Pressure', value: true }], { 'diagnostics.0.value': ['A number, or a text of 1 to 200 characters'] }],
      [[{ name: 'Pressure' }], { 'diagnostics.0.value': ['A number, or a text of 1 to 200 characters'] }],
      [[{ name: 'Pressure', value: 2, time: 'yesterday' }], { 'diagnostics.0.time': ['An ISO date and time, e.g. 2026-11-23T09:00:00Z'] }],
      [[{ name: 'Pressure', value: 2, unit: 'u'.repeat(21) }], { 'diagnostics.0.unit': ['At most 20 characters'] }],
      [Array.from({ length: 51 }, (_, i) => ({ name: `r${i}`, value: i })), { diagnostics: ['At most 50 readings'] }],
    ];
    for (const [diagnostics, fieldErrors] of cases) {
      const res = await post(orderBody({ diagnostics }));
      expect(res.status, JSON.stringify(diagnostics).slice(0, 80)).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.fieldErrors).toEqual(fieldErrors);
    }
    const notAList = (await (await post(orderBody({ diagnostics: '3 bar' }))).json()) as ErrorBody;
    expect(Object.keys(notAList.error.fieldErrors!)).toEqual(['diagnostics']);
    // Exactly 50 readings are fine.
    const fifty = await post(orderBody({ diagnostics: Array.from({ length: 50 }, (_, i) => ({ name: `r${i}`, value: i })) }));
    expect(fifty.status).toBe(201);
    expect(await orderCount()).toBe(before + 1);
  });

  it('documents the readings in the OpenAPI request schema and the order representation', () => {
    const doc = openApiDocument() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const json = JSON.stringify(doc);
    expect(json).toContain('Diagnostic readings taken before the visit');
    expect(json).toContain('Diagnostic readings sent at intake');
    const newOrder = doc.components.schemas.NewWorkOrder;
    const items = newOrder.properties.diagnostics.items;
    expect(newOrder.properties.diagnostics.maxItems).toBe(50);
    expect(items.required).toEqual(['name', 'value']);
    expect(items.properties.name.maxLength).toBe(100);
  });
});

describe('the site contact through the intake API', () => {
  it('keeps the contact as sent, empty when none is given, and refuses a phone that is not one', async () => {
    const sent = (await (await post(orderBody({ contact: { name: ' Marta Nowak ', phone: '+1 (212) 555-0147' } }))).json()) as PublicOrder;
    expect(sent.contact).toEqual({ name: 'Marta Nowak', phone: '+1 (212) 555-0147' });
    const none = (await (await post(orderBody())).json()) as PublicOrder;
    expect(none.contact).toEqual({ name: '', phone: '' });
    const bad = (await (await post(orderBody({ contact: { phone: 'call the desk' } }))).json()) as ErrorBody;
    expect(bad.error.fieldErrors).toEqual({ 'contact.phone': ['A phone number: digits, spaces and + ( ) . / - only'] });
  });
});

describe('diagnostics through tRPC (the new-order form)', () => {
  it('creates the order with its readings, and refuses a bad one naming the field', async () => {
    const dispatcher = await demoPrincipal(db.db, 'dispatcher');
    const caller = createCaller(createContextInner({ db: db.db, principal: dispatcher, engine }));
    const input = {
      title: 'Boiler error E4',
      category: 'Plumbing',
      priority: 'High' as const,
      customer: { name: 'Acme' },
      address: { city: 'Bronx' },
      custom: { contractLevel: 'Basic' },
    };
    const order = await caller.orders.create({ ...input, diagnostics: [{ name: 'Error code', value: 'E4', time: '2026-11-23T08:00:00Z' }] });
    expect(order.diagnostics).toEqual([{ name: 'Error code', value: 'E4', unit: null, time: '2026-11-23T08:00:00.000Z' }]);

    const before = await orderCount();
    const error = await caller.orders.create({ ...input, diagnostics: [{ name: 'ok', value: 1 }, { name: '', value: 1 }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect((error as TRPCError).message).toMatch(/diagnostics\.1\.name|The reading needs a name/);
    expect(await orderCount()).toBe(before);
  });
});
