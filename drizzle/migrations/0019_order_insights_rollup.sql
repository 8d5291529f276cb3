-- Insights' roll-up (order_insights, migration 0018) kept by the events themselves: one statement
-- trigger per insert into order_events folds the statement's assignment-changing events into their
-- orders' rows, in the same transaction. An override is a reassign, reallocate or reject whose
-- previous assignment-changing event on the order (in this statement, else the row's last_decision)
-- is an automatic assignment. Orders change one transaction at a time (their row is version-checked
-- and locked first), so the row read here is the order's latest.
CREATE OR REPLACE FUNCTION ds_roll_up_order_insights() RETURNS trigger AS $$
BEGIN
  WITH n AS (
    SELECT a.order_id, a.id, a.type::text AS type, a.created_at, a.actor_id,
           lag(a.type::text) OVER w AS prev_here
    FROM added a
    WHERE a.type IN ('assigned', 'auto_assigned', 'reassigned', 'reallocated', 'rejected')
    WINDOW w AS (PARTITION BY a.order_id ORDER BY a.id)
  ), r AS (
    SELECT n.order_id,
           min(n.created_at) FILTER (WHERE n.type IN ('assigned', 'auto_assigned')) AS first_assigned_at,
           (array_agg(n.type ORDER BY n.id) FILTER (WHERE n.type IN ('assigned', 'auto_assigned')))[1] AS first_way,
           (array_agg(n.actor_id ORDER BY n.id) FILTER (WHERE n.type = 'auto_assigned'))[1] AS first_rule,
           (array_agg(n.type ORDER BY n.id DESC))[1] AS last_decision,
           count(*) FILTER (WHERE n.type IN ('reassigned', 'reallocated', 'rejected')
                              AND coalesce(n.prev_here, oi.last_decision) = 'auto_assigned')::int AS overrides
    FROM n LEFT JOIN order_insights oi ON oi.order_id = n.order_id
    GROUP BY n.order_id
  )
  INSERT INTO order_insights AS t (order_id, first_assigned_at, first_way, first_rule, last_decision, overrides)
  SELECT order_id, first_assigned_at, first_way, first_rule, last_decision, overrides FROM r
  ON CONFLICT (order_id) DO UPDATE SET
    first_assigned_at = coalesce(t.first_assigned_at, excluded.first_assigned_at),
    first_way = coalesce(t.first_way, excluded.first_way),
    first_rule = coalesce(t.first_rule, excluded.first_rule),
    last_decision = excluded.last_decision,
    overrides = t.overrides + excluded.overrides;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER order_events_roll_up_insights AFTER INSERT ON order_events
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION ds_roll_up_order_insights();
--> statement-breakpoint
-- The history written before this migration, rolled up the same way.
INSERT INTO order_insights (order_id, first_assigned_at, first_way, first_rule, last_decision, overrides)
SELECT n.order_id,
       min(n.created_at) FILTER (WHERE n.type IN ('assigned', 'auto_assigned')),
       (array_agg(n.type ORDER BY n.id) FILTER (WHERE n.type IN ('assigned', 'auto_assigned')))[1],
       (array_agg(n.actor_id ORDER BY n.id) FILTER (WHERE n.type = 'auto_assigned'))[1],
       (array_agg(n.type ORDER BY n.id DESC))[1],
       count(*) FILTER (WHERE n.type IN ('reassigned', 'reallocated', 'rejected') AND n.prev = 'auto_assigned')::int
FROM (
  SELECT e.order_id, e.id, e.type::text AS type, e.created_at, e.actor_id,
         lag(e.type::text) OVER (PARTITION BY e.order_id ORDER BY e.id) AS prev
  FROM order_events e
  WHERE e.type IN ('assigned', 'auto_assigned', 'reassigned', 'reallocated', 'rejected')
) n
GROUP BY n.order_id
ON CONFLICT (order_id) DO NOTHING;
