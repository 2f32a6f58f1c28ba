-- Two savings on writing scores, which a rescoring run does a million times.
--
-- A score's contributions (about 8.5 kB of JSON each under ruleset 2026.12.2) are compressed with lz4 instead of
-- pglz from now on: compressing was most of PostgreSQL's cost of writing a score (4,000 contributions on this
-- 2-core machine: 286 µs a row with pglz, 136 µs with lz4, 89 µs of which parse them), which a rescoring run
-- pays a million times. Rows already stored keep pglz; both read the same. A PostgreSQL built without lz4
-- (PGlite may be) keeps pglz.
DO $$
BEGIN
  ALTER TABLE scores ALTER COLUMN contributions SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
  RAISE NOTICE 'lz4 is not available: scores keep pglz';
END
$$;
--> statement-breakpoint
-- The report's columns are updated only where the new current score changes them (0019 rewrote every row):
-- a rescoring run rewrites a million scores, most of them often equal, and each rewritten report row cost a
-- new row version and an entry in each of its nine indexes. Same results: an equal row is left as it was, and
-- the facet and search triggers, which act only on changed values, had nothing to do for it either.
CREATE OR REPLACE FUNCTION red_notice_current_score() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_ids uuid[];
BEGIN
  SELECT array_agg(r.id) INTO v_ids FROM red_notices r
  WHERE r.id = ANY (ARRAY(SELECT report_id FROM new_scores WHERE report_kind = 'red_notice' AND superseded_at IS NULL));
  IF v_ids IS NULL THEN
    RETURN NULL;
  END IF;
  UPDATE red_notices r SET
    current_score = n.score,
    current_band = n.band,
    current_indicators = n.indicators
  FROM (
    SELECT report_id, revision, score, band,
      coalesce((SELECT array_agg(DISTINCT c->>'indicatorId') FROM jsonb_array_elements(contributions) c), '{}') AS indicators
    FROM (
      SELECT DISTINCT ON (report_id, revision) report_id, revision, score, band, contributions FROM new_scores
      WHERE report_kind = 'red_notice' AND superseded_at IS NULL AND report_id = ANY (v_ids)
      ORDER BY report_id, revision, scored_at DESC, id DESC
    ) latest
  ) n
  WHERE r.id = ANY (v_ids) AND r.id = n.report_id AND r.revision = n.revision
    AND (r.current_score, r.current_band, r.current_indicators) IS DISTINCT FROM (n.score, n.band, n.indicators);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION assurance_current_score() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_ids uuid[];
BEGIN
  SELECT array_agg(a.id) INTO v_ids FROM assurances a
  WHERE a.id = ANY (ARRAY(SELECT report_id FROM new_scores WHERE report_kind = 'assurance' AND superseded_at IS NULL));
  IF v_ids IS NULL THEN
    RETURN NULL;
  END IF;
  UPDATE assurances a SET current_score = n.score, current_band = n.band
  FROM (
    SELECT DISTINCT ON (report_id, revision) report_id, revision, score, band FROM new_scores
    WHERE report_kind = 'assurance' AND superseded_at IS NULL AND report_id = ANY (v_ids)
    ORDER BY report_id, revision, scored_at DESC, id DESC
  ) n
  WHERE a.id = ANY (v_ids) AND a.id = n.report_id AND a.revision = n.revision
    AND (a.current_score, a.current_band) IS DISTINCT FROM (n.score, n.band);
  RETURN NULL;
END
$$;
