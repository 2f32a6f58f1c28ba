-- red_notice_facets (0007) holds one row per value of current_indicators, profiles and charge_categories
-- of each red notice, so the list's array filters become leakproof text equalities that a btree serves
-- under row-level security (see schema.ts). Kept here by statement-level triggers on red_notices, whoever
-- writes it (the API, the score trigger of 0006, the seed, an admin script); they run as the writer, so
-- the policies apply to the facets as to the report.
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
  INSERT INTO red_notice_facets (report_id, kind, value, partner_id)
  SELECT n.id, f.kind, f.value, n.partner_id
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
-- Rows whose arrays changed lose their facets and get the new ones; other updates (most of them) cost a join
-- of the transition tables.
CREATE FUNCTION red_notice_facets_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM red_notice_facets f USING new_rows n JOIN old_rows o ON o.id = n.id
  WHERE f.report_id = n.id
    AND (n.current_indicators, n.profiles, n.charge_categories, n.partner_id) IS DISTINCT FROM (o.current_indicators, o.profiles, o.charge_categories, o.partner_id);
  INSERT INTO red_notice_facets (report_id, kind, value, partner_id)
  SELECT n.id, f.kind, f.value, n.partner_id
  FROM new_rows n JOIN old_rows o ON o.id = n.id CROSS JOIN LATERAL (
    SELECT 'indicator' AS kind, v AS value FROM unnest(n.current_indicators) v
    UNION ALL SELECT 'profile', v FROM unnest(n.profiles) v
    UNION ALL SELECT 'charge_category', v FROM unnest(n.charge_categories) v
  ) f
  WHERE (n.current_indicators, n.profiles, n.charge_categories, n.partner_id) IS DISTINCT FROM (o.current_indicators, o.profiles, o.charge_categories, o.partner_id)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER red_notice_facets_insert AFTER INSERT ON red_notices
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION red_notice_facets_insert();
--> statement-breakpoint
CREATE TRIGGER red_notice_facets_update AFTER UPDATE ON red_notices
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION red_notice_facets_update();
--> statement-breakpoint
-- Reports stored before this migration, in report order so that the primary key grows at its right edge.
-- Runs as the owner before any request context exists: the context is set for this transaction only.
SELECT set_config('app.role', 'system', true);
--> statement-breakpoint
INSERT INTO red_notice_facets (report_id, kind, value, partner_id)
SELECT n.id, f.kind, f.value, n.partner_id
FROM (SELECT id, partner_id, current_indicators, profiles, charge_categories FROM red_notices ORDER BY id) n CROSS JOIN LATERAL (
  SELECT 'indicator' AS kind, v AS value FROM unnest(n.current_indicators) v
  UNION ALL SELECT 'profile', v FROM unnest(n.profiles) v
  UNION ALL SELECT 'charge_category', v FROM unnest(n.charge_categories) v
) f
ON CONFLICT DO NOTHING;
--> statement-breakpoint
ANALYZE red_notice_facets;
