// The engine object: built once per process (or per test) by `createEngine`, and handed to every
// engine function. It holds, explicitly, everything that lives longer than one request: its root
// database, the clock and id source, the directory and configuration caches, the compiled flows and
// rule sets, the order-number blocks and the order writer (group commit). The app, the jobs
// worker, REST, tRPC, the benchmarks and the tests all build it this way.
//
// Functions that run inside a caller's transaction take that transaction explicitly (`tx`); the
// engine never guesses from which connection it was given: reads without a transaction, group
// commit and background refreshes go through the root database.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../drizzle/client';
import { ConfigCache, DirectoryCache, OrderNumberBlocks, type CompiledCache, type EngineCaches } from './context';
import { createOrderWriter, type OrderWriter, type OrderWriterOptions } from './order-writer';

export interface EngineOptions {
  /** The root database (never a transaction). */
  db: Db;
  /** The engine's time. Default: the wall clock. */
  clock?: () => Date;
  /** New order ids. Default: random UUIDs. */
  ids?: () => string;
  /**
   * How long the directory and configuration are reused before a background refresh (default 2 s).
   * 0 reads them afresh on every use: for tests that change them between calls.
   */
  cacheTtlMs?: number;
  /** Order numbers reserved from the sequence at a time (default 50). */
  orderNumberBlock?: number;
  /** Group commit settings (engine/dispatch/order-writer.ts). */
  orderWriter?: OrderWriterOptions;
}

export interface Engine extends EngineCaches {
  readonly db: Db;
  readonly now: () => Date;
  readonly newId: () => string;
  readonly directory: DirectoryCache;
  readonly config: ConfigCache;
  readonly compiled: CompiledCache;
  readonly orderNumbers: OrderNumberBlocks;
  /** New orders created without a transaction are written through it, together when they coincide. */
  readonly orderWriter: OrderWriter;
  /** Waits for background refreshes under way (benchmarks, shutdown). */
  settle(): Promise<void>;
}

export const DEFAULT_CACHE_TTL_MS = 2_000;

export function createEngine(options: EngineOptions): Engine {
  const { db } = options;
  const ttl = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  const now = options.clock ?? (() => new Date());
  const directory = new DirectoryCache(db, ttl, now);
  const config = new ConfigCache(db, ttl);
  return {
    db,
    now,
    newId: options.ids ?? randomUUID,
    directory,
    config,
    compiled: { flows: new Map(), ruleSets: new Map() },
    orderNumbers: new OrderNumberBlocks(db, options.orderNumberBlock),
    orderWriter: createOrderWriter(db, options.orderWriter),
    async settle() {
      await Promise.all([directory.refreshing, config.refreshing]);
    },
  };
}
