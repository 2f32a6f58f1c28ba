-- docs/disclosure-policy.md §1 (the hostile partner's bridge): a partner's reports that share no blind index
-- could land on one subject because another partner's report shares an index with each (a name and an alias of
-- the same person), or be split onto two subjects because a third report joined another partner's subject. The
-- scorer counted the same partner's reports on a subject in full, so B's score told it that A's report ties two
-- of B's names together. Now the same partner's reports count in full when they share a blind index with the
-- report (what the partner could work out from its own data, as otherReportsOnSubject), or when the secretariat
-- confirmed both on the subject; the subject alone no longer decides.
--
-- scoring_inputs as in 0024, with `ownMatches`: for each red notice of the batch, its partner's reports (not
-- withdrawn) that share a blind index with it, whatever their subject.
CREATE OR REPLACE FUNCTION scoring_inputs(p_keys jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_revisions jsonb;
  v_ids uuid[];
  v_of uuid[];
  v_other uuid[];
BEGIN
  PERFORM set_config('app.role', 'system', true), set_config('app.partner_id', '', true);

  SELECT coalesce(jsonb_agg(r), '[]') INTO v_revisions FROM (
    SELECT 'red_notice' AS kind, r.report_id, r.revision, r.partner_id, n.subject_id, r.facts, n.confirmed_subject_id IS NOT DISTINCT FROM n.subject_id AS confirmed
    FROM jsonb_to_recordset(p_keys) AS k(kind text, report_id uuid, revision integer)
    JOIN red_notice_revisions r ON r.report_id = k.report_id AND r.revision = k.revision
    JOIN red_notices n ON n.id = r.report_id
    WHERE k.kind = 'red_notice'
    UNION ALL
    SELECT 'assurance', r.report_id, r.revision, r.partner_id, NULL, r.facts, false
    FROM jsonb_to_recordset(p_keys) AS k(kind text, report_id uuid, revision integer)
    JOIN assurance_revisions r ON r.report_id = k.report_id AND r.revision = k.revision
    WHERE k.kind = 'assurance'
  ) r;

  v_ids := ARRAY(SELECT (r.value ->> 'report_id')::uuid FROM jsonb_array_elements(v_revisions) r WHERE r.value ->> 'kind' = 'red_notice');
  -- Pairs (report of the batch, report sharing one of its blind indexes), both sides looked up by index through
  -- arrays: the planner cannot count a jsonb array's elements, and joined on it chose to read every index value
  -- (test/db/scoring-inputs-plan.test.ts). A batch is a few dozen reports; a run's chunk reads its pairs its own
  -- way (loadRunChunkInputs).
  SELECT coalesce(array_agg(m.of), '{}'), coalesce(array_agg(m.id), '{}') INTO v_of, v_other FROM (
    SELECT DISTINCT mine.report_id AS of, other.report_id AS id
    FROM subject_indexes mine
    JOIN subject_indexes other ON other.index_value = mine.index_value AND other.report_id <> mine.report_id
    WHERE mine.report_id = ANY (v_ids)
      AND other.index_value = ANY (ARRAY(SELECT s.index_value FROM subject_indexes s WHERE s.report_id = ANY (v_ids)))) m;

  RETURN jsonb_build_object(
    'revisions', v_revisions,
    -- Named as the scorer's CountryContext names them.
    'countries', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
        'code', c.code, 'name', c.name, 'echrParty', c.echr_party, 'echrLeftOn', c.echr_left_on,
        'catParty', c.cat_party, 'opcatParty', c.opcat_party, 'freedomScore', c.freedom_score,
        'freedomStatus', c.freedom_status, 'freedomYear', c.freedom_year, 'freedomEdition', c.freedom_edition,
        'interpolRestrictions', c.interpol_restrictions, 'systematicTorture', c.systematic_torture,
        'abuseRecord', c.abuse_record, 'notes', c.notes, 'sources', c.sources)), '[]')
      FROM countries c
      WHERE c.code IN (
        SELECT r.value -> 'facts' ->> CASE WHEN r.value ->> 'kind' = 'red_notice' THEN 'requestingCountry' ELSE 'givingState' END
        FROM jsonb_array_elements(v_revisions) r
        WHERE jsonb_typeof(r.value -> 'facts' -> CASE WHEN r.value ->> 'kind' = 'red_notice' THEN 'requestingCountry' ELSE 'givingState' END) = 'string')),
    'bySubject', (
      SELECT coalesce(jsonb_agg(jsonb_build_object('id', n.id, 'subject_id', n.subject_id, 'partner_id', n.partner_id,
        'confirmed', n.confirmed_subject_id IS NOT DISTINCT FROM n.subject_id, 'facts', n.facts)), '[]')
      FROM red_notices n
      -- See 'relatives' for `= ANY (ARRAY(…))`.
      WHERE n.withdrawn_at IS NULL AND n.subject_id = ANY (ARRAY(
        SELECT (r.value ->> 'subject_id')::uuid FROM jsonb_array_elements(v_revisions) r WHERE r.value ->> 'kind' = 'red_notice'))),
    -- Two index lookups rather than one OR over the jsonb: see red_notice_links in schema.ts.
    -- `= ANY (ARRAY(…))`, not `IN (…)`: the planner cannot count a jsonb array's elements and, for IN, chose a
    -- scan of every report (1 s at 1M reports); an array is an index condition.
    'relatives', (
      SELECT coalesce(jsonb_agg(jsonb_build_object('id', x.id, 'subject_id', x.subject_id, 'partner_id', x.partner_id, 'facts', x.facts)), '[]') FROM (
        SELECT n.id, n.subject_id, n.partner_id, n.facts FROM red_notices n
        WHERE n.withdrawn_at IS NULL AND n.id = ANY (ARRAY(
          SELECT l.value::uuid
          FROM jsonb_array_elements(v_revisions) r,
            jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.value -> 'facts' -> 'linkedReportIds') = 'array' THEN r.value -> 'facts' -> 'linkedReportIds' ELSE '[]'::jsonb END) l
          WHERE r.value ->> 'kind' = 'red_notice'))
        UNION ALL
        SELECT n.id, n.subject_id, n.partner_id, n.facts FROM red_notice_links l JOIN red_notices n ON n.id = l.report_id
        WHERE n.withdrawn_at IS NULL AND l.linked_report_id = ANY (ARRAY(
          SELECT (r.value ->> 'report_id')::uuid FROM jsonb_array_elements(v_revisions) r WHERE r.value ->> 'kind' = 'red_notice'))
      ) x),
    -- docs/disclosure-policy.md §1: the same partner's reports that share a blind index with a report of the batch,
    -- whatever their subject. Only these count in full (besides reports both confirmed on the subject): another
    -- partner's report on a subject must not tie together two reports of a partner that share no index.
    'ownMatches', (
      SELECT coalesce(jsonb_agg(jsonb_build_object('of', p.of, 'id', n.id, 'subject_id', n.subject_id, 'partner_id', n.partner_id,
        'confirmed', n.confirmed_subject_id IS NOT DISTINCT FROM n.subject_id, 'facts', n.facts)), '[]')
      FROM unnest(v_of, v_other) AS p(of, id)
      JOIN red_notices me ON me.id = p.of
      JOIN red_notices n ON n.id = p.id AND n.partner_id = me.partner_id AND n.withdrawn_at IS NULL
      -- An array, so that the reports are looked up by their primary key (see 'relatives').
      WHERE n.id = ANY (v_other)));
