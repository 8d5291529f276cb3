import type { Database, Db } from '../drizzle/client';
import { createEngineCaches, type EngineCaches, type EngineDeps } from '../engine/dispatch';
import { loadPrincipal } from '../engine/directory/principal';
import type { Principal } from '../engine/principal';
import type { Auth } from './auth';

export interface Context {
  db: Db;
  database: Database | null;
  principal: Principal | null;
  now: () => Date;
  /** Compiled flows, rule sets and the directory, shared by the requests of one process. */
  caches: EngineCaches;
}

/** What engine functions need from a request. */
export const engineDeps = (ctx: Context): EngineDeps => ({ db: ctx.db, caches: ctx.caches, now: ctx.now });

/** The context without HTTP: tests build it directly with any principal. */
export function createContextInner(opts: {
  db: Db;
  database?: Database | null;
  principal: Principal | null;
  now?: () => Date;
  caches?: EngineCaches;
}): Context {
  return {
    db: opts.db,
    database: opts.database ?? null,
    principal: opts.principal,
    now: opts.now ?? (() => new Date()),
    caches: opts.caches ?? createEngineCaches(),
  };
}

/** The context of an HTTP request: the session cookie names the user; the database says who they are now. */
export async function createRequestContext(opts: { database: Database; auth: Auth; headers: Headers; caches?: EngineCaches }): Promise<Context> {
  const session = await opts.auth.api.getSession({ headers: opts.headers });
  const principal = session ? await loadPrincipal(opts.database.db, session.user.id) : null;
  return createContextInner({ db: opts.database.db, database: opts.database, principal, caches: opts.caches });
}
