-- Two bookings of one engineer never overlap ([starts_at, ends_at) half-open): the database refuses
-- it, whatever the engine checked first, so two dispatchers booking the same minute cannot both win.
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_overlap"
  EXCLUDE USING gist ("engineer_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&);--> statement-breakpoint
-- The company's scheduling settings start as Monday to Friday, 08:00 to 17:00 in New York.
INSERT INTO "schedule_settings" ("id", "time_zone", "working_hours")
VALUES ('default', 'America/New_York',
  '{"0":[],"1":[{"start":"08:00","end":"17:00"}],"2":[{"start":"08:00","end":"17:00"}],"3":[{"start":"08:00","end":"17:00"}],"4":[{"start":"08:00","end":"17:00"}],"5":[{"start":"08:00","end":"17:00"}],"6":[]}'::jsonb)
ON CONFLICT ("id") DO NOTHING;
