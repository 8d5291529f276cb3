// The benchmarks' own databases on the Postgres server: created empty for a run, dropped once their
// connections are gone.
import pg from 'pg';
import { openDatabase, type Database } from '../drizzle/client';

/**
 * Drops a benchmark's database. pool.end() resolves before its connections have closed, and dropping
 * the database under one still closing makes it log a lost connection, so wait (briefly) for them.
 */
export async function dropBenchDatabase(admin: pg.Client, name: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
    if (rows[0].n === 0) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

async function asAdmin<T>(serverUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

export interface BenchDatabase {
  name: string;
  /** The database's URL on the server. */
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database `name` on the server at `serverUrl` (one left over by an earlier run is dropped first). */
export async function createBenchDatabase(serverUrl: string, name: string): Promise<BenchDatabase> {
  await asAdmin(serverUrl, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => asAdmin(serverUrl, (admin) => dropBenchDatabase(admin, name)) };
}

/**
 * Runs `body` on a new database of the server (named `${prefix}_` and the time), open with a pool of
 * ten; closes and drops it afterwards, whatever happens.
 */
export async function withBenchDatabase<T>(serverUrl: string, prefix: string, body: (database: Database, url: string) => Promise<T>): Promise<T> {
  const created = await createBenchDatabase(serverUrl, `${prefix}_${Date.now().toString(36)}`);
  try {
    const database = await openDatabase({ url: created.url, poolMax: 10 });
    try {
      return await body(database, created.url);
    } finally {
      await database.close();
    }
  } finally {
    await created.drop();
  }
}
