-- The -score order for filters anti-correlated with the score (docs/analyst-queries.md, "Score probes").
-- `sort=-score&chargeCategory=violent`: violent charges score low, so the walk of 0025 uses its budget among the
-- highest scores and the fallback collects every violent report (one in seven) from the heap to keep 50; with
-- `maxScore=71&profile=relative_of_targeted_person`, none of whom scores that low, it reads them all to find none.
-- Both only need the term's reports in the highest scores first: the GIN now also holds each row's score decade
-- as a term ('score_decade:9' for 90-99; 100 and unscored have their own), so "violent reports scoring 100" is one
-- intersection of two posting lists, and red_notice_search_page probes the decades in descending order until the
-- page is full.
--
-- The decade lives in the index expression, not in the stored terms (no row rewritten): a score change already
-- rewrites every index entry of the search row (score_key is a btree key, so the update is never HOT), and this
-- adds one GIN entry to the ~15 it writes. The index replaces the terms-only GIN, which serves nothing it cannot.
--
-- A score's decade: 0 for 0-9, …, 9 for 90-99, 10 for 100, -1 for unscored (score_key -1).
CREATE FUNCTION red_notice_search_decade(score_key integer) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN score_key < 0 THEN -1 ELSE score_key / 10 END
$$;
--> statement-breakpoint
-- A decade's term: red_notice_search_term('score_decade:' || decade), spelled out (decades -1 to 10) because the
-- index expression runs for every row written, and an MD5 in it made the planner cost the collection's rechecks
-- high enough to pick a parallel plan that was slower on small machines (test/db/red-notice-search.test.ts
-- checks the values).
CREATE FUNCTION red_notice_search_decade_term(decade integer) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ('{1018835418,-840375797,552717296,52701166,-2054430389,-2126291832,1166923710,1761689166,-1584941641,439368790,1248096434,40556335}'::integer[])[decade + 2]
$$;
--> statement-breakpoint
-- Schema-qualified: index builds and ANALYZE run it with only pg_catalog on the search path (PostgreSQL 17, so
-- PGlite), and a SET clause would stop the planner from inlining it into the queries that must match the index.
CREATE FUNCTION red_notice_search_keys(terms integer[], score_key smallint) RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT terms || public.red_notice_search_decade_term(public.red_notice_search_decade(score_key))
$$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS red_notice_search_keys_idx ON red_notice_search USING gin (red_notice_search_keys(terms, score_key)) WITH (fastupdate = off);
--> statement-breakpoint
DROP INDEX IF EXISTS red_notice_search_terms_idx;
--> statement-breakpoint
ANALYZE red_notice_search;
--> statement-breakpoint
DROP FUNCTION red_notice_search_page(jsonb, text, timestamptz, integer, uuid, integer, integer);
--> statement-breakpoint
-- One page of the list's report ids in its order, for the caller's context: analysts, admins and the system
-- read every report, anyone else (a reporter) only their partner's, and an unset context nothing (app_can_read).
--
-- Three plans, because no estimate can tell which one a conjunction of correlated filters needs:
--  1. walk the order's index, checking every filter on the narrow row, for at most `budget` rows: enough
--     whenever matches are not rare (a page of 50 at one match in 100 needs 5,000 rows);
--  2. when the walk used its budget without filling the page, in the -score order with terms: probe each score
--     decade below the walk's last row in turn, highest first, one GIN intersection of the terms with the decade
--     each, sorted, until the page is full. A probe costs about the posting lists it intersects (at most a dozen
--     probes), and never reads a row outside the decade;
--  3. or collect every match through the GIN and range bitmaps and keep the page by a top-N sort: its cost is
--     one heap row per match, so it suits few matches, and it is the fallback of the date orders.
-- Between 2 and 3, the table's statistics decide (below); `fallback` ('probes' or 'collect') overrides them.
-- Either gives the exact page, whatever the statistics say.
-- `filter` holds: terms (text[] as a JSON array), minScore, maxScore, createdFrom, createdTo. `sort` is
-- createdAt, -createdAt or -score; the after_* arguments are the keyset position of that order (or null).
CREATE FUNCTION red_notice_search_page(filter jsonb, sort text, after_created_at timestamptz, after_score integer,
  after_id uuid, page_size integer, budget integer DEFAULT 4000, fallback text DEFAULT NULL)
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
  term_check text := 'true';
  term_keys text := 'true';
  walk_budget integer := greatest(budget, page_size * 20);
  found_ids uuid[];
  sentinel boolean;
  last_score integer;
  last_id uuid;
  least_score integer;
  plan text := fallback;
  matches double precision;
  entries double precision;
  probed uuid[];
  seqscan text;
  indexscan text;
  jit text;
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
  -- The terms on the walk's rows; the probes and the collection find them through the GIN, whose keys are the
  -- same terms (and the decade), so they need no second test.
  IF cardinality(terms) > 0 THEN
    term_check := 's.terms @> $1';
    term_keys := 'red_notice_search_keys(s.terms, s.score_key) @> $1';
  END IF;

  -- 1. The walk: the order's first `walk_budget` rows (by the conditions its index serves), each checked
  -- against the rest; the row at the budget comes back too (match or not) to say the budget ran out, and
  -- where: the probes go on after it.
  EXECUTE format($q$
    SELECT array_agg(w.report_id ORDER BY w.n) FILTER (WHERE w.hit), bool_or(w.n = $11),
      max(w.score_key) FILTER (WHERE w.n = $11), (array_agg(w.report_id) FILTER (WHERE w.n = $11))[1] FROM (
      SELECT w.report_id, w.score_key, w.hit, w.n FROM (
        SELECT s.report_id, s.score_key, (%s) AS hit, row_number() OVER (ORDER BY %s) AS n
        FROM (SELECT s.report_id, s.created_at, s.score_key, s.terms FROM red_notice_search s WHERE %s ORDER BY %s LIMIT $11) s
      ) w WHERE w.hit OR w.n = $11 LIMIT $10
    ) w $q$, array_to_string(checks || term_check, ' AND '), order_by, array_to_string(walk, ' AND '), order_by)
  INTO found_ids, sentinel, last_score, last_id
  USING terms, min_score, max_score, created_from, created_to, partner, after_created_at, after_score, after_id, page_size, walk_budget;
  IF NOT coalesce(sentinel, false) OR coalesce(cardinality(found_ids), 0) >= page_size THEN
    RETURN QUERY SELECT u.id, u.n::integer FROM unnest(found_ids) WITH ORDINALITY AS u(id, n);
    RETURN;
  END IF;

  least_score := CASE WHEN min_score IS NOT NULL THEN min_score WHEN max_score IS NOT NULL THEN 0 ELSE -1 END;
  IF sort <> '-score' OR cardinality(terms) = 0 THEN
    plan := 'collect';
  ELSIF plan IS NULL THEN
    -- Probes or collection, by ANALYZE's element statistics (as the planner reads them; a term below their list
    -- counts as the least frequent listed). A probe decodes the terms' posting lists and its decade's, about
    -- 20 ns an entry at a million reports, and the walk's decade and every one below may need one; collecting
    -- reads a heap row per match, about a microsecond, as much as 50 entries. Matches are estimated as if the
    -- terms were independent. No statistics yet: collect.
    SELECT exp(sum(ln(greatest(f.freq, 1e-9)))), sum(f.freq)
    INTO matches, entries
    FROM pg_stats st, LATERAL (SELECT coalesce(st.most_common_elem_freqs[array_position(st.most_common_elems::text::integer[], t)],
      st.most_common_elem_freqs[cardinality(st.most_common_elems::text::integer[]) + 1]) AS freq FROM unnest(terms) t) f
    WHERE st.schemaname = 'public' AND st.tablename = 'red_notice_search' AND st.attname = 'terms';
    -- Shares of the table: a decade's list is about a tenth of it.
    plan := CASE WHEN matches * 50 > (entries + 0.1) * (red_notice_search_decade(last_score) - red_notice_search_decade(least_score) + 1)
      THEN 'probes' ELSE 'collect' END;
  END IF;

  seqscan := current_setting('enable_seqscan');
  indexscan := current_setting('enable_indexscan');
  -- The probes' nested loop looks costly to the planner (a dozen probes, most never run): no JIT for it.
  jit := current_setting('jit');
  PERFORM set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true), set_config('jit', 'off', true);
  IF plan = 'probes' THEN
    -- 2. Decade probes, after the walk's last row: its decade (only the rows below that row), then each lower
    -- decade down to the filter's least score (-1: unscored, below every score). The nested loop runs the
    -- probes in the decades' order and stops at the page; each probe's rows come sorted, so the rows come in
    -- the list's order. Of the walk's conditions only the partner's and the least score remain (the decades
    -- start below the cursor and the greatest score); `+ 0` keeps the btree on score_key out of the probe.
    EXECUTE format($q$
      SELECT array_agg(p.report_id) FROM (
        SELECT p.report_id FROM generate_series(red_notice_search_decade($8), red_notice_search_decade($2), -1) AS d(decade),
        LATERAL (
          SELECT s.report_id FROM red_notice_search s
          WHERE red_notice_search_keys(s.terms, s.score_key) @> ($1 || red_notice_search_decade_term(d.decade))
            AND s.score_key + 0 >= $2 AND (s.score_key + 0 < $8 OR (s.score_key + 0 = $8 AND s.report_id < $9)) AND %s AND %s
          ORDER BY s.score_key DESC, s.report_id DESC LIMIT $10
        ) p LIMIT $10
      ) p $q$, CASE WHEN partner IS NULL THEN 'true' ELSE 's.partner_id = $6' END, array_to_string(checks, ' AND '))
    INTO probed
    USING terms, least_score, max_score, created_from, created_to, partner, after_created_at, last_score, last_id,
      page_size - coalesce(cardinality(found_ids), 0);
    RETURN QUERY SELECT u.id, u.n::integer FROM unnest(coalesce(found_ids, '{}') || coalesce(probed, '{}')) WITH ORDINALITY AS u(id, n);
  ELSE
    -- 3. Every match through bitmaps (the planner's choice among the GIN and the ranges), then the page by a
    -- top-N sort. Index scans in the order are what just failed: not an option here.
    RETURN QUERY EXECUTE format($q$
      SELECT s.report_id, (row_number() OVER (ORDER BY %s))::integer FROM (
        SELECT s.report_id, s.created_at, s.score_key FROM red_notice_search s
        WHERE %s AND %s AND %s ORDER BY %s LIMIT $10
      ) s $q$,
      order_by, array_to_string(walk, ' AND '), array_to_string(checks, ' AND '), term_keys, order_by)
    USING terms, min_score, max_score, created_from, created_to, partner, after_created_at, after_score, after_id, page_size, walk_budget;
  END IF;
  PERFORM set_config('enable_seqscan', seqscan, true), set_config('enable_indexscan', indexscan, true), set_config('jit', jit, true);
END
$$;
