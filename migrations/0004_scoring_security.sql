-- Grants and row-level security for the scoring tables of 0002 (same model as 0001).
GRANT SELECT, INSERT, UPDATE, DELETE ON scoring_failures, red_notice_links TO rnm_app;
--> statement-breakpoint
-- Reference data and runs are never deleted: the application may add and correct them only.
GRANT SELECT, INSERT, UPDATE ON countries, rescoring_runs, rescoring_run_items TO rnm_app;
--> statement-breakpoint
-- A failure belongs to the report's partner: a reporter sees its own, like scores; only workers write them.
ALTER TABLE scoring_failures ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE scoring_failures FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY partner_rows ON scoring_failures USING (app_can_read(partner_id)) WITH CHECK (app_role() = 'system');
--> statement-breakpoint
-- Every role reads reference data; only admins (PUT /v1/countries/{code}) and the system write it.
ALTER TABLE countries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE countries FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY countries_read ON countries FOR SELECT USING (true);
--> statement-breakpoint
CREATE POLICY countries_insert ON countries FOR INSERT WITH CHECK (app_role() IN ('admin', 'system'));
--> statement-breakpoint
CREATE POLICY countries_update ON countries FOR UPDATE USING (app_role() IN ('admin', 'system')) WITH CHECK (app_role() IN ('admin', 'system'));
--> statement-breakpoint
-- Rescoring runs are an admin tool; workers move their counters.
ALTER TABLE rescoring_runs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE rescoring_runs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY admin_rows ON rescoring_runs USING (app_role() IN ('admin', 'system')) WITH CHECK (app_role() IN ('admin', 'system'));
--> statement-breakpoint
ALTER TABLE rescoring_run_items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE rescoring_run_items FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY admin_rows ON rescoring_run_items USING (app_role() IN ('admin', 'system')) WITH CHECK (app_role() IN ('admin', 'system'));

--> statement-breakpoint
-- Links belong to the linking report's partner, like the report itself.
ALTER TABLE red_notice_links ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE red_notice_links FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY partner_rows ON red_notice_links USING (app_can_read(partner_id)) WITH CHECK (app_can_write(partner_id));
--> statement-breakpoint
-- red_notice_links mirrors facts->'linkedReportIds' of the current revision, whoever writes red_notices
-- (the API, imports, an admin script): the storage code need not know the table exists. It runs as the
-- writer, so row-level security applies to the links as to the report. Values that are not UUIDs are
-- skipped rather than failing the writer's transaction (the API validates them already).
CREATE FUNCTION red_notice_links_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.facts -> 'linkedReportIds' IS NOT DISTINCT FROM OLD.facts -> 'linkedReportIds' THEN
    RETURN NULL;
  END IF;
  DELETE FROM red_notice_links WHERE report_id = NEW.id;
  INSERT INTO red_notice_links (report_id, linked_report_id, partner_id)
  SELECT NEW.id, value::uuid, NEW.partner_id
  FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(NEW.facts -> 'linkedReportIds') = 'array' THEN NEW.facts -> 'linkedReportIds' ELSE '[]'::jsonb END)
  WHERE value ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER red_notice_links_sync AFTER INSERT OR UPDATE OF facts ON red_notices
  FOR EACH ROW EXECUTE FUNCTION red_notice_links_sync();
--> statement-breakpoint
-- Reports stored before this migration. Runs as the owner before any request context exists, so the
-- context is set for this transaction only, to pass the policy above.
SELECT set_config('app.role', 'system', true);
--> statement-breakpoint
INSERT INTO red_notice_links (report_id, linked_report_id, partner_id)
SELECT n.id, l.value::uuid, n.partner_id
FROM red_notices n, jsonb_array_elements_text(CASE WHEN jsonb_typeof(n.facts -> 'linkedReportIds') = 'array' THEN n.facts -> 'linkedReportIds' ELSE '[]'::jsonb END) AS l(value)
WHERE l.value ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
ON CONFLICT DO NOTHING;
