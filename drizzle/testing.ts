// Databases for tests: a fresh in-memory PGlite, or, with TEST_DATABASE_URL, a fresh database on
// that Postgres server (created per call and dropped on dispose).
import pg from 'pg';
import { openDatabase, type Database } from './client';

export interface TestDatabase extends Database {
  dispose(): Promise<void>;
  url: string | null;
}

export const testServerUrl = () => process.env.TEST_DATABASE_URL || null;

export async function createTestDatabase(options: { migrate?: boolean; poolMax?: number } = {}): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  let database: Database;
  let url: string | null = null;
  let drop = async () => {};
  if (serverUrl) {
    const name = `ds_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const target = new URL(serverUrl);
    target.pathname = `/${name}`;
    url = target.toString();
    database = await openDatabase({ url, poolMax: options.poolMax ?? 5 });
    drop = async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      // pool.end() resolves before its connections have closed; terminating one that is still
      // closing makes its client emit an unhandled error, so wait (briefly) for them to go.
      for (let i = 0; i < 40; i++) {
        const { rows } = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    database = await openDatabase({ dataDir: 'memory://' });
  }
  if (options.migrate !== false) await database.migrate();
  return {
    ...database,
    url,
    async dispose() {
      await database.close();
      await drop();
    },
  };
}
