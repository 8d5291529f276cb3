ALTER TABLE "work_orders" ADD COLUMN "contact_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "contact_phone" text DEFAULT '' NOT NULL;