// API keys for integrations: only the sha256 of a key is stored, with its first characters so people
// can tell keys apart. A request names its key in `Authorization: Bearer <key>` or `X-API-Key`.
import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { hashApiKey } from '../../drizzle/seed/seed';
import { NotFoundError } from '../../engine/errors';
import { problem } from './http';

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
export function presentedKey(headers: Headers): string | null {
  const auth = headers.get('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  const header = headers.get('x-api-key')?.trim();
  return header || null;
}

export type ApiKeyAuth = { ok: true; apiKeyId: string; name: string } | { ok: false; response: Response };

const unauthorized = (message: string) =>
  problem(401, 'unauthorized', message, { headers: { 'www-authenticate': 'Bearer realm="dispatch-studio", charset="UTF-8"' } });

/** Checks the request's API key against the stored hashes; refuses unknown and revoked keys with 401. */
export async function authenticateApiKey(db: Db, headers: Headers, now: Date): Promise<ApiKeyAuth> {
  const key = presentedKey(headers);
  if (!key) return { ok: false, response: unauthorized('Send an API key in the Authorization header (Bearer) or in X-API-Key') };
  const [row] = await db
    .select({ id: s.apiKeys.id, name: s.apiKeys.name, revokedAt: s.apiKeys.revokedAt })
    .from(s.apiKeys)
    .where(eq(s.apiKeys.hash, hashApiKey(key)));
  if (!row) return { ok: false, response: unauthorized('The API key is not valid') };
  if (row.revokedAt) return { ok: false, response: unauthorized('The API key has been revoked') };
  await db
    .update(s.apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(s.apiKeys.id, row.id),
        or(isNull(s.apiKeys.lastUsedAt), lt(s.apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS))),
      ),
    );
  return { ok: true, apiKeyId: row.id, name: row.name };
}

// ---------------------------------------------------------------------------------------------
// Management (admin, through tRPC)
// ---------------------------------------------------------------------------------------------
export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, 'The name is required').max(100, 'At most 100 characters'),
});
export const revokeApiKeyInput = z.object({ id: z.string().min(1) });

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
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

/** Makes a key and returns it in full this once; only its hash and prefix are stored. */
export async function createApiKey(db: Db, input: z.infer<typeof createApiKeyInput>, createdBy: string | null) {
  const key = generateApiKey();
  const [row] = await db
    .insert(s.apiKeys)
    .values({ name: input.name, prefix: key.slice(0, SHOWN_PREFIX_LENGTH), hash: hashApiKey(key), createdBy })
    .returning({ id: s.apiKeys.id, name: s.apiKeys.name, prefix: s.apiKeys.prefix, createdAt: s.apiKeys.createdAt });
  return { ...row, key };
}

/** Revokes a key at once (requests with it get 401 from then on); revoking twice keeps the first time. */
export async function revokeApiKey(db: Db, id: string, now: Date) {
  const [row] = await db
    .update(s.apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(s.apiKeys.id, id), isNull(s.apiKeys.revokedAt)))
    .returning({ id: s.apiKeys.id, revokedAt: s.apiKeys.revokedAt });
  if (row) return row;
  const [existing] = await db.select({ id: s.apiKeys.id, revokedAt: s.apiKeys.revokedAt }).from(s.apiKeys).where(eq(s.apiKeys.id, id));
  if (!existing) throw new NotFoundError('API key', id);
  return existing;
}
