-- The assurance row carries its current revision's current score and band, as red notices do (0006), so
-- the list's band and score filters and its -score order are plain column predicates. Kept where every
-- score is written; a new revision resets them to pending in the intake code.
CREATE FUNCTION assurance_current_score() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.report_kind = 'assurance' AND NEW.superseded_at IS NULL THEN
    UPDATE assurances SET current_score = NEW.score, current_band = NEW.band
    WHERE id = NEW.report_id AND revision = NEW.revision;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER scores_current_on_assurance AFTER INSERT ON scores FOR EACH ROW EXECUTE FUNCTION assurance_current_score();
--> statement-breakpoint
-- Backfill under the system context: assurances forces row-level security even on its owner.
SELECT set_config('app.role', 'system', true);
--> statement-breakpoint
UPDATE assurances a SET current_score = s.score, current_band = s.band
FROM (
  SELECT DISTINCT ON (report_id) report_id, revision, score, band FROM scores
  WHERE report_kind = 'assurance' AND superseded_at IS NULL ORDER BY report_id, scored_at DESC
) s
WHERE s.report_id = a.id AND s.revision = a.revision;
