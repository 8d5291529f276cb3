CREATE TABLE "order_insights" (
	"order_id" text PRIMARY KEY NOT NULL,
	"first_assigned_at" timestamp with time zone,
	"first_way" text,
	"first_rule" text,
	"last_decision" text,
	"overrides" integer DEFAULT 0 NOT NULL
);
