// The one database client. With a postgres:// URL it uses node-postgres; otherwise embedded PGlite
// in a data folder (or in memory). Everything above this file sees the same drizzle `Db` type.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /**
   * Subscribes to a NOTIFY channel; resolves (once LISTEN is in place) to the function that
   * unsubscribes. On Postgres one connection per process listens for every channel; when it drops
   * it reconnects with back-off, LISTENs again and then calls `onReconnect`: whatever was notified
   * meanwhile is lost, so the subscriber re-reads what it shows. PGlite's listener cannot drop.
   */
  listen(channel: string, onPayload: (payload: string) => void, options?: ListenOptions): Promise<() => Promise<void>>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… for a server; absent for embedded PGlite. */
  url?: string;
  /** PGlite data folder; 'memory://' keeps it in memory. Default ./data/pglite */
  dataDir?: string;
  /** Pool size for a server. */
  poolMax?: number;
}

export interface ListenOptions {
  /** Called after the listening connection was lost and is back, listening again. */
  onReconnect?: () => void;
}

/** The `application_name` of the listening connection (pg_stat_activity shows it). */
export const LISTEN_APPLICATION_NAME = 'dispatch-studio-listen';

export const migrationsFolder = path.join(process.cwd(), 'drizzle', 'migrations');

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolMax ?? 10);
  return openPglite(options.dataDir ?? path.join(process.cwd(), 'data', 'pglite'));
}

