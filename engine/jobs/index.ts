// Background jobs, kept in Postgres by pg-boss (schema "pgboss" in the app's own database), so any
// number of app servers may run workers: pg-boss hands each job to one worker (SKIP LOCKED), runs
// each cron schedule once per minute across all of them, and retries jobs a crashed worker held.
//
// On a Postgres server pg-boss opens its own small pool from the URL. On embedded PGlite it runs
// through a `db` adapter over the same PGlite instance (pg-boss's documented `db` option); PGlite
// is one process by nature, so there the "many workers" question does not arise.
import PgBoss from 'pg-boss';
import type { PGlite } from '@electric-sql/pglite';
import type { Database } from '../../drizzle/client';
import { createEngine, type Engine } from '../dispatch/engine';
import { runSlaScan } from '../sla';
import { runDelivery, type DeliveryChannels } from '../delivery';

export const SLA_SCAN = 'sla-scan';
/** Fans new notifications out into deliveries and sends what is due (engine/delivery). */
export const DELIVERY = 'notification-delivery';
export const JOBS_SCHEMA = 'pgboss';

export interface JobsOptions {
  database: Database;
  /** The Postgres URL pg-boss connects to; required when `database` is a Postgres server. */
  url?: string | null;
  /** The process's engine (server/app.ts); one over `database` by default. */
  engine?: Engine;
  /** The time the SLA scan runs at (tests); the engine's clock by default. */
  now?: () => Date;
  /** When the SLA scan runs (cron, UTC). Every minute by default. */
  slaCron?: string;
  /** Send one scan right after starting, so breaches are recorded without waiting for the minute. */
  scanOnStart?: boolean;
  /** How often an idle worker looks for work (seconds, default 2). */
  pollingIntervalSeconds?: number;
  /** pg-boss's cron timings (seconds); tests shorten them. */
  cronMonitorIntervalSeconds?: number;
  cronWorkerIntervalSeconds?: number;
  log?: (level: 'info' | 'error', message: string, error?: unknown) => void;
  /** Push and e-mail channels; without them this process delivers nothing (the in-app list needs no job). */
  delivery?: DeliveryChannels | null;
  /** How often a delivery run is queued besides the poke on every new notification (seconds, default 10). */
  deliveryIntervalSeconds?: number;
}

export interface Jobs {
  boss: PgBoss;
  /** Queues an SLA scan now; null when one is already waiting (the queue keeps at most one). */
  sendSlaScan(): Promise<string | null>;
  /** Queues a delivery run now; null when one is already waiting, or when this process does not deliver. */
  sendDelivery(): Promise<string | null>;
  stop(): Promise<void>;
}

/** pg-boss's `db` option over a PGlite instance: parameterless SQL may hold several statements. */
export function pgliteJobsDb(client: PGlite): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length) {
        const result = await client.query(text, values as unknown[]);
        return { rows: result.rows as unknown[] };
      }
      const results = await client.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as unknown[] };
    },
  } as PgBoss.Db;
}

function connectionFor(options: JobsOptions): PgBoss.DatabaseOptions {
  if (options.database.kind === 'postgres') {
    if (!options.url) throw new Error('startJobs needs the Postgres URL for pg-boss');
    return { connectionString: options.url, max: 4, application_name: 'dispatch-studio-jobs' };
  }
  const client = (options.database.db as unknown as { $client?: PGlite }).$client;
  if (!client) throw new Error('startJobs: the PGlite client is not reachable from the database');
  return { db: pgliteJobsDb(client) };
}

const defaultLog: NonNullable<JobsOptions['log']> = (level, message, error) => {
  if (level === 'error') console.error(`[jobs] ${message}`, error ?? '');
  else console.info(`[jobs] ${message}`);
};

