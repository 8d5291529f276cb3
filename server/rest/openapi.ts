// The OpenAPI 3.1 document of the intake API, generated from the same zod schemas the handlers
// validate with (OpenAPI 3.1 schemas are JSON Schema 2020-12, which z.toJSONSchema emits).
import { z } from 'zod';
import { newOrderInput } from '../../engine/dispatch';
import { publicOrderSchema } from './representation';
import { BATCH_MAX, IDEMPOTENCY_KEY_MAX, WORK_ORDERS_PATH, batchResponseSchema } from './work-orders';

type JsonObject = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonObject;
  return rest;
}

const errorSchema = z.object({
  error: z.object({
    code: z.string().meta({ examples: ['validation_failed'] }),
    message: z.string(),
    fieldErrors: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .meta({ description: 'Messages by field path, e.g. "customer.name"', examples: [{ 'customer.name': ['The customer name is required'] }] }),
    errorId: z
      .string()
      .optional()
      .meta({ description: 'Only for internal_error: the id the server logged the error under (also in the x-error-id header)' }),
  }),
});

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (schemaName: string) => ({ 'application/json': { schema: ref(schemaName) } });
const errorResponse = (description: string) => ({ description, content: jsonContent('Error') });

const ERRORS = {
  '400': errorResponse('Bad JSON, an invalid Idempotency-Key, or field errors by path (code validation_failed)'),
  '401': errorResponse('No API key, an unknown one, or a revoked one'),
  '403': errorResponse('The API key lacks the create scope (code forbidden)'),
};

let cached: JsonObject | null = null;

export function openApiDocument(): JsonObject {
  if (cached) return cached;
  const newOrder = schemaOf(newOrderInput, 'input');
  const batchRequest = {
    type: 'object',
    required: ['orders'],
    properties: {
      orders: {
        type: 'array',
        minItems: 1,
        maxItems: BATCH_MAX,
        items: {
          type: 'object',
          required: ['order'],
          properties: {
            idempotencyKey: { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX },
            order: ref('NewWorkOrder'),
          },
        },
      },
    },
  };
  const security = [{ apiKey: [] }, { bearer: [] }];
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Dispatch Studio intake API',
      version: '1.0.0',
      description:
        'Creates work orders from external channels and reads them back with their dispatch fields ' +
        '(assign_user, assign_way, assign_time, field_partner, field_outDealUser, field_downstreamOuterTenantName, ' +
        'field_downstreamOuterTenantId). Send the same Idempotency-Key again to get the same order, never a duplicate.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    security,
    paths: {
      [WORK_ORDERS_PATH]: {
        post: {
          operationId: 'createWorkOrder',
          summary: 'Create a work order',
          description: 'The order runs through its flow at once; auto-dispatch rules may assign it before this answers.',
          parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }],
          requestBody: { required: true, content: jsonContent('NewWorkOrder') },
          responses: {
            '201': {
              description: 'Created',
              headers: { Location: { description: 'The URL of the new order', schema: { type: 'string' } } },
              content: jsonContent('WorkOrder'),
            },
            '200': {
              description: 'A repeat of an earlier request with the same Idempotency-Key: the order made then',
              headers: {
                Location: { description: 'The URL of the order', schema: { type: 'string' } },
                'Idempotent-Replayed': { description: 'Always "true" on a replay', schema: { type: 'string', enum: ['true'] } },
              },
              content: jsonContent('WorkOrder'),
            },
            ...ERRORS,
            '409': errorResponse('The Idempotency-Key was already used with a different request body'),
            '413': errorResponse('The body is too large'),
            '415': errorResponse('The body is not application/json'),
          },
        },
      },
      [`${WORK_ORDERS_PATH}/batch`]: {
        post: {
          operationId: 'createWorkOrders',
          summary: `Create up to ${BATCH_MAX} work orders`,
          description:
            'Each order is created in turn, in its own transaction, and answered per item (201 created, 200 replayed, ' +
            '400 invalid, 409 key reused). If the call fails half way, send the same batch again with the same keys.',
          requestBody: { required: true, content: jsonContent('WorkOrderBatch') },
          responses: {
            '200': { description: 'Per-item results', content: jsonContent('WorkOrderBatchResult') },
            ...ERRORS,
          },
        },
      },
      [`${WORK_ORDERS_PATH}/{id}`]: {
        get: {
          operationId: 'getWorkOrder',
          summary: 'Read a work order with its dispatch fields',
          description:
            'A key reads the orders it created (scope read_own); with the read_all scope, any order. ' +
            'Any other order is answered 404, exactly as one that does not exist.',
          parameters: [{ name: 'id', in: 'path', required: true, description: 'The order id or its number (WO-…)', schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The order', content: jsonContent('WorkOrder') },
            '401': ERRORS['401'],
            '404': errorResponse('No such order, or one this key may not read'),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-API-Key',
          description:
            'An API key made by an admin (dsk_…), with the scopes chosen then: create (POST orders), read_own (GET the orders it created), read_all (GET any order)',
        },
        bearer: { type: 'http', scheme: 'bearer', description: 'The same API key as a bearer token' },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: 'Any unique string per order (up to 200 characters); a repeat answers 200 with the same order',
          schema: { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX },
        },
      },
      schemas: {
        NewWorkOrder: newOrder,
        WorkOrder: schemaOf(publicOrderSchema, 'output'),
        WorkOrderBatch: batchRequest,
        WorkOrderBatchResult: schemaOf(batchResponseSchema, 'output'),
        Error: schemaOf(errorSchema, 'output'),
      },
    },
  };
  return cached;
}

/** GET /api/v1/openapi.json (no key needed: the document describes the API, it holds no data). */
export function handleOpenApi(): Response {
  return new Response(JSON.stringify(openApiDocument(), null, 2), {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' },
  });
}
