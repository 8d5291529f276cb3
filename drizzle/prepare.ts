import type { Database, OpenOptions } from './client';
import { isDatabaseEmpty, seedDemoData } from './seed/seed';

/** DATABASE_URL selects a Postgres server; without it the app runs on PGlite in PGLITE_DIR (./data/pglite). */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOptions {
  return { url: env.DATABASE_URL || undefined, dataDir: env.PGLITE_DIR || undefined };
}

/**
 * Demo data (with its published password and API key) goes only into the embedded database,
 * unless SEED_DEMO_DATA=true asks for it on a server; SEED_DEMO_DATA=false skips it on PGlite too.
 */
export function demoDataWanted(kind: Database['kind'], env: NodeJS.ProcessEnv = process.env): boolean {
  const asked = (env.SEED_DEMO_DATA ?? '').trim().toLowerCase();
  if (asked === 'true') return true;
  if (asked === 'false') return false;
  return kind === 'pglite';
}

/** Applies pending migrations and, on an empty database, seeds the demo company. */
export async function prepareDatabase(database: Database, options: { seedIfEmpty: boolean }): Promise<void> {
  await database.migrate();
  if (options.seedIfEmpty && (await isDatabaseEmpty(database.db))) {
    await seedDemoData(database.db);
  }
}
