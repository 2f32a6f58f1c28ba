-- The list's search structure (docs/analyst-queries.md). One narrow row per red notice: its visibility key
-- (partner_id), its two sort keys and every equality filter of the list as one array of terms ('profile:journalist',
-- 'country:RU', 'band:high', … as 4-byte codes) under a GIN index, so any conjunction of facets is one posting-list
-- intersection, whose cost follows the rarest term rather than the most common one.
--
-- Row-level security would stop that index from ever serving a query: `@>` is not leakproof, so PostgreSQL
-- checks it only after the policy, row by row (even for a policy that names no column). The table therefore
-- has no policy and no grant to rnm_app at all: it is read only through red_notice_search_page below, which
-- runs as the owner and applies the read policy's rule (app_can_read) itself. The reports themselves are then
-- read from red_notices by id, under its policy as before: a page can only lose rows to it, never gain any.
-- No identities, facts or ciphertext here: the terms are the filters' values, the same as red_notice_facets.
CREATE TABLE red_notice_search (
	report_id uuid PRIMARY KEY,
	partner_id uuid NOT NULL,
	created_at timestamp with time zone NOT NULL,
	-- coalesce(current_score, -1): the -score order's key and the score filters' column.
	score_key smallint NOT NULL,
	-- Every equality filter the report meets, as red_notice_search_term codes.
	terms integer[] NOT NULL
);
--> statement-breakpoint
-- Enabled without a policy and not forced: nobody but the owner (the migrations, the functions below) reads a row.
ALTER TABLE red_notice_search ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON red_notice_search FROM PUBLIC;
--> statement-breakpoint
-- A term as the table stores it: the first 32 bits of its MD5. Four bytes instead of up to fifty keep the row
-- (and so the walk below) narrow; MD5, unlike hashtext, is the same on every server and version. Two terms
-- colliding (about 1 in 10^5 for a few hundred terms) could only add rows, and the list rechecks every filter
-- on the rows it reads from red_notices.
CREATE FUNCTION red_notice_search_term(term text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ('x' || substr(md5(term), 1, 8))::bit(32)::integer
$$;
--> statement-breakpoint
-- The terms of one report, as its row in red_notices holds them (the arrays are the searchable copies of 0005).
CREATE FUNCTION red_notice_search_terms(indicators text[], profiles text[], charge_categories text[],
  requesting_country text, mechanism text, status text, band text) RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array(
    SELECT DISTINCT red_notice_search_term(t) FROM (
      SELECT 'indicator:' || v AS t FROM unnest(indicators) v
      UNION ALL SELECT 'profile:' || v FROM unnest(profiles) v
      UNION ALL SELECT 'charge_category:' || v FROM unnest(charge_categories) v
      UNION ALL SELECT 'country:' || requesting_country
      UNION ALL SELECT 'mechanism:' || mechanism
      UNION ALL SELECT 'status:' || status WHERE status IS NOT NULL
      UNION ALL SELECT 'band:' || band WHERE band IS NOT NULL
    ) terms)
$$;
--> statement-breakpoint
-- Kept by triggers on red_notices, whoever writes it. SECURITY DEFINER: the writer (rnm_app) has no grant on
-- the table; the functions only copy the row being written.
CREATE FUNCTION red_notice_search_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  INSERT INTO red_notice_search (report_id, partner_id, created_at, score_key, terms)
  SELECT n.id, n.partner_id, n.created_at, coalesce(n.current_score, -1),
    red_notice_search_terms(n.current_indicators, n.profiles, n.charge_categories, n.requesting_country, n.mechanism, n.status, n.current_band)
  FROM new_rows n
  ON CONFLICT (report_id) DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION red_notice_search_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  INSERT INTO red_notice_search (report_id, partner_id, created_at, score_key, terms)
  VALUES (NEW.id, NEW.partner_id, NEW.created_at, coalesce(NEW.current_score, -1),
    red_notice_search_terms(NEW.current_indicators, NEW.profiles, NEW.charge_categories, NEW.requesting_country, NEW.mechanism, NEW.status, NEW.current_band))
  ON CONFLICT (report_id) DO UPDATE SET partner_id = EXCLUDED.partner_id, created_at = EXCLUDED.created_at,
    score_key = EXCLUDED.score_key, terms = EXCLUDED.terms;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION red_notice_search_delete() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  DELETE FROM red_notice_search WHERE report_id = OLD.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER red_notice_search_insert AFTER INSERT ON red_notices
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION red_notice_search_insert();
--> statement-breakpoint
CREATE TRIGGER red_notice_search_update AFTER UPDATE ON red_notices FOR EACH ROW
  WHEN ((NEW.current_indicators, NEW.profiles, NEW.charge_categories, NEW.requesting_country, NEW.mechanism, NEW.status,
    NEW.current_band, NEW.partner_id, NEW.created_at, NEW.current_score)
    IS DISTINCT FROM (OLD.current_indicators, OLD.profiles, OLD.charge_categories, OLD.requesting_country, OLD.mechanism, OLD.status,
    OLD.current_band, OLD.partner_id, OLD.created_at, OLD.current_score))
  EXECUTE FUNCTION red_notice_search_update();
--> statement-breakpoint
CREATE TRIGGER red_notice_search_delete AFTER DELETE ON red_notices FOR EACH ROW EXECUTE FUNCTION red_notice_search_delete();
--> statement-breakpoint
-- Rows stored before this migration (red_notices forces row-level security on its owner too: system context),
-- in creation order as new reports arrive: a walk in that order then reads neighbouring rows off few pages.
SELECT set_config('app.role', 'system', true);
--> statement-breakpoint
INSERT INTO red_notice_search (report_id, partner_id, created_at, score_key, terms)
SELECT n.id, n.partner_id, n.created_at, coalesce(n.current_score, -1),
  red_notice_search_terms(n.current_indicators, n.profiles, n.charge_categories, n.requesting_country, n.mechanism, n.status, n.current_band)
FROM red_notices n ORDER BY n.created_at, n.id;
--> statement-breakpoint
-- The orders' walks (analysts: the whole table; reporters: their partner's rows), each covering what the walk
-- tests (an index-only scan once vacuum has marked the pages all-visible: the walk reads index pages in
-- order instead of one heap page per row), and the bitmap accesses of the fallback: the terms (GIN) and the
-- two ranges (the same btrees).
CREATE INDEX red_notice_search_created_idx ON red_notice_search (created_at, report_id) INCLUDE (score_key, terms);
--> statement-breakpoint
CREATE INDEX red_notice_search_score_idx ON red_notice_search (score_key DESC, report_id DESC) INCLUDE (created_at, terms);
--> statement-breakpoint
CREATE INDEX red_notice_search_partner_created_idx ON red_notice_search (partner_id, created_at, report_id) INCLUDE (score_key, terms);
--> statement-breakpoint
CREATE INDEX red_notice_search_partner_score_idx ON red_notice_search (partner_id, score_key DESC, report_id DESC) INCLUDE (created_at, terms);
--> statement-breakpoint
CREATE INDEX red_notice_search_terms_idx ON red_notice_search USING gin (terms) WITH (fastupdate = off);
--> statement-breakpoint
ANALYZE red_notice_search;
--> statement-breakpoint
-- One page of the list's report ids in its order, for the caller's context: analysts, admins and the system
-- read every report, anyone else (a reporter) only their partner's, and an unset context nothing (app_can_read).
--
-- Two plans, because no estimate can tell which one a conjunction of correlated filters needs:
--  1. walk the order's index, checking every filter on the narrow row, for at most `budget` rows: enough
--     whenever matches are not rare (a page of 50 at one match in 100 needs 5,000 rows);
--  2. when the walk used its budget without filling the page, matches are rare (fewer than about
--     page × total ÷ budget of them): collect them all through the GIN and range bitmaps and sort them.
-- Either way a page costs at most the budget's rows plus the rare matches, whatever the combination.
-- `filter` holds: terms (text[] as a JSON array), minScore, maxScore, createdFrom, createdTo. `sort` is
-- createdAt, -createdAt or -score; the after_* arguments are the keyset position of that order (or null).
CREATE FUNCTION red_notice_search_page(filter jsonb, sort text, after_created_at timestamptz, after_score integer,
  after_id uuid, page_size integer, budget integer DEFAULT 4000)
