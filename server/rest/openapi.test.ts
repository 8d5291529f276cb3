// The OpenAPI document: structure, the request schema generated from the engine's zod input, security, responses.
import { describe, expect, it } from 'vitest';
import { handleOpenApi, openApiDocument } from './openapi';
import { DISPATCH_FIELDS } from './testing/fixtures';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Follows a local $ref (`#/components/...`). */
function resolve(doc: Json, node: Json): Json {
  if (!node.$ref) return node;
  return (node.$ref as string)
    .slice(2)
    .split('/')
    .reduce<Json>((n, key) => n[key], doc);
}

describe('GET /api/v1/openapi.json', () => {
  it('serves an OpenAPI 3.1 document as JSON', async () => {
    const res = handleOpenApi();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const doc = (await res.json()) as Json;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBeTruthy();
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/v1/work-orders', '/api/v1/work-orders/batch', '/api/v1/work-orders/{id}']);
  });

  it('generates the request body schema from the intake input, with its required fields and constraints', () => {
    const doc = openApiDocument() as Json;
    const post = doc.paths['/api/v1/work-orders'].post;
    expect(post.requestBody.required).toBe(true);
    const schema = resolve(doc, post.requestBody.content['application/json'].schema);
    expect(schema.type).toBe('object');
    expect(schema.required.sort()).toEqual(['address', 'category', 'customer', 'priority', 'title']);
    expect(schema.properties.priority.enum).toEqual(['Low', 'Medium', 'High', 'Urgent']);
    expect(schema.properties.customer.required).toEqual(['name']);
    expect(schema.properties.address.required).toEqual(['city']);
    expect(schema.properties.title.minLength).toBe(3);
    expect(schema.properties.location.anyOf).toHaveLength(2);
    expect(schema).not.toHaveProperty('$schema');
  });

  it('declares both key schemes, the Idempotency-Key header and every answer', () => {
    const doc = openApiDocument() as Json;
    expect(doc.components.securitySchemes.apiKey).toEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }));
    expect(doc.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(doc.security).toEqual([{ apiKey: [] }, { bearer: [] }]);

    const post = doc.paths['/api/v1/work-orders'].post;
    const params = post.parameters.map((p: Json) => resolve(doc, p));
    expect(params).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }));
    expect(params[0].schema.maxLength).toBe(200);
    for (const status of ['201', '200', '400', '401', '403', '409']) expect(post.responses).toHaveProperty(status);
    expect(doc.paths['/api/v1/work-orders/batch'].post.responses).toHaveProperty('403');
    expect(doc.components.securitySchemes.apiKey.description).toMatch(/read_own.*read_all/);
    expect(post.responses['200'].headers).toHaveProperty('Idempotent-Replayed');
    expect(post.responses['201'].headers).toHaveProperty('Location');
    const get = doc.paths['/api/v1/work-orders/{id}'].get;
    for (const status of ['200', '401', '404']) expect(get.responses).toHaveProperty(status);
    expect(get.description).toMatch(/read_all/);
    expect(get.parameters[0]).toEqual(expect.objectContaining({ name: 'id', in: 'path', required: true }));
  });

  it('describes the order with its dispatch fields under their API names, and the error body with field errors', () => {
    const doc = openApiDocument() as Json;
    const order = resolve(doc, doc.paths['/api/v1/work-orders/{id}'].get.responses['200'].content['application/json'].schema);
    for (const field of DISPATCH_FIELDS) {
      expect(order.properties).toHaveProperty(field);
      expect(order.required).toContain(field);
    }
    expect(order.properties.assign_way.anyOf ?? order.properties.assign_way.enum).toBeTruthy();
    const error = resolve(doc, doc.paths['/api/v1/work-orders'].post.responses['400'].content['application/json'].schema);
    expect(error.properties.error.properties).toHaveProperty('fieldErrors');
    expect(error.properties.error.required.sort()).toEqual(['code', 'message']);
  });

  it('has only local references that resolve', () => {
    const doc = openApiDocument() as Json;
    const refs: string[] = [];
    const walk = (n: unknown) => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === 'object') {
        for (const [k, v] of Object.entries(n)) {
          if (k === '$ref') refs.push(v as string);
          else walk(v);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) {
      expect(r.startsWith('#/components/')).toBe(true);
      expect(resolve(doc, { $ref: r }), r).toBeTruthy();
    }
  });
});
