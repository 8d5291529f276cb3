// The history bench:queues adds for Insights: events of the 100,000 seeded orders as the engine
// writes them (created; auto_assigned by one of four rules or assigned by hand for the orders past
// a dispatch step, and for half of those waiting at a group or provider step; an override, a
// reassign or reject right after a rule's assignment, for one in ten of those), so insights.get
// reads a realistic history.
import { sql } from 'drizzle-orm';
import type { Db } from '../drizzle/client';

export async function seedInsightsBench(db: Db): Promise<void> {
  await db.execute(sql`
    INSERT INTO order_events (order_id, type, actor_type, actor_id, node_id, data, created_at)
    SELECT o.id, 'created', 'system', NULL, 'start', '{}'::jsonb, o.created_at FROM work_orders o WHERE o.id LIKE 'bx-o-%'`);
  // The first assignment: by a rule (three in four) or by hand, some minutes after creation.
  await db.execute(sql`
    INSERT INTO order_events (order_id, type, actor_type, actor_id, node_id, data, created_at)
    SELECT o.id,
           CASE WHEN n % 4 = 0 THEN 'assigned' ELSE 'auto_assigned' END::order_event_type,
           CASE WHEN n % 4 = 0 THEN 'user' ELSE 'rule' END::actor_type,
           CASE WHEN n % 4 = 0 THEN NULL ELSE (ARRAY['urgent-hvac-north','nearest-skilled-engineer','best-provider','partner-overflow'])[1 + n % 4] END,
           'assign-group',
           jsonb_build_object('rule', (ARRAY['urgent-hvac-north','nearest-skilled-engineer','best-provider','partner-overflow'])[1 + n % 4],
                              'assignee', jsonb_build_object('type', 'service_group', 'id', 'sg-north', 'name', 'North Metro')),
           o.created_at + (n % 90) * interval '1 minute'
    FROM (SELECT id, created_at, substr(id, 6)::int AS n FROM work_orders WHERE id LIKE 'bx-o-%') o
    WHERE o.n % 3 <> 0 OR o.n % 2 = 0`);
  // Overrides: a reassign or reject right after a rule's assignment.
  await db.execute(sql`
    INSERT INTO order_events (order_id, type, actor_type, actor_id, node_id, data, created_at)
    SELECT o.id, CASE WHEN n % 20 = 1 THEN 'reassigned' ELSE 'rejected' END::order_event_type, 'user', NULL, 'group-internal',
           jsonb_build_object('reason', 'Outside our area'), o.created_at + interval '2 hours'
    FROM (SELECT id, created_at, substr(id, 6)::int AS n FROM work_orders WHERE id LIKE 'bx-o-%') o
    WHERE (o.n % 3 <> 0 OR o.n % 2 = 0) AND o.n % 4 <> 0 AND o.n % 10 = 1`);
  await db.execute(sql`ANALYZE order_events`);
}