RETURNS TABLE (report_id uuid, "position" integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public ROWS 50 AS $$
DECLARE
  terms integer[] := ARRAY(SELECT red_notice_search_term(t) FROM jsonb_array_elements_text(coalesce(filter -> 'terms', '[]'::jsonb)) t);
  min_score integer := (filter ->> 'minScore')::integer;
  max_score integer := (filter ->> 'maxScore')::integer;
  created_from timestamptz := (filter ->> 'createdFrom')::timestamptz;
  created_to timestamptz := (filter ->> 'createdTo')::timestamptz;
  partner uuid;
  order_by text;
  walk text[] := ARRAY['true'];
  checks text[] := ARRAY['true'];
  walk_budget integer := greatest(budget, page_size * 20);
  found_ids uuid[];
  sentinel boolean;
  seqscan text;
  indexscan text;
BEGIN
  IF page_size IS NULL OR page_size < 1 THEN RETURN; END IF;
  IF app_role() NOT IN ('analyst', 'admin', 'system') THEN
    partner := app_partner();
    IF partner IS NULL THEN RETURN; END IF;
    walk := walk || 's.partner_id = $6'::text;
  END IF;
  IF sort = '-score' THEN
    order_by := 's.score_key DESC, s.report_id DESC';
    IF after_score IS NOT NULL AND after_id IS NOT NULL THEN walk := walk || '(s.score_key, s.report_id) < ($8, $9)'::text; END IF;
    IF min_score IS NOT NULL THEN walk := walk || 's.score_key >= $2'::text; END IF;
    IF max_score IS NOT NULL THEN walk := walk || 's.score_key BETWEEN 0 AND $3'::text; END IF;
    IF created_from IS NOT NULL THEN checks := checks || 's.created_at >= $4'::text; END IF;
    IF created_to IS NOT NULL THEN checks := checks || 's.created_at < $5'::text; END IF;
  ELSIF sort = 'createdAt' OR sort = '-createdAt' THEN
    order_by := CASE WHEN sort = 'createdAt' THEN 's.created_at, s.report_id' ELSE 's.created_at DESC, s.report_id DESC' END;
    IF after_created_at IS NOT NULL AND after_id IS NOT NULL THEN
      walk := walk || format('(s.created_at, s.report_id) %s ($7, $9)', CASE WHEN sort = 'createdAt' THEN '>' ELSE '<' END);
    END IF;
    IF created_from IS NOT NULL THEN walk := walk || 's.created_at >= $4'::text; END IF;
    IF created_to IS NOT NULL THEN walk := walk || 's.created_at < $5'::text; END IF;
    IF min_score IS NOT NULL THEN checks := checks || 's.score_key >= $2'::text; END IF;
    IF max_score IS NOT NULL THEN checks := checks || 's.score_key BETWEEN 0 AND $3'::text; END IF;
  ELSE
    RAISE EXCEPTION 'unknown sort %', sort USING ERRCODE = '22023';
  END IF;
  IF cardinality(terms) > 0 THEN checks := checks || 's.terms @> $1'::text; END IF;

  -- 1. The walk: the order's first `walk_budget` rows (by the conditions its index serves), each checked
  -- against the rest; the row at the budget comes back too (match or not) to say the budget ran out.
  EXECUTE format($q$
    SELECT array_agg(w.report_id ORDER BY w.n) FILTER (WHERE w.hit), bool_or(w.n = $11) FROM (
      SELECT w.report_id, w.hit, w.n FROM (
        SELECT s.report_id, (%s) AS hit, row_number() OVER (ORDER BY %s) AS n
        FROM (SELECT s.report_id, s.created_at, s.score_key, s.terms FROM red_notice_search s WHERE %s ORDER BY %s LIMIT $11) s
      ) w WHERE w.hit OR w.n = $11 LIMIT $10
    ) w $q$, array_to_string(checks, ' AND '), order_by, array_to_string(walk, ' AND '), order_by)
  INTO found_ids, sentinel
  USING terms, min_score, max_score, created_from, created_to, partner, after_created_at, after_score, after_id, page_size, walk_budget;
  IF NOT coalesce(sentinel, false) OR coalesce(cardinality(found_ids), 0) >= page_size THEN
    RETURN QUERY SELECT u.id, u.n::integer FROM unnest(found_ids) WITH ORDINALITY AS u(id, n);
    RETURN;
  END IF;

  -- 2. Rare matches: every one of them through bitmaps (the planner's choice among the GIN and the ranges),
  -- then the page by a top-N sort. Index scans in the order are what just failed: not an option here.
  seqscan := current_setting('enable_seqscan');
  indexscan := current_setting('enable_indexscan');
  PERFORM set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true);
  RETURN QUERY EXECUTE format($q$
    SELECT s.report_id, (row_number() OVER (ORDER BY %s))::integer FROM (
      SELECT s.report_id, s.created_at, s.score_key FROM red_notice_search s WHERE %s AND %s ORDER BY %s LIMIT $10
    ) s $q$,
    order_by, array_to_string(walk, ' AND '), array_to_string(checks, ' AND '), order_by)
  USING terms, min_score, max_score, created_from, created_to, partner, after_created_at, after_score, after_id, page_size, walk_budget;
  PERFORM set_config('enable_seqscan', seqscan, true), set_config('enable_indexscan', indexscan, true);
END
$$;
