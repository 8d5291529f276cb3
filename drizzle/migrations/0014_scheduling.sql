CREATE TYPE "public"."booking_role" AS ENUM('owner', 'collaborator');--> statement-breakpoint
CREATE TYPE "public"."vehicle_status" AS ENUM('ready', 'maintenance');--> statement-breakpoint
ALTER TYPE "public"."order_event_type" ADD VALUE 'booked';--> statement-breakpoint
ALTER TYPE "public"."order_event_type" ADD VALUE 'rescheduled';--> statement-breakpoint
ALTER TYPE "public"."order_event_type" ADD VALUE 'unbooked';--> statement-breakpoint
CREATE TABLE "bookings" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"engineer_id" text NOT NULL,
	"role" "booking_role" NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bookings_order" CHECK ("bookings"."ends_at" > "bookings"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "category_durations" (
	"category" text PRIMARY KEY NOT NULL,
	"duration_minutes" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "category_durations_range" CHECK ("category_durations"."duration_minutes" > 0 AND "category_durations"."duration_minutes" <= 10080)
);
--> statement-breakpoint
CREATE TABLE "engineer_time_off" (
	"id" text PRIMARY KEY NOT NULL,
	"engineer_id" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "engineer_time_off_order" CHECK ("engineer_time_off"."ends_on" >= "engineer_time_off"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "schedule_settings" (
	"id" text PRIMARY KEY DEFAULT 'default' NOT NULL,
	"time_zone" text DEFAULT 'America/New_York' NOT NULL,
	"working_hours" jsonb NOT NULL,
	"travel_speed_kmh" real DEFAULT 40 NOT NULL,
	"travel_minimum_minutes" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "engineers" ADD COLUMN "working_hours" jsonb;--> statement-breakpoint
ALTER TABLE "engineers" ADD COLUMN "vehicle_id" text;--> statement-breakpoint
ALTER TABLE "engineers" ADD COLUMN "vehicle_status" "vehicle_status";--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "window_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "window_end" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "duration_minutes" integer;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_order_id_work_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_engineer_id_engineers_id_fk" FOREIGN KEY ("engineer_id") REFERENCES "public"."engineers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engineer_time_off" ADD CONSTRAINT "engineer_time_off_engineer_id_engineers_id_fk" FOREIGN KEY ("engineer_id") REFERENCES "public"."engineers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bookings_order_engineer_uq" ON "bookings" USING btree ("order_id","engineer_id");--> statement-breakpoint
CREATE INDEX "bookings_engineer_idx" ON "bookings" USING btree ("engineer_id","starts_at");--> statement-breakpoint
CREATE INDEX "bookings_starts_idx" ON "bookings" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "engineer_time_off_engineer_idx" ON "engineer_time_off" USING btree ("engineer_id","starts_on");--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "wo_window_order" CHECK ("work_orders"."window_start" IS NULL OR "work_orders"."window_end" IS NULL OR "work_orders"."window_end" > "work_orders"."window_start");--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "wo_duration_range" CHECK ("work_orders"."duration_minutes" IS NULL OR ("work_orders"."duration_minutes" > 0 AND "work_orders"."duration_minutes" <= 10080));