// The process-wide database and auth, opened once (also across Next.js dev reloads).
import { openDatabase, prepareDatabase, databaseOptionsFromEnv, demoDataWanted, type Database } from '../drizzle';
import { createEngine, type Engine } from '../engine/dispatch';
import { jobsEnabled, startJobs, type Jobs } from '../engine/jobs';
import { createAuth, type Auth } from './auth';
import { serverConfig } from './config';
import { deliveryChannels, deliveryConfig } from './delivery';

export interface ServerApp {
  database: Database;
  auth: Auth;
  /** The process's one engine: caches, order numbers and group commit, over the root database. */
  engine: Engine;
  /** This process's background worker (pg-boss); null with JOBS=off, in tests, or when it failed to start. */
  jobs: Jobs | null;
}

const globalForApp = globalThis as unknown as { dispatchStudio?: Promise<ServerApp> };

export function getServerApp(): Promise<ServerApp> {
  globalForApp.dispatchStudio ??= (async () => {
    const config = serverConfig(); // throws, naming the variable, before anything opens
    deliveryConfig(); // VAPID_*, SMTP_URL, MAIL_FROM: the same
    const database = await openDatabase(databaseOptionsFromEnv());
    await prepareDatabase(database, { seedIfEmpty: demoDataWanted(database.kind) });
    // The directory and configuration are refreshed in the background every 2 s; flows and rule sets
    // are cached per version; new orders are group-committed.
    const engine = createEngine({ db: database.db });
    const auth = createAuth(database.db, { secret: config.authSecret, baseURL: config.authUrl, trustedProxyHops: config.trustedProxyHops });
    return { database, auth, engine, jobs: await startProcessJobs(database, engine) };
  })().catch((error) => {
    globalForApp.dispatchStudio = undefined;
    throw error;
  });
  return globalForApp.dispatchStudio;
}

/** Starts the background worker once per process and stops it on shutdown. */
async function startProcessJobs(database: Database, engine: Engine): Promise<Jobs | null> {
  if (!jobsEnabled()) return null;
  try {
    const jobs = await startJobs({ database, url: process.env.DATABASE_URL || null, engine, scanOnStart: true, delivery: deliveryChannels() });
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        void jobs.stop().finally(() => {
          // With no other handler left (outside Next.js), exit as the signal would have.
          if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
        });
      });
    }
    return jobs;
  } catch (error) {
    console.error('[jobs] background jobs did not start; SLA breaches are not being recorded', error);
    return null;
  }
}
