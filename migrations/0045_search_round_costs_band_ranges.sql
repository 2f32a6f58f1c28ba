-- The list's search in two places where it read more than the page needed (docs/analyst-queries.md, "The walk on in
-- rounds" and "A band's score range"). At a million reports `sort=-score&profile=activist&band=high` with a date range
-- took 42 ms in the function alone, 50.8–59.5 ms through HTTP on a slow machine:
-- - Its walk on found 34 matches in 20,400 rows, its rounds 12 in the next 10,132 and 1 in 1,610 (the activists thin
--   out down the band), and it collected the page anyway. A round is now walked only while it costs less than half
--   the plan that would follow it, counting the look-up of where the last walk on ended (which reads that walk on's
--   rows again) besides its own rows: a round that still ends short is paid on top of that plan.
-- - Its collection ANDed the GIN's bitmap (329 rows, estimated at 11,979) with the score index's over the whole band
--   (76,088 rows, 21 ms): the list gives a band as its score range too, and the planner took the two for independent.
--   Where the range is the band's own (`scoreFromBand` in the filter, red-notice-list.ts) and the band's term is among
--   the GIN's, the range is checked on the GIN's rows instead.
-- Only red_notice_search_page changes; its whole text is here because a PL/pgSQL function is replaced whole.

CREATE OR REPLACE FUNCTION red_notice_search_page(filter jsonb, sort text, after_created_at timestamptz, after_score integer,
  after_id uuid, page_size integer, budget integer DEFAULT 4000, fallback text DEFAULT NULL)
RETURNS TABLE (report_id uuid, "position" integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public SET plan_cache_mode = force_generic_plan ROWS 50 AS $$
DECLARE
  v_terms integer[] := ARRAY(SELECT red_notice_search_term(t) FROM jsonb_array_elements_text(coalesce(filter -> 'terms', '[]'::jsonb)) t);
  min_score integer := (filter ->> 'minScore')::integer;
  max_score integer := (filter ->> 'maxScore')::integer;
  score_from_band boolean := coalesce((filter ->> 'scoreFromBand')::boolean, false);
  created_from timestamptz := (filter ->> 'createdFrom')::timestamptz;
  created_to timestamptz := (filter ->> 'createdTo')::timestamptz;
  -- The filters as bounds that always apply: no score range is every key (unscored -1 included), a range only
  -- scored keys; no date is every date. The cursor as a position before every row when absent.
  lo_score integer := greatest(coalesce(min_score, -1), CASE WHEN max_score IS NULL THEN -1 ELSE 0 END);
  hi_score integer := coalesce(max_score, 32767);
  lo_created timestamptz := coalesce(created_from, '-infinity');
  hi_created timestamptz := coalesce(created_to, 'infinity');
  has_cursor boolean := after_id IS NOT NULL AND (CASE WHEN sort = '-score' THEN after_score IS NOT NULL ELSE after_created_at IS NOT NULL END);
  -- Where the walk starts: the cursor, or the start of the order column's range if that comes first (no cursor:
  -- always). One position, so that the index scan has a single start condition (a row comparison) and a single
  -- stop condition: given both the cursor and the range's start as separate conditions, a generic plan's btree
  -- scan started at the cursor and skipped every row before the range (113 ms for scores above maxScore).
  -- (hi + 1, nil uuid) is exactly "score <= hi", (hi, nil uuid) "created before hi", (lo - 1 µs, max uuid) "created
  -- at lo or after" (timestamps have microseconds).
  cursor_score integer := CASE WHEN has_cursor AND after_score <= hi_score THEN after_score ELSE hi_score + 1 END;
  cursor_created timestamptz := CASE
    WHEN sort = 'createdAt' THEN CASE WHEN has_cursor AND after_created_at >= lo_created THEN after_created_at ELSE lo_created - interval '1 microsecond' END
    ELSE CASE WHEN has_cursor AND after_created_at < hi_created THEN after_created_at ELSE hi_created END END;
  cursor_id uuid := CASE
    WHEN sort = '-score' THEN CASE WHEN has_cursor AND after_score <= hi_score THEN after_id ELSE '00000000-0000-0000-0000-000000000000' END
    WHEN sort = 'createdAt' THEN CASE WHEN has_cursor AND after_created_at >= lo_created THEN after_id ELSE 'ffffffff-ffff-ffff-ffff-ffffffffffff' END
    ELSE CASE WHEN has_cursor AND after_created_at < hi_created THEN after_id ELSE '00000000-0000-0000-0000-000000000000' END END;
  partner uuid;
  order_by text;
  walk text[] := ARRAY['true'];
  checks text[] := ARRAY['true'];
  term_keys text := 'true';
  walk_budget integer := greatest(budget, page_size * 20);
  found_ids uuid[];
  last_score integer;
  last_created timestamptz;
  last_id uuid;
  least_score integer;
  plan text := fallback;
  matches double precision;
  t_sorted integer[];
  t_ranged integer[];
  f_ranged double precision[];
  f_sorted double precision[];
  has_stats boolean := false;
  date_share double precision;
  other_share double precision;
  joint double precision;
  collect_joint double precision;
  score_share double precision;
  range_rows double precision;
  bucket_share double precision;
  bucket_all double precision[];
  bucket_in double precision[];
  need integer;
  spent double precision;
  expected double precision;
  probes_cost double precision;
  probe_cost double precision;
  collect_cost double precision;
  max_keys integer;
  coll_gin integer[] := '{}';
  walked boolean;
  walk_on boolean := false;
  forced_walk integer;
  -- Probes in two rounds at most (0043): the first to the probe limit, then as many more units as its yield says the
  -- page still needs, if that is no more than the first round probed.
  probe_on boolean := true;
  probe_on_done boolean := false;
  first_unit integer;
  probed_all integer := 0;
  more_units integer;
  walk_more integer;
  -- The next walk on's length, the walks on so far (0044). From the walk on at once, `walk_budget` counts every row the
  -- walk and its walks on have covered: their rate is the page's.
  next_more integer;
  walk_rounds integer := 0;
  forced_rounds boolean := false;
  forced_once boolean := false;
  next_score integer;
  next_created timestamptz;
  next_id uuid;
  stats_read boolean := false;
  coll_rows integer[] := '{}';
  probe_gin integer[] := '{}';
  probe_rows integer[] := '{}';
  probed uuid[];
  first_span integer;
  final_span integer;
  near_span integer;
  far_span integer;
  first_created timestamptz;
  final_created timestamptz;
  in_range integer;
  per_bucket double precision;
  probe_limit integer;
  stop_bucket integer;
  far_bucket integer;
  collected uuid[];
  total_rows double precision;
  seqscan text;
  indexscan text;
  jit text;
  parallel text;
  whole_top boolean := false;
  mode boolean;
  top_unit integer;
  low_unit integer;
  unit_share double precision;
  mode_cost double precision;
  mode_limit integer;
  decade_all double precision[];
  decade_in double precision[];
  nil_id constant uuid := '00000000-0000-0000-0000-000000000000';
