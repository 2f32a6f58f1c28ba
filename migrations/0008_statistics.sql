-- The statistics release (README "Statistics"): refresh_statistics() rebuilds the class tables of migration
-- statistics_tables from the current, scored, neither withdrawn nor erased red-notice reports. It runs as the
-- owner (SECURITY DEFINER), so the application role only reads the release and calls this function: it can
-- neither write class rows nor read more than the aggregates. The fixed search_path keeps a caller from
-- substituting functions; app.role = 'system' lets row-level security (forced on red_notices, even for its
-- owner) admit every report to the aggregate, for the duration of the call only.
CREATE FUNCTION refresh_statistics() RETURNS timestamptz
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp
SET app.role = 'system'
AS $$
DECLARE
  refreshed timestamptz := clock_timestamp();
BEGIN
  -- Two refreshes at once (several workers) would each delete what the other had not committed yet.
  PERFORM pg_advisory_xact_lock(7413326620124962);
  DELETE FROM stats_indicator_classes;
  DELETE FROM stats_report_classes;
  -- One statement (report_rows runs to completion though nothing reads it), so both views come from one snapshot: every indicator class lies inside its report class.
  WITH base AS MATERIALIZED (
    SELECT requesting_country, mechanism, date_trunc('month', created_at AT TIME ZONE 'UTC')::date AS month,
      current_band AS band, current_score::integer AS score, current_indicators AS indicators
    FROM red_notices
    WHERE current_band IS NOT NULL AND current_score IS NOT NULL AND withdrawn_at IS NULL AND erased_at IS NULL
  ), cells AS (
    SELECT requesting_country, mechanism, month,
      count(*) FILTER (WHERE band = 'low')::integer AS n_low,
      count(*) FILTER (WHERE band = 'elevated')::integer AS n_elevated,
      count(*) FILTER (WHERE band = 'high')::integer AS n_high,
      count(*) FILTER (WHERE band = 'critical')::integer AS n_critical,
      coalesce(sum(score) FILTER (WHERE band = 'low'), 0)::integer AS score_low,
      coalesce(sum(score) FILTER (WHERE band = 'elevated'), 0)::integer AS score_elevated,
      coalesce(sum(score) FILTER (WHERE band = 'high'), 0)::integer AS score_high,
      coalesce(sum(score) FILTER (WHERE band = 'critical'), 0)::integer AS score_critical
    FROM base GROUP BY requesting_country, mechanism, month
  ), report_rows AS (
    INSERT INTO stats_report_classes SELECT * FROM cells
  )
  INSERT INTO stats_indicator_classes
  SELECT i.indicator_id, i.requesting_country, i.mechanism, i.month,
    i.n_low, i.n_elevated, i.n_high, i.n_critical, i.score_low, i.score_elevated, i.score_high, i.score_critical,
    c.n_low, c.n_elevated, c.n_high, c.n_critical
  FROM (
    SELECT indicator_id, requesting_country, mechanism, month,
      count(*) FILTER (WHERE band = 'low')::integer AS n_low,
      count(*) FILTER (WHERE band = 'elevated')::integer AS n_elevated,
      count(*) FILTER (WHERE band = 'high')::integer AS n_high,
      count(*) FILTER (WHERE band = 'critical')::integer AS n_critical,
      coalesce(sum(score) FILTER (WHERE band = 'low'), 0)::integer AS score_low,
      coalesce(sum(score) FILTER (WHERE band = 'elevated'), 0)::integer AS score_elevated,
      coalesce(sum(score) FILTER (WHERE band = 'high'), 0)::integer AS score_high,
      coalesce(sum(score) FILTER (WHERE band = 'critical'), 0)::integer AS score_critical
    FROM base, unnest(indicators) AS indicator_id
    GROUP BY indicator_id, requesting_country, mechanism, month
  ) i
  JOIN cells c USING (requesting_country, mechanism, month);
  INSERT INTO stats_release (id, refreshed_at) VALUES (1, refreshed)
    ON CONFLICT (id) DO UPDATE SET refreshed_at = excluded.refreshed_at;
  RETURN refreshed;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION refresh_statistics() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION refresh_statistics() TO rnm_app;
--> statement-breakpoint
-- The application reads the release; only refresh_statistics() (as the owner) writes it.
GRANT SELECT ON stats_report_classes, stats_indicator_classes, stats_release TO rnm_app;
