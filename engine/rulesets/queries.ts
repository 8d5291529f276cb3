import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { ruleSetUsage } from './editor-data';

/** A published version as the rule set pages list it, who published it by name (s.users joined on publishedBy). */
export const publishedVersionColumns = {
  version: s.ruleSetVersions.version,
  source: s.ruleSetVersions.source,
  publishedAt: s.ruleSetVersions.publishedAt,
  publishedBy: s.users.name,
};

/** Every rule set with its latest published version (who, when), who last changed the draft, and the flows naming it. */
export async function listRuleSets(db: Db) {
  const [rows, latest, usage] = await Promise.all([
    db
      .select({
        id: s.ruleSets.id,
        name: s.ruleSets.name,
        description: s.ruleSets.description,
        draftUpdatedAt: s.ruleSets.draftUpdatedAt,
        draftUpdatedBy: s.users.name,
        draftSource: s.ruleSets.draftSource,
      })
      .from(s.ruleSets)
      .leftJoin(s.users, eq(s.users.id, s.ruleSets.draftUpdatedBy))
      .orderBy(s.ruleSets.name),
    db
      .selectDistinctOn([s.ruleSetVersions.ruleSetId], { ruleSetId: s.ruleSetVersions.ruleSetId, ...publishedVersionColumns })
      .from(s.ruleSetVersions)
      .leftJoin(s.users, eq(s.users.id, s.ruleSetVersions.publishedBy))
      .orderBy(s.ruleSetVersions.ruleSetId, desc(s.ruleSetVersions.version)),
    ruleSetUsage(db),
  ]);
  const byId = new Map(latest.map((v) => [v.ruleSetId, v]));
  return rows.map(({ draftSource, ...r }) => {
    const v = byId.get(r.id);
    return {
      ...r,
      latestVersion: v?.version ?? null,
      publishedAt: v?.publishedAt ?? null,
      publishedBy: v?.publishedBy ?? null,
      status: v ? ('published' as const) : ('draft' as const),
      /** The draft differs from the latest published version. */
      unpublishedChanges: v ? v.source !== draftSource : draftSource.trim() !== '',
      usedBy: usage.get(r.name) ?? [],
    };
  });
}