async function openPglite(dataDir: string): Promise<Database> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  // btree_gist: the bookings' no-overlap constraint (migration 0015).
  const client = await PGlite.create({ dataDir: dataDir.startsWith('memory://') ? undefined : dataDir, extensions: { btree_gist } });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    async listen(channel, onPayload) {
      const unlisten = await client.listen(channel, onPayload);
      return async () => unlisten();
    },
    async migrate() {
      await migratePglite(db as never, { migrationsFolder });
    },
    async close() {
      await client.close();
    },
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection dropped by the server (restart, failover) is replaced on next use; it must not crash the process.
  pool.on('error', (error) => console.warn(`database: idle connection lost (${error.message})`));
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  const listener = createPgListener(url);
  return {
    db,
    kind: 'postgres',
    listen: listener.listen,
    async migrate() {
      await migrateNodePg(db as never, { migrationsFolder });
    },
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

export interface PgListenerOptions {
  /** First reconnect delay; doubles on every failed attempt (with ±25 % jitter, never above the longest). Default 250 ms. */
  minDelayMs?: number;
  /** Longest reconnect delay. Default 10 s. */
  maxDelayMs?: number;
  /** How often the idle connection is checked with `SELECT 1` (finds a dead network path). Default 30 s. */
  healthCheckMs?: number;
  applicationName?: string;
}

interface ListenHandler {
  onPayload: (payload: string) => void;
  onReconnect?: () => void;
}

/**
 * LISTEN for a process: ONE dedicated connection (outside the pool) for all channels. When it is
 * lost (server restart, `pg_terminate_backend`, network) nothing is thrown: it reconnects after
 * 250 ms, 500 ms, … up to 10 s (with jitter) until the server answers, LISTENs again on every
 * channel and calls each subscriber's `onReconnect`. Connecting, LISTEN and UNLISTEN run one at a
 * time (a queue), so a channel added or removed while the connection comes back is never missed.
 */
export function createPgListener(url: string, options: PgListenerOptions = {}) {
  const minDelay = options.minDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const healthCheckMs = options.healthCheckMs ?? 30_000;
  const channels = new Map<string, Set<ListenHandler>>();
  let client: pg.Client | null = null; // connected; `listened` are the channels it LISTENs on
  let listened = new Set<string>();
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let healthTimer: ReturnType<typeof setInterval> | null = null;
  let failures = 0;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it. */
  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => {});
    return run;
  }

  function onNotification(msg: pg.Notification) {
    for (const handler of channels.get(msg.channel) ?? []) {
      try {
        handler.onPayload(msg.payload ?? '');
      } catch (error) {
        console.error(`database: a listener of ${msg.channel} failed`, error);
      }
    }
  }

  /** Forgets the connection `c` (if still current) and schedules a reconnect. */
  function lost(c: pg.Client, error?: Error) {
    if (c !== client) return; // an old connection's late 'error' or 'end'
    detach();
    c.end().catch(() => {});
    if (closed || !channels.size) return;
    console.warn(`database: listening connection lost (${error?.message ?? 'closed by the server'}); reconnecting`);
    scheduleReconnect();
  }

  function detach() {
    client = null;
    listened = new Set();
    if (healthTimer) clearInterval(healthTimer);
    healthTimer = null;
  }

  async function connect() {
    const c = new pg.Client({
      connectionString: url,
      application_name: options.applicationName ?? LISTEN_APPLICATION_NAME,
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
      query_timeout: 10_000,
    });
    // Listeners before connect: an 'error' event without one would be thrown uncaught.
    c.on('error', (error) => lost(c, error));
    c.on('end', () => lost(c));
    c.on('notification', onNotification);
    try {
      await c.connect();
    } catch (error) {
      c.end().catch(() => {});
      throw error;
    }
    client = c;
    listened = new Set();
    healthTimer = setInterval(() => {
      if (client === c) c.query('SELECT 1').catch((error: Error) => lost(c, error));
    }, healthCheckMs);
    healthTimer.unref?.();
  }

  /** Brings the connection in line with `channels`: connected with LISTEN on each, or closed if none. */
  async function sync() {
    if (closed) return;
    if (!channels.size) {
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const c = client;
      if (c) {
        detach();
        await c.end().catch(() => {});
      }
      return;
    }
    if (!client) {
      if (retryTimer) return; // a reconnect is scheduled; it LISTENs on every channel
      await connect();
    }
    const c = client!;
    for (const channel of channels.keys()) {
      if (listened.has(channel)) continue;
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      if (client === c) listened.add(channel);
    }
    for (const channel of [...listened]) {
      if (channels.has(channel)) continue;
      await c.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`);
      listened.delete(channel);
    }
  }

  function scheduleReconnect() {
    if (retryTimer || closed) return;
    const base = Math.min(maxDelay, minDelay * 2 ** Math.min(failures, 30));
    const delay = Math.round(Math.min(maxDelay, base * (0.75 + Math.random() * 0.5)));
    failures++;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void enqueue(reconnect);
    }, delay);
    retryTimer.unref?.();
  }

  async function reconnect() {
    if (closed || !channels.size || client) return;
    try {
      await sync();
    } catch (error) {
      console.warn(`database: listening connection not back yet (${(error as Error).message})`);
      const c = client as pg.Client | null; // sync() may have connected before LISTEN failed
      if (c) {
        detach();
        c.end().catch(() => {});
      }
      scheduleReconnect();
      return;
    }
    failures = 0;
    console.warn('database: listening connection is back');
    const callbacks = new Set<() => void>();
    for (const handlers of channels.values()) for (const h of handlers) if (h.onReconnect) callbacks.add(h.onReconnect);
    for (const callback of callbacks) {
      try {
        callback();
      } catch (error) {
        console.error('database: a reconnect listener failed', error);
      }
    }
  }

  return {
    async listen(channel: string, onPayload: (payload: string) => void, listenOptions: ListenOptions = {}) {
      if (closed) throw new Error('The database is closed');
      const handler: ListenHandler = { onPayload, onReconnect: listenOptions.onReconnect };
      let handlers = channels.get(channel);
      if (!handlers) channels.set(channel, (handlers = new Set()));
      handlers.add(handler);
      const remove = () => {
        handlers.delete(handler);
        if (!handlers.size && channels.get(channel) === handlers) channels.delete(channel);
      };
      try {
        await enqueue(sync);
      } catch (error) {
        remove();
        const c = client;
        if (c && !channels.size) {
          detach();
          c.end().catch(() => {});
        }
        if (channels.size && !client) scheduleReconnect(); // the others still want to hear
        throw error;
      }
      let removed = false;
      return async () => {
        if (removed) return;
        removed = true;
        remove();
        await enqueue(sync).catch(() => {}); // UNLISTEN failing means the connection is gone anyway
      };
    },
    /** How many connections are listening (0 or 1). */
    get connected() {
      return client ? 1 : 0;
    },
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      channels.clear();
      await queue;
      const c = client;
      if (c) {
        detach();
        await c.end().catch(() => {});
      }
    },
  };
}

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** A statement whose text never changes: prepared once per connection where the driver can. */
export interface FixedStatement {
  /** Unique per text: the server keeps the plan under this name. */
  name: string;
  text: string;
}

/**
 * Runs a fixed statement with `$1…$n` parameters and returns its rows as the driver decodes them.
 * On the root database of node-postgres it is a named prepared statement (parsed and planned once
 * per connection); on PGlite and inside a transaction it runs as an ordinary parameterised query.
 */
export async function queryFixed<T>(db: DbOrTx, statement: FixedStatement, values: unknown[]): Promise<T[]> {
  const client = (db as { $client?: unknown }).$client;
  if (client instanceof pg.Pool) {
    const result = await client.query({ name: statement.name, text: statement.text, values });
    return result.rows as T[];
  }
  if (client instanceof PGlite) {
    const result = await client.query<T>(statement.text, values);
    return result.rows;
  }
  const chunks: SQL[] = [];
  const parts = statement.text.split(/\$(\d+)/);
  for (let i = 0; i < parts.length; i++) {
    chunks.push(i % 2 === 0 ? sql.raw(parts[i]) : sql`${values[Number(parts[i]) - 1]}`);
  }
  return queryRows<T>(db, sql.join(chunks));
}
