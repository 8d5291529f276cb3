// The benchmarks' own databases on the Postgres server: dropped once their connections are gone.
import type pg from 'pg';

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
