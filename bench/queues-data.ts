// The data bench:queues measures on: the demo company (its users, flows and directory, no orders),
// `engineers` more engineers in North Metro, and `orders` orders on the seed-001 flow.
import { sql } from 'drizzle-orm';
import type { Db } from '../drizzle/client';
import { seedDemoData } from '../drizzle/seed/seed';

export async function seedQueueBench(db: Db, { orders, engineers }: { orders: number; engineers: number }): Promise<void> {
  await seedDemoData(db, { orders: 0 });
  // The engineers in North Metro (an engineer group), spread over the metro area.
  await db.execute(sql`
    INSERT INTO engineers (id, name, skills, status, lat, lng, location_at, region, capacity, rating, open_orders)
    SELECT 'bx-e-' || i, 'Bench Engineer ' || i,
           ARRAY[(ARRAY['hvac','electrical','plumbing','install','security','network'])[1 + i % 6],
                 (ARRAY['hvac','electrical','plumbing','install','security','network'])[1 + (i * 7) % 6]],
           (ARRAY['available','available','busy','off_shift']::engineer_status[])[1 + i % 4],
           40.55 + (i % 997) / 997.0 * 0.45, -74.15 + (i % 991) / 991.0 * 0.45,
           now() - (i % 240) * interval '1 minute', (ARRAY['North','Central','South','East','West'])[1 + i % 5],
           3 + i % 6, 3.5 + (i % 15) / 10.0, i % 4
    FROM generate_series(1, ${engineers}) AS i`);
  await db.execute(sql`INSERT INTO service_group_members (group_id, engineer_id) SELECT 'sg-north', 'bx-e-' || i FROM generate_series(1, ${engineers}) AS i`);
  // The orders on the seed-001 flow: about a third waiting at one of its three dispatch steps
  // (company, group, provider), the rest assigned, in progress or completed.
  await db.execute(sql`
    INSERT INTO work_orders (id, number, title, description, category, priority, customer_name, customer_tier, street, city, region, postcode,
      lat, lng, required_skills, source, status, respond_by, resolve_by, flow_id, flow_version_id, current_node_id, node_path, node_entered_at,
      service_group_id, provider_id, created_at, updated_at)
    SELECT 'bx-o-' || i, 'BX-' || lpad(i::text, 7, '0'),
           (ARRAY['AC not cooling','Breaker keeps tripping','Leaking pipe','CCTV offline','Store Wi-Fi down'])[1 + i % 5], '',
           (ARRAY['HVAC','Electrical','Plumbing','Security','Network','Install','Appliance'])[1 + i % 7],
           (ARRAY['Low','Medium','Medium','High','Urgent']::priority[])[1 + i % 5],
           'Customer ' || (i % 500), 'Standard', (i % 900) || ' Main St', 'New York',
           (ARRAY['North','Central','South','East','West'])[1 + i % 5], '10001',
           CASE WHEN i % 10 = 0 THEN NULL ELSE 40.6 + (i % 811) / 811.0 * 0.35 END,
           CASE WHEN i % 10 = 0 THEN NULL ELSE -74.1 + (i % 787) / 787.0 * 0.35 END,
           ARRAY[(ARRAY['hvac','electrical','plumbing','security','network','install','appliance'])[1 + i % 7]],
           'api',
           CASE WHEN i % 3 = 0 THEN 'pending_assignment' WHEN i % 3 = 1 THEN 'completed' ELSE 'assigned' END::order_status,
           now() + ((i % 600) - 200) * interval '1 minute', now() + ((i % 4000) - 1000) * interval '1 minute',
           'flow-group-provider-engineer', 'flow-group-provider-engineer-v1',
           CASE WHEN i % 3 <> 0 THEN CASE WHEN i % 3 = 1 THEN 'end' ELSE 'accept' END
                WHEN i % 9 = 0 THEN 'assign-group' WHEN i % 9 = 3 THEN 'group-internal' ELSE 'provider-engineer' END,
           ARRAY['start','assign-group'], now() - (i % 3000) * interval '1 minute',
           CASE WHEN i % 9 = 0 THEN NULL ELSE (ARRAY['sg-north','sg-south','sg-west','sg-partners'])[1 + i % 4] END,
           CASE WHEN i % 9 = 6 THEN (ARRAY['sp-coolfix','sp-brightspark','sp-aquaflow','sp-securenet'])[1 + i % 4] ELSE NULL END,
           now() - (i % 5000) * interval '1 minute', now()
    FROM generate_series(1, ${orders}) AS i`);
  // As autovacuum leaves a table after bulk inserts: statistics, and the visibility map that lets
  // counts over the pending-queue index skip the table.
  await db.execute(sql`VACUUM ANALYZE`);
}
