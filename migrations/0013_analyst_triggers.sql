-- red_notice_facets (0012) holds one row per value of current_indicators, profiles and charge_categories
-- of each red notice, with the report's sort keys, so the list's array filters become leakproof text
-- equalities that a btree serves in the list's order under row-level security (see schema.ts). Kept here by
-- triggers on red_notices, whoever writes it (the API, the score trigger of 0006, the seed,
-- an admin script); they run as the writer, so the policies apply to the facets as to the report.
-- The read policy of every partner table, same meaning as in 0001, written so the planner can estimate it.
-- `role IN (…) OR partner_id = …` got a selectivity of about 1.5 % (a stable expression compared with
-- constants), so for an analyst the planner expected almost every row to be filtered out, and chose to collect
-- every match of a filter and sort it rather than walk an index in order and stop after a page (7 s instead of
-- 1 ms on a million reports). A CASE gets the default 0.5. Still a plain SQL function: it is inlined.
CREATE OR REPLACE FUNCTION app_can_read(row_partner uuid) RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT CASE WHEN app_role() IN ('analyst', 'admin', 'system') THEN true ELSE row_partner = app_partner() END $$;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON red_notice_facets TO rnm_app;
--> statement-breakpoint
ALTER TABLE red_notice_facets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE red_notice_facets FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY partner_rows ON red_notice_facets USING (app_can_read(partner_id)) WITH CHECK (app_can_write(partner_id));
--> statement-breakpoint
CREATE FUNCTION red_notice_facets_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO red_notice_facets (report_id, kind, value, partner_id, created_at, score_key)
  SELECT n.id, f.kind, f.value, n.partner_id, n.created_at, coalesce(n.current_score, -1)
  FROM new_rows n CROSS JOIN LATERAL (
    SELECT 'indicator' AS kind, v AS value FROM unnest(n.current_indicators) v
    UNION ALL SELECT 'profile', v FROM unnest(n.profiles) v
    UNION ALL SELECT 'charge_category', v FROM unnest(n.charge_categories) v
  ) f
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A report whose arrays or sort keys changed loses its facets and gets new ones. Row by row, with the test in
-- the trigger's WHEN: most updates of red_notices touch one row (the score trigger of 0006, a PATCH), and
-- those that change nothing here (updated_at, withdrawal, erasure) then never call the function.
CREATE FUNCTION red_notice_facets_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM red_notice_facets WHERE report_id = OLD.id;
  INSERT INTO red_notice_facets (report_id, kind, value, partner_id, created_at, score_key)
  SELECT NEW.id, f.kind, f.value, NEW.partner_id, NEW.created_at, coalesce(NEW.current_score, -1)
  FROM (
    SELECT 'indicator' AS kind, v AS value FROM unnest(NEW.current_indicators) v
    UNION ALL SELECT 'profile', v FROM unnest(NEW.profiles) v
    UNION ALL SELECT 'charge_category', v FROM unnest(NEW.charge_categories) v
  ) f
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER red_notice_facets_insert AFTER INSERT ON red_notices
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION red_notice_facets_insert();
--> statement-breakpoint
CREATE TRIGGER red_notice_facets_update AFTER UPDATE ON red_notices FOR EACH ROW
  WHEN ((NEW.current_indicators, NEW.profiles, NEW.charge_categories, NEW.partner_id, NEW.created_at, NEW.current_score)
    IS DISTINCT FROM (OLD.current_indicators, OLD.profiles, OLD.charge_categories, OLD.partner_id, OLD.created_at, OLD.current_score))
  EXECUTE FUNCTION red_notice_facets_update();
--> statement-breakpoint
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
-- Rows stored before this migration. Runs as the owner before any request context exists: the context is
-- set for this transaction only, to pass the policies (the tables force row-level security even on their owner).
SELECT set_config('app.role', 'system', true);
--> statement-breakpoint
UPDATE assurances a SET current_score = s.score, current_band = s.band
FROM (
  SELECT DISTINCT ON (report_id) report_id, revision, score, band FROM scores
  WHERE report_kind = 'assurance' AND superseded_at IS NULL ORDER BY report_id, scored_at DESC
) s
WHERE s.report_id = a.id AND s.revision = a.revision;
--> statement-breakpoint
-- The facet table's keys and indexes (declared in schema.ts) are built after the backfill: building an index
-- over rows already there is much faster than growing it by millions of random inserts.
INSERT INTO red_notice_facets (report_id, kind, value, partner_id, created_at, score_key)
SELECT DISTINCT n.id, f.kind, f.value, n.partner_id, n.created_at, coalesce(n.current_score, -1)
FROM red_notices n CROSS JOIN LATERAL (
  SELECT 'indicator' AS kind, v AS value FROM unnest(n.current_indicators) v
  UNION ALL SELECT 'profile', v FROM unnest(n.profiles) v
  UNION ALL SELECT 'charge_category', v FROM unnest(n.charge_categories) v
) f;
--> statement-breakpoint
ALTER TABLE "red_notice_facets" ADD CONSTRAINT "red_notice_facets_report_id_kind_value_pk" PRIMARY KEY("report_id","kind","value");
--> statement-breakpoint
CREATE INDEX "red_notice_facets_created_idx" ON "red_notice_facets" USING btree ("kind","value","created_at","report_id");
--> statement-breakpoint
CREATE INDEX "red_notice_facets_score_idx" ON "red_notice_facets" USING btree ("kind","value","score_key" DESC,"report_id" DESC);
--> statement-breakpoint
ANALYZE red_notice_facets;
