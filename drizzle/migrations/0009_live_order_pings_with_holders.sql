-- Order pings say who held the order before and after the change (service groups, providers,
-- engineers and collaborators), so each app server passes a ping only to the pages whose user may
-- see the order — now or a moment ago, so that a page also learns an order has left its scope.
CREATE OR REPLACE FUNCTION ds_order_ping(c work_orders, b work_orders) RETURNS text AS $$
  SELECT json_build_object(
    'id', c.id, 'status', c.status, 'version', c.version,
    'groups', ARRAY(SELECT DISTINCT g FROM unnest(ARRAY[c.service_group_id, b.service_group_id]) g WHERE g IS NOT NULL),
    'providers', ARRAY(SELECT DISTINCT p FROM unnest(ARRAY[c.provider_id, b.provider_id]) p WHERE p IS NOT NULL),
    'engineers', ARRAY(SELECT DISTINCT e FROM unnest(ARRAY[c.engineer_id, b.engineer_id] || c.collaborator_ids || coalesce(b.collaborator_ids, '{}')) e WHERE e IS NOT NULL)
  )::text;
$$ LANGUAGE sql STABLE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ds_notify_orders() RETURNS trigger AS $$
BEGIN
  PERFORM ds_notify_rows('ds_orders', ARRAY(SELECT ds_order_ping(c, NULL::work_orders) FROM changed c));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ds_notify_order_updates() RETURNS trigger AS $$
BEGIN
  PERFORM ds_notify_rows('ds_orders', ARRAY(
    SELECT ds_order_ping(c, b) FROM changed c LEFT JOIN old_rows b ON b.id = c.id));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER IF EXISTS work_orders_notify_update ON work_orders;
--> statement-breakpoint
CREATE TRIGGER work_orders_notify_update AFTER UPDATE ON work_orders
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ds_notify_order_updates();
