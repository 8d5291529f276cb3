// Every tRPC input is bounded: each string and list a caller can send has a maximum length, each
// record a maximum number of keys (walked from the router's own schemas, so a new procedure
// without limits fails here). The few free-form values are named below with what bounds them.
import { describe, expect, it } from 'vitest';
import { CUSTOM_VALUE_MAX, newOrderInput } from '../engine/dispatch';
import { parseInput } from '../engine/errors';
import { BULK_MAX, bulkInput } from '../engine/queues';
import { markReadInput } from './routers/notifications';
import { appRouter } from './root';
import { unboundedParts } from './testing/input-bounds';
import { BODY_LIMITS, DEFAULT_BODY_LIMIT } from './trpc-http';

/** Free-form values, each bounded by its procedure's body limit and the server's own validation. */
const FREE_FORM: Record<string, string> = {
  'orders.create custom.{}': 'custom field values: checked against the declared custom fields, each at most CUSTOM_VALUE_MAX characters',
  'orders.edit custom.{}': 'custom field values: checked against the declared custom fields, each at most CUSTOM_VALUE_MAX characters, as at intake',
  'flows.saveDraft graph': 'a flow graph: validated as a flow file (engine/flow/model.ts)',
  'flows.check graph': 'a flow graph: validated as a flow file (engine/flow/model.ts)',
  'rules.test order.sample': 'a sample order: parsed by sampleOrderSchema',
};

type Procedure = { _def: { inputs: unknown[]; type: string } };
const procedures = Object.entries((appRouter as unknown as { _def: { procedures: Record<string, Procedure> } })._def.procedures);

describe('tRPC input bounds', () => {
  it('walks every procedure of the router', () => {
    expect(procedures.length).toBeGreaterThan(50);
  });

  it('gives every string, array and record in an input a maximum', () => {
    const unbounded: string[] = [];
    for (const [path, proc] of procedures) {
      for (const input of proc._def.inputs) {
        for (const u of unboundedParts(input as never)) {
          const key = `${path} ${u.path}`;
          if (u.what === 'unknown' && FREE_FORM[key]) continue;
          unbounded.push(`${key} (${u.what})`);
        }
      }
    }
    expect(unbounded).toEqual([]);
  });

  it('free-form values are few, and each sits under a body limit', () => {
    for (const key of Object.keys(FREE_FORM)) {
      const path = key.split(' ')[0];
      expect(procedures.some(([p]) => p === path), key).toBe(true);
      expect(BODY_LIMITS[path] ?? DEFAULT_BODY_LIMIT).toBeLessThanOrEqual(5_000_000);
    }
  });

  it('finds what is missing (the walker itself)', async () => {
    const { z } = await import('zod');
    const schema = z.object({
      a: z.string(),
      b: z.string().max(3),
      c: z.array(z.string().max(3)),
      d: z.array(z.string()).max(3).optional(),
      e: z.record(z.string(), z.number()),
      f: z.union([z.object({ g: z.string() }), z.object({ h: z.unknown() })]).default({ g: '' }),
      i: z.iso.datetime(),
    });
    expect(unboundedParts(schema).map((u) => `${u.path}:${u.what}`)).toEqual([
      'a:string',
      'c:array',
      'd.[]:string',
      'e:record',
      'e.{key}:string',
      'f.g:string',
      'f.h:unknown',
    ]);
  });

  const inputOf = (path: string) => procedures.find(([p]) => p === path)![1]._def.inputs[0] as { safeParse(v: unknown): { success: boolean } };

  it('candidates: at most 200 at once', () => {
    expect(inputOf('orders.candidates').safeParse({ orderId: 'wo-1', limit: 200 }).success).toBe(true);
    expect(inputOf('orders.candidates').safeParse({ orderId: 'wo-1', limit: 201 }).success).toBe(false);
  });

  it('bulk preview and apply: at most BULK_MAX orders, ids of bounded length', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `wo-${i}`);
    const action = { type: 'reject', reason: 'Not ours' };
    expect(BULK_MAX).toBeLessThanOrEqual(500);
    expect(bulkInput.safeParse({ orderIds: ids(BULK_MAX), action }).success).toBe(true);
    expect(bulkInput.safeParse({ orderIds: ids(BULK_MAX + 1), action }).success).toBe(false);
    expect(bulkInput.safeParse({ orderIds: ['x'.repeat(201)], action }).success).toBe(false);
    for (const path of ['queues.bulkPreview', 'queues.bulkApply']) expect(inputOf(path).safeParse({ orderIds: ids(BULK_MAX + 1), action }).success).toBe(false);
    const versions = Object.fromEntries(ids(BULK_MAX + 1).map((id) => [id, 1]));
    expect(inputOf('queues.bulkApply').safeParse({ orderIds: ids(1), action, versions }).success).toBe(false);
    expect(inputOf('queues.bulkApply').safeParse({ orderIds: ids(1), action, versions: { 'wo-0': 1 } }).success).toBe(true);
  });

  it('markRead: at most 500 ids', () => {
    expect(markReadInput.safeParse({ ids: Array.from({ length: 500 }, (_, i) => i + 1) }).success).toBe(true);
    expect(markReadInput.safeParse({ ids: Array.from({ length: 501 }, (_, i) => i + 1) }).success).toBe(false);
  });

  it('queue and order pages: at most 200 a page, search text bounded', () => {
    expect(inputOf('queues.orders').safeParse({ pageSize: 201 }).success).toBe(false);
    expect(inputOf('orders.list').safeParse({ pageSize: 201 }).success).toBe(false);
    expect(inputOf('orders.list').safeParse({ search: 'x'.repeat(101) }).success).toBe(false);
    expect(inputOf('rules.searchOrders').safeParse({ query: 'x'.repeat(201) }).success).toBe(false);
  });

  it('ids: at most 200 characters', () => {
    expect(inputOf('orders.get').safeParse({ id: 'x'.repeat(200) }).success).toBe(true);
    expect(inputOf('orders.get').safeParse({ id: 'x'.repeat(201) }).success).toBe(false);
  });

  it('custom fields of a new order: at most 100', () => {
    const custom = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, 1]));
    const order = { title: 'Broken boiler', category: 'HVAC', priority: 'Low', customer: { name: 'A' }, address: { city: 'B' } };
    expect(inputOf('orders.create').safeParse({ ...order, custom: { f: 1 } }).success).toBe(true);
    expect(inputOf('orders.create').safeParse({ ...order, custom }).success).toBe(false);
  });

  it('custom field values at intake and edit: at most CUSTOM_VALUE_MAX characters each, refused naming the field', () => {
    const order = { title: 'Broken boiler', category: 'HVAC', priority: 'Low', customer: { name: 'A' }, address: { city: 'B' } };
    const edit = { ...order, orderId: 'wo-1', version: 1 };
    // As JSON an item is 9 characters and a comma: n / 10 items come to n + 1 characters with the brackets.
    const items = (n: number) => Array.from({ length: n / 10 }, () => 'x'.repeat(7));
    for (const [path, base] of [['orders.create', order], ['orders.edit', edit]] as const) {
      expect(inputOf(path).safeParse({ ...base, custom: { assetTag: 'x'.repeat(CUSTOM_VALUE_MAX), floors: 3 } }).success, path).toBe(true);
      expect(inputOf(path).safeParse({ ...base, custom: { assetTag: 'x'.repeat(CUSTOM_VALUE_MAX + 1) } }).success, path).toBe(false);
      expect(inputOf(path).safeParse({ ...base, custom: { parts: items(CUSTOM_VALUE_MAX) } }).success, path).toBe(false);
      expect(inputOf(path).safeParse({ ...base, custom: { parts: items(CUSTOM_VALUE_MAX / 2) } }).success, path).toBe(true);
    }
    expect(() => parseInput(newOrderInput, { ...order, custom: { assetTag: 'x'.repeat(CUSTOM_VALUE_MAX + 1) } })).toThrow(
      expect.objectContaining({ message: `custom.assetTag: At most ${CUSTOM_VALUE_MAX} characters`, fieldErrors: { 'custom.assetTag': [`At most ${CUSTOM_VALUE_MAX} characters`] } }),
    );
  });
});
