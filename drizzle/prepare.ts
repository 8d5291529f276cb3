import { and, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit, SYSTEM_ACTOR } from '../engine/audit';
import type { Database, Db, OpenOptions } from './client';
import * as s from './schema';
import { isDatabaseEmpty, seedDemoData } from './seed/seed';

/** DATABASE_URL selects a Postgres server; without it the app runs on PGlite in PGLITE_DIR (./data/pglite). */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOptions {
  return { url: env.DATABASE_URL || undefined, dataDir: env.PGLITE_DIR || undefined };
}

/**
 * Demo data (with its published password and API key) goes only into the embedded database,
 * unless SEED_DEMO_DATA=true asks for it on a server; SEED_DEMO_DATA=false skips it on PGlite too.
 */
export function demoDataWanted(kind: Database['kind'], env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const asked = (env.SEED_DEMO_DATA ?? '').trim().toLowerCase();
  if (asked === 'true') return true;
  if (asked === 'false') return false;
  return kind === 'pglite';
}

/**
 * manage_users came after the first installations: where no active admin holds it (only an admin
 * can use it), every active admin gets it, so that someone can still grant permissions. Written to the audit log as the
 * system's doing. Answers the ids of the admins granted it (none when someone already holds it).
 */
export async function bootstrapUserManagers(db: Db): Promise<string[]> {
  return db.transaction(async (tx) => {
    // App servers starting together take turns, so the grant and its audit entries are written once.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('dispatch-studio:bootstrap-user-managers'))`);
    const holders = await tx
      .select({ id: s.users.id })
      .from(s.userPermissions)
      .innerJoin(s.users, eq(s.users.id, s.userPermissions.userId))
      .where(and(eq(s.userPermissions.permission, 'manage_users'), eq(s.users.active, true), eq(s.users.role, 'admin')))
      .limit(1);
    if (holders.length) return [];
    const admins = await tx
      .select({ id: s.users.id })
      .from(s.users)
      .where(and(eq(s.users.role, 'admin'), eq(s.users.active, true)));
    if (!admins.length) return [];
    const ids = admins.map((a) => a.id);
    const current = await tx.select().from(s.userPermissions).where(inArray(s.userPermissions.userId, ids));
    await tx
      .insert(s.userPermissions)
      .values(ids.map((userId) => ({ userId, permission: 'manage_users' as const, grantedBy: null })))
      .onConflictDoNothing();
    for (const id of ids) {
      const before = current.filter((p) => p.userId === id).map((p) => p.permission).sort();
      const after = [...before, 'manage_users' as const].sort();
      await recordAudit(tx, SYSTEM_ACTOR, {
        action: 'permission.grant',
        entityType: 'permission',
        entityId: id,
        before: { permissions: before },
        after: { permissions: after, granted: ['manage_users'], removed: [], reason: 'bootstrap: no active user held manage_users' },
      });
    }
    return ids;
  });
}

/** Applies pending migrations, makes sure someone can manage users, and, on an empty database, seeds the demo company. */
export async function prepareDatabase(database: Database, options: { seedIfEmpty: boolean }): Promise<void> {
  await database.migrate();
  if (options.seedIfEmpty && (await isDatabaseEmpty(database.db))) {
    await seedDemoData(database.db);
  }
  await bootstrapUserManagers(database.db);
}
