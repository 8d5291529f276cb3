// API keys for integrations: only the sha256 of a key is stored, with its first characters so people
// can tell keys apart. A request names its key in `Authorization: Bearer <key>` or `X-API-Key`.
import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../drizzle/client';
import { API_KEY_SCOPES, type ApiKeyScope } from '../../drizzle/enums';
import * as s from '../../drizzle/schema';
import { hashApiKey } from '../../drizzle/seed/seed';
import { recordAudit, type AuditActor } from '../../engine/audit';
import { NotFoundError } from '../../engine/errors';
import { problem, type HeaderReader } from './http';

export { hashApiKey };

export const API_KEY_PREFIX = 'dsk_';
/** How many leading characters of a key are kept to show it (`dsk_` and 8 more). */
export const SHOWN_PREFIX_LENGTH = 12;
/** last_used_at is written at most this often per key, so busy keys do not queue on one row. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** A new key: `dsk_` and 32 random bytes in base64url. */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The key a request presents, or null. */
export function presentedKey(headers: HeaderReader): string | null {
  const auth = headers.get('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  const header = headers.get('x-api-key')?.trim();
  return header || null;
}

export type { ApiKeyScope };

/** What a key may do: `create` orders; read the orders it created (`read_own`) or all orders (`read_all`). */
export type ApiKeyAuth = { ok: true; apiKeyId: string; name: string; scopes: ApiKeyScope[] } | { ok: false; response: Response };

/** Whether a key may read an order: its own with read_own (or read_all), any with read_all. */
export function mayReadOrder(auth: { apiKeyId: string; scopes: readonly ApiKeyScope[] }, order: { apiKeyId: string | null }): boolean {
  if (auth.scopes.includes('read_all')) return true;
  return auth.scopes.includes('read_own') && order.apiKeyId === auth.apiKeyId;
}

const unauthorized = (message: string) =>
  problem(401, 'unauthorized', message, { headers: { 'www-authenticate': 'Bearer realm="dispatch-studio", charset="UTF-8"' } });

// ---------------------------------------------------------------------------------------------
// The key cache: a busy integration sends hundreds of requests a second with one key, and each
// would otherwise read its row (and maybe write last_used_at) before anything else. A key's row is
// kept for at most KEY_CACHE_MS per database; revoking a key in this process drops it at once, and
// another process's revocation is honoured within KEY_CACHE_MS.
// ---------------------------------------------------------------------------------------------
export const KEY_CACHE_MS = 1_000;
interface CachedKey {
  /** null: no key has this hash (also cached, so a flood of bad keys costs one read a second). */
  row: { id: string; name: string; revokedAt: Date | null; scopes: ApiKeyScope[] } | null;
  at: number;
  /** When this process last wrote last_used_at for the key (or found it recent enough). */
  usedWrittenAt: number;
}
// One cache per process, not per copy of this module: Next.js bundles the tRPC route (which revokes)
// apart from the intake's fast path (which authenticates), and a revocation must reach both at once.
const keyCaches = ((globalThis as { [k: symbol]: unknown })[Symbol.for('dispatch-studio.api-key-cache')] ??= new WeakMap<
  Db,
  Map<string, CachedKey>
>()) as WeakMap<Db, Map<string, CachedKey>>;
const keyCacheOf = (db: Db) => {
  let cache = keyCaches.get(db);
  if (!cache) keyCaches.set(db, (cache = new Map()));
  return cache;
};
const KEY_CACHE_MAX = 10_000;

/** Drops a key from this process's cache (after revoking it), or every key. */
export function forgetApiKey(db: Db, id?: string) {
  const cache = keyCaches.get(db);
  if (!cache) return;
  for (const [hash, entry] of cache) if (id === undefined || entry.row?.id === id || entry.row === null) cache.delete(hash);
}

async function lookUpKey(db: Db, hash: string, nowMs: number): Promise<CachedKey> {
  const cache = keyCacheOf(db);
  const hit = cache.get(hash);
  if (hit && nowMs - hit.at < KEY_CACHE_MS) return hit;
  const [row] = await db
    .select({ id: s.apiKeys.id, name: s.apiKeys.name, revokedAt: s.apiKeys.revokedAt, scopes: s.apiKeys.scopes, lastUsedAt: s.apiKeys.lastUsedAt })
    .from(s.apiKeys)
    .where(eq(s.apiKeys.hash, hash));
  if (cache.size >= KEY_CACHE_MAX) cache.clear();
  const entry: CachedKey = {
    row: row ? { id: row.id, name: row.name, revokedAt: row.revokedAt, scopes: row.scopes } : null,
    at: nowMs,
    usedWrittenAt: Math.max(hit?.usedWrittenAt ?? 0, row?.lastUsedAt?.getTime() ?? 0),
  };
  cache.set(hash, entry);
  return entry;
}

/** Checks the request's API key against the stored hashes; refuses unknown and revoked keys with 401. */
export async function authenticateApiKey(db: Db, headers: HeaderReader, now: Date): Promise<ApiKeyAuth> {
  const key = presentedKey(headers);
  if (!key) return { ok: false, response: unauthorized('Send an API key in the Authorization header (Bearer) or in X-API-Key') };
  const entry = await lookUpKey(db, hashApiKey(key), Date.now());
  const row = entry.row;
  if (!row) return { ok: false, response: unauthorized('The API key is not valid') };
  if (row.revokedAt) return { ok: false, response: unauthorized('The API key has been revoked') };
  if (now.getTime() - entry.usedWrittenAt >= LAST_USED_RESOLUTION_MS) {
    entry.usedWrittenAt = now.getTime();
    await db
      .update(s.apiKeys)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(s.apiKeys.id, row.id),
          or(isNull(s.apiKeys.lastUsedAt), lt(s.apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS))),
        ),
      );
  }
  return { ok: true, apiKeyId: row.id, name: row.name, scopes: row.scopes };
}

