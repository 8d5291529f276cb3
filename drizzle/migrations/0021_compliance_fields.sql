CREATE TYPE "public"."compliance_kind" AS ENUM('checkbox', 'number', 'text', 'photo', 'signature');--> statement-breakpoint
ALTER TYPE "public"."order_event_type" ADD VALUE 'compliance_recorded';--> statement-breakpoint
CREATE TABLE "compliance_fields" (
	"id" text PRIMARY KEY NOT NULL,
	"category" text NOT NULL,
	"label" text NOT NULL,
	"kind" "compliance_kind" NOT NULL,
	"required" boolean DEFAULT true NOT NULL,
	"unit" text,
	"min" double precision,
	"max" double precision,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compliance_fields_range" CHECK ("compliance_fields"."min" IS NULL OR "compliance_fields"."max" IS NULL OR "compliance_fields"."min" <= "compliance_fields"."max")
);
--> statement-breakpoint
CREATE TABLE "compliance_photos" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"data" "bytea",
	"file" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compliance_photos_stored" CHECK ("compliance_photos"."data" IS NOT NULL OR "compliance_photos"."file" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "compliance_values" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"field_id" text NOT NULL,
	"value" jsonb,
	"photo_id" text,
	"client_entry_id" text NOT NULL,
	"entered_by" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "compliance_photos" ADD CONSTRAINT "compliance_photos_order_id_work_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."work_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_values" ADD CONSTRAINT "compliance_values_order_id_work_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."work_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_values" ADD CONSTRAINT "compliance_values_field_id_compliance_fields_id_fk" FOREIGN KEY ("field_id") REFERENCES "public"."compliance_fields"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_values" ADD CONSTRAINT "compliance_values_photo_id_compliance_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."compliance_photos"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "compliance_fields_label_uq" ON "compliance_fields" USING btree ("category","label");--> statement-breakpoint
CREATE INDEX "compliance_fields_category_idx" ON "compliance_fields" USING btree ("category","position");--> statement-breakpoint
CREATE INDEX "compliance_photos_order_idx" ON "compliance_photos" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "compliance_values_client_entry_uq" ON "compliance_values" USING btree ("client_entry_id");--> statement-breakpoint
CREATE INDEX "compliance_values_order_idx" ON "compliance_values" USING btree ("order_id","field_id","id");