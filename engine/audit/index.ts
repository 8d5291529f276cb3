// The audit log: who changed what, when, with the entity before and after. Entries are written in
// the transaction of the change they describe (so a rolled-back change leaves no entry), and the
// database refuses to update or delete them (migration 0011). Secrets never go in: no passwords,
// password hashes, API keys or key hashes; big bodies (flow graphs, rule sources) are summarised.
import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { auditFilterInput, redact, SYSTEM_ACTOR, type AuditActor, type AuditEntry, type AuditFilter } from './model';

export * from './model';

/** Writes one entry with the caller's transaction (or connection). */
export async function recordAudit(db: DbOrTx, actor: AuditActor | null, entry: AuditEntry): Promise<void> {
  const who = actor ?? SYSTEM_ACTOR;
  await db.insert(s.auditLog).values({
    actorId: who.id,
    actorName: who.name,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before === undefined ? null : redact(entry.before),
    after: entry.after === undefined ? null : redact(entry.after),
  });
}

/** Writes several entries at once (e.g. a user update and its permission changes). */
export async function recordAuditMany(db: DbOrTx, actor: AuditActor | null, entries: AuditEntry[]): Promise<void> {
  for (const entry of entries) await recordAudit(db, actor, entry);
}

// ---------------------------------------------------------------------------------------------
// Reading (admins, in Settings)
// ---------------------------------------------------------------------------------------------
export type AuditRow = typeof s.auditLog.$inferSelect;

/** Newest first, a page at a time: `nextCursor` is null on the last page. */
export async function listAudit(db: DbOrTx, raw: AuditFilter = {}): Promise<{ entries: AuditRow[]; nextCursor: number | null }> {
  const filter = auditFilterInput.parse(raw);
  const where: SQL[] = [];
  if (filter.entityType) where.push(eq(s.auditLog.entityType, filter.entityType));
  if (filter.entityId) where.push(eq(s.auditLog.entityId, filter.entityId));
  if (filter.actorId) where.push(filter.actorId === 'system' ? sql`${s.auditLog.actorId} IS NULL` : eq(s.auditLog.actorId, filter.actorId));
  if (filter.action) {
    const escaped = filter.action.replace(/[\\%_]/g, (c) => `\\${c}`);
    where.push(sql`${s.auditLog.action} LIKE ${escaped + '%'}`);
  }
  if (filter.hideDraftSaves) where.push(sql`${s.auditLog.action} NOT LIKE '%.save_draft'`);
  if (filter.from) where.push(gte(s.auditLog.at, filter.from));
  if (filter.to) where.push(lte(s.auditLog.at, filter.to));
  if (filter.cursor) where.push(lt(s.auditLog.id, filter.cursor));
  const rows = await db
    .select()
    .from(s.auditLog)
    .where(and(...where))
    .orderBy(desc(s.auditLog.id))
    .limit(filter.limit + 1);
  const more = rows.length > filter.limit;
  const entries = more ? rows.slice(0, filter.limit) : rows;
  return { entries, nextCursor: more ? entries[entries.length - 1].id : null };
}

/** The people who appear in the log, for the actor filter. */
export async function listAuditActors(db: DbOrTx): Promise<{ id: string | null; name: string }[]> {
  const rows = await db
    .selectDistinctOn([s.auditLog.actorId], { id: s.auditLog.actorId, name: s.auditLog.actorName })
    .from(s.auditLog)
    .orderBy(s.auditLog.actorId, desc(s.auditLog.id));
  return rows.map((r) => ({ id: r.id, name: r.name ?? (r.id ? r.id : 'system') })).sort((a, b) => a.name.localeCompare(b.name));
}
