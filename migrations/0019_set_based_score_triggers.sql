-- The triggers that keep a report's current score (0006, 0013) and its facet rows (0013) run once per
-- statement over its transition tables instead of once per row. A worker writes scores sixteen at a time
-- (write_scores, 0016); row by row, each score ran its own UPDATE of the report and that UPDATE its own
-- DELETE and INSERT of facets: most of the database's time in a scoring batch. Same effects, one UPDATE, one
-- DELETE and one INSERT per batch: write_scores took 0.63 ms of database time per score under the scoring
-- benchmark (tables analyzed), 0.34 ms with these (pg_stat_user_functions).
DROP TRIGGER scores_current_on_report ON scores;
--> statement-breakpoint
DROP TRIGGER scores_current_on_assurance ON scores;
--> statement-breakpoint
DROP TRIGGER red_notice_facets_update ON red_notices;
--> statement-breakpoint
-- One score per report revision sets the report: the latest scored, should a statement ever insert two
-- (two rulesets; the service writes one ruleset at a time). UPDATE … FROM with two matches would pick either.
-- The reports are found first, by an array of ids: the planner knows nothing of a transition table's values
-- and, joining one alone, could guess a large share of the table and scan it all. A statement whose reports
-- are not there (the seed writes the scores before their reports) then ends after that one index probe each.
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
    current_indicators = coalesce((SELECT array_agg(DISTINCT c->>'indicatorId') FROM jsonb_array_elements(n.contributions) c), '{}')
  FROM (
    SELECT DISTINCT ON (report_id, revision) report_id, revision, score, band, contributions FROM new_scores
    WHERE report_kind = 'red_notice' AND superseded_at IS NULL AND report_id = ANY (v_ids)
    ORDER BY report_id, revision, scored_at DESC, id DESC
  ) n
  WHERE r.id = ANY (v_ids) AND r.id = n.report_id AND r.revision = n.revision;
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
  WHERE a.id = ANY (v_ids) AND a.id = n.report_id AND a.revision = n.revision;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- The reports whose arrays or sort keys changed lose their facets and get new ones; the others (a PATCH of
-- other columns, a withdrawal, an erasure) are left alone, as the row trigger's WHEN did. A statement trigger
-- with transition tables cannot name columns (UPDATE OF) nor take a WHEN, so the test is in the join.
CREATE OR REPLACE FUNCTION red_notice_facets_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_changed uuid[];
BEGIN
  SELECT coalesce(array_agg(n.id), '{}') INTO v_changed
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE (n.current_indicators, n.profiles, n.charge_categories, n.partner_id, n.created_at, n.current_score)
    IS DISTINCT FROM (o.current_indicators, o.profiles, o.charge_categories, o.partner_id, o.created_at, o.current_score);
  IF cardinality(v_changed) = 0 THEN
    RETURN NULL;
  END IF;
  -- An array of ids rather than a join with the transition table (as in red_notice_current_score above).
  DELETE FROM red_notice_facets WHERE report_id = ANY (v_changed);
  INSERT INTO red_notice_facets (report_id, kind, value, partner_id, created_at, score_key)
  SELECT n.id, f.kind, f.value, n.partner_id, n.created_at, coalesce(n.current_score, -1)
  FROM new_rows n CROSS JOIN LATERAL (
    SELECT 'indicator' AS kind, v AS value FROM unnest(n.current_indicators) v
    UNION ALL SELECT 'profile', v FROM unnest(n.profiles) v
    UNION ALL SELECT 'charge_category', v FROM unnest(n.charge_categories) v
  ) f
  WHERE n.id = ANY (v_changed)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER scores_current_on_report AFTER INSERT ON scores
  REFERENCING NEW TABLE AS new_scores FOR EACH STATEMENT EXECUTE FUNCTION red_notice_current_score();
--> statement-breakpoint
CREATE TRIGGER scores_current_on_assurance AFTER INSERT ON scores
  REFERENCING NEW TABLE AS new_scores FOR EACH STATEMENT EXECUTE FUNCTION assurance_current_score();
--> statement-breakpoint
CREATE TRIGGER red_notice_facets_update AFTER UPDATE ON red_notices
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION red_notice_facets_update();
