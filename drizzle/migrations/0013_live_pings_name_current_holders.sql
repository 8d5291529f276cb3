-- Order pings also name who holds the order now (`now`), apart from everyone who held it before or
-- after: a page whose user just lost the order is told only its id (so it drops it), not its new
-- status and version.
CREATE OR REPLACE FUNCTION ds_order_ping(c work_orders, b work_orders) RETURNS text AS $$
  SELECT json_build_object(
    'id', c.id, 'status', c.status, 'version', c.version,
    'groups', ARRAY(SELECT DISTINCT g FROM unnest(ARRAY[c.service_group_id, b.service_group_id]) g WHERE g IS NOT NULL),
    'providers', ARRAY(SELECT DISTINCT p FROM unnest(ARRAY[c.provider_id, b.provider_id]) p WHERE p IS NOT NULL),
    'engineers', ARRAY(SELECT DISTINCT e FROM unnest(ARRAY[c.engineer_id, b.engineer_id] || c.collaborator_ids || coalesce(b.collaborator_ids, '{}')) e WHERE e IS NOT NULL),
    'now', json_build_object(
      'groups', ARRAY(SELECT g FROM unnest(ARRAY[c.service_group_id]) g WHERE g IS NOT NULL),
      'providers', ARRAY(SELECT p FROM unnest(ARRAY[c.provider_id]) p WHERE p IS NOT NULL),
      'engineers', ARRAY(SELECT DISTINCT e FROM unnest(ARRAY[c.engineer_id] || c.collaborator_ids) e WHERE e IS NOT NULL)
    )
  )::text;
$$ LANGUAGE sql STABLE;
