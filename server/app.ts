// The process-wide database and auth, opened once (also across Next.js dev reloads).
import { openDatabase, prepareDatabase, databaseOptionsFromEnv, type Database } from '../drizzle';
import { createAuth, type Auth } from './auth';

export interface ServerApp {
  database: Database;
  auth: Auth;
}

const globalForApp = globalThis as unknown as { dispatchStudio?: Promise<ServerApp> };

export function getServerApp(): Promise<ServerApp> {
  globalForApp.dispatchStudio ??= (async () => {
    const database = await openDatabase(databaseOptionsFromEnv());
    await prepareDatabase(database, { seedIfEmpty: process.env.SEED_DEMO_DATA !== 'false' });
    return { database, auth: createAuth(database.db) };
  })().catch((error) => {
    globalForApp.dispatchStudio = undefined;
    throw error;
  });
  return globalForApp.dispatchStudio;
}
