// The process-wide database and auth, opened once (also across Next.js dev reloads).
import { openDatabase, prepareDatabase, databaseOptionsFromEnv, type Database } from '../drizzle';
import { createEngineCaches, type EngineCaches } from '../engine/dispatch';
import { createAuth, type Auth } from './auth';

export interface ServerApp {
  database: Database;
  auth: Auth;
  caches: EngineCaches;
}

const globalForApp = globalThis as unknown as { dispatchStudio?: Promise<ServerApp> };

export function getServerApp(): Promise<ServerApp> {
  globalForApp.dispatchStudio ??= (async () => {
    const database = await openDatabase(databaseOptionsFromEnv());
    await prepareDatabase(database, { seedIfEmpty: process.env.SEED_DEMO_DATA !== 'false' });
    // The directory is reloaded at most every 2 s per process; flows and rule sets are cached per version.
    return { database, auth: createAuth(database.db), caches: createEngineCaches(2_000) };
  })().catch((error) => {
    globalForApp.dispatchStudio = undefined;
    throw error;
  });
  return globalForApp.dispatchStudio;
}
