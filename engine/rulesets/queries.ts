import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';

/** Every rule set with its latest published version and who last changed the draft. */
export async function listRuleSets(db: Db) {
  const rows = await db
    .select({
      id: s.ruleSets.id,
      name: s.ruleSets.name,
      description: s.ruleSets.description,
      draftUpdatedAt: s.ruleSets.draftUpdatedAt,
      draftUpdatedBy: s.users.name,
      latestVersion: sql<number | null>`(SELECT max(${s.ruleSetVersions.version}) FROM ${s.ruleSetVersions} WHERE ${s.ruleSetVersions.ruleSetId} = ${s.ruleSets.id})`,
    })
    .from(s.ruleSets)
    .leftJoin(s.users, eq(s.users.id, s.ruleSets.draftUpdatedBy))
    .orderBy(s.ruleSets.name);
  return rows.map((r) => ({ ...r, status: r.latestVersion ? ('published' as const) : ('draft' as const) }));
}
