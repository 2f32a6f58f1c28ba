-- A rescoring run over every report inserts up to millions of items in one statement; without fresh statistics
-- (autovacuum off, or not yet round) the planner misjudges every settle that follows. Only the owner may
-- ANALYZE, and the service runs as rnm_app, whose ANALYZE PostgreSQL skips with a warning: this function runs it
-- as the owner, on that one table, and nothing else.
CREATE OR REPLACE FUNCTION analyze_rescoring_run_items() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
BEGIN
  ANALYZE rescoring_run_items;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION analyze_rescoring_run_items() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION analyze_rescoring_run_items() TO rnm_app;
