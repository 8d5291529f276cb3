-- Insights' facts move onto the order's row, kept by the engine as it writes the history
-- (engine/insights/facts.ts), instead of a row of their own kept by a statement trigger on
-- order_events (migrations 0019, 0022): the intake writes no second row, index entry or trigger run.
ALTER TABLE "work_orders" ADD COLUMN "first_assigned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "first_way" text;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "first_rule" text;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "last_decision" text;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "overrides" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
DROP TRIGGER IF EXISTS order_events_roll_up_insights ON order_events;--> statement-breakpoint
DROP FUNCTION IF EXISTS ds_roll_up_order_insights();--> statement-breakpoint
UPDATE "work_orders" w SET "first_assigned_at" = f.first_assigned_at, "first_way" = f.first_way, "first_rule" = f.first_rule,
  "last_decision" = f.last_decision, "overrides" = f.overrides
FROM "order_insights" f WHERE f.order_id = w.id;--> statement-breakpoint
DROP TABLE "order_insights" CASCADE;