BEGIN
  IF page_size IS NULL OR page_size < 1 THEN RETURN; END IF;
  IF app_role() NOT IN ('analyst', 'admin', 'system') THEN
    partner := app_partner();
    IF partner IS NULL THEN RETURN; END IF;
  END IF;
  IF sort IS NULL OR sort NOT IN ('-score', 'createdAt', '-createdAt') THEN
    RAISE EXCEPTION 'unknown sort %', sort USING ERRCODE = '22023';
  END IF;
  -- An empty score or date range (a band and a score range that do not meet: `band=critical&maxScore=36`) has no
  -- rows: nothing to walk, probe or collect.
  IF lo_score > hi_score OR lo_created >= hi_created THEN RETURN; END IF;
  -- In the -score order an analyst's walk with terms covers a quarter of the budget (0040): the statistics are not read
  -- before it, and terms go with the score both ways. One that goes with it (extremism charges, among the highest
  -- scores) fills the page within the first thousand rows; one that goes against it (violent charges: 0.25 % of the
  -- half of the reports that score 100) found 6 matches in 4,000 rows, and the probes found the rest, so the walk's
  -- last 3,000 rows were 1.2 ms for 4 matches. A term in between finds fewer in the shorter walk, and the rate it
  -- finds them at decides whether the walk goes on (below).
  IF sort = '-score' AND partner IS NULL AND cardinality(v_terms) > 0 THEN
    walk_budget := greatest(budget / 4, page_size * 20);
  END IF;

  -- The terms by their frequency, rarest first (red_notice_search_term_freqs). Read before the walk only where they
  -- may skip it (below); otherwise after it, if it does not fill the page.
  IF cardinality(v_terms) > 0 AND sort <> '-score' AND partner IS NULL AND plan IS NULL THEN
    stats_read := true;
    SELECT * INTO t_sorted, f_sorted, t_ranged, f_ranged, matches FROM red_notice_search_term_freqs(v_terms, min_score IS NOT NULL OR max_score IS NOT NULL);
    has_stats := t_sorted IS NOT NULL;
  END IF;
  -- In a date order, a walk that the statistics say cannot fill the page (terms that together fewer than a page of
  -- the budget's rows have, as if independent: a country of 1 %) is skipped, and the probes or the collection start
  -- at the cursor: the walk and the look-up of its last row cost about 3 ms at a million reports. Not in the -score
  -- order, where terms go with the score (extremism charges with the highest, whose walk fills the page at once
  -- though the statistics expect 40 matches in 4,000 rows); nor for a reporter, whose walk stays in its partner's
  -- rows; nor when a plan is forced.
  walked := NOT (sort <> '-score' AND partner IS NULL AND plan IS NULL AND has_stats AND walk_budget * matches < page_size);

  -- 1. The walk: in the order's index, from the cursor, within the order column's range (and the partner's rows),
  -- the rows passing the other filters, up to a page, among the first `walk_budget`.
  IF NOT walked THEN
    found_ids := '{}';
    -- The probes and the collection start where the walk would have: at the cursor or the range's start (a score
    -- above every score, a time after or before every row's in the order: `infinity` has no creation span).
    last_score := least(cursor_score, 101);
    last_id := cursor_id;
    last_created := CASE WHEN sort = 'createdAt' THEN greatest(cursor_created, (SELECT min(s.created_at) FROM red_notice_search s) - interval '1 microsecond')
      ELSE least(cursor_created, (SELECT max(s.created_at) FROM red_notice_search s) + interval '1 microsecond') END;
  ELSIF sort = '-score' AND partner IS NULL THEN
    found_ids := ARRAY(SELECT s.report_id FROM (SELECT s.report_id, s.score_key, s.created_at, s.terms FROM red_notice_search s
        WHERE (s.score_key, s.report_id) < (cursor_score, cursor_id) AND s.score_key >= lo_score
        ORDER BY s.score_key DESC, s.report_id DESC LIMIT walk_budget) s
      WHERE s.created_at >= lo_created AND s.created_at < hi_created AND s.terms @> v_terms
      ORDER BY s.score_key DESC, s.report_id DESC LIMIT page_size);
  ELSIF sort = '-score' THEN
    found_ids := ARRAY(SELECT s.report_id FROM (SELECT s.report_id, s.score_key, s.created_at, s.terms FROM red_notice_search s
        WHERE s.partner_id = partner AND (s.score_key, s.report_id) < (cursor_score, cursor_id) AND s.score_key >= lo_score
        ORDER BY s.score_key DESC, s.report_id DESC LIMIT walk_budget) s
      WHERE s.created_at >= lo_created AND s.created_at < hi_created AND s.terms @> v_terms
      ORDER BY s.score_key DESC, s.report_id DESC LIMIT page_size);
  ELSIF sort = 'createdAt' AND partner IS NULL THEN
    found_ids := ARRAY(SELECT s.report_id FROM (SELECT s.report_id, s.score_key, s.created_at, s.terms FROM red_notice_search s
        WHERE (s.created_at, s.report_id) > (cursor_created, cursor_id) AND s.created_at < hi_created
        ORDER BY s.created_at, s.report_id LIMIT walk_budget) s
      WHERE s.score_key >= lo_score AND s.score_key <= hi_score AND s.terms @> v_terms
      ORDER BY s.created_at, s.report_id LIMIT page_size);
  ELSIF sort = 'createdAt' THEN
    found_ids := ARRAY(SELECT s.report_id FROM (SELECT s.report_id, s.score_key, s.created_at, s.terms FROM red_notice_search s
        WHERE s.partner_id = partner AND (s.created_at, s.report_id) > (cursor_created, cursor_id) AND s.created_at < hi_created
        ORDER BY s.created_at, s.report_id LIMIT walk_budget) s
      WHERE s.score_key >= lo_score AND s.score_key <= hi_score AND s.terms @> v_terms
      ORDER BY s.created_at, s.report_id LIMIT page_size);
  ELSIF partner IS NULL THEN
    found_ids := ARRAY(SELECT s.report_id FROM (SELECT s.report_id, s.score_key, s.created_at, s.terms FROM red_notice_search s
        WHERE (s.created_at, s.report_id) < (cursor_created, cursor_id) AND s.created_at >= lo_created
        ORDER BY s.created_at DESC, s.report_id DESC LIMIT walk_budget) s
      WHERE s.score_key >= lo_score AND s.score_key <= hi_score AND s.terms @> v_terms
      ORDER BY s.created_at DESC, s.report_id DESC LIMIT page_size);
  ELSE
    found_ids := ARRAY(SELECT s.report_id FROM (SELECT s.report_id, s.score_key, s.created_at, s.terms FROM red_notice_search s
        WHERE s.partner_id = partner AND (s.created_at, s.report_id) < (cursor_created, cursor_id) AND s.created_at >= lo_created
        ORDER BY s.created_at DESC, s.report_id DESC LIMIT walk_budget) s
      WHERE s.score_key >= lo_score AND s.score_key <= hi_score AND s.terms @> v_terms
      ORDER BY s.created_at DESC, s.report_id DESC LIMIT page_size);
  END IF;
  IF walked AND cardinality(found_ids) >= page_size THEN
    RETURN QUERY SELECT u.id, u.n::integer FROM unnest(found_ids) WITH ORDINALITY AS u(id, n);
    RETURN;
  END IF;

  -- Where the budget ended: the row at the budget in the same range, without the tests. None: the walk saw every
  -- row in range, and its matches are the answer.
  IF NOT walked THEN
    NULL;
  ELSIF sort = '-score' AND partner IS NULL THEN
    SELECT s.score_key, s.created_at, s.report_id INTO last_score, last_created, last_id FROM red_notice_search s
    WHERE (s.score_key, s.report_id) < (cursor_score, cursor_id) AND s.score_key >= lo_score
    ORDER BY s.score_key DESC, s.report_id DESC OFFSET walk_budget - 1 LIMIT 1;
  ELSIF sort = '-score' THEN
    SELECT s.score_key, s.created_at, s.report_id INTO last_score, last_created, last_id FROM red_notice_search s
    WHERE s.partner_id = partner AND (s.score_key, s.report_id) < (cursor_score, cursor_id) AND s.score_key >= lo_score
    ORDER BY s.score_key DESC, s.report_id DESC OFFSET walk_budget - 1 LIMIT 1;
  ELSIF sort = 'createdAt' AND partner IS NULL THEN
    SELECT s.score_key, s.created_at, s.report_id INTO last_score, last_created, last_id FROM red_notice_search s
    WHERE (s.created_at, s.report_id) > (cursor_created, cursor_id) AND s.created_at < hi_created
    ORDER BY s.created_at, s.report_id OFFSET walk_budget - 1 LIMIT 1;
  ELSIF sort = 'createdAt' THEN
    SELECT s.score_key, s.created_at, s.report_id INTO last_score, last_created, last_id FROM red_notice_search s
    WHERE s.partner_id = partner AND (s.created_at, s.report_id) > (cursor_created, cursor_id) AND s.created_at < hi_created
    ORDER BY s.created_at, s.report_id OFFSET walk_budget - 1 LIMIT 1;
  ELSIF partner IS NULL THEN
    SELECT s.score_key, s.created_at, s.report_id INTO last_score, last_created, last_id FROM red_notice_search s
    WHERE (s.created_at, s.report_id) < (cursor_created, cursor_id) AND s.created_at >= lo_created
    ORDER BY s.created_at DESC, s.report_id DESC OFFSET walk_budget - 1 LIMIT 1;
  ELSE
    SELECT s.score_key, s.created_at, s.report_id INTO last_score, last_created, last_id FROM red_notice_search s
    WHERE s.partner_id = partner AND (s.created_at, s.report_id) < (cursor_created, cursor_id) AND s.created_at >= lo_created
    ORDER BY s.created_at DESC, s.report_id DESC OFFSET walk_budget - 1 LIMIT 1;
  END IF;
  IF last_id IS NULL THEN
    RETURN QUERY SELECT u.id, u.n::integer FROM unnest(found_ids) WITH ORDINALITY AS u(id, n);
    RETURN;
  END IF;

  -- 2./3. After the walk's last row (the walk skipped: from the cursor), when the filter has terms: probes, of the
  -- score buckets (-score, 0030, 0038) or of the creation spans (the date orders), or the collection of every match, chosen
  -- by the table's statistics; without terms, the collection. The collection's text and plan depend on the filter's
  -- values (EXECUTE); the probes are static statements since 0042.
  IF partner IS NOT NULL THEN walk := walk || 's.partner_id = $6'::text; END IF;
  IF sort = '-score' THEN
    order_by := 's.score_key DESC, s.report_id DESC';
    IF has_cursor THEN walk := walk || '(s.score_key, s.report_id) < ($8, $9)'::text; END IF;
    IF min_score IS NOT NULL THEN walk := walk || 's.score_key >= $2'::text; END IF;
    IF max_score IS NOT NULL THEN walk := walk || 's.score_key BETWEEN 0 AND $3'::text; END IF;
    IF created_from IS NOT NULL THEN checks := checks || 's.created_at >= $4'::text; END IF;
    IF created_to IS NOT NULL THEN checks := checks || 's.created_at < $5'::text; END IF;
  ELSE
    order_by := CASE WHEN sort = 'createdAt' THEN 's.created_at, s.report_id' ELSE 's.created_at DESC, s.report_id DESC' END;
    IF has_cursor THEN
      walk := walk || format('(s.created_at, s.report_id) %s ($7, $9)', CASE WHEN sort = 'createdAt' THEN '>' ELSE '<' END);
    END IF;
    IF created_from IS NOT NULL THEN walk := walk || 's.created_at >= $4'::text; END IF;
    IF created_to IS NOT NULL THEN walk := walk || 's.created_at < $5'::text; END IF;
    IF min_score IS NOT NULL THEN checks := checks || 's.score_key >= $2'::text; END IF;
    IF max_score IS NOT NULL THEN checks := checks || 's.score_key BETWEEN 0 AND $3'::text; END IF;
  END IF;
  -- The probes and the collection find the terms through the GIN, whose keys are the same terms (and the score bucket
  -- and the span).
  IF cardinality(v_terms) > 0 THEN term_keys := 'red_notice_search_pair_keys(s.terms, s.score_key, s.report_id, s.created_at) @> $1'; END IF;

  -- A walk on at once (0044), before the statistics: where the walk found matches at a rate that fills the page within
  -- a thousand rows more (the page's missing rows at that rate, a quarter more; at most as many as it walked), those
  -- rows cost less than reading the statistics and costing the plans did (about a millisecond of
  -- `sort=-score&status=withdrawn`'s 2.5 in `auto_explain`), so the walk goes on first. Still short, it is as if the walk
  -- had been that much longer: the statistics and the plans as before, from where it ended; such a walk on and the
  -- look-up of its end cost about half a millisecond at most. Not for a forced plan (tests), unless it says `once:` first
  -- (`once:probes`: this walk on, then the probes).
  IF plan LIKE 'once:%' THEN
    plan := nullif(substr(plan, 6), '');
    forced_once := true;
  END IF;
  IF (plan IS NULL OR forced_once) AND walked AND cardinality(v_terms) > 0 AND cardinality(found_ids) > 0 THEN
    walk_more := ceil(1.25 * (page_size - cardinality(found_ids)) * walk_budget / cardinality(found_ids)::numeric)::integer;
    IF walk_more <= least(walk_budget, 1000) THEN
      probed := red_notice_search_walk_on(sort, partner, v_terms, lo_score, hi_score, lo_created, hi_created,
        page_size - cardinality(found_ids), walk_more, last_score, last_id, last_created);
      found_ids := found_ids || coalesce(probed, '{}');
      probed := NULL;
      IF cardinality(found_ids) >= page_size THEN
        RETURN QUERY SELECT u.id, u.n::integer FROM unnest(found_ids) WITH ORDINALITY AS u(id, n);
        RETURN;
      END IF;
      SELECT e.end_score, e.end_created, e.end_id INTO next_score, next_created, next_id
      FROM red_notice_search_walk_end(sort, partner, lo_score, hi_score, lo_created, hi_created, walk_more, last_score, last_id, last_created) e;
      IF next_id IS NULL THEN
        -- It saw every row in range: its matches are the answer.
        RETURN QUERY SELECT u.id, u.n::integer FROM unnest(found_ids) WITH ORDINALITY AS u(id, n);
        RETURN;
      END IF;
      last_score := next_score;
      last_created := next_created;
      last_id := next_id;
      walk_budget := walk_budget + walk_more;
      -- Sent only to a session that asks for debug messages (the tests count them).
      RAISE DEBUG 'red_notice_search_page (walk on at once): % rows, % matches', walk_budget, cardinality(found_ids);
    END IF;
  END IF;

  least_score := CASE WHEN min_score IS NOT NULL THEN min_score WHEN max_score IS NOT NULL THEN 0 ELSE -1 END;
  IF cardinality(v_terms) > 0 THEN
    -- The table's creation times: the spans a date probe may visit, from the walk's last row's to the filter's far
    -- end or the table's; the share of the table a date range holds.
    SELECT min(s.created_at), max(s.created_at) INTO first_created, final_created FROM red_notice_search s;
    first_span := red_notice_search_span(first_created);
    final_span := red_notice_search_span(final_created);
    near_span := red_notice_search_span(last_created);
    far_span := CASE WHEN sort = 'createdAt' THEN least(final_span, red_notice_search_span(created_to - interval '1 microsecond'))
      ELSE greatest(first_span, red_notice_search_span(created_from)) END;
  END IF;
  -- The terms' statistics, if not read before the walk.
  IF cardinality(v_terms) > 0 AND NOT stats_read THEN
    SELECT * INTO t_sorted, f_sorted, t_ranged, f_ranged, matches FROM red_notice_search_term_freqs(v_terms, min_score IS NOT NULL OR max_score IS NOT NULL);
    has_stats := t_sorted IS NOT NULL;
  END IF;
  -- Forced (tests): `walk:N`, walk on N rows, then the plan the statistics choose; `walk:N+` (0044), then walk on
  -- again as the rate asks, whatever the costs, at most twice.
  IF plan LIKE 'walk:%' THEN
    forced_rounds := plan LIKE '%+';
    forced_walk := rtrim(substr(plan, 6), '+')::integer;
    plan := NULL;
  END IF;
  IF cardinality(v_terms) = 0 THEN
    -- Nothing for a probe to intersect.
    plan := 'collect';
  ELSIF plan IS NULL AND sort <> '-score' AND partner IS NOT NULL THEN
    -- A reporter's date order: the statistics are the whole table's, not the partner's share (a small partner's
    -- rows all fit in the walk's budget).
    plan := 'collect';
  ELSIF plan IS NULL AND NOT has_stats THEN
    plan := 'collect';
  ELSIF plan IS NULL THEN
    -- Probes or collection, by cost estimated from the statistics, matches as if the terms were independent
    -- (0035: costs measured at a million reports, docs/analyst-queries.md "Which terms go to the GIN").
    SELECT greatest(c.reltuples, 1) INTO total_rows FROM pg_class c WHERE c.oid = 'public.red_notice_search'::regclass;
    -- The filters the terms' statistics do not see: in the -score order the date range (its share of the table's
    -- time), in a date order the score range (its share of the rows, from the score's most common values: every
    -- score is one). Without them a probe's rows are the terms' and the filter's matches only a part of them: a
    -- score range the terms' reports never reach had the date probes read every span (0.3 s).
    date_share := CASE WHEN final_created > first_created
        THEN greatest(extract(epoch FROM least(hi_created, final_created) - greatest(lo_created, first_created)), 0)
          / extract(epoch FROM final_created - first_created) ELSE 1 END;
    -- Each score bucket's share of the rows (-1, unscored, to 9, the decades; 10 to 25, a score of 100 by the id's first
    -- hex digit, each a sixteenth of it: 0038), all of it and within the filter's score range: far from even (a score of
    -- 100 is half the reports in the seed).
    IF sort = '-score' OR min_score IS NOT NULL OR max_score IS NOT NULL THEN
      SELECT array_agg(coalesce(d.all_f, 0) / CASE WHEN g.b >= 10 THEN 16 ELSE 1 END ORDER BY g.b),
        array_agg(coalesce(d.in_f, 0) / CASE WHEN g.b >= 10 THEN 16 ELSE 1 END ORDER BY g.b)
      INTO bucket_all, bucket_in
      FROM generate_series(-1, 25) g(b) LEFT JOIN (
        SELECT red_notice_search_decade(least(m.v, 100)) AS d, sum(m.f) AS all_f, sum(m.f) FILTER (WHERE m.v BETWEEN lo_score AND hi_score) AS in_f
        FROM pg_stats st, unnest(st.most_common_vals::text::integer[], st.most_common_freqs) AS m(v, f)
        WHERE st.schemaname = 'public' AND st.tablename = 'red_notice_search' AND st.attname = 'score_key' GROUP BY 1) d ON d.d = least(g.b, 10);
      score_share := coalesce((SELECT sum(x) FROM unnest(bucket_in) x), 0);
      -- The decades' shares (-1 to 10), for probes of the score of 100 as one decade.
      decade_all := bucket_all[1:11] || (SELECT sum(x) FROM unnest(bucket_all[12:27]) x);
      decade_in := bucket_in[1:11] || (SELECT sum(x) FROM unnest(bucket_in[12:27]) x);
    ELSE
      score_share := 1;
    END IF;
    IF sort = '-score' THEN
      -- (The units to probe, buckets or decades, are counted below.)
      matches := matches * date_share;
    ELSE
      IF min_score IS NOT NULL OR max_score IS NOT NULL THEN matches := matches * score_share; END IF;
      in_range := abs(far_span - near_span) + 1;
      range_rows := total_rows * in_range / greatest(final_span - first_span + 1, 1);
    END IF;
    -- The walk is a sample of the same rows: it tested `walk_budget` rows in range and found fewer than a page. Its
    -- rate bounds the statistics' estimate where terms are rarely together (journalists charged with extremism
    -- never score 40-60: estimated 4,600, none in 4,000 rows walked, so none to probe for in span after span).
    IF walked THEN matches := least(matches, (cardinality(found_ids) + 1.0) / walk_budget); END IF;
    -- The same sample bounds the share of the probes' rows with every term, the range the walk tested set apart (as
    -- if independent): relatives of targeted people never score below 78, so their decade probes read no heap row.
    -- In a date order it bounds a collection's too (two terms never together, fraud charges against activists,
    -- cost it no heap row); not in the -score order, where the walk saw only the top of the score range and a
    -- collection reads the whole table's rows with the terms.
    other_share := CASE WHEN sort = '-score' THEN date_share WHEN min_score IS NOT NULL OR max_score IS NOT NULL THEN score_share ELSE 1 END;
    joint := CASE WHEN walked AND other_share > 0 THEN (cardinality(found_ids) + 1.0) / walk_budget / other_share END;
    collect_joint := CASE WHEN sort <> '-score' THEN joint END;
    -- A collection: the GIN intersection of the terms worth decoding (or of those with the narrower of the date and
    -- score ranges' btree, whichever the estimate finds cheaper), then every candidate from the heap.
    collect_cost := least(red_notice_search_gin_cost(f_sorted, 1, false, total_rows, collect_joint),
      red_notice_search_gin_cost(f_sorted, least(date_share, score_share), false, total_rows, collect_joint) + least(date_share, score_share) * total_rows * 0.18);
    -- A probe: one GIN intersection of its bucket's list with the terms worth decoding, then its candidates from the
    -- heap. The page needs probes until the matches expected in the buckets probed make up its missing rows (the
    -- walk's bucket half used on average), at most every bucket to the far end. Statistics can be wrong the other
    -- way too: two common terms that are rarely together (fraud charges against activists: none) looked like a page
    -- within two spans and had the probes decode both lists in all 62 (0.24 s). So the probes are chosen only at
    -- less than half the collection's estimated cost, and stop after as many buckets as half of it would pay for,
    -- after which a collection takes the rest of the range: at worst about one and a half times the collection's
    -- cost. (The walk found fewer matches than a page, so terms rarer together than apart are likely.)
    need := page_size - cardinality(found_ids);
    IF sort = '-score' THEN
      -- Unit by unit, each at its own size: the decades, and the score of 100 as its sixteen buckets or, when the
      -- range reaches it, as one decade (0038), whichever is expected to cost less: every probe decodes the terms'
      -- lists again, so terms rare among the score of 100 are cheaper in one probe of the whole decade.
      probes_cost := NULL; probe_limit := 0;
      FOREACH mode IN ARRAY CASE WHEN red_notice_search_score_bucket(last_score, last_id) >= 10 THEN ARRAY[false, true] ELSE ARRAY[false] END LOOP
        top_unit := CASE WHEN mode THEN red_notice_search_decade(last_score) ELSE red_notice_search_score_bucket(last_score, last_id) END;
        low_unit := CASE WHEN mode THEN red_notice_search_decade(least_score) ELSE red_notice_search_score_bucket(least_score, nil_id) END;
        spent := 0; expected := 0; mode_limit := 0; mode_cost := NULL;
        FOR k IN 0 .. top_unit - low_unit LOOP
          unit_share := greatest((CASE WHEN mode THEN decade_all ELSE bucket_all END)[top_unit - k + 2], 1e-9);
          spent := spent + red_notice_search_gin_cost(f_ranged, unit_share, true, total_rows, joint);
          expected := expected + matches * total_rows * (CASE WHEN mode THEN decade_in ELSE bucket_in END)[top_unit - k + 2] * CASE WHEN k = 0 THEN 0.5 ELSE 1 END;
          IF spent <= collect_cost / 2 THEN mode_limit := k + 1; END IF;
          IF mode_cost IS NULL AND (expected >= need OR k = top_unit - low_unit) THEN mode_cost := spent; END IF;
          EXIT WHEN spent > collect_cost / 2;
        END LOOP;
        IF NOT mode OR (mode_cost IS NOT NULL AND (probes_cost IS NULL OR mode_cost < probes_cost)) THEN
          probes_cost := mode_cost; probe_limit := mode_limit; whole_top := mode;
          -- The probes' GIN terms: chosen for the first unit probed.
          bucket_share := greatest((CASE WHEN mode THEN decade_all ELSE bucket_all END)[top_unit + 2], 1e-9);
        END IF;
      END LOOP;
    ELSE
      per_bucket := matches * range_rows / in_range;
      bucket_share := greatest(range_rows / in_range / total_rows, 1e-9);
      probe_cost := red_notice_search_gin_cost(f_sorted, bucket_share, true, total_rows, joint);
      probes_cost := least(in_range, ceil(need / greatest(per_bucket, 1e-9) + 0.5)) * probe_cost;
      probe_limit := floor(collect_cost / 2 / probe_cost)::integer;
    END IF;
    plan := CASE WHEN probes_cost < collect_cost / 2 THEN 'probes' ELSE 'collect' END;
    probe_limit := greatest(probe_limit, 1);
    -- Or walk on: where the walk found matches, at its rate the page's missing rows are that many more rows on
    -- (0.35 µs a row, index-only), which can be cheaper than many probes (0035: violent charges, 0.25 % of the reports
    -- with a score of 100, half the table, took 9-14 ms by a probe of that whole decade; since 0038 a probe of one of
    -- its sixteen buckets). A quarter more rows than the rate says, then the chosen plan after them if the page is
    -- still short.
    IF walked AND cardinality(found_ids) > 0 THEN
      walk_more := ceil(1.25 * need * walk_budget / cardinality(found_ids));
      IF walk_more * 0.35 < (CASE WHEN plan = 'probes' THEN probes_cost ELSE collect_cost END) THEN
        walk_on := true;
      END IF;
    END IF;
  END IF;
  IF forced_walk IS NOT NULL THEN
    walk_on := walked;
    walk_more := forced_walk;
  END IF;
  -- Forced (tests): every bucket, or `probes:N`, at most N buckets before the collection of the rest, or `probes:N+`,
  -- N buckets, the second round its yield asks for, then the collection; `decades…` as `probes…`, with the score of
  -- 100 probed as one decade; `/K` after either plan: at most the K rarest terms in the GIN, the others checked on the
  -- rows.
  IF plan LIKE 'decades%' THEN
    whole_top := true;
    plan := 'probes' || substr(plan, 8);
  END IF;
  IF plan LIKE '%/%' THEN
    max_keys := split_part(plan, '/', 2)::integer;
    plan := split_part(plan, '/', 1);
  END IF;
  IF plan LIKE 'probes:%' THEN
    probe_on := plan LIKE '%+';
    probe_limit := rtrim(substr(plan, 8), '+')::integer;
    plan := 'probes';
  END IF;
  -- Which terms the GIN intersects and which are checked on the rows it finds (red_notice_search_gin_terms), for
  -- the probes (with their bucket's list) and for a collection.
  IF cardinality(v_terms) > 0 THEN
    IF NOT has_stats THEN
      coll_gin := v_terms;
      probe_gin := v_terms;
    ELSE
      coll_gin := red_notice_search_gin_terms(t_sorted, f_sorted, 1);
      probe_gin := CASE WHEN sort = '-score' THEN red_notice_search_gin_terms(t_ranged, f_ranged, coalesce(bucket_share, 1.0 / 27))
        ELSE red_notice_search_gin_terms(t_sorted, f_sorted, coalesce(bucket_share, 1.0 / 62)) END;
    END IF;
    IF max_keys IS NOT NULL THEN
      coll_gin := (coalesce(t_sorted, v_terms))[1:greatest(max_keys, 1)];
      probe_gin := (coalesce(t_sorted, v_terms))[1:max_keys];
    END IF;
    SELECT coalesce(array_agg(x), '{}') INTO coll_rows FROM unnest(v_terms) x WHERE x <> ALL (coll_gin);
    SELECT coalesce(array_agg(x), '{}') INTO probe_rows FROM unnest(v_terms) x WHERE x <> ALL (probe_gin);
  END IF;
  -- A score range that is a band's own (the list gives a band as its range too: red-notice-list.ts) adds nothing to the
  -- rows the band's term finds. Where that term is among the collection's GIN terms, the planner, taking the two for
  -- independent, ANDed the GIN's bitmap with the score index's over the whole band (0045): `sort=-score&profile=activist
  -- &band=high` with a date range read 76,088 rows of the score index for the GIN's 329. The range is then checked on
  -- the GIN's rows instead (`+ 0` is no index's expression); a cursor's position likewise. A narrower range stays an
  -- index's to read (with `minScore=72`, the score index's bitmap of band=high made a collection 4 ms quicker).
  IF score_from_band AND coll_gin && ARRAY[public.red_notice_search_term('band:low'), public.red_notice_search_term('band:elevated'),
      public.red_notice_search_term('band:high'), public.red_notice_search_term('band:critical')] THEN
    walk := array_replace(array_replace(array_replace(walk, 's.score_key >= $2', 's.score_key + 0 >= $2'),
      's.score_key BETWEEN 0 AND $3', 's.score_key + 0 BETWEEN 0 AND $3'), '(s.score_key, s.report_id) < ($8, $9)', '(s.score_key + 0, s.report_id) < ($8, $9)');
    checks := array_replace(array_replace(checks, 's.score_key >= $2', 's.score_key + 0 >= $2'),
      's.score_key BETWEEN 0 AND $3', 's.score_key + 0 BETWEEN 0 AND $3');
    -- Sent only to a session that asks for debug messages (the tests count them).
    RAISE DEBUG 'red_notice_search_page (band range on rows): %', plan;
  END IF;

  -- Walking on from the walk's last row (the chosen plan's index-only scan, so before the settings below), then, if
  -- the page is still short, the row that ends it: the probes or the collection go on from there.
  IF walk_on THEN
    LOOP
      probed := red_notice_search_walk_on(sort, partner, v_terms, lo_score, hi_score, lo_created, hi_created,
        page_size - cardinality(found_ids), walk_more, last_score, last_id, last_created);
      found_ids := found_ids || coalesce(probed, '{}');
      probed := NULL;
      IF cardinality(found_ids) >= page_size THEN
        RETURN QUERY SELECT u.id, u.n::integer FROM unnest(found_ids) WITH ORDINALITY AS u(id, n);
        RETURN;
      END IF;
      -- Walk on again (0044) at the rate of every row walked so far, no more rows than this walk on and at most twice:
      -- the rate of one walk on is a sample, and a page a few rows short after it probed or collected a whole unit for
      -- them. Only while the round, with the look-up of where this walk on ended (which reads its rows again), costs
      -- less than half the plan after it (0045): a round that still ends short is paid on top of that plan, and where
      -- the matches thin out as the walk goes on, it does. A forced walk (`walk:N`, tests) walks on once; `walk:N+` as
      -- the rate asks, whatever the costs.
      walk_budget := walk_budget + walk_more;
      EXIT WHEN (forced_walk IS NOT NULL AND NOT forced_rounds) OR walk_rounds >= 2 OR cardinality(found_ids) = 0;
      next_more := ceil(1.25 * (page_size - cardinality(found_ids)) * walk_budget / cardinality(found_ids)::numeric)::integer;
      EXIT WHEN NOT forced_rounds AND (next_more > walk_more
        OR (walk_more + next_more) * 0.35 >= coalesce(CASE WHEN plan = 'probes' THEN probes_cost ELSE collect_cost END, 0) / 2);
      -- Where this walk on ended, to go on from.
      SELECT e.end_score, e.end_created, e.end_id INTO next_score, next_created, next_id
      FROM red_notice_search_walk_end(sort, partner, lo_score, hi_score, lo_created, hi_created, walk_more, last_score, last_id, last_created) e;
      IF next_id IS NULL THEN
        -- It saw every row in range: its matches are the answer.
        RETURN QUERY SELECT u.id, u.n::integer FROM unnest(found_ids) WITH ORDINALITY AS u(id, n);
        RETURN;
      END IF;
      last_score := next_score;
      last_created := next_created;
      last_id := next_id;
      walk_rounds := walk_rounds + 1;
      -- Sent only to a session that asks for debug messages (the tests count them).
      RAISE DEBUG 'red_notice_search_page (walk on): % more rows after % rows and % matches', next_more, walk_budget, cardinality(found_ids);
      walk_more := next_more;
    END LOOP;
  END IF;
  -- Where the walk on ended, for the probes to go on from (0043: only for them). A collection starts again at the
  -- cursor and returns the whole page, so it needs no such row: looking it up read the walked rows a second time
  -- (`sort=-score&profile=activist&band=high` and a date range: 31,000 rows, 6.7 ms, before a collection of 16 ms).
  -- A walk on that saw every row in range then ends in a collection of that range instead of its own matches.
  IF walk_on AND plan = 'probes' THEN
    SELECT e.end_score, e.end_created, e.end_id INTO next_score, next_created, next_id
    FROM red_notice_search_walk_end(sort, partner, lo_score, hi_score, lo_created, hi_created, walk_more, last_score, last_id, last_created) e;
    IF next_id IS NULL THEN
      -- The walk on saw every row in range: its matches are the answer.
      RETURN QUERY SELECT u.id, u.n::integer FROM unnest(found_ids) WITH ORDINALITY AS u(id, n);
      RETURN;
    END IF;
    last_score := next_score;
    last_created := next_created;
    last_id := next_id;
    near_span := red_notice_search_span(last_created);
  END IF;

  -- For these statements only: restored below (a setting changed inside a function outlives it unless the
  -- function's own SET clause names it).
  seqscan := current_setting('enable_seqscan');
  indexscan := current_setting('enable_indexscan');
  jit := current_setting('jit');
  -- No parallel workers either (0042): the collection is chosen where matches are rare and a probe reads one unit's,
  -- and launching two workers took longer than such a scan. Where the statistics put together two terms that never
  -- are (`chargeCategory=fraud&profile=activist`, none), the planner expected 14,000 rows and went parallel: the
  -- collection 8 -> 17 ms, the function 15 -> 22 ms (pgbench).
  parallel := current_setting('max_parallel_workers_per_gather');
  PERFORM set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true), set_config('jit', 'off', true),
    set_config('max_parallel_workers_per_gather', '0', true);
  -- The last bucket the probes visit: the far end, or the probe limit's.
  IF plan = 'probes' AND sort = '-score' THEN
    -- In units: buckets, or decades when the score of 100 is probed as one (whole_top); a decade's first position is
    -- its bucket's (red_notice_search_score_bucket_start), the score of 100's that of its first bucket.
    top_unit := CASE WHEN whole_top THEN red_notice_search_decade(last_score) ELSE red_notice_search_score_bucket(last_score, last_id) END;
    far_bucket := CASE WHEN whole_top THEN red_notice_search_decade(least_score) ELSE red_notice_search_score_bucket(least_score, nil_id) END;
    stop_bucket := greatest(far_bucket, top_unit - coalesce(probe_limit, 1000) + 1);
  ELSIF plan = 'probes' THEN
    stop_bucket := CASE WHEN sort = 'createdAt' THEN least(far_span, near_span + coalesce(probe_limit, 1000000) - 1)
      ELSE greatest(far_span, near_span - coalesce(probe_limit, 1000000) + 1) END;
    far_bucket := far_span;
  END IF;
  -- The probes, in rounds (0043). The first probes to the limit the costing set. If the page is still short, its yield
  -- (rows per unit probed) says how many more units the missing rows need: when that is no more than it probed, the
  -- next units are probed too, once, before any collection of the rest of the range. Without it, a page one row short
  -- after the limit (`sort=-score&chargeCategory=violent&mechanism=diffusion` and a date: 50 of 51 rows in six buckets)
  -- collected every match of the rest of the range for that row: 20,000 GIN entries and 12,600 heap pages, 38 ms,
  -- where one more bucket took about 1 ms. At most as many units again: the costing's bound (about one and a half
  -- times a collection's cost) at most doubles the probes' part. Each round's rows come after the previous round's in
  -- the list's order (units are consecutive ranges of it), so they are appended to the page's ids as found.
  IF plan = 'probes' THEN
    first_unit := CASE WHEN sort = '-score' THEN top_unit ELSE near_span END;
  END IF;
  LOOP
  EXIT WHEN plan IS DISTINCT FROM 'probes'; -- (the loop's body keeps 0042's indentation, for a readable diff)
  IF plan = 'probes' AND sort = '-score' THEN
    -- Score probes after the walk's last row (0030, 0038): its unit (only the rows below that row), then each lower
    -- unit down to the filter's least score, a unit being a decade or a bucket of the score of 100 (whole_top: the
    -- score of 100 as one decade). The nested loop runs the probes in the units' order and stops at the page; `+ 0`
    -- keeps the btree on score_key out of the probe. Each row is checked to be in its unit and to hold the terms.
    -- Inside the score of 100 the terms' pairs (0042) stand for the terms: a bucket intersects its list with theirs, and
    -- the score of 100 as one decade needs no list of its own (only rows scoring 100 hold pairs). A static statement
    -- (0042): its plan, a nested loop over the units with a GIN bitmap for each, does not depend on the values, and
    -- planning it at every call took 0.7 ms. `+ interval '0 s'` keeps the creation btree out as `+ 0` the score's.
    SELECT array_agg(p.report_id) INTO probed FROM (
      SELECT p.report_id FROM generate_series(top_unit, stop_bucket, -1) AS d(unit),
      LATERAL (
        SELECT s.report_id FROM red_notice_search s
        WHERE red_notice_search_pair_keys(s.terms, s.score_key, s.report_id, s.created_at) @> (CASE
            WHEN whole_top THEN CASE WHEN d.unit >= 10 AND cardinality(probe_gin) > 0 THEN red_notice_search_top_pairs(probe_gin)
              ELSE probe_gin || red_notice_search_decade_term(d.unit) END
            ELSE CASE WHEN d.unit >= 10 THEN red_notice_search_top_pairs(probe_gin) ELSE probe_gin END || red_notice_search_score_bucket_term(d.unit) END)
          AND CASE WHEN whole_top THEN red_notice_search_decade(s.score_key + 0) ELSE red_notice_search_score_bucket(s.score_key + 0, s.report_id) END = d.unit
          AND s.terms @> probe_gin AND s.terms @> probe_rows
          AND s.score_key + 0 >= least_score AND (s.score_key + 0 < last_score OR (s.score_key + 0 = last_score AND s.report_id < last_id))
          AND (partner IS NULL OR s.partner_id = partner)
          AND (created_from IS NULL OR s.created_at + interval '0 s' >= created_from)
          AND (created_to IS NULL OR s.created_at + interval '0 s' < created_to)
        ORDER BY s.score_key DESC, s.report_id DESC LIMIT page_size - cardinality(found_ids)
      ) p LIMIT page_size - cardinality(found_ids)
    ) p;
  ELSIF plan = 'probes' THEN
    -- Span probes after the walk's last row: its span (only the rows after that row), then each next span in the
    -- order, to the far end. A span is an interval of creation times, so the spans' rows, each sorted, come in the
    -- list's order; the nested loop stops at the page. `+ interval '0 s'` and `+ 0` keep the btrees out of the
    -- probe (one GIN intersection each).
    -- Static, one statement per direction, as the score probes (0042).
    IF sort = 'createdAt' THEN
      SELECT array_agg(p.report_id) INTO probed FROM (
        SELECT p.report_id FROM generate_series(near_span, stop_bucket, 1) AS b(span),
        LATERAL (
          SELECT s.report_id FROM red_notice_search s
          WHERE red_notice_search_pair_keys(s.terms, s.score_key, s.report_id, s.created_at) @> (probe_gin || red_notice_search_span_term(b.span))
            AND (s.created_at + interval '0 s', s.report_id) > (last_created, last_id) AND (partner IS NULL OR s.partner_id = partner)
            AND (created_from IS NULL OR s.created_at + interval '0 s' >= created_from) AND (created_to IS NULL OR s.created_at + interval '0 s' < created_to)
            AND (min_score IS NULL OR s.score_key + 0 >= min_score) AND (max_score IS NULL OR s.score_key + 0 BETWEEN 0 AND max_score)
            AND s.terms @> probe_rows
          ORDER BY s.created_at, s.report_id LIMIT page_size - cardinality(found_ids)
        ) p LIMIT page_size - cardinality(found_ids)
      ) p;
    ELSE
      SELECT array_agg(p.report_id) INTO probed FROM (
        SELECT p.report_id FROM generate_series(near_span, stop_bucket, -1) AS b(span),
        LATERAL (
          SELECT s.report_id FROM red_notice_search s
          WHERE red_notice_search_pair_keys(s.terms, s.score_key, s.report_id, s.created_at) @> (probe_gin || red_notice_search_span_term(b.span))
            AND (s.created_at + interval '0 s', s.report_id) < (last_created, last_id) AND (partner IS NULL OR s.partner_id = partner)
            AND (created_from IS NULL OR s.created_at + interval '0 s' >= created_from) AND (created_to IS NULL OR s.created_at + interval '0 s' < created_to)
            AND (min_score IS NULL OR s.score_key + 0 >= min_score) AND (max_score IS NULL OR s.score_key + 0 BETWEEN 0 AND max_score)
            AND s.terms @> probe_rows
          ORDER BY s.created_at DESC, s.report_id DESC LIMIT page_size - cardinality(found_ids)
        ) p LIMIT page_size - cardinality(found_ids)
      ) p;
    END IF;
  END IF;
  probed_all := probed_all + coalesce(cardinality(probed), 0);
  found_ids := found_ids || coalesce(probed, '{}');
  probed := NULL;
  EXIT WHEN cardinality(found_ids) >= page_size OR stop_bucket = far_bucket OR probe_on_done OR NOT probe_on OR probed_all = 0;
  more_units := ceil(1.25 * (page_size - cardinality(found_ids)) * (abs(stop_bucket - first_unit) + 1) / probed_all::numeric)::integer;
  EXIT WHEN more_units > abs(stop_bucket - first_unit) + 1;
  probe_on_done := true;
  -- Sent only to a session that asks for debug messages (the tests count them); nothing is logged by default.
  RAISE DEBUG 'red_notice_search_page: % more units after % units and % rows', more_units, abs(stop_bucket - first_unit) + 1, probed_all;
  IF sort = '-score' THEN
    top_unit := stop_bucket - 1;
    stop_bucket := greatest(far_bucket, top_unit - more_units + 1);
  ELSIF sort = 'createdAt' THEN
    near_span := stop_bucket + 1;
    stop_bucket := least(far_bucket, near_span + more_units - 1);
  ELSE
    near_span := stop_bucket - 1;
    stop_bucket := greatest(far_bucket, near_span - more_units + 1);
  END IF;
  END LOOP;
  IF plan = 'probes' THEN
    probed := coalesce(probed, '{}');
    IF cardinality(found_ids) + cardinality(probed) < page_size AND stop_bucket <> far_bucket THEN
      -- The probe limit came first: the rest of the range, after the last bucket probed, by collection.
      EXECUTE format($q$
        SELECT array_agg(s.report_id ORDER BY %s) FROM (
          SELECT s.report_id, s.created_at, s.score_key FROM red_notice_search s
          WHERE %s AND %s AND %s AND %s AND %s ORDER BY %s LIMIT $10
        ) s $q$,
        order_by, array_to_string(walk, ' AND '), array_to_string(checks, ' AND '), term_keys,
        CASE WHEN cardinality(coll_rows) = 0 THEN 'true' ELSE 's.terms @> $14' END,
        CASE WHEN sort = '-score' THEN '(s.score_key, s.report_id) < ($12, $15)' WHEN sort = 'createdAt' THEN 's.created_at >= $13' ELSE 's.created_at < $13' END,
        order_by)
      INTO collected
      USING coll_gin, min_score, max_score, created_from, created_to, partner, after_created_at, after_score, after_id,
        page_size - cardinality(found_ids) - cardinality(probed), walk_budget,
        CASE WHEN sort = '-score' THEN (red_notice_search_score_bucket_start(stop_bucket)).score_key END,
        timestamptz '1970-01-01 00:00:00+00' + make_interval(secs => (stop_bucket + CASE WHEN sort = 'createdAt' THEN 1 ELSE 0 END) * 2592000.0),
        coll_rows, CASE WHEN sort = '-score' THEN (red_notice_search_score_bucket_start(stop_bucket)).report_id END;
    END IF;
    RETURN QUERY SELECT u.id, u.n::integer FROM unnest(found_ids || probed || coalesce(collected, '{}')) WITH ORDINALITY AS u(id, n);
  ELSE
    -- 3. Every match through bitmaps (the planner's choice among the GIN and the ranges), then the page by a
    -- top-N sort. Index scans in the order are what just failed: not an option here.
    RETURN QUERY EXECUTE format($q$
      SELECT s.report_id, (row_number() OVER (ORDER BY %s))::integer FROM (
        SELECT s.report_id, s.created_at, s.score_key FROM red_notice_search s
        WHERE %s AND %s AND %s AND %s ORDER BY %s LIMIT $10
      ) s $q$,
      order_by, array_to_string(walk, ' AND '), array_to_string(checks, ' AND '), term_keys,
      CASE WHEN cardinality(coll_rows) = 0 THEN 'true' ELSE 's.terms @> $14' END, order_by)
    USING coll_gin, min_score, max_score, created_from, created_to, partner, after_created_at, after_score, after_id, page_size, walk_budget,
      NULL::integer, NULL::timestamptz, coll_rows;
  END IF;
  PERFORM set_config('enable_seqscan', seqscan, true), set_config('enable_indexscan', indexscan, true), set_config('jit', jit, true),
    set_config('max_parallel_workers_per_gather', parallel, true);
END
$$;
