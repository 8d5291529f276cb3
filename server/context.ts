import type { Database, Db } from '../drizzle/client';
import { createEngine, type Engine } from '../engine/dispatch';
import { loadPrincipal } from '../engine/directory/principal';
import type { Principal } from '../engine/principal';
import type { Auth } from './auth';

export interface Context {
  db: Db;
  database: Database | null;
  principal: Principal | null;
  now: () => Date;
  /** The process's engine (server/app.ts): every engine function is called with it. */
  engine: Engine;
}

/**
 * The context without HTTP: tests build it directly with any principal. Without an engine, one is
 * built over `db` that reads the directory and configuration afresh on every use (tests change them
 * between calls).
 */
export function createContextInner(opts: { db: Db; database?: Database | null; principal: Principal | null; now?: () => Date; engine?: Engine }): Context {
  const engine = opts.engine ?? createEngine({ db: opts.db, clock: opts.now, cacheTtlMs: 0 });
  return {
    db: opts.db,
    database: opts.database ?? null,
    principal: opts.principal,
    now: opts.now ?? engine.now,
    engine,
  };
}

/** The context of an HTTP request: the session cookie names the user; the database says who they are now. */
export async function createRequestContext(opts: { database: Database; auth: Auth; headers: Headers; engine?: Engine }): Promise<Context> {
  const session = await opts.auth.api.getSession({ headers: opts.headers });
  const principal = session ? await loadPrincipal(opts.database.db, session.user.id) : null;
  return createContextInner({ db: opts.database.db, database: opts.database, principal, engine: opts.engine });
}
