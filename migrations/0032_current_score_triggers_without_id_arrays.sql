-- The current-score triggers join their transition table to the reports directly. Before, each first gathered the
-- ids of the reports its rows name (an index probe per score) and then filtered the new scores by `report_id =
-- ANY (v_ids)`: a parameter array, which PostgreSQL 15 searches element by element, so a chunk of 2,000 scores
-- made 4,000,000 comparisons (bench/RESULTS.md, "rescoring at a million on a quiet machine"). The join on id and
-- revision already leaves out reports that are gone; same rows, same values.
CREATE OR REPLACE FUNCTION red_notice_current_score() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE red_notices r SET
    current_score = n.score,
    current_band = n.band,
    current_indicators = n.indicators
  FROM (
    SELECT DISTINCT ON (report_id, revision) report_id, revision, score, band,
      coalesce((SELECT array_agg(DISTINCT c->>'indicatorId') FROM jsonb_array_elements(contributions) c), '{}') AS indicators
    FROM new_scores
    WHERE report_kind = 'red_notice' AND superseded_at IS NULL
    ORDER BY report_id, revision, scored_at DESC, id DESC
  ) n
  WHERE r.id = n.report_id AND r.revision = n.revision
    AND (r.current_score, r.current_band, r.current_indicators) IS DISTINCT FROM (n.score, n.band, n.indicators);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION assurance_current_score() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE assurances a SET current_score = n.score, current_band = n.band
  FROM (
    SELECT DISTINCT ON (report_id, revision) report_id, revision, score, band FROM new_scores
    WHERE report_kind = 'assurance' AND superseded_at IS NULL
    ORDER BY report_id, revision, scored_at DESC, id DESC
  ) n
  WHERE a.id = n.report_id AND a.revision = n.revision
    AND (a.current_score, a.current_band) IS DISTINCT FROM (n.score, n.band);
  RETURN NULL;
END
$$;