/** Starts pg-boss, schedules the SLA scan every minute, and works the scan queue in this process. */
export async function startJobs(options: JobsOptions): Promise<Jobs> {
  const log = options.log ?? defaultLog;
  let stopDelivery: (() => Promise<void>) | null = null;
  const engine = options.engine ?? createEngine({ db: options.database.db });
  const now = options.now ?? engine.now;
  const boss = new PgBoss({
    ...connectionFor(options),
    schema: JOBS_SCHEMA,
    migrate: true,
    schedule: true,
    supervise: true,
    ...(options.cronMonitorIntervalSeconds ? { cronMonitorIntervalSeconds: options.cronMonitorIntervalSeconds } : {}),
    ...(options.cronWorkerIntervalSeconds ? { cronWorkerIntervalSeconds: options.cronWorkerIntervalSeconds } : {}),
  });
  boss.on('error', (error) => log('error', 'pg-boss error', error));
  await boss.start();
  try {
    // "stately": at most one scan waiting and one running across all workers; a scan is idempotent,
    // so a second one queued behind a running one adds nothing.
    await boss.createQueue(SLA_SCAN, { name: SLA_SCAN, policy: 'stately', retryLimit: 3, retryDelay: 10, expireInSeconds: 300 });
    await boss.schedule(SLA_SCAN, options.slaCron ?? '* * * * *', {}, { tz: 'UTC' });
    await boss.work(SLA_SCAN, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 }, async (jobs) => {
      for (const _job of jobs) {
        const result = await runSlaScan(engine, { now });
        if (result.recorded) log('info', `SLA scan recorded ${result.recorded} order(s) with new breaches`);
      }
    });
    if (options.scanOnStart) await boss.send(SLA_SCAN, {});
    // With neither push nor e-mail configured there is nothing to send: no delivery job scans the
    // outbox behind every order (in-app notifications need none). A channel configured later starts
    // from the notifications made after it.
    if (options.delivery && (options.delivery.push || options.delivery.email)) {
      stopDelivery = await startDeliveryQueue(boss, options, options.delivery, now, log);
    }
  } catch (error) {
    await stopDelivery?.();
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    throw error;
  }

  let stopping: Promise<void> | null = null;
  return {
    boss,
    sendSlaScan: () => boss.send(SLA_SCAN, {}),
    sendDelivery: () => (stopDelivery ? boss.send(DELIVERY, {}) : Promise.resolve(null)),
    stop() {
      // Graceful: stop fetching, let a running scan finish (bounded), then close pg-boss's pool.
      stopping ??= (async () => {
        await stopDelivery?.();
        await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      })();
      return stopping;
    },
  };
}

/**
 * Delivery runs as one "stately" queue like the SLA scan: at most one run waiting and one running
 * across all workers. Runs are queued on every new notification (the outbox's NOTIFY, at most one
 * send a second), every few seconds (for retries coming due) and by the minute's cron, so a missed
 * ping costs seconds, never a notification. Nothing of this runs inside an order's transaction.
 */
async function startDeliveryQueue(
  boss: PgBoss,
  options: JobsOptions,
  channels: DeliveryChannels,
  now: () => Date,
  log: NonNullable<JobsOptions['log']>,
): Promise<() => Promise<void>> {
  await boss.createQueue(DELIVERY, { name: DELIVERY, policy: 'stately', retryLimit: 3, retryDelay: 10, expireInSeconds: 600 });
  await boss.schedule(DELIVERY, '* * * * *', {}, { tz: 'UTC' });
  await boss.work(DELIVERY, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 }, async (jobs) => {
    for (const _job of jobs) {
      const result = await runDelivery(options.database.db, channels, { now });
      if (result.sent || result.dead) log('info', `delivery sent ${result.sent}, ${result.retrying} to retry, ${result.dead} dead`);
    }
  });
  let last = 0;
  const poke = () => {
    if (Date.now() - last < 1000) return;
    last = Date.now();
    boss.send(DELIVERY, {}).catch((error) => log('error', 'could not queue a delivery run', error));
  };
  const timer = setInterval(poke, (options.deliveryIntervalSeconds ?? 10) * 1000);
  timer.unref?.();
  const unlisten = await options.database.listen('ds_notifications', poke).catch((error) => {
    log('error', 'delivery does not hear new notifications (it still runs every few seconds)', error);
    return null;
  });
  poke();
  return async () => {
    clearInterval(timer);
    await unlisten?.().catch(() => {});
  };
}

/** Whether this process should run background jobs: not in tests, not while building, not with JOBS=off. */
export function jobsEnabled(env: Record<string, string | undefined> = process.env): boolean {
  if (env.JOBS === 'off' || env.JOBS === 'false' || env.JOBS === '0') return false;
  if (env.VITEST || env.NODE_ENV === 'test') return false;
  if (env.NEXT_PHASE === 'phase-production-build') return false;
  return true;
}
