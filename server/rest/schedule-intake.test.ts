// The intake API's scheduling fields: a service window and an estimated duration, refused with
// field errors when they make no sense, shown in the representation and the OpenAPI document.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { createEngine, type Engine } from '../../engine/dispatch';
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
  await db.db.insert(s.categoryDurations).values({ category: 'Plumbing', durationMinutes: 45 }).onConflictDoUpdate({ target: s.categoryDurations.category, set: { durationMinutes: 45 } });
  engine = createEngine({ db: db.db, cacheTtlMs: 0 });
});
afterAll(() => db?.dispose());

const post = (body: unknown) => handleCreateWorkOrder(apiRequest('/api/v1/work-orders', { body }), engine);

describe('scheduling fields at intake', () => {
  it('refuses a window that ends before it starts and durations of 0 or over 7 days, by field', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ window: { start: '2026-11-23T12:00:00Z', end: '2026-11-23T10:00:00Z' } }, 'window.end', 'The window ends before it starts'],
      [{ window: { start: 'tomorrow', end: '2026-11-23T10:00:00Z' } }, 'window.start', 'An ISO date and time, e.g. 2026-11-23T09:00:00Z'],
      [{ durationMinutes: 0 }, 'durationMinutes', 'At least 1 minute'],
      [{ durationMinutes: -30 }, 'durationMinutes', 'At least 1 minute'],
      [{ durationMinutes: 10081 }, 'durationMinutes', 'At most 10080 minutes (7 days)'],
      [{ durationMinutes: 1.5 }, 'durationMinutes', 'A whole number of minutes'],
    ];
    for (const [over, field, message] of cases) {
      const res = await post(orderBody(over));
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.fieldErrors?.[field]).toEqual([message]);
    }
    expect((await db.db.select().from(s.workOrders)).length).toBe(0);
  });

  it('keeps the window and duration, else takes the category default, and shows them with the booking', async () => {
    const res = await post(orderBody({ durationMinutes: 120, window: { start: '2026-12-24T14:00:00Z', end: '2026-12-24T20:00:00Z' } }));
    expect(res.status).toBe(201);
    const order = (await res.json()) as PublicOrder;
    expect(order).toMatchObject({ durationMinutes: 120, window: { start: '2026-12-24T14:00:00.000Z', end: '2026-12-24T20:00:00.000Z' }, lateForSla: false });
    const got = (await (await handleGetWorkOrder(apiRequest(`/api/v1/work-orders/${order.number}`), engine, order.number)).json()) as PublicOrder;
    expect(got).toMatchObject({ durationMinutes: 120, window: order.window });

    const plumbing = (await (await post(orderBody({ category: 'Plumbing', requiredSkills: [] }))).json()) as PublicOrder;
    expect(plumbing.durationMinutes).toBe(45);
    await db.db.delete(s.categoryDurations).where(eq(s.categoryDurations.category, 'Network'));
    const none = (await (await post(orderBody({ category: 'Network', requiredSkills: [] }))).json()) as PublicOrder;
    expect(none).toMatchObject({ durationMinutes: null, window: null, booking: null, lateForSla: false });
    const [row] = await db.db.select().from(s.workOrders).where(eq(s.workOrders.id, none.id));
    expect(row.durationMinutes).toBeNull();
  });

  it('documents the fields in the OpenAPI document', () => {
    const schemas = (openApiDocument() as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } }).components.schemas;
    expect(Object.keys(schemas.NewWorkOrder.properties)).toEqual(expect.arrayContaining(['window', 'durationMinutes']));
    expect(Object.keys(schemas.WorkOrder.properties)).toEqual(expect.arrayContaining(['window', 'durationMinutes', 'booking', 'lateForSla']));
  });
});
