ALTER TYPE "public"."order_event_type" ADD VALUE 'paused' BEFORE 'completed';--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "diagnostics" jsonb DEFAULT '[]'::jsonb NOT NULL;