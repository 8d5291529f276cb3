// Walks a zod input schema and lists every place a caller could send something unbounded: a
// string or array without a maximum length, a record (any number of keys), or an unknown value.
// The tRPC input-limits test runs it over every procedure of the app router.
import type { z } from 'zod';
import { maxKeysOf } from '../../engine/limits';

interface Def {
  type: string;
  checks?: { _zod: { def: { check: string } } }[];
  format?: string;
  [k: string]: unknown;
}

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;
const hasMax = (def: Def) => (def.checks ?? []).some((c) => c._zod.def.check === 'max_length' || c._zod.def.check === 'length_equals');
/** String formats whose pattern bounds the length on its own. */
const BOUNDED_FORMATS = new Set(['datetime', 'date', 'time', 'duration', 'uuid', 'guid', 'cuid', 'cuid2', 'ulid', 'nanoid', 'ipv4', 'ipv6', 'base64url']);

export interface Unbounded {
  path: string;
  what: 'string' | 'array' | 'record' | 'unknown';
}

/** Every unbounded place of a schema, by dotted path (`[]` for array items, `{}` for record values). */
export function unboundedParts(schema: z.ZodType, path = ''): Unbounded[] {
  const out: Unbounded[] = [];
  const seen = new Set<unknown>();
  const walk = (s: unknown, p: string) => {
    if (seen.has(s)) return;
    seen.add(s);
    const def = defOf(s);
    const at = (x: string) => (p ? `${p}.${x}` : x);
    switch (def.type) {
      case 'string':
        if (!hasMax(def) && !(def.format && BOUNDED_FORMATS.has(def.format))) out.push({ path: p || '_', what: 'string' });
        return;
      case 'array':
        if (!hasMax(def)) out.push({ path: p || '_', what: 'array' });
        walk(def.element, at('[]'));
        return;
      case 'tuple':
        (def.items as unknown[]).forEach((item, i) => walk(item, at(String(i))));
        if (def.rest) walk(def.rest, at('[]'));
        return;
      case 'object':
        for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) walk(v, at(k));
        if (def.catchall && defOf(def.catchall).type !== 'never') out.push({ path: at('*'), what: 'record' });
        return;
      case 'record':
        if (maxKeysOf(s) === undefined) out.push({ path: p || '_', what: 'record' });
        walk(def.keyType, at('{key}'));
        walk(def.valueType, at('{}'));
        return;
      case 'unknown':
      case 'any':
        out.push({ path: p || '_', what: 'unknown' });
        return;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'catch':
      case 'readonly':
      case 'nonoptional':
        walk(def.innerType, p);
        return;
      case 'pipe':
        walk(def.in, p);
        return;
      case 'lazy':
        walk((def.getter as () => unknown)(), p);
        return;
      case 'union':
        for (const o of def.options as unknown[]) walk(o, p);
        return;
      case 'intersection':
        walk(def.left, p);
        walk(def.right, p);
        return;
      default:
        // number, boolean, enum, literal, date, null, undefined, transform, … : bounded by nature.
        return;
    }
  };
  walk(schema, path);
  return out;
}
