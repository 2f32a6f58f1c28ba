-- docs/disclosure-policy.md §1 (the hostile partner's stale-score trap): a filing scored again every report on
-- its subject, whichever partner filed it. Those reports' scores cannot depend on the new report (it is not
-- confirmed, and only confirmed reports of another partner count, by kind), so their scores came out the same
-- and nothing was written, unless a report's stored score was stale: a partner that withdraws one of its reports
-- leaves the reports that counted it scored with it until something scores them again. B could so set a trap on
-- a person and watch its own score change, and a new entry appear in its score history, at the moment another
-- partner filed on that person (test/security/stale-score-probe.test.ts). Through its own subject-mates the same
-- trap told B that another partner's report had put two of B's reports on one subject.
--
-- file_red_notices as in 0037, except that a filing's `linked` holds only the reports whose score it can change:
-- those it names (its partner's own: checked before filing) and its partner's reports that share a blind index
-- with it. The subject's reports are no longer looked up for any filing (matched or not: the work does not depend
-- on the match).
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

      -- The reports whose score this one can change, in the filing's own context: those it names (the partner's own,
      -- checked before filing) and, below, its partner's reports sharing a blind index with it. Not the subject's:
      -- a report counts for another partner's only once the secretariat confirmed both, and for its partner's others
      -- only when they share an index or are both confirmed; a new report is not confirmed.
      SELECT coalesce(jsonb_agg(jsonb_build_object('id', l.id, 'revision', l.revision)), '[]') INTO v_linked FROM (
          SELECT n.id, n.revision FROM red_notices n
          WHERE n.id IN (SELECT value::uuid FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(v_report->'facts'->'linkedReportIds') = 'array' THEN v_report->'facts'->'linkedReportIds' ELSE '[]' END)
                         WHERE value ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
            AND n.id <> v_report_id AND n.partner_id = v_partner
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
