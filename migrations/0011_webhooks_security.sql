-- Grants and row-level security for the webhook tables of 0010 (same model as 0001 and 0004).
-- Nothing is ever deleted: a subscription is ended by deleted_at, and its delivery log stays.
GRANT SELECT, INSERT, UPDATE ON webhooks, webhook_deliveries TO rnm_app;
--> statement-breakpoint
-- Attempts are a log: written once by the delivery worker, never changed.
GRANT SELECT, INSERT ON webhook_attempts TO rnm_app;
--> statement-breakpoint
-- A subscription names where a partner's alerts go: only that partner (and the system context that scores
-- and delivers) sees it. Unlike reports, analysts and admins of other partners do not read it.
CREATE FUNCTION app_owns(row_partner uuid) RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT app_role() = 'system' OR row_partner = app_partner() $$;
--> statement-breakpoint
CREATE FUNCTION app_writes_own(row_partner uuid) RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT app_role() = 'system' OR (app_role() = 'reporter' AND row_partner = app_partner()) $$;
--> statement-breakpoint
ALTER TABLE webhooks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE webhooks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY own_rows ON webhooks USING (app_owns(partner_id)) WITH CHECK (app_writes_own(partner_id));
--> statement-breakpoint
-- Deliveries: workers write them; a reporter adds one by replaying an event of its own.
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY own_rows ON webhook_deliveries USING (app_owns(partner_id)) WITH CHECK (app_writes_own(partner_id));
--> statement-breakpoint
ALTER TABLE webhook_attempts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE webhook_attempts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY own_rows ON webhook_attempts USING (app_owns(partner_id)) WITH CHECK (app_role() = 'system');
