-- The report row carries its current revision's current score, band and indicators, so that list filters and
-- the -score order are plain column predicates. Kept here, where every score is written (worker batches and
-- rescoring alike); a new revision resets them to pending in the intake code.
CREATE FUNCTION red_notice_current_score() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.report_kind = 'red_notice' AND NEW.superseded_at IS NULL THEN
    UPDATE red_notices SET
      current_score = NEW.score,
      current_band = NEW.band,
      current_indicators = coalesce((SELECT array_agg(DISTINCT c->>'indicatorId') FROM jsonb_array_elements(NEW.contributions) c), '{}')
    WHERE id = NEW.report_id AND revision = NEW.revision;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER scores_current_on_report AFTER INSERT ON scores FOR EACH ROW EXECUTE FUNCTION red_notice_current_score();
--> statement-breakpoint
CREATE INDEX red_notices_score_idx ON red_notices ((coalesce(current_score, -1)) DESC, id DESC);
--> statement-breakpoint
-- Backfill under the system context: red_notices forces row-level security even on its owner.
SELECT set_config('app.role', 'system', true);
--> statement-breakpoint
UPDATE red_notices r SET
  profiles = coalesce((SELECT array_agg(DISTINCT p) FROM jsonb_array_elements_text(coalesce(r.facts->'subject'->'profiles', '[]'::jsonb)) p), '{}'),
  charge_categories = coalesce((SELECT array_agg(DISTINCT c->>'category') FROM jsonb_array_elements(coalesce(r.facts->'charges', '[]'::jsonb)) c), '{}');
--> statement-breakpoint
UPDATE red_notices r SET
  current_score = s.score,
  current_band = s.band,
  current_indicators = coalesce((SELECT array_agg(DISTINCT c->>'indicatorId') FROM jsonb_array_elements(s.contributions) c), '{}')
FROM (
  SELECT DISTINCT ON (report_id) report_id, revision, score, band, contributions FROM scores
  WHERE report_kind = 'red_notice' AND superseded_at IS NULL ORDER BY report_id, scored_at DESC
) s
WHERE s.report_id = r.id AND s.revision = r.revision;
