import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from './client';
import { createTestDatabase } from './testing';

const EXPECTED_TABLES = [
  'accounts', 'api_keys', 'custom_field_defs', 'engineers', 'flow_versions', 'flows', 'notifications',
  'order_events', 'order_exclusions', 'roles', 'rule_set_versions', 'rule_sets', 'service_group_dispatchers',
  'service_group_members', 'service_groups', 'service_providers', 'sessions', 'sla_policies', 'user_permissions',
  'user_settings', 'users', 'verifications', 'work_orders',
];

async function tablesOf(database: Database) {
  const rows = await queryRows<{ table_name: string }>(
    database.db,
    sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

async function expectMigrated(database: Database) {
  expect(await tablesOf(database)).toEqual(EXPECTED_TABLES);
  // Applying again is a no-op, as on every start of the app.
  await database.migrate();
  expect(await tablesOf(database)).toEqual(EXPECTED_TABLES);
  // History is append-only.
  await database.db.execute(sql`INSERT INTO work_orders (id, number, title, category, priority, customer_name, source, respond_by, resolve_by)
    VALUES ('o1', 'WO-1', 't', 'HVAC', 'High', 'c', 'api', now(), now())`);
  await database.db.execute(sql`INSERT INTO order_events (order_id, type, actor_type) VALUES ('o1', 'created', 'api')`);
  await expect(database.db.execute(sql`UPDATE order_events SET type = 'completed'`)).rejects.toThrow();
  await expect(database.db.execute(sql`DELETE FROM order_events`)).rejects.toThrow();
  // The queue indexes exist.
  const indexes = await queryRows<{ indexname: string }>(database.db, sql`SELECT indexname FROM pg_indexes WHERE tablename = 'work_orders'`);
  expect(indexes.map((r) => r.indexname)).toEqual(
    expect.arrayContaining(['wo_queue_idx', 'wo_engineer_idx', 'wo_group_idx', 'wo_provider_idx', 'wo_resolve_by_idx']),
  );
}

describe('migrations', () => {
  it('apply to an empty PGlite', async () => {
    const database = await openDatabase({ dataDir: 'memory://' });
    try {
      expect(await tablesOf(database)).toEqual([]);
      await database.migrate();
      await expectMigrated(database);
    } finally {
      await database.close();
    }
  });

  const serverUrl = process.env.TEST_DATABASE_URL;
  it.skipIf(!serverUrl)('apply to an empty Postgres server database', async () => {
    const db = await createTestDatabase({ migrate: false });
    try {
      expect(db.kind).toBe('postgres');
      expect(await tablesOf(db)).toEqual([]);
      await db.migrate();
      await expectMigrated(db);
    } finally {
      await db.dispose();
    }
  });

  it('keeps a PGlite data folder across restarts', async () => {
    // Same idea on disk: a second open of the folder sees the first one's data.
    const dir = `/tmp/ds-pglite-${Date.now()}`;
    const first = await openDatabase({ dataDir: dir });
    await first.migrate();
    await first.db.execute(sql`INSERT INTO roles (key, label, description) VALUES ('admin', 'Admin', 'x')`);
    await first.close();
    const second = await openDatabase({ dataDir: dir });
    const rows = await queryRows<{ key: string }>(second.db, sql`SELECT key FROM roles`);
    expect(rows.map((r) => r.key)).toEqual(['admin']);
    await second.close();
  });
});
