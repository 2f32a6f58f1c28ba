-- Readiness (GET /health/ready) compares the migrations applied here with the ones the running code ships
-- (migrations/meta/_journal.json). The service connects as a login role that is a member of rnm_app, never as
-- the owner, so rnm_app may read drizzle's ledger of applied migrations, and nothing else in that schema.
-- Until this migration has run, the read fails with insufficient_privilege, which readiness counts as "behind".
GRANT USAGE ON SCHEMA drizzle TO rnm_app;
--> statement-breakpoint
GRANT SELECT ON drizzle.__drizzle_migrations TO rnm_app;