END
$$;
--> statement-breakpoint
-- file_red_notices as in 0024, except that a filing's `linked` also holds its partner's reports that share a blind
-- index with it (the ones otherReportsOnSubject counts), whatever their subject: their scoring context changed.
CREATE OR REPLACE FUNCTION file_red_notices(p_filings jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_filing jsonb;
  v_index text;
  v_results jsonb := '[]';
  v_partner uuid;
  v_report jsonb;
  v_indexes text[];
  v_idempotency jsonb;
  v_audit jsonb;
  v_report_id uuid;
  v_subject uuid;
  v_matched boolean;
  v_others integer;
  v_linked jsonb;
  v_own jsonb;
  v_other_partners boolean;
  v_claim idempotency_keys%ROWTYPE;
BEGIN
  -- Two partners filing the same person at once must not start two subjects: serialise on the subject's
  -- blind indexes, every index of the batch before any filing and always in the same order, so two batches
  -- cannot deadlock on them.
  FOR v_index IN SELECT DISTINCT i FROM jsonb_array_elements(p_filings) f, jsonb_array_elements_text(f->'indexes') i ORDER BY i LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended(v_index, 0));
  END LOOP;

  FOR v_filing IN SELECT f FROM jsonb_array_elements(p_filings) f LOOP
    v_partner := (v_filing->>'partner')::uuid;
    v_report := v_filing->'report';
    v_indexes := ARRAY(SELECT jsonb_array_elements_text(v_filing->'indexes'));
    v_idempotency := CASE WHEN jsonb_typeof(v_filing->'idempotency') = 'object' THEN v_filing->'idempotency' END;
    v_audit := v_filing->'audit';
    v_report_id := (v_report->>'id')::uuid;
    v_subject := NULL;
    v_matched := false;
    v_others := 0;
    -- Each filing acts in its own partner's context: row-level security checks each row as it did alone.
    PERFORM set_config('app.role', v_filing->>'role', true), set_config('app.partner_id', coalesce(v_partner::text, ''), true);

    <<filing>>
    BEGIN
      IF v_idempotency IS NOT NULL THEN
        -- A concurrent request with the same key waits on the primary key until the first commits, then finds
        -- it; the same key twice in one batch finds the first filing's claim.
        INSERT INTO idempotency_keys (partner_id, key, route, request_hash, status_code, resource_id, created_at)
        VALUES (v_partner, v_idempotency->>'key', v_idempotency->>'route', v_idempotency->>'requestHash', 201, v_report_id, (v_report->>'created_at')::timestamptz)
        ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
          SELECT * INTO v_claim FROM idempotency_keys
          WHERE partner_id = v_partner AND key = v_idempotency->>'key' AND route = v_idempotency->>'route';
          v_results := v_results || jsonb_build_array(CASE
            WHEN v_claim.resource_id IS NULL THEN jsonb_build_object('status', 'in_progress')
            WHEN v_claim.request_hash <> v_idempotency->>'requestHash' THEN jsonb_build_object('status', 'body_mismatch')
            ELSE jsonb_build_object('status', 'replay', 'resourceId', v_claim.resource_id) END);
          EXIT filing;
        END IF;
      END IF;

      IF cardinality(v_indexes) > 0 THEN
        -- Materialized: with subject_indexes_subject_idx the planner would otherwise walk that index in subject
        -- order and filter every entry of the table, rather than look the few indexes up.
        WITH matches AS MATERIALIZED (SELECT subject_id FROM subject_indexes WHERE index_value = ANY (v_indexes))
        SELECT subject_id INTO v_subject FROM matches ORDER BY subject_id LIMIT 1;
        v_matched := v_subject IS NOT NULL;
      END IF;
      v_subject := coalesce(v_subject, (v_report->>'subject_id')::uuid);

      INSERT INTO red_notices (id, partner_id, subject_id, revision, mechanism, requesting_country, status, facts, identity,
        wrapped_key, profiles, charge_categories, current_score, current_band, current_indicators, created_at, updated_at)
      SELECT r.id, r.partner_id, v_subject, 1, r.mechanism, r.requesting_country, r.status, v_report->'facts', r.identity,
        r.wrapped_key, r.profiles, r.charge_categories, NULL, NULL, '{}', r.created_at, r.created_at
      FROM jsonb_to_record(v_report) AS r(id uuid, partner_id uuid, mechanism text, requesting_country text, status text,
        identity text, wrapped_key text, profiles text[], charge_categories text[], created_at timestamptz);

      INSERT INTO red_notice_revisions (report_id, revision, partner_id, facts, identity, created_at, created_by_key)
      VALUES (v_report_id, 1, (v_report->>'partner_id')::uuid, v_report->'facts', v_report->>'identity',
        (v_report->>'created_at')::timestamptz, (v_audit->>'actor_key_id')::uuid);

      INSERT INTO subject_indexes (report_id, index_value, subject_id)
      SELECT v_report_id, i, v_subject FROM unnest(v_indexes) i ON CONFLICT DO NOTHING;

      INSERT INTO audit_events (actor_partner_id, actor_key_id, action, target_kind, target_id, request_id, details)
      VALUES ((v_audit->>'actor_partner_id')::uuid, (v_audit->>'actor_key_id')::uuid, v_audit->>'action', 'red_notice',
        v_report_id, v_audit->>'request_id', v_audit->'details');

      -- What the reporter is told (docs/disclosure-policy.md): only its own reports that share a blind index
      -- with this one, which it could work out from its own data; never whether another partner's report matched.
      -- Counted for every filing, matched or not, so the work does not depend on the match.
      -- The same reports, by id and revision, are scored again: this one is in their scoring context.
      SELECT coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'revision', o.revision)), '[]') INTO v_own FROM (
        SELECT DISTINCT n.id, n.revision FROM subject_indexes s JOIN red_notices n ON n.id = s.report_id
        WHERE s.index_value = ANY (v_indexes) AND s.report_id <> v_report_id AND n.partner_id = v_partner) o;
      v_others := jsonb_array_length(v_own);
      -- A match on another partner's subject waits for the secretariat: it alone is told, by an event on the subject.
      -- The question is asked of every filing, matched or not (a new subject holds only this report), and the
      -- linked reports below are looked up for every filing too: only the event's one row depends on the match,
      -- so the answer does not take measurably longer when it matched (test/security-heavy/hostile-partner.test.ts).
      v_other_partners := subject_has_other_partners(v_subject, v_partner);
      IF v_matched AND v_other_partners THEN
        INSERT INTO audit_events (actor_partner_id, actor_key_id, action, target_kind, target_id, request_id, details)
        VALUES (NULL, NULL, 'subject.match_pending', 'subject', v_subject, v_audit->>'request_id',
          jsonb_build_object('reportId', v_report_id, 'partnerId', v_partner, 'via', 'filing'));
      END IF;

      -- Every partner's reports: their scoring context changed. Only their ids and revisions leave, to the
      -- scoring queue; the next filing sets its own context again.
      PERFORM set_config('app.role', 'system', true), set_config('app.partner_id', '', true);
      SELECT coalesce(jsonb_agg(jsonb_build_object('id', l.id, 'revision', l.revision)), '[]') INTO v_linked FROM (
          SELECT n.id, n.revision FROM red_notices n WHERE n.subject_id = v_subject AND n.id <> v_report_id
          UNION
          SELECT n.id, n.revision FROM red_notices n
          WHERE n.id IN (SELECT value::uuid FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(v_report->'facts'->'linkedReportIds') = 'array' THEN v_report->'facts'->'linkedReportIds' ELSE '[]' END)
                         WHERE value ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
            AND n.id <> v_report_id
          LIMIT 200) l;

      IF jsonb_array_length(v_own) > 0 THEN
        SELECT coalesce(jsonb_agg(DISTINCT e), '[]') INTO v_linked FROM (
          SELECT jsonb_array_elements(v_linked) e UNION SELECT jsonb_array_elements(v_own)) x;
      END IF;
      v_results := v_results || jsonb_build_array(jsonb_build_object('status', 'created', 'subjectId', v_subject, 'matched', v_matched, 'otherReports', v_others, 'linked', v_linked));
    END filing;
  END LOOP;
  RETURN v_results;
END
$$;
--> statement-breakpoint
-- ownMatches looks up each report's index values for the other reports holding them: with the report id in the
-- index, those look-ups read the index only (a rescoring run's chunk of 2,000 reports at a million: 37-49 ms, against
-- 50-110 ms warm and 1.2-2.2 s cold when each of the other reports' rows was read from the table).
DROP INDEX IF EXISTS subject_indexes_value_idx;
--> statement-breakpoint
CREATE INDEX subject_indexes_value_idx ON subject_indexes USING btree (index_value) INCLUDE (report_id);
