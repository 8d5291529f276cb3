ALTER TYPE "public"."order_event_type" ADD VALUE 'edited';--> statement-breakpoint
ALTER TYPE "public"."order_event_type" ADD VALUE 'held_for_review';--> statement-breakpoint
ALTER TYPE "public"."order_event_type" ADD VALUE 'approved';--> statement-breakpoint
ALTER TYPE "public"."order_status" ADD VALUE 'in_review' BEFORE 'pending_assignment';