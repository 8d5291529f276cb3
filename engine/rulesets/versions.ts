// Rule sets: a draft source that is edited, and published versions that are frozen. Publishing is
// refused while the checker reports an error, checked here on the server whatever the editor said.
import { and, count, desc, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkRuleSet, createDirectory, type Diagnostic } from '../../dsl';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { recordAudit, type AuditActor } from '../audit';
import { loadCustomFields, loadDirectoryData } from '../dispatch/context';
import { onUniqueViolation } from '../db-errors';
import { ConflictError, NotFoundError, ValidationError, parseInput } from '../errors';
import type { Principal } from '../principal';
import { publishedVersionColumns } from './queries';

export const createRuleSetInput = z.object({
  name: z.string().trim().min(2, 'At least 2 characters').max(120),
  description: z.string().trim().max(1000).optional(),
  source: z.string().max(500_000).default(''),
});
export const saveRuleSetDraftInput = z.object({ id: z.string().min(1).max(200), source: z.string().max(500_000) });

const PUBLISHED_JUST_NOW = 'Someone else published this rule set just now; reload it to see the new version';

async function assertNameFree(db: Db, name: string, exceptId: string | null) {
  const [taken] = await db
    .select({ id: s.ruleSets.id })
    .from(s.ruleSets)
    .where(and(sql`lower(${s.ruleSets.name}) = lower(${name})`, exceptId ? ne(s.ruleSets.id, exceptId) : undefined));
  if (taken) throw new ValidationError(`A rule set named "${name}" already exists`, { name: [`A rule set named "${name}" already exists`] });
}

/** Diagnostics of a source against the current custom fields and directory names. */
export async function checkRuleSource(db: Db, source: string): Promise<Diagnostic[]> {
  const [customFields, data] = await Promise.all([loadCustomFields(db), loadDirectoryData(db)]);
  return checkRuleSet(source, { customFields, directory: createDirectory(data) });
}

/** What the audit log keeps of a rule set's source: its size, not the text. */
const sourceSummary = (source: string) => ({ lines: source ? source.split('\n').length : 0, characters: source.length });

export async function createRuleSet(db: Db, principal: Principal, raw: z.input<typeof createRuleSetInput>, duplicateOf?: string) {
  const input = parseInput(createRuleSetInput, raw);
  await assertNameFree(db, input.name, null);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(s.ruleSets)
      .values({ name: input.name, description: input.description ?? null, draftSource: input.source, draftUpdatedBy: principal.id, createdBy: principal.id })
      .returning();
    await recordAudit(tx, principal, {
      action: duplicateOf ? 'rule_set.duplicate' : 'rule_set.create',
      entityType: 'rule_set',
      entityId: row.id,
      before: null,
      after: { name: row.name, description: row.description, ...sourceSummary(row.draftSource), ...(duplicateOf ? { duplicateOf } : {}) },
    });
    return row;
  });
}

export async function getRuleSet(db: Db, id: string) {
  const [found] = await db
    .select({ ruleSet: s.ruleSets, draftUpdatedByName: s.users.name })
    .from(s.ruleSets)
    .leftJoin(s.users, eq(s.users.id, s.ruleSets.draftUpdatedBy))
    .where(eq(s.ruleSets.id, id));
  if (!found) throw new NotFoundError('Rule set', id);
  const ruleSet = { ...found.ruleSet, draftUpdatedByName: found.draftUpdatedByName };
  const versions = await db
    .select({ id: s.ruleSetVersions.id, ...publishedVersionColumns })
    .from(s.ruleSetVersions)
    .leftJoin(s.users, eq(s.users.id, s.ruleSetVersions.publishedBy))
    .where(eq(s.ruleSetVersions.ruleSetId, id))
    .orderBy(desc(s.ruleSetVersions.version));
  return { ruleSet, versions };
}

export async function saveRuleSetDraft(db: Db, principal: Principal, raw: z.input<typeof saveRuleSetDraftInput>) {
  const input = parseInput(saveRuleSetDraftInput, raw);
  const row = await db.transaction(async (tx) => {
    const [existing] = await tx.select({ name: s.ruleSets.name, draftSource: s.ruleSets.draftSource }).from(s.ruleSets).where(eq(s.ruleSets.id, input.id));
    if (!existing) throw new NotFoundError('Rule set', input.id);
    const [saved] = await tx
      .update(s.ruleSets)
      .set({ draftSource: input.source, draftUpdatedBy: principal.id, draftUpdatedAt: new Date() })
      .where(eq(s.ruleSets.id, input.id))
      .returning();
    // Small on purpose: sizes, not the source text (the versions keep the text once published).
    await recordAudit(tx, principal, {
      action: 'rule_set.save_draft',
      entityType: 'rule_set',
      entityId: input.id,
      before: { name: existing.name, ...sourceSummary(existing.draftSource) },
      after: { name: saved.name, ...sourceSummary(saved.draftSource) },
    });
    return saved;
  });
  return { ruleSet: row, diagnostics: await checkRuleSource(db, input.source) };
}

/**
 * Freezes the draft source as the next version; refused while the checker reports an error. Two
 * publishes at once make one version: the rule set row is locked, and the other (or a publish of a
 * source that is already the latest version) gets a CONFLICT.
 */
export async function publishRuleSet(db: Db, principal: Principal, id: string) {
  const { ruleSet, versions: seen } = await getRuleSet(db, id);
  const errors = (await checkRuleSource(db, ruleSet.draftSource)).filter((d) => d.severity === 'error');
  if (errors.length) {
    throw new ValidationError(`The rule set has ${errors.length} error${errors.length > 1 ? 's' : ''}: line ${errors[0].range.start.line}: ${errors[0].message}`, {
      source: errors.map((d) => `${d.range.start.line}:${d.range.start.column}: ${d.message}`),
    });
  }
  return db.transaction(async (tx) => {
    await tx.select({ id: s.ruleSets.id }).from(s.ruleSets).where(eq(s.ruleSets.id, id)).for('update');
    const [latest] = await tx
      .select({ version: s.ruleSetVersions.version, source: s.ruleSetVersions.source })
      .from(s.ruleSetVersions)
      .where(eq(s.ruleSetVersions.ruleSetId, id))
      .orderBy(desc(s.ruleSetVersions.version))
      .limit(1);
    if ((latest?.version ?? 0) !== (seen[0]?.version ?? 0)) throw new ConflictError(PUBLISHED_JUST_NOW);
    if (latest && latest.source === ruleSet.draftSource) throw new ConflictError(`Nothing to publish: the draft is already version ${latest.version}`);
    const next = (latest?.version ?? 0) + 1;
    const [version] = await tx
      .insert(s.ruleSetVersions)
      .values({ ruleSetId: id, version: next, source: ruleSet.draftSource, publishedBy: principal.id })
      .returning()
      .catch(onUniqueViolation('rule_set_versions_uq', () => new ConflictError(PUBLISHED_JUST_NOW)));
    await recordAudit(tx, principal, {
      action: 'rule_set.publish',
      entityType: 'rule_set',
      entityId: id,
      before: { name: ruleSet.name, version: version.version - 1 },
      after: { name: ruleSet.name, version: version.version, versionId: version.id, ...sourceSummary(version.source) },
    });
    return version;
  });
}

export async function duplicateRuleSet(db: Db, principal: Principal, id: string, name: string) {
  const { ruleSet } = await getRuleSet(db, id);
  return createRuleSet(db, principal, { name, description: ruleSet.description ?? undefined, source: ruleSet.draftSource }, id);
}

export async function deleteRuleSetDraft(db: Db, id: string, actor: AuditActor | null = null) {
  const [{ n }] = await db.select({ n: count() }).from(s.ruleSetVersions).where(eq(s.ruleSetVersions.ruleSetId, id));
  if (n > 0) throw new ValidationError('A published rule set cannot be deleted', { id: ['Published rule sets keep their history'] });
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(s.ruleSets).where(eq(s.ruleSets.id, id)).returning();
    if (!row) throw new NotFoundError('Rule set', id);
    await recordAudit(tx, actor, {
      action: 'rule_set.delete_draft',
      entityType: 'rule_set',
      entityId: id,
      before: { name: row.name, description: row.description, ...sourceSummary(row.draftSource) },
      after: null,
    });
    return row;
  });
}
