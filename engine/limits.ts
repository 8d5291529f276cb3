// Bounds on what a caller may send, shared by the input schemas: every string and list a
// procedure takes has a maximum (server/input-limits.test.ts walks every tRPC input to check).
import { z } from 'zod';

/** Ids are ours (uuids, slugs such as `eng-lena`): far shorter than this. */
export const ID_MAX = 200;
/** An id as input: non-empty and at most ID_MAX characters. */
export const idString = z.string().min(1).max(ID_MAX, `At most ${ID_MAX} characters`);
/** RFC 5321's limit on an address. */
export const EMAIL_MAX = 254;

const recordKeyLimits = new WeakMap<object, number>();

/**
 * A record (object of any keys) with at most `maxKeys` keys, each at most `keyMax` characters.
 * `maxKeysOf` tells the input-limits test which records are bounded.
 */
export function boundedRecord<V extends z.ZodType>(value: V, maxKeys: number, keyMax = ID_MAX) {
  const schema = z
    .record(z.string().max(keyMax, `At most ${keyMax} characters`), value)
    .refine((r) => Object.keys(r).length <= maxKeys, { message: `At most ${maxKeys} entries` });
  recordKeyLimits.set(schema, maxKeys);
  return schema;
}

/** The key limit of a record made by boundedRecord, else undefined. */
export const maxKeysOf = (schema: unknown): number | undefined => (schema && typeof schema === 'object' ? recordKeyLimits.get(schema) : undefined);
