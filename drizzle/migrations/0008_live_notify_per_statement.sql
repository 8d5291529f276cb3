-- Live updates, announced once per statement instead of once per row: a statement that writes many
-- orders (group commit) sends their pings together, as JSON arrays kept under NOTIFY's 8000-byte
-- payload limit. Replaces the row triggers of migration 0003.
DROP TRIGGER IF EXISTS work_orders_notify ON work_orders;
--> statement-breakpoint
DROP TRIGGER IF EXISTS notifications_notify ON notifications;
--> statement-breakpoint
DROP FUNCTION IF EXISTS ds_notify_order();
--> statement-breakpoint
DROP FUNCTION IF EXISTS ds_notify_notification();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ds_notify_rows(channel text, items text[]) RETURNS void AS $$
DECLARE
  batch text := '';
  item text;
BEGIN
  FOREACH item IN ARRAY coalesce(items, '{}') LOOP
    IF batch <> '' AND length(batch) + length(item) > 7500 THEN
      PERFORM pg_notify(channel, '[' || batch || ']');
      batch := '';
    END IF;
    batch := CASE WHEN batch = '' THEN item ELSE batch || ',' || item END;
  END LOOP;
  IF batch <> '' THEN
    PERFORM pg_notify(channel, '[' || batch || ']');
  END IF;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ds_notify_orders() RETURNS trigger AS $$
BEGIN
  PERFORM ds_notify_rows('ds_orders', ARRAY(
    SELECT json_build_object('id', c.id, 'status', c.status, 'version', c.version)::text FROM changed c));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER work_orders_notify_insert AFTER INSERT ON work_orders
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ds_notify_orders();
--> statement-breakpoint
CREATE TRIGGER work_orders_notify_update AFTER UPDATE ON work_orders
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ds_notify_orders();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ds_notify_notifications() RETURNS trigger AS $$
BEGIN
  PERFORM ds_notify_rows('ds_notifications', ARRAY(
    SELECT json_build_object('id', c.id, 'recipientId', c.recipient_id, 'orderId', c.order_id)::text FROM changed c));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER notifications_notify_insert AFTER INSERT ON notifications
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ds_notify_notifications();
