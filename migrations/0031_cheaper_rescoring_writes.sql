-- Cheaper writes for a rescoring run, which settles a million run items and, adopting a ruleset, rewrites the
-- report, facet and search rows of every report whose current score changes (about a tenth of them).
--
-- 1. Settling a run item (pending → done) becomes a heap-only (HOT) update: the partial index of pending items
--    named `state` in its predicate, so every settled item was a new row version with a new entry in the primary
--    key (2,000 items 92-196 ms, bench/RESULTS.md). Every reader of pending items already bounds its search by
--    the primary key (a chunk's id range, one report's key, one run's items), so the index only cost writes.
--    Half of each page is left free so that each item's one update finds room on its own page.
DROP INDEX IF EXISTS rescoring_run_items_pending_idx;
--> statement-breakpoint
ALTER TABLE rescoring_run_items SET (fillfactor = 50);
--> statement-breakpoint
-- 2. The search row is rewritten once per statement (over its transition tables) instead of by a row trigger
--    calling a function per changed report: same rows, same values, one INSERT … ON CONFLICT for a chunk.
DROP TRIGGER red_notice_search_update ON red_notices;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION red_notice_search_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  INSERT INTO red_notice_search (report_id, partner_id, created_at, score_key, terms)
  SELECT n.id, n.partner_id, n.created_at, coalesce(n.current_score, -1),
    red_notice_search_terms(n.current_indicators, n.profiles, n.charge_categories, n.requesting_country, n.mechanism, n.status, n.current_band)
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE (n.current_indicators, n.profiles, n.charge_categories, n.requesting_country, n.mechanism, n.status,
      n.current_band, n.partner_id, n.created_at, n.current_score)
    IS DISTINCT FROM (o.current_indicators, o.profiles, o.charge_categories, o.requesting_country, o.mechanism, o.status,
      o.current_band, o.partner_id, o.created_at, o.current_score)
  ON CONFLICT (report_id) DO UPDATE SET partner_id = EXCLUDED.partner_id, created_at = EXCLUDED.created_at,
    score_key = EXCLUDED.score_key, terms = EXCLUDED.terms;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER red_notice_search_update AFTER UPDATE ON red_notices
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION red_notice_search_update();
--> statement-breakpoint
-- 3. The facet rows of a report whose arrays or sort keys changed are brought to the new values in place:
--    a facet the report keeps is updated (one new row version when its sort keys changed, nothing when they did
--    not), only a facet it lost is deleted and only a new one inserted. 0019 deleted and inserted all of them
--    again (about twelve a report, each insert with its conflict check), though a new score changes only the
--    sort key of most and adds or drops an indicator or two.
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
  -- One statement, one snapshot: the three parts see the facets as they were and touch disjoint rows.
  -- An array of ids rather than a join with the transition table (as in red_notice_current_score, 0019).
  WITH wanted AS (
    SELECT DISTINCT n.id AS report_id, f.kind, f.value, n.partner_id, n.created_at, coalesce(n.current_score, -1)::smallint AS score_key
    FROM new_rows n CROSS JOIN LATERAL (
      SELECT 'indicator' AS kind, v AS value FROM unnest(n.current_indicators) v
      UNION ALL SELECT 'profile', v FROM unnest(n.profiles) v
      UNION ALL SELECT 'charge_category', v FROM unnest(n.charge_categories) v
    ) f
    WHERE n.id = ANY (v_changed)
  ), dropped AS (
    DELETE FROM red_notice_facets f
    WHERE f.report_id = ANY (v_changed)
      AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.report_id = f.report_id AND w.kind = f.kind AND w.value = f.value)
  ), kept AS (
    UPDATE red_notice_facets f SET partner_id = w.partner_id, created_at = w.created_at, score_key = w.score_key
    FROM wanted w
    WHERE f.report_id = ANY (v_changed) AND f.report_id = w.report_id AND f.kind = w.kind AND f.value = w.value
      AND (f.partner_id, f.created_at, f.score_key) IS DISTINCT FROM (w.partner_id, w.created_at, w.score_key)
  )
  INSERT INTO red_notice_facets (report_id, kind, value, partner_id, created_at, score_key)
  SELECT w.report_id, w.kind, w.value, w.partner_id, w.created_at, w.score_key FROM wanted w
  WHERE NOT EXISTS (SELECT 1 FROM red_notice_facets f WHERE f.report_id = w.report_id AND f.kind = w.kind AND f.value = w.value)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- 4. The report rows of a statement's new scores are joined by id alone. 0019 and 0027 also kept
--    `r.id = ANY (v_ids)` in the UPDATE, so that the planner would probe the primary key rather than scan the
--    table; joined with the subquery's rows, PostgreSQL 15 ran that condition as an array scan for every joined
--    row: a chunk of 2,000 scores made 2,000 index scans of 2,000 array keys each (0.24 ms a row, more than
--    the rest of the trigger). The subquery already holds only those reports, its estimate is tiny (a
--    transition table's), so the join probes the primary key once a row. Each score's indicators are derived
--    once, before the sort, so the sort no longer carries (and spills) every score's contributions.
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
    SELECT DISTINCT ON (report_id, revision) report_id, revision, score, band,
      coalesce((SELECT array_agg(DISTINCT c->>'indicatorId') FROM jsonb_array_elements(contributions) c), '{}') AS indicators
    FROM new_scores
    WHERE report_kind = 'red_notice' AND superseded_at IS NULL AND report_id = ANY (v_ids)
    ORDER BY report_id, revision, scored_at DESC, id DESC
  ) n
  WHERE r.id = n.report_id AND r.revision = n.revision
    AND (r.current_score, r.current_band, r.current_indicators) IS DISTINCT FROM (n.score, n.band, n.indicators);
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- 5. A new score's id begins with the time it was written (a UUIDv7 layout: 48 bits of milliseconds, version 7,
--    the rest random: 70 random bits). Random ids sent each of a chunk's 2,000 scores to its own leaf page of the
--    primary key, which at a million reports is far larger than the buffer cache: read, dirtied and written back
--    once a score. Time-ordered ids fill the index's last pages. The time they carry is the score's scored_at,
--    which every reader of the score sees already. Rows stored before keep their ids.
CREATE FUNCTION time_ordered_uuid() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(overlay(uuid_send(gen_random_uuid())
    PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) || '\x70'::bytea FROM 1 FOR 7), 'hex')::uuid
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION time_ordered_uuid() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION time_ordered_uuid() TO rnm_app;
--> statement-breakpoint
ALTER TABLE scores ALTER COLUMN id SET DEFAULT time_ordered_uuid();
