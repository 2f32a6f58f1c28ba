-- Grants and row-level security for the scoring tables of 0002 (same model as 0001).
GRANT SELECT, INSERT, UPDATE, DELETE ON scoring_failures TO rnm_app;
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
