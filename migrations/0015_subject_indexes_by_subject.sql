CREATE INDEX "subject_indexes_subject_idx" ON "subject_indexes" USING btree ("subject_id","report_id");--> statement-breakpoint
-- The subject match of file_red_notice (0007), unchanged but for the lookup's plan (see the comment in it).
CREATE OR REPLACE FUNCTION file_red_notice(p_role text, p_partner uuid, p_report jsonb, p_indexes text[], p_idempotency jsonb, p_audit jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_report_id uuid := (p_report->>'id')::uuid;
  v_subject uuid;
  v_matched boolean := false;
  v_others integer := 0;
  v_claim idempotency_keys%ROWTYPE;
  v_index text;
BEGIN
  PERFORM set_config('app.role', p_role, true), set_config('app.partner_id', coalesce(p_partner::text, ''), true);

  IF p_idempotency IS NOT NULL THEN
    -- A concurrent request with the same key waits on the primary key until the first commits, then finds it.
    INSERT INTO idempotency_keys (partner_id, key, route, request_hash, status_code, resource_id, created_at)
    VALUES (p_partner, p_idempotency->>'key', p_idempotency->>'route', p_idempotency->>'requestHash', 201, v_report_id, (p_report->>'created_at')::timestamptz)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
      SELECT * INTO v_claim FROM idempotency_keys
      WHERE partner_id = p_partner AND key = p_idempotency->>'key' AND route = p_idempotency->>'route';
      IF v_claim.resource_id IS NULL THEN RETURN jsonb_build_object('status', 'in_progress'); END IF;
      IF v_claim.request_hash <> p_idempotency->>'requestHash' THEN RETURN jsonb_build_object('status', 'body_mismatch'); END IF;
      RETURN jsonb_build_object('status', 'replay', 'resourceId', v_claim.resource_id);
    END IF;
  END IF;

  IF cardinality(p_indexes) > 0 THEN
    -- Two partners filing the same person at once must not start two subjects: serialise on the indexes,
    -- always in the same order so two filings cannot deadlock.
    FOR v_index IN SELECT DISTINCT i FROM unnest(p_indexes) i ORDER BY i LOOP
      PERFORM pg_advisory_xact_lock(hashtextextended(v_index, 0));
    END LOOP;
    -- Materialized: with subject_indexes_subject_idx the planner would otherwise walk that index in subject
    -- order and filter every entry of the table, rather than look the few indexes up.
    WITH matches AS MATERIALIZED (SELECT subject_id FROM subject_indexes WHERE index_value = ANY (p_indexes))
    SELECT subject_id INTO v_subject FROM matches ORDER BY subject_id LIMIT 1;
    v_matched := v_subject IS NOT NULL;
  END IF;
  v_subject := coalesce(v_subject, (p_report->>'subject_id')::uuid);

  INSERT INTO red_notices (id, partner_id, subject_id, revision, mechanism, requesting_country, status, facts, identity,
    wrapped_key, profiles, charge_categories, current_score, current_band, current_indicators, created_at, updated_at)
  SELECT r.id, r.partner_id, v_subject, 1, r.mechanism, r.requesting_country, r.status, p_report->'facts', r.identity,
    r.wrapped_key, r.profiles, r.charge_categories, NULL, NULL, '{}', r.created_at, r.created_at
  FROM jsonb_to_record(p_report) AS r(id uuid, partner_id uuid, mechanism text, requesting_country text, status text,
    identity text, wrapped_key text, profiles text[], charge_categories text[], created_at timestamptz);

  INSERT INTO red_notice_revisions (report_id, revision, partner_id, facts, identity, created_at, created_by_key)
  VALUES (v_report_id, 1, (p_report->>'partner_id')::uuid, p_report->'facts', p_report->>'identity',
    (p_report->>'created_at')::timestamptz, (p_audit->>'actor_key_id')::uuid);

  INSERT INTO subject_indexes (report_id, index_value, subject_id)
  SELECT v_report_id, i, v_subject FROM unnest(p_indexes) i ON CONFLICT DO NOTHING;

  INSERT INTO audit_events (actor_partner_id, actor_key_id, action, target_kind, target_id, request_id, details)
  VALUES ((p_audit->>'actor_partner_id')::uuid, (p_audit->>'actor_key_id')::uuid, p_audit->>'action', 'red_notice',
    v_report_id, p_audit->>'request_id', p_audit->'details');

  IF v_matched THEN
    SELECT count(DISTINCT report_id) INTO v_others FROM subject_indexes WHERE subject_id = v_subject AND report_id <> v_report_id;
  END IF;

  RETURN jsonb_build_object('status', 'created', 'subjectId', v_subject, 'matched', v_matched, 'otherReports', v_others);
END
$$;