// ---------------------------------------------------------------------------------------------
// Management (admin, through tRPC)
// ---------------------------------------------------------------------------------------------
export const DEFAULT_API_KEY_SCOPES: ApiKeyScope[] = ['create', 'read_own'];

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, 'The name is required').max(100, 'At most 100 characters'),
  /** At least one; the default is what an intake integration needs (create, and read what it created). */
  scopes: z
    .array(z.enum(API_KEY_SCOPES, { message: 'Scopes are create, read_own and read_all' }))
    .min(1, 'Choose at least one scope')
    .max(API_KEY_SCOPES.length)
    .transform((list) => API_KEY_SCOPES.filter((scope) => list.includes(scope)))
    .default(DEFAULT_API_KEY_SCOPES),
});
export const revokeApiKeyInput = z.object({ id: z.string().min(1).max(200) });

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  createdBy: { id: string; name: string } | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function listApiKeys(db: Db): Promise<ApiKeySummary[]> {
  const rows = await db
    .select({
      id: s.apiKeys.id,
      name: s.apiKeys.name,
      prefix: s.apiKeys.prefix,
      scopes: s.apiKeys.scopes,
      createdAt: s.apiKeys.createdAt,
      lastUsedAt: s.apiKeys.lastUsedAt,
      revokedAt: s.apiKeys.revokedAt,
      createdById: s.users.id,
      createdByName: s.users.name,
    })
    .from(s.apiKeys)
    .leftJoin(s.users, eq(s.users.id, s.apiKeys.createdBy))
    .orderBy(desc(s.apiKeys.createdAt), s.apiKeys.id);
  return rows.map(({ createdById, createdByName, ...r }) => ({
    ...r,
    createdBy: createdById ? { id: createdById, name: createdByName ?? '' } : null,
  }));
}

/**
 * Makes a key and returns it in full this once; only its hash and prefix are stored. The audit log
 * records its name, prefix and scopes, never the key or its hash.
 */
export async function createApiKey(db: Db, raw: z.input<typeof createApiKeyInput>, actor: AuditActor | null) {
  const input = createApiKeyInput.parse(raw);
  const key = generateApiKey();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(s.apiKeys)
      .values({ name: input.name, prefix: key.slice(0, SHOWN_PREFIX_LENGTH), hash: hashApiKey(key), scopes: input.scopes, createdBy: actor?.id ?? null })
      .returning({ id: s.apiKeys.id, name: s.apiKeys.name, prefix: s.apiKeys.prefix, scopes: s.apiKeys.scopes, createdAt: s.apiKeys.createdAt });
    await recordAudit(tx, actor, {
      action: 'api_key.create',
      entityType: 'api_key',
      entityId: row.id,
      before: null,
      after: { name: row.name, prefix: row.prefix, scopes: row.scopes },
    });
    return { ...row, key };
  });
}

/** Revokes a key at once (requests with it get 401 from then on); revoking twice keeps the first time. */
export async function revokeApiKey(db: Db, id: string, now: Date, actor: AuditActor | null = null) {
  const row = await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(s.apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(s.apiKeys.id, id), isNull(s.apiKeys.revokedAt)))
      .returning({ id: s.apiKeys.id, name: s.apiKeys.name, prefix: s.apiKeys.prefix, scopes: s.apiKeys.scopes, revokedAt: s.apiKeys.revokedAt });
    if (!revoked) return null;
    await recordAudit(tx, actor, {
      action: 'api_key.revoke',
      entityType: 'api_key',
      entityId: id,
      before: { name: revoked.name, prefix: revoked.prefix, scopes: revoked.scopes, revokedAt: null },
      after: { name: revoked.name, prefix: revoked.prefix, scopes: revoked.scopes, revokedAt: revoked.revokedAt },
    });
    return { id: revoked.id, revokedAt: revoked.revokedAt };
  });
  // Requests in this process refuse it from now on; other processes within KEY_CACHE_MS.
  forgetApiKey(db, id);
  if (row) return row;
  const [existing] = await db.select({ id: s.apiKeys.id, revokedAt: s.apiKeys.revokedAt }).from(s.apiKeys).where(eq(s.apiKeys.id, id));
  if (!existing) throw new NotFoundError('API key', id);
  return existing;
}
