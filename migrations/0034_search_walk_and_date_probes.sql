-- The list's search (docs/analyst-queries.md), two changes to red_notice_search_page:
--
-- 1. The walk as static statements, planned once per session ("The walk as a static statement"). The function of
--    0030 built its walk as text and ran it with EXECUTE, so PostgreSQL planned it anew at every call, and it
--    numbered every walked row with a window function to find the row at the budget: a walk of 4,000 rows took
--    about 3.5 ms at a million reports, most of it that numbering and the plan nodes around it. Now the walk is
--    one of six fixed statements (three orders, with or without the reporter's partner) whose conditions are
--    always present and whose bounds are values (no cursor: a position before every row; no range: every key),
--    each with one generic plan per session (plan_cache_mode = force_generic_plan for this function's
--    statements): an ordered index-only scan with the cursor, the partner and the order column's range as index
--    conditions, the other filters tested on each row, stopping at the page. Only when the page does not fill
--    does a second fixed statement find the row at the budget (an index-only scan without tests): none means the
--    walk saw every row in range, which ends the search.
-- 2. Date probes ("Date probes"): the date orders' fallback collected every match from the heap (a report's row
--    each, 9,000 for requestingCountry=BH at a million reports: 19 ms) to keep 50. The GIN now also holds each
--    row's creation span (30 days since 1970, as one more term), so, as the score decades do for -score, the
--    function probes span after span from the walk's last row, in the order, one GIN intersection each, until
--    the page is full, or until as many buckets (spans, or decades) as the collection's estimated cost would pay for,
--    after which a collection takes the rest of the range.
--
-- A report's creation span: 30-day steps since 1970-01-01 UTC (immutable: no time zone involved).
CREATE FUNCTION red_notice_search_span(created_at timestamptz) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT floor(extract(epoch FROM (created_at - timestamptz '1970-01-01 00:00:00+00')) / 2592000)::integer
$$;
--> statement-breakpoint
-- A span's term code: a fixed range of codes (spans 0 to about 1,000 cover 1970-2052), not an MD5, so the index
-- expression stays cheap to evaluate (0030). A term code equal to one of them could only add rows, which every
-- probe rechecks against the dates.
CREATE FUNCTION red_notice_search_span_term(span integer) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT -2000000000 + span
$$;
--> statement-breakpoint
-- What the GIN holds: a search row's terms, its score decade's term (0030) and its creation span's term.
-- Schema-qualified, as red_notice_search_keys (0030): index builds and ANALYZE run with only pg_catalog on the path.
CREATE FUNCTION red_notice_search_probe_keys(terms integer[], score_key smallint, created_at timestamptz) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT terms || public.red_notice_search_decade_term(public.red_notice_search_decade(score_key))
    || public.red_notice_search_span_term(public.red_notice_search_span(created_at))
$$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS red_notice_search_probe_keys_idx ON red_notice_search USING gin (red_notice_search_probe_keys(terms, score_key, created_at)) WITH (fastupdate = off);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION red_notice_search_page(filter jsonb, sort text, after_created_at timestamptz, after_score integer,
  after_id uuid, page_size integer, budget integer DEFAULT 4000, fallback text DEFAULT NULL)
