CREATE TABLE "publish_impacts" (
	"id" text PRIMARY KEY NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"draft_digest" text NOT NULL,
	"base_version" integer,
	"status" text DEFAULT 'running' NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"total" integer NOT NULL,
	"error" text,
	"figures" jsonb,
	"changes" jsonb,
	"rule_set_version_id" text,
	"flow_version_id" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "publish_impacts_done_range" CHECK ("publish_impacts"."done" >= 0 AND "publish_impacts"."done" <= "publish_impacts"."total")
);
--> statement-breakpoint
ALTER TABLE "publish_impacts" ADD CONSTRAINT "publish_impacts_rule_set_version_id_rule_set_versions_id_fk" FOREIGN KEY ("rule_set_version_id") REFERENCES "public"."rule_set_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publish_impacts" ADD CONSTRAINT "publish_impacts_flow_version_id_flow_versions_id_fk" FOREIGN KEY ("flow_version_id") REFERENCES "public"."flow_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publish_impacts" ADD CONSTRAINT "publish_impacts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "publish_impacts_subject_idx" ON "publish_impacts" USING btree ("subject_type","subject_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "publish_impacts_rule_set_version_uq" ON "publish_impacts" USING btree ("rule_set_version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "publish_impacts_flow_version_uq" ON "publish_impacts" USING btree ("flow_version_id");