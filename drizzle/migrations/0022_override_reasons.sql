CREATE TABLE "override_reasons" (
	"code" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"needs_text" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
INSERT INTO "override_reasons" ("code", "label", "needs_text", "position") VALUES
  ('customer-request', 'Customer request', false, 1),
  ('engineer-unavailable', 'Engineer unavailable', false, 2),
  ('better-skill-match', 'Better skill match', false, 3),
  ('closer-engineer', 'Closer engineer available', false, 4),
  ('rule-is-wrong', 'Rule is wrong', false, 5),
  ('other', 'Other', true, 6)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Insights' overrides are the events the engine marked as overrides (data.override, written by
-- engine/overrides when an action changes what a rule decided), so Insights and the overrides report
-- count one thing defined in one place. History before this migration was counted by migration 0019.
CREATE OR REPLACE FUNCTION ds_roll_up_order_insights() RETURNS trigger AS $$
BEGIN
  WITH n AS (
    SELECT a.order_id, a.id, a.type::text AS type, a.created_at, a.actor_id, a.data ? 'override' AS overrides
    FROM added a
    WHERE a.type IN ('assigned', 'auto_assigned', 'reassigned', 'reallocated', 'rejected')
  ), r AS (
    SELECT n.order_id,
           min(n.created_at) FILTER (WHERE n.type IN ('assigned', 'auto_assigned')) AS first_assigned_at,
           (array_agg(n.type ORDER BY n.id) FILTER (WHERE n.type IN ('assigned', 'auto_assigned')))[1] AS first_way,
           (array_agg(n.actor_id ORDER BY n.id) FILTER (WHERE n.type = 'auto_assigned'))[1] AS first_rule,
           (array_agg(n.type ORDER BY n.id DESC))[1] AS last_decision,
           count(*) FILTER (WHERE n.overrides)::int AS overrides
    FROM n
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