RETURNS TABLE (report_id uuid, "position" integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public SET plan_cache_mode = force_generic_plan ROWS 50 AS $$
DECLARE
  v_terms integer[] := ARRAY(SELECT red_notice_search_term(t) FROM jsonb_array_elements_text(coalesce(filter -> 'terms', '[]'::jsonb)) t);
  min_score integer := (filter ->> 'minScore')::integer;
  max_score integer := (filter ->> 'maxScore')::integer;
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
  entries double precision;
  probed uuid[];
  first_span integer;
  final_span integer;
  near_span integer;
  far_span integer;
  first_created timestamptz;
  final_created timestamptz;
  buckets integer;
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
BEGIN
  IF page_size IS NULL OR page_size < 1 THEN RETURN; END IF;
  IF app_role() NOT IN ('analyst', 'admin', 'system') THEN
    partner := app_partner();
    IF partner IS NULL THEN RETURN; END IF;
  END IF;
  IF sort IS NULL OR sort NOT IN ('-score', 'createdAt', '-createdAt') THEN
    RAISE EXCEPTION 'unknown sort %', sort USING ERRCODE = '22023';
  END IF;

  -- 1. The walk: in the order's index, from the cursor, within the order column's range (and the partner's rows),
  -- the rows passing the other filters, up to a page, among the first `walk_budget`.
  IF sort = '-score' AND partner IS NULL THEN
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
  IF cardinality(found_ids) >= page_size THEN
    RETURN QUERY SELECT u.id, u.n::integer FROM unnest(found_ids) WITH ORDINALITY AS u(id, n);
    RETURN;
  END IF;

  -- Where the budget ended: the row at the budget in the same range, without the tests. None: the walk saw every
  -- row in range, and its matches are the answer.
  IF sort = '-score' AND partner IS NULL THEN
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

  -- 2./3. After the walk's last row, when the filter has terms: probes, of the score decades (-score, 0030) or of
  -- the creation spans (the date orders), or the collection of every match, chosen by the table's statistics;
  -- without terms, the collection. Their text and plans depend on the filter's values (EXECUTE).
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
  -- The probes and the collection find the terms through the GIN, whose keys are the same terms (and the decade
  -- and the span).
  IF cardinality(v_terms) > 0 THEN term_keys := 'red_notice_search_probe_keys(s.terms, s.score_key, s.created_at) @> $1'; END IF;

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
  IF cardinality(v_terms) = 0 THEN
    -- Nothing for a probe to intersect.
    plan := 'collect';
  ELSIF plan IS NULL AND sort <> '-score' AND partner IS NOT NULL THEN
    -- A reporter's date order: the statistics are the whole table's, not the partner's share (a small partner's
    -- rows all fit in the walk's budget).
    plan := 'collect';
  ELSIF plan IS NULL THEN
    -- Probes or collection, by ANALYZE's element statistics (as the planner reads them; a term below their list
    -- counts as the least frequent listed), matches estimated as if the terms were independent. No statistics:
    -- collect.
    SELECT exp(sum(ln(greatest(f.freq, 1e-9)))), sum(f.freq)
    INTO matches, entries
    FROM pg_stats st, LATERAL (SELECT coalesce(st.most_common_elem_freqs[array_position(st.most_common_elems::text::integer[], t)],
      st.most_common_elem_freqs[cardinality(st.most_common_elems::text::integer[]) + 1]) AS freq FROM unnest(v_terms) t) f
    WHERE st.schemaname = 'public' AND st.tablename = 'red_notice_search' AND st.attname = 'terms';
    -- A probe decodes the terms' posting lists and its bucket's (a decade: about a twelfth of the table; a span: the
    -- rows ÷ the spans), about 20 ns an entry, and reads its own matches from the heap, about a microsecond each;
    -- the page needs as many probes as its missing rows take at the matches' average rate per bucket, at most every
    -- bucket to the far end. Collecting decodes the terms' lists and reads every match in range. (0030 counted every
    -- decade down to the least score as probed, which sent rare terms in the -score order, a country of 1 %, to the
    -- collection of all their reports.)
    SELECT greatest(c.reltuples, 1) INTO total_rows FROM pg_class c WHERE c.oid = 'public.red_notice_search'::regclass;
    IF sort = '-score' THEN
      buckets := 12;
      in_range := red_notice_search_decade(last_score) - red_notice_search_decade(least_score) + 1;
    ELSE
      buckets := greatest(final_span - first_span + 1, 1);
      in_range := abs(far_span - near_span) + 1;
    END IF;
    -- The filters the terms' statistics do not see: in the -score order the date range (its share of the table's
    -- time), in a date order the score range (its share of the rows, from the score's most common values: every
    -- score is one). Without them a probe's rows are the terms' and the filter's matches only a part of them: a
    -- score range the terms' reports never reach had the date probes read every span (0.3 s).
    IF sort = '-score' THEN
      matches := matches * CASE WHEN final_created > first_created
        THEN greatest(extract(epoch FROM least(hi_created, final_created) - greatest(lo_created, first_created)), 0)
          / extract(epoch FROM final_created - first_created) ELSE 1 END;
    ELSIF min_score IS NOT NULL OR max_score IS NOT NULL THEN
      matches := matches * coalesce((SELECT sum(m.f) FROM pg_stats st, unnest(st.most_common_vals::text::integer[], st.most_common_freqs) AS m(v, f)
        WHERE st.schemaname = 'public' AND st.tablename = 'red_notice_search' AND st.attname = 'score_key' AND m.v BETWEEN lo_score AND hi_score), 0);
    END IF;
    per_bucket := matches * total_rows / buckets;
    plan := CASE WHEN
        least(in_range, 1 + ceil((page_size - cardinality(found_ids)) / greatest(per_bucket, 1e-9)))
          * ((entries + 1.0 / buckets) * total_rows * 0.02 + per_bucket)
        < per_bucket * in_range + entries * total_rows * 0.02
      THEN 'probes' ELSE 'collect' END;
    -- Statistics can be wrong the other way too: two common terms that are rarely together (fraud charges against
    -- activists: none) looked like a page in two spans and had the probes decode both lists in all 62 (0.24 s).
    -- So the probes stop after as many buckets as the collection's estimated cost would pay for, and the
    -- collection takes the rest of the range: at worst about twice the collection's cost.
    probe_limit := greatest(1, floor((per_bucket * in_range + entries * total_rows * 0.02) / ((entries + 1.0 / buckets) * total_rows * 0.02)))::integer;
  END IF;
  -- Forced (tests): every bucket, or `probes:N`, at most N buckets before the collection of the rest.
  IF plan LIKE 'probes:%' THEN
    probe_limit := substr(plan, 8)::integer;
    plan := 'probes';
  END IF;

  -- For these statements only: restored below (a setting changed inside a function outlives it unless the
  -- function's own SET clause names it).
  seqscan := current_setting('enable_seqscan');
  indexscan := current_setting('enable_indexscan');
  jit := current_setting('jit');
  PERFORM set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true), set_config('jit', 'off', true);
  -- The last bucket the probes visit: the far end, or the probe limit's.
  IF plan = 'probes' AND sort = '-score' THEN
    stop_bucket := greatest(red_notice_search_decade(least_score), red_notice_search_decade(last_score) - coalesce(probe_limit, 1000) + 1);
    far_bucket := red_notice_search_decade(least_score);
  ELSIF plan = 'probes' THEN
    stop_bucket := CASE WHEN sort = 'createdAt' THEN least(far_span, near_span + coalesce(probe_limit, 1000000) - 1)
      ELSE greatest(far_span, near_span - coalesce(probe_limit, 1000000) + 1) END;
    far_bucket := far_span;
  END IF;
  IF plan = 'probes' AND sort = '-score' THEN
    -- Decade probes after the walk's last row (0030): its decade (only the rows below that row), then each lower
    -- decade down to the filter's least score. The nested loop runs the probes in the decades' order and stops at
    -- the page; `+ 0` keeps the btree on score_key out of the probe.
    EXECUTE format($q$
      SELECT array_agg(p.report_id) FROM (
        SELECT p.report_id FROM generate_series(red_notice_search_decade($8), $11, -1) AS d(decade),
        LATERAL (
          SELECT s.report_id FROM red_notice_search s
          WHERE red_notice_search_probe_keys(s.terms, s.score_key, s.created_at) @> ($1 || red_notice_search_decade_term(d.decade))
            AND s.score_key + 0 >= $2 AND (s.score_key + 0 < $8 OR (s.score_key + 0 = $8 AND s.report_id < $9)) AND %s AND %s
          ORDER BY s.score_key DESC, s.report_id DESC LIMIT $10
        ) p LIMIT $10
      ) p $q$, CASE WHEN partner IS NULL THEN 'true' ELSE 's.partner_id = $6' END, array_to_string(checks, ' AND '))
    INTO probed
    USING v_terms, least_score, max_score, created_from, created_to, partner, after_created_at, last_score, last_id,
      page_size - cardinality(found_ids), stop_bucket;
  ELSIF plan = 'probes' THEN
    -- Span probes after the walk's last row: its span (only the rows after that row), then each next span in the
    -- order, to the far end. A span is an interval of creation times, so the spans' rows, each sorted, come in the
    -- list's order; the nested loop stops at the page. `+ interval '0 s'` and `+ 0` keep the btrees out of the
    -- probe (one GIN intersection each).
    EXECUTE format($q$
      SELECT array_agg(p.report_id) FROM (
        SELECT p.report_id FROM generate_series($8, $11, $12) AS b(span),
        LATERAL (
          SELECT s.report_id FROM red_notice_search s
          WHERE red_notice_search_probe_keys(s.terms, s.score_key, s.created_at) @> ($1 || red_notice_search_span_term(b.span))
            AND (s.created_at + interval '0 s', s.report_id) %s ($7, $9) AND %s AND %s AND %s AND %s AND %s
          ORDER BY %s LIMIT $10
        ) p LIMIT $10
      ) p $q$,
      CASE WHEN sort = 'createdAt' THEN '>' ELSE '<' END,
      CASE WHEN partner IS NULL THEN 'true' ELSE 's.partner_id = $6' END,
      CASE WHEN created_from IS NULL THEN 'true' ELSE 's.created_at + interval ''0 s'' >= $4' END,
      CASE WHEN created_to IS NULL THEN 'true' ELSE 's.created_at + interval ''0 s'' < $5' END,
      CASE WHEN min_score IS NULL THEN 'true' ELSE 's.score_key + 0 >= $2' END,
      CASE WHEN max_score IS NULL THEN 'true' ELSE 's.score_key + 0 BETWEEN 0 AND $3' END,
      order_by)
    INTO probed
    USING v_terms, min_score, max_score, created_from, created_to, partner, last_created, near_span, last_id,
      page_size - cardinality(found_ids), stop_bucket, CASE WHEN sort = 'createdAt' THEN 1 ELSE -1 END;
  END IF;
  IF plan = 'probes' THEN
    probed := coalesce(probed, '{}');
    IF cardinality(found_ids) + cardinality(probed) < page_size AND stop_bucket <> far_bucket THEN
      -- The probe limit came first: the rest of the range, after the last bucket probed, by collection.
      EXECUTE format($q$
        SELECT array_agg(s.report_id ORDER BY %s) FROM (
          SELECT s.report_id, s.created_at, s.score_key FROM red_notice_search s
          WHERE %s AND %s AND %s AND %s ORDER BY %s LIMIT $10
        ) s $q$,
        order_by, array_to_string(walk, ' AND '), array_to_string(checks, ' AND '), term_keys,
        CASE WHEN sort = '-score' THEN 's.score_key < $12' WHEN sort = 'createdAt' THEN 's.created_at >= $13' ELSE 's.created_at < $13' END,
        order_by)
      INTO collected
      USING v_terms, min_score, max_score, created_from, created_to, partner, after_created_at, after_score, after_id,
        page_size - cardinality(found_ids) - cardinality(probed), walk_budget,
        CASE WHEN stop_bucket < 0 THEN -1 ELSE stop_bucket * 10 END,
        timestamptz '1970-01-01 00:00:00+00' + make_interval(secs => (stop_bucket + CASE WHEN sort = 'createdAt' THEN 1 ELSE 0 END) * 2592000.0);
    END IF;
    RETURN QUERY SELECT u.id, u.n::integer FROM unnest(found_ids || probed || coalesce(collected, '{}')) WITH ORDINALITY AS u(id, n);
  ELSE
    -- 3. Every match through bitmaps (the planner's choice among the GIN and the ranges), then the page by a
    -- top-N sort. Index scans in the order are what just failed: not an option here.
    RETURN QUERY EXECUTE format($q$
      SELECT s.report_id, (row_number() OVER (ORDER BY %s))::integer FROM (
        SELECT s.report_id, s.created_at, s.score_key FROM red_notice_search s
        WHERE %s AND %s AND %s ORDER BY %s LIMIT $10
      ) s $q$,
      order_by, array_to_string(walk, ' AND '), array_to_string(checks, ' AND '), term_keys, order_by)
    USING v_terms, min_score, max_score, created_from, created_to, partner, after_created_at, after_score, after_id, page_size, walk_budget;
  END IF;
  PERFORM set_config('enable_seqscan', seqscan, true), set_config('enable_indexscan', indexscan, true), set_config('jit', jit, true);
END
$$;

--> statement-breakpoint
DROP INDEX IF EXISTS red_notice_search_keys_idx;
--> statement-breakpoint
DROP FUNCTION IF EXISTS red_notice_search_keys(integer[], smallint);
--> statement-breakpoint
ANALYZE red_notice_search;
