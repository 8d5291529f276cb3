import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';

/** Every flow with its latest published version, who changed the draft and when, and how many orders run on it. */
export async function listFlows(db: Db) {
  const rows = await db
    .select({
      id: s.flows.id,
      name: s.flows.name,
      description: s.flows.description,
      isDefault: s.flows.isDefault,
      archived: s.flows.archived,
      draftUpdatedAt: s.flows.draftUpdatedAt,
      draftUpdatedBy: s.users.name,
      latestVersion: sql<number | null>`(SELECT max(${s.flowVersions.version}) FROM ${s.flowVersions} WHERE ${s.flowVersions.flowId} = ${s.flows.id})`,
      openOrders: sql<number>`(SELECT count(*)::int FROM ${s.workOrders} WHERE ${s.workOrders.flowId} = ${s.flows.id} AND ${s.workOrders.status} NOT IN ('completed', 'cancelled'))`,
    })
    .from(s.flows)
    .leftJoin(s.users, eq(s.users.id, s.flows.draftUpdatedBy))
    .orderBy(desc(s.flows.isDefault), s.flows.name);
  return rows.map((r) => ({ ...r, status: r.latestVersion ? ('published' as const) : ('draft' as const) }));
}
