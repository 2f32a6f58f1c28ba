-- The application runs as rnm_app: not the owner, no BYPASSRLS, so row-level security always applies.
-- Request context comes from transaction-local settings: app.partner_id (the caller's partner) and
-- app.role (reporter | analyst | admin | system | auth). Unset context matches no partner: it fails closed.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rnm_app') THEN
    CREATE ROLE rnm_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;
--> statement-breakpoint
GRANT rnm_app TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO rnm_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON partners, api_keys, red_notices, red_notice_revisions, assurances,
  assurance_revisions, subject_indexes, scores, idempotency_keys TO rnm_app;
--> statement-breakpoint
-- Append-only: the application may add and read audit events, never change or remove them.
GRANT SELECT, INSERT ON audit_events TO rnm_app;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO rnm_app;
--> statement-breakpoint
CREATE FUNCTION app_partner() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.partner_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE FUNCTION app_role() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT coalesce(current_setting('app.role', true), '') $$;
--> statement-breakpoint
-- Reads: a reporter sees its own partner's rows; analysts and admins read every case (the API pseudonymises);
-- the system context (workers, reconciler) sees all. Writes: own rows, or admin/system.
CREATE FUNCTION app_can_read(row_partner uuid) RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT app_role() IN ('analyst', 'admin', 'system') OR row_partner = app_partner() $$;
--> statement-breakpoint
CREATE FUNCTION app_can_write(row_partner uuid) RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT app_role() IN ('admin', 'system') OR (app_role() = 'reporter' AND row_partner = app_partner()) $$;
--> statement-breakpoint
ALTER TABLE red_notices ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE red_notices FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY partner_rows ON red_notices USING (app_can_read(partner_id)) WITH CHECK (app_can_write(partner_id));
--> statement-breakpoint
ALTER TABLE red_notice_revisions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE red_notice_revisions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY partner_rows ON red_notice_revisions USING (app_can_read(partner_id)) WITH CHECK (app_can_write(partner_id));
--> statement-breakpoint
ALTER TABLE assurances ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE assurances FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY partner_rows ON assurances USING (app_can_read(partner_id)) WITH CHECK (app_can_write(partner_id));
--> statement-breakpoint
ALTER TABLE assurance_revisions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE assurance_revisions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY partner_rows ON assurance_revisions USING (app_can_read(partner_id)) WITH CHECK (app_can_write(partner_id));
--> statement-breakpoint
ALTER TABLE scores ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE scores FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY partner_rows ON scores USING (app_can_read(partner_id)) WITH CHECK (app_role() = 'system');
--> statement-breakpoint
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY own_keys ON idempotency_keys USING (partner_id = app_partner()) WITH CHECK (partner_id = app_partner());
--> statement-breakpoint
-- API keys are looked up before the caller is known: only the 'auth' context may read them all.
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY key_rows ON api_keys USING (app_role() IN ('admin', 'system', 'auth') OR partner_id = app_partner())
  WITH CHECK (app_role() IN ('admin', 'system'));
--> statement-breakpoint
ALTER TABLE partners ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE partners FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY partner_self ON partners USING (app_role() IN ('admin', 'system') OR id = app_partner())
  WITH CHECK (app_role() IN ('admin', 'system'));
--> statement-breakpoint
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_append ON audit_events FOR INSERT WITH CHECK (true);
--> statement-breakpoint
CREATE POLICY audit_read ON audit_events FOR SELECT USING (app_role() IN ('admin', 'system'));
--> statement-breakpoint
-- Authentication in one round trip: the function's own setting opens only api_keys, only for this lookup.
CREATE FUNCTION api_key_lookup(p_key_id text)
RETURNS TABLE (id uuid, partner_id uuid, role text, secret_hash text, revoked_at timestamptz)
LANGUAGE sql STABLE SET app.role = 'auth' AS
$$ SELECT id, partner_id, role, secret_hash, revoked_at FROM api_keys WHERE key_id = p_key_id $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION api_key_lookup(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION api_key_lookup(text) TO rnm_app;
