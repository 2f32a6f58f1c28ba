-- refresh_statistics(k) as in 0021, with the split check done by window functions instead of a join the
-- planner could not estimate (a nested loop: the refresh ran past ten minutes at a million reports).
-- The statistics release (docs/statistics.md): refresh_statistics(k) partitions the scored, current red-notice
-- reports and assurances into release classes for the minimum group size k and publishes the classes of at
-- least k. Runs as the owner (SECURITY DEFINER) with app.role = 'system', so row-level security admits every
-- report to the aggregate for the call only; the application role can call it and read the release, nothing more.
-- Its TypeScript twin, used by the tests as the reference, is src/statistics/release-classes.ts.
CREATE OR REPLACE FUNCTION refresh_statistics(k integer) RETURNS timestamptz
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
  PERFORM pg_advisory_xact_lock(7413326620124962);
  DELETE FROM stats_release_rollup;
  DELETE FROM stats_release_indicator_classes;
  DELETE FROM stats_release_classes;
  DROP TABLE IF EXISTS pg_temp.stats_members;

  -- Each counted record with the class it falls in.
  CREATE TEMP TABLE stats_members ON COMMIT DROP AS
  WITH base AS (
    SELECT 'report'::text AS view, requesting_country AS state, mechanism AS split_value, current_band AS band,
      date_trunc('month', created_at AT TIME ZONE 'UTC')::date AS month, current_score::integer AS score, current_indicators AS indicators
    FROM red_notices
    WHERE current_band IS NOT NULL AND current_score IS NOT NULL AND withdrawn_at IS NULL AND erased_at IS NULL
    UNION ALL
    SELECT 'assurance', giving_state, receiving_state, current_band,
      date_trunc('month', created_at AT TIME ZONE 'UTC')::date, current_score::integer, '{}'::text[]
    FROM assurances
    WHERE current_band IS NOT NULL AND current_score IS NOT NULL AND withdrawn_at IS NULL AND erased_at IS NULL
  ), months AS (
    SELECT view, state, band, month, count(*) AS n FROM base GROUP BY view, state, band, month
  ), quarters AS (
    SELECT view, state, band, date_trunc('quarter', month)::date AS quarter, sum(n) AS n FROM months GROUP BY view, state, band, 4
  ), years AS (
    SELECT view, state, band, date_trunc('year', month)::date AS year, sum(n) AS n, min(n) AS min_month FROM months GROUP BY view, state, band, 4
  ), quarter_minima AS (
    SELECT view, state, band, date_trunc('year', quarter)::date AS year, min(n) AS min_quarter FROM quarters GROUP BY view, state, band, 4
  ), levelled AS (
    SELECT y.*, CASE WHEN y.min_month >= k THEN 'month' WHEN q.min_quarter >= k THEN 'quarter' WHEN y.n >= k THEN 'year' ELSE 'rest' END AS level
    FROM years y JOIN quarter_minima q USING (view, state, band, year)
  ), ranked AS (
    SELECT *, coalesce(sum(n) FILTER (WHERE level = 'rest') OVER (PARTITION BY view, state, band), 0) AS rest_n,
      row_number() OVER (PARTITION BY view, state, band, level = 'rest' ORDER BY n, year) AS size_rank
    FROM levelled
  ), final_level AS (
    -- Pooled years short of k take in the smallest dated year, which brings them to k.
    SELECT view, state, band, year,
      CASE WHEN level <> 'rest' AND rest_n > 0 AND rest_n < k AND size_rank = 1 THEN 'rest' ELSE level END AS level
    FROM ranked
  ), assigned AS (
    SELECT b.view, b.state, b.band, b.split_value, b.score, b.indicators, f.level AS period_kind,
      CASE f.level WHEN 'month' THEN b.month WHEN 'quarter' THEN date_trunc('quarter', b.month)::date WHEN 'year' THEN f.year END AS period_start
    FROM base b JOIN final_level f ON f.view = b.view AND f.state = b.state AND f.band = b.band AND f.year = date_trunc('year', b.month)::date
  ), split_counted AS (
    -- Window functions, not a join back to the per-class minimum: the planner cannot estimate that join
    -- (multi-key, null-safe on the period) and chose a nested loop, quadratic in the reports (over ten
    -- minutes at a million; the windows sort once).
    SELECT a.*, count(*) OVER (PARTITION BY view, state, band, period_kind, period_start, split_value) AS part_n
    FROM assigned a
  ), split_ok AS (
    SELECT c.*, min(part_n) OVER (PARTITION BY view, state, band, period_kind, period_start) >= k AS ok
    FROM split_counted c
  )
  SELECT a.view, a.state, a.band, a.score, a.indicators, a.period_kind, a.period_start,
    CASE a.period_kind WHEN 'month' THEN (a.period_start + interval '1 month')::date WHEN 'quarter' THEN (a.period_start + interval '3 months')::date
      WHEN 'year' THEN (a.period_start + interval '1 year')::date END AS period_end,
    CASE a.period_kind WHEN 'month' THEN to_char(a.period_start, 'YYYY-MM') WHEN 'quarter' THEN to_char(a.period_start, 'YYYY-"Q"Q')
      WHEN 'year' THEN to_char(a.period_start, 'YYYY') ELSE 'rest' END AS period,
    CASE WHEN a.ok THEN a.split_value ELSE 'mixed' END AS split
  FROM split_ok a;
  -- The statements below group and join this table: the planner needs its size.
  ANALYZE stats_members;

  INSERT INTO stats_release_classes (view, requesting_country, split, band, period_kind, period, period_start, period_end, n, score_sum, published)
  SELECT view, state, split, band, period_kind, period, period_start, period_end, count(*), sum(score), count(*) >= k
  FROM stats_members GROUP BY view, state, split, band, period_kind, period, period_start, period_end;

  INSERT INTO stats_release_indicator_classes (indicator_id, view, requesting_country, split, band, period_kind, period, period_start, period_end, n, score_sum, cell, published)
  SELECT i.indicator_id, 'indicator', i.state, i.split, i.band, i.period_kind, i.period, i.period_start, i.period_end, i.n, i.score_sum, c.n,
    i.n >= k AND c.n >= k AND (c.n = i.n OR c.n - i.n >= k)
  FROM (
    SELECT indicator_id, state, split, band, period_kind, period, period_start, period_end, count(*) AS n, sum(score) AS score_sum
    FROM stats_members, unnest(indicators) AS indicator_id
    WHERE view = 'report'
    GROUP BY indicator_id, state, split, band, period_kind, period, period_start, period_end
  ) i
  JOIN stats_release_classes c ON c.view = 'report' AND c.requesting_country = i.state AND c.split = i.split AND c.band = i.band AND c.period = i.period;

  -- Rollups: published classes only, summed over every state ('*') and/or every split ('*').
  INSERT INTO stats_release_rollup (indicator_id, view, requesting_country, split, band, period_kind, period, period_start, period_end, n, score_sum)
  SELECT '', view, coalesce(requesting_country, '*'), coalesce(split, '*'), band, period_kind, period, period_start, period_end, sum(n), sum(score_sum)
  FROM stats_release_classes WHERE published
  GROUP BY GROUPING SETS ((view, requesting_country, split, band, period_kind, period, period_start, period_end),
    (view, requesting_country, band, period_kind, period, period_start, period_end),
    (view, split, band, period_kind, period, period_start, period_end),
    (view, band, period_kind, period, period_start, period_end));

  INSERT INTO stats_release_rollup (indicator_id, view, requesting_country, split, band, period_kind, period, period_start, period_end, n, score_sum)
  SELECT indicator_id, view, coalesce(requesting_country, '*'), coalesce(split, '*'), band, period_kind, period, period_start, period_end, sum(n), sum(score_sum)
  FROM stats_release_indicator_classes WHERE published
  GROUP BY GROUPING SETS ((indicator_id, view, requesting_country, split, band, period_kind, period, period_start, period_end),
    (indicator_id, view, requesting_country, band, period_kind, period, period_start, period_end),
    (indicator_id, view, split, band, period_kind, period, period_start, period_end),
    (indicator_id, view, band, period_kind, period, period_start, period_end));

  INSERT INTO stats_release (id, refreshed_at, min_group_size) VALUES (1, refreshed, k)
    ON CONFLICT (id) DO UPDATE SET refreshed_at = excluded.refreshed_at, min_group_size = excluded.min_group_size;
  RETURN refreshed;
END
$$;
