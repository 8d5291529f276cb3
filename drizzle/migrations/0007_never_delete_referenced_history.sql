-- Orders, flow versions, published flows and API keys are never deleted: orders and their history
-- refer to them without foreign keys (migration 0006), so the database refuses the delete instead.
-- Flows are archived, API keys revoked; a draft flow that was never published may still be deleted.
CREATE OR REPLACE FUNCTION ds_refuse_delete() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% rows are never deleted (history refers to them); %', TG_TABLE_NAME, TG_ARGV[0]
    USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER work_orders_never_deleted BEFORE DELETE ON work_orders
  FOR EACH ROW EXECUTE FUNCTION ds_refuse_delete('cancel the order instead');
--> statement-breakpoint
CREATE TRIGGER flow_versions_never_deleted BEFORE DELETE ON flow_versions
  FOR EACH ROW EXECUTE FUNCTION ds_refuse_delete('publish a new version instead');
--> statement-breakpoint
CREATE TRIGGER api_keys_never_deleted BEFORE DELETE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION ds_refuse_delete('revoke the key instead');
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ds_refuse_delete_published_flow() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM flow_versions WHERE flow_id = OLD.id) THEN
    RAISE EXCEPTION 'flow % has published versions and is never deleted; archive it instead', OLD.id
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER flows_published_never_deleted BEFORE DELETE ON flows
  FOR EACH ROW EXECUTE FUNCTION ds_refuse_delete_published_flow();
