// The audit log's pure parts: entry types, the filter of the Settings view, redaction and the diff.
// No database imports, so the Settings components use them too.
import { z } from 'zod';

/** Who acted: a signed-in user (a Principal fits), or the system (bootstrap, migrations, jobs). */
export interface AuditActor {
  id: string | null;
  name: string;
}

export const SYSTEM_ACTOR: AuditActor = { id: null, name: 'system' };

export const AUDIT_ENTITY_TYPES = [
  'user',
  'permission',
  'api_key',
  'flow',
  'rule_set',
  'sla_policy',
  'custom_field',
  'service_group',
  'service_provider',
  'engineer',
  'schedule',
  'compliance_field',
  'override_reasons',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export interface AuditEntry {
  /** What happened, as `<entity>.<verb>`: `user.update`, `permission.grant`, `flow.publish`. */
  action: string;
  entityType: AuditEntityType;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Keys whose values are never written to the log, wherever they appear. */
const SECRET_KEYS = new Set(['password', 'hash', 'key', 'passwordHash', 'token', 'secret']);

/** A JSON-safe copy without secret fields (dates become ISO strings). */
export function redact(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (SECRET_KEYS.has(k) || v === undefined) continue;
      out[k] = redact(v);
    }
    return out;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Reading (admins, in Settings)
// ---------------------------------------------------------------------------------------------
export const AUDIT_PAGE_MAX = 200;

const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => (v ? v : undefined));

export const auditFilterInput = z
  .object({
    entityType: z.enum(AUDIT_ENTITY_TYPES).optional(),
    entityId: optionalText,
    actorId: optionalText,
    /** A prefix of the action: `user` matches `user.create` and `user.update`. */
    action: optionalText,
    /** Leaves out draft saves (the editors autosave; publishing is what changes dispatch). */
    hideDraftSaves: z.boolean().default(false),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    /** Entries older than this id (the previous page's `nextCursor`). */
    cursor: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(AUDIT_PAGE_MAX, `At most ${AUDIT_PAGE_MAX} entries per page`).default(50),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ['to'], message: 'The end of the range comes before its start' });
export type AuditFilter = z.input<typeof auditFilterInput>;

/** The fields that differ between before and after, for a readable diff. */
export function diffFields(before: unknown, after: unknown): { field: string; before: unknown; after: unknown }[] {
  const b = (before && typeof before === 'object' && !Array.isArray(before) ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' && !Array.isArray(after) ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((k) => JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null))
    .map((k) => ({ field: k, before: b[k] ?? null, after: a[k] ?? null }));
}
