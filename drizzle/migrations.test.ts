import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from './client';
import { createTestDatabase } from './testing';

const EXPECTED_TABLES = [
  'accounts', 'api_keys', 'audit_log', 'bookings', 'category_durations', 'compliance_fields', 'compliance_photos', 'compliance_values', 'custom_field_defs', 'delivery_cursor', 'engineer_time_off', 'engineers',
  'flow_versions', 'flows', 'notification_deliveries', 'notification_fanout', 'notification_preferences', 'notifications', 'order_events',
  'order_exclusions', 'override_reasons', 'publish_impacts', 'push_subscriptions', 'roles', 'rule_set_versions', 'rule_sets',
  'schedule_settings', 'service_group_dispatchers', 'service_group_members', 'service_groups', 'service_providers', 'sessions',
  'sign_in_throttle', 'sla_policies', 'user_permissions', 'user_settings', 'users', 'verifications', 'work_orders',
];

async function tablesOf(database: Database) {
  const rows = await queryRows<{ table_name: string }>(
    database.db,
    sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

/** The database's own message for a refused statement (drizzle wraps it as the cause). */
async function refusal(database: Database, query: ReturnType<typeof sql>): Promise<string> {
  try {
    await database.db.execute(query);
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return cause?.message ?? String(error);
  }
  throw new Error('the statement was not refused');
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
  // One engineer's bookings never overlap; back to back ([start, end) half-open) they may.
  await database.db.execute(sql`INSERT INTO engineers (id, name, region) VALUES ('e1', 'Ana', 'North')`);
  await database.db.execute(sql`INSERT INTO work_orders (id, number, title, category, priority, customer_name, source, respond_by, resolve_by)
    VALUES ('o2', 'WO-2', 't', 'HVAC', 'High', 'c', 'api', now(), now())`);
  await database.db.execute(sql`INSERT INTO bookings (id, order_id, engineer_id, role, starts_at, ends_at)
    VALUES ('b1', 'o1', 'e1', 'owner', '2026-11-23T09:00Z', '2026-11-23T10:00Z')`);
  expect(await refusal(database, sql`INSERT INTO bookings (id, order_id, engineer_id, role, starts_at, ends_at)
    VALUES ('b2', 'o2', 'e1', 'owner', '2026-11-23T09:59Z', '2026-11-23T11:00Z')`)).toMatch(/bookings_no_overlap/);
  await database.db.execute(sql`INSERT INTO bookings (id, order_id, engineer_id, role, starts_at, ends_at)
    VALUES ('b3', 'o2', 'e1', 'owner', '2026-11-23T10:00Z', '2026-11-23T11:00Z')`);
  // The company's hours start as Monday to Friday, 08:00-17:00, New York.
  const [settings] = await queryRows<{ time_zone: string }>(database.db, sql`SELECT time_zone FROM schedule_settings`);
  expect(settings.time_zone).toBe('America/New_York');
  // What history refers to is never deleted: orders, flow versions, published flows, API keys.
  expect(await refusal(database, sql`DELETE FROM work_orders WHERE id = 'o1'`)).toMatch(/never deleted.*cancel the order instead/);
  await database.db.execute(sql`INSERT INTO flows (id, name, draft) VALUES ('f-draft', 'Draft', '{}'), ('f-live', 'Live', '{}')`);
  await database.db.execute(sql`INSERT INTO flow_versions (id, flow_id, version, graph) VALUES ('fv-1', 'f-live', 1, '{}')`);
  expect(await refusal(database, sql`DELETE FROM flow_versions`)).toMatch(/never deleted/);
  expect(await refusal(database, sql`DELETE FROM flows WHERE id = 'f-live'`)).toMatch(/published versions.*archive it instead/);
  await database.db.execute(sql`DELETE FROM flows WHERE id = 'f-draft'`);
  await database.db.execute(sql`INSERT INTO api_keys (id, name, hash, prefix) VALUES ('k1', 'Key', 'h', 'dsk_x')`);
  expect(await refusal(database, sql`DELETE FROM api_keys`)).toMatch(/revoke the key instead/);
  // o1 and o2, f-live, fv-1, k1.
  const left = await queryRows<{ n: number }>(database.db, sql`SELECT (SELECT count(*) FROM work_orders) + (SELECT count(*) FROM flows) + (SELECT count(*) FROM flow_versions) + (SELECT count(*) FROM api_keys) AS n`);
  expect(Number(left[0].n)).toBe(5);
  // The audit log is append-only, and two default flows cannot exist.
  await database.db.execute(sql`INSERT INTO audit_log (action, entity_type) VALUES ('user.create', 'user')`);
  expect(await refusal(database, sql`UPDATE audit_log SET action = 'x'`)).toMatch(/append-only/);
  expect(await refusal(database, sql`DELETE FROM audit_log`)).toMatch(/append-only/);
  await database.db.execute(sql`INSERT INTO flows (id, name, draft, is_default) VALUES ('f-a', 'A', '{}', true)`);
  expect(await refusal(database, sql`INSERT INTO flows (id, name, draft, is_default) VALUES ('f-b', 'B', '{}', true)`)).toMatch(/flows_one_default_uq/);
  await database.db.execute(sql`DELETE FROM flows WHERE id = 'f-a'`);
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
