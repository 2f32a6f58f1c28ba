-- Filing in batches: the API gathers the filings that arrive while earlier ones are in the database and
-- files them together in one statement and transaction (src/intake/filing-desk.ts, through fileRedNotices in
-- src/db/queries/red-notices.ts), instead of a round trip,
-- plan, commit and WAL flush each. Each filing's effects are those of 0015's file_red_notice, which now files
-- a batch of one through the same body.
-- p_filings: [{role, partner, report, indexes, idempotency, audit}], each as file_red_notice's arguments.
-- Returns one result per filing, in order, as file_red_notice's, a created one also naming the reports to
-- score again now that it exists (`linked`: [{id, revision}], at most 200): the reports on its subject and
-- those it names in linkedReportIds, whoever filed them. The API only enqueues them; it used to read them
-- after the commit in a transaction of their own, four round trips for most filings.
CREATE FUNCTION file_red_notices(p_filings jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
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

      IF v_matched THEN
        SELECT count(DISTINCT report_id) INTO v_others FROM subject_indexes WHERE subject_id = v_subject AND report_id <> v_report_id;
      END IF;

      v_linked := '[]';
      IF v_matched OR jsonb_typeof(v_report->'facts'->'linkedReportIds') = 'array' THEN
        -- Every partner's reports: their scoring context changed. Only their ids and revisions leave, to the
        -- scoring queue; the next filing sets its own context again.
        PERFORM set_config('app.role', 'system', true), set_config('app.partner_id', '', true);
        SELECT coalesce(jsonb_agg(jsonb_build_object('id', l.id, 'revision', l.revision)), '[]') INTO v_linked FROM (
          SELECT n.id, n.revision FROM red_notices n WHERE v_matched AND n.subject_id = v_subject AND n.id <> v_report_id
          UNION
          SELECT n.id, n.revision FROM red_notices n
          WHERE n.id IN (SELECT value::uuid FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(v_report->'facts'->'linkedReportIds') = 'array' THEN v_report->'facts'->'linkedReportIds' ELSE '[]' END)
                         WHERE value ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
            AND n.id <> v_report_id
          LIMIT 200) l;
      END IF;

      v_results := v_results || jsonb_build_array(jsonb_build_object('status', 'created', 'subjectId', v_subject, 'matched', v_matched, 'otherReports', v_others, 'linked', v_linked));
    END filing;
  END LOOP;
  RETURN v_results;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION file_red_notices(jsonb) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION file_red_notices(jsonb) TO rnm_app;--> statement-breakpoint
-- One filing is a batch of one: a single body to keep right.
CREATE OR REPLACE FUNCTION file_red_notice(p_role text, p_partner uuid, p_report jsonb, p_indexes text[], p_idempotency jsonb, p_audit jsonb)
RETURNS jsonb LANGUAGE sql AS $$
  SELECT file_red_notices(jsonb_build_array(jsonb_build_object('role', p_role, 'partner', p_partner, 'report', p_report,
    'indexes', to_jsonb(coalesce(p_indexes, '{}')), 'idempotency', p_idempotency, 'audit', p_audit))) -> 0
$$;
