-- Live updates come from the database: every notification and every change of an order's place
-- or holder is announced with NOTIFY, so any app server can push it to open pages.
CREATE OR REPLACE FUNCTION ds_notify_notification() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('ds_notifications', json_build_object('id', NEW.id, 'recipientId', NEW.recipient_id, 'orderId', NEW.order_id)::text);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER notifications_notify AFTER INSERT ON notifications
  FOR EACH ROW EXECUTE FUNCTION ds_notify_notification();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ds_notify_order() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('ds_orders', json_build_object(
    'id', NEW.id, 'nodeId', NEW.current_node_id, 'status', NEW.status,
    'serviceGroupId', NEW.service_group_id, 'providerId', NEW.provider_id, 'engineerId', NEW.engineer_id,
    'version', NEW.version)::text);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER work_orders_notify AFTER INSERT OR UPDATE ON work_orders
  FOR EACH ROW EXECUTE FUNCTION ds_notify_order();
--> statement-breakpoint
-- Order numbers for new orders (the demo data uses WO-100001…).
CREATE SEQUENCE IF NOT EXISTS work_order_number_seq START 200001;
