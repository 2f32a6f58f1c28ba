-- The statistics release (docs/api.md "Statistics"): refresh_statistics() rebuilds the class tables of migration
-- 0008_statistics_tables from the current, scored, neither withdrawn nor erased red-notice reports. It runs as the
-- owner (SECURITY DEFINER), so the application role only reads the release and calls this function: it can
-- neither write class rows nor read more than the aggregates. The fixed search_path keeps a caller from
-- substituting functions; app.role = 'system' lets row-level security (forced on red_notices, even for its
-- owner) admit every report to the aggregate, for the duration of the call only. k (the minimum group size)
-- only shapes the rollups: the class tables are the same for every k.
CREATE FUNCTION refresh_statistics(k integer) RETURNS timestamptz
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp
SET app.role = 'system'
AS $$
DECLARE
  refreshed timestamptz := clock_timestamp();
BEGIN
  IF k IS NULL OR k < 1 THEN
    RAISE EXCEPTION 'minimum group size must be at least 1';
  END IF;
  -- Two refreshes at once (several workers) would each delete what the other had not committed yet.
  PERFORM pg_advisory_xact_lock(7413326620124962);
  DELETE FROM stats_indicator_rollup;
  DELETE FROM stats_report_rollup;
  DELETE FROM stats_indicator_classes;
  DELETE FROM stats_report_classes;
  -- One statement (report_rows runs to completion though nothing reads it), so both views come from one
  -- snapshot: every indicator class lies inside its report class.
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

  -- Rollups for this k: the published classes (the rule of src/statistics/release-rules.ts) summed over
  -- every requesting state ('*') and/or every mechanism ('*').
  INSERT INTO stats_report_rollup
  SELECT coalesce(requesting_country, '*'), coalesce(mechanism, '*'), month,
    sum(p.n_low), sum(p.n_elevated), sum(p.n_high), sum(p.n_critical),
    sum(p.score_low), sum(p.score_elevated), sum(p.score_high), sum(p.score_critical)
  FROM (
    SELECT requesting_country, mechanism, month,
      CASE WHEN n_low >= k THEN n_low ELSE 0 END AS n_low,
      CASE WHEN n_elevated >= k THEN n_elevated ELSE 0 END AS n_elevated,
      CASE WHEN n_high >= k THEN n_high ELSE 0 END AS n_high,
      CASE WHEN n_critical >= k THEN n_critical ELSE 0 END AS n_critical,
      CASE WHEN n_low >= k THEN score_low ELSE 0 END AS score_low,
      CASE WHEN n_elevated >= k THEN score_elevated ELSE 0 END AS score_elevated,
      CASE WHEN n_high >= k THEN score_high ELSE 0 END AS score_high,
      CASE WHEN n_critical >= k THEN score_critical ELSE 0 END AS score_critical
    FROM stats_report_classes
  ) p
  GROUP BY GROUPING SETS ((requesting_country, mechanism, month), (requesting_country, month), (mechanism, month), (month))
  HAVING sum(p.n_low + p.n_elevated + p.n_high + p.n_critical) > 0;

  INSERT INTO stats_indicator_rollup
  SELECT indicator_id, coalesce(requesting_country, '*'), coalesce(mechanism, '*'), month,
    sum(p.n_low), sum(p.n_elevated), sum(p.n_high), sum(p.n_critical),
    sum(p.score_low), sum(p.score_elevated), sum(p.score_high), sum(p.score_critical)
  FROM (
    SELECT indicator_id, requesting_country, mechanism, month,
      CASE WHEN pub_low THEN n_low ELSE 0 END AS n_low,
      CASE WHEN pub_elevated THEN n_elevated ELSE 0 END AS n_elevated,
      CASE WHEN pub_high THEN n_high ELSE 0 END AS n_high,
      CASE WHEN pub_critical THEN n_critical ELSE 0 END AS n_critical,
      CASE WHEN pub_low THEN score_low ELSE 0 END AS score_low,
      CASE WHEN pub_elevated THEN score_elevated ELSE 0 END AS score_elevated,
      CASE WHEN pub_high THEN score_high ELSE 0 END AS score_high,
      CASE WHEN pub_critical THEN score_critical ELSE 0 END AS score_critical
    FROM (
      SELECT *,
        n_low >= k AND cell_low >= k AND (cell_low = n_low OR cell_low - n_low >= k) AS pub_low,
        n_elevated >= k AND cell_elevated >= k AND (cell_elevated = n_elevated OR cell_elevated - n_elevated >= k) AS pub_elevated,
        n_high >= k AND cell_high >= k AND (cell_high = n_high OR cell_high - n_high >= k) AS pub_high,
        n_critical >= k AND cell_critical >= k AND (cell_critical = n_critical OR cell_critical - n_critical >= k) AS pub_critical
      FROM stats_indicator_classes
    ) rule
  ) p
  GROUP BY GROUPING SETS ((indicator_id, requesting_country, mechanism, month), (indicator_id, requesting_country, month),
    (indicator_id, mechanism, month), (indicator_id, month))
  HAVING sum(p.n_low + p.n_elevated + p.n_high + p.n_critical) > 0;

  INSERT INTO stats_release (id, refreshed_at, min_group_size) VALUES (1, refreshed, k)
    ON CONFLICT (id) DO UPDATE SET refreshed_at = excluded.refreshed_at, min_group_size = excluded.min_group_size;
  RETURN refreshed;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION refresh_statistics(integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION refresh_statistics(integer) TO rnm_app;
--> statement-breakpoint
-- The application reads the release; only refresh_statistics(integer) (as the owner) writes it.
GRANT SELECT ON stats_report_classes, stats_indicator_classes, stats_report_rollup, stats_indicator_rollup, stats_release TO rnm_app;
