// Requests and order bodies for the REST API's tests (and the crash test's child server).
import { DEMO_API_KEY } from '../../../drizzle/seed/seed';

export const BASE = 'http://localhost:3000';

/** The dispatch fields a work order answers with (the integration's names). */
export const DISPATCH_FIELDS = [
  'assign_user',
  'assign_way',
  'assign_time',
  'field_partner',
  'field_outDealUser',
  'field_downstreamOuterTenantName',
  'field_downstreamOuterTenantId',
] as const;

/** A valid order body; `overrides` replace top-level fields. */
export function orderBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'No heating on the 3rd floor',
    description: 'Radiators cold since this morning',
    category: 'HVAC',
    priority: 'Medium',
    customer: { name: 'Acme Retail', tier: 'Gold' },
    address: { street: '12 Grand Concourse', city: 'Bronx', region: 'North', postcode: '10451' },
    location: { lat: 40.86, lng: -73.89 },
    requiredSkills: ['hvac'],
    tags: ['after-hours'],
    custom: { contractLevel: 'Plus' },
    ...overrides,
  };
}

export function apiRequest(
  path: string,
  init: { method?: string; body?: unknown; rawBody?: string; key?: string | null; idempotencyKey?: string; headers?: Record<string, string> } = {},
): Request {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  const key = init.key === undefined ? DEMO_API_KEY : init.key;
  if (key) headers['x-api-key'] = key;
  if (init.idempotencyKey !== undefined) headers['idempotency-key'] = init.idempotencyKey;
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  return new Request(`${BASE}${path}`, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
}
