CREATE TYPE "public"."api_key_scope" AS ENUM('create', 'read_own', 'read_all');--> statement-breakpoint
CREATE TYPE "public"."sign_in_throttle_scope" AS ENUM('account', 'address');--> statement-breakpoint
ALTER TYPE "public"."permission" ADD VALUE 'manage_users';--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" text,
	"actor_name" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "sign_in_throttle" (
	"scope" "sign_in_throttle_scope" NOT NULL,
	"key" text NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone,
	CONSTRAINT "sign_in_throttle_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "scopes" "api_key_scope"[] DEFAULT '{create,read_own}'::api_key_scope[] NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","at");--> statement-breakpoint
CREATE INDEX "sign_in_throttle_last_failure_idx" ON "sign_in_throttle" USING btree ("last_failure_at");--> statement-breakpoint
CREATE UNIQUE INDEX "flows_one_default_uq" ON "flows" USING btree ("is_default") WHERE "flows"."is_default";