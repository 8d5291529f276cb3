// Where a provider stands on the map: the centre of its located, active engineers (providers have no
// address of their own in the directory).
import { and, avg, count, eq, inArray, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { idString } from '../limits';
import { isProviderRole } from '../orders';
import type { Principal } from '../principal';

export const providerPositionsInput = z.object({ ids: z.array(idString).max(200) });

/** Positions of the given providers; a provider role gets only their own provider's, whatever ids it asks for. */
export async function providerPositions(db: DbOrTx, ids: string[], principal?: Pick<Principal, 'role' | 'providerId'>) {
  if (principal && isProviderRole(principal)) ids = ids.filter((id) => id === principal.providerId);
  if (!ids.length) return [];
  const e = s.engineers;
  const rows = await db
    .select({ providerId: e.providerId, lat: avg(e.lat).mapWith(Number), lng: avg(e.lng).mapWith(Number), engineers: count() })
    .from(e)
    .where(and(inArray(e.providerId, ids), isNotNull(e.lat), isNotNull(e.lng), eq(e.active, true)))
    .groupBy(e.providerId);
  return rows.map((r) => ({ providerId: r.providerId!, lat: r.lat, lng: r.lng, engineers: r.engineers }));
}
