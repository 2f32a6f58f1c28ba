-- Scoring a batch in two round trips: one statement reads what the pure rules need, the next writes the
-- scores and their webhook outbox rows. The scoring transaction used to be nine round trips (begin, context,
-- revisions, countries, two for linked reports, bands before, scores, commit), and on a busy machine each
-- one waits its turn for a core: the end-to-end latency was bound by them rather than by any work.
-- Both functions run with the caller's rights (SECURITY INVOKER, the default), in the system context they
-- set for their own transaction (scoring reads and writes every partner's reports): row-level security
-- applies to every statement in them as it did to the separate ones.

-- The revisions of a batch (facts only: identities stay ciphertext in columns this never reads), the
-- countries they name, and the red notices that inform their scoring: same subject, named in their
-- linkedReportIds, or naming them. Withdrawn reports are left out of the linked ones.
-- p_keys: [{kind, report_id, revision}]. Returns {revisions, countries, bySubject, relatives}.
CREATE FUNCTION scoring_inputs(p_keys jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_revisions jsonb;
BEGIN
  PERFORM set_config('app.role', 'system', true), set_config('app.partner_id', '', true);

  SELECT coalesce(jsonb_agg(r), '[]') INTO v_revisions FROM (
    SELECT 'red_notice' AS kind, r.report_id, r.revision, r.partner_id, n.subject_id, r.facts
    FROM jsonb_to_recordset(p_keys) AS k(kind text, report_id uuid, revision integer)
    JOIN red_notice_revisions r ON r.report_id = k.report_id AND r.revision = k.revision
    JOIN red_notices n ON n.id = r.report_id
    WHERE k.kind = 'red_notice'
    UNION ALL
    SELECT 'assurance', r.report_id, r.revision, r.partner_id, NULL, r.facts
    FROM jsonb_to_recordset(p_keys) AS k(kind text, report_id uuid, revision integer)
    JOIN assurance_revisions r ON r.report_id = k.report_id AND r.revision = k.revision
    WHERE k.kind = 'assurance'
  ) r;

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
      SELECT coalesce(jsonb_agg(jsonb_build_object('id', n.id, 'subject_id', n.subject_id, 'facts', n.facts)), '[]')
      FROM red_notices n
      -- See 'relatives' for `= ANY (ARRAY(…))`.
      WHERE n.withdrawn_at IS NULL AND n.subject_id = ANY (ARRAY(
        SELECT (r.value ->> 'subject_id')::uuid FROM jsonb_array_elements(v_revisions) r WHERE r.value ->> 'kind' = 'red_notice'))),
    -- Two index lookups rather than one OR over the jsonb: see red_notice_links in schema.ts.
    -- `= ANY (ARRAY(…))`, not `IN (…)`: the planner cannot count a jsonb array's elements and, for IN, chose a
    -- scan of every report (1 s at 1M reports); an array is an index condition.
    'relatives', (
      SELECT coalesce(jsonb_agg(jsonb_build_object('id', x.id, 'subject_id', x.subject_id, 'facts', x.facts)), '[]') FROM (
        SELECT n.id, n.subject_id, n.facts FROM red_notices n
        WHERE n.withdrawn_at IS NULL AND n.id = ANY (ARRAY(
          SELECT l.value::uuid
          FROM jsonb_array_elements(v_revisions) r,
            jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.value -> 'facts' -> 'linkedReportIds') = 'array' THEN r.value -> 'facts' -> 'linkedReportIds' ELSE '[]'::jsonb END) l
          WHERE r.value ->> 'kind' = 'red_notice'))
        UNION ALL
        SELECT n.id, n.subject_id, n.facts FROM red_notice_links l JOIN red_notices n ON n.id = l.report_id
        WHERE n.withdrawn_at IS NULL AND l.linked_report_id = ANY (ARRAY(
          SELECT (r.value ->> 'report_id')::uuid FROM jsonb_array_elements(v_revisions) r WHERE r.value ->> 'kind' = 'red_notice'))
      ) x));
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION scoring_inputs(jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION scoring_inputs(jsonb) TO rnm_app;
--> statement-breakpoint
-- Inserts each score as its revision's current one unless a current one exists already, and clears the
-- recorded failures of those it inserted. write_scores calls it for the batch, then for the scores it has
-- just superseded. p_rows: as write_scores's p_scores. Returns [{id, kind, report_id, revision, ruleset_version}].
CREATE FUNCTION insert_current_scores(p_rows jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_written jsonb;
BEGIN
  WITH i AS (
    SELECT * FROM jsonb_to_recordset(p_rows) AS i(kind text, report_id uuid, partner_id uuid, revision integer,
      ruleset_version text, score smallint, band text, raw_total real, contributions jsonb)
  ), ins AS (
    INSERT INTO scores (report_kind, report_id, partner_id, revision, ruleset_version, score, band, raw_total, contributions)
    SELECT kind, report_id, partner_id, revision, ruleset_version, score, band, raw_total, contributions FROM i
    ON CONFLICT (report_kind, report_id, revision, ruleset_version) WHERE superseded_at IS NULL DO NOTHING
    RETURNING id, report_kind, report_id, revision, ruleset_version
  ), cleared AS (
    DELETE FROM scoring_failures f USING ins
    WHERE f.report_kind = ins.report_kind AND f.report_id = ins.report_id AND f.revision = ins.revision AND f.ruleset_version = ins.ruleset_version
  )
  SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'kind', report_kind, 'report_id', report_id, 'revision', revision, 'ruleset_version', ruleset_version)), '[]')
  INTO v_written FROM ins;
  RETURN v_written;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION insert_current_scores(jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION insert_current_scores(jsonb) TO rnm_app;
--> statement-breakpoint
-- Writes a batch of scores idempotently, clears their recorded failures, and records the webhook outbox
-- rows of the bands they raise, in one statement (so in one transaction when called on its own: an event
-- exists exactly when its score committed). A score that exists already (a job run twice, two workers) is
-- left alone when equal; when reference data changed it (a country was corrected) the old row is marked
-- superseded and the new one becomes current, so history keeps both and there is still exactly one current
-- score. Row locks taken by that update serialise concurrent rescorings of one report.
-- p_scores: [{kind, report_id, partner_id, revision, ruleset_version, score, band, raw_total, contributions}];
-- p_timestamp: the events' timestamp. Returns {written: [{id, kind, report_id, revision}], deliveries: [id]}.
CREATE FUNCTION write_scores(p_scores jsonb, p_timestamp text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_bands CONSTANT text[] := array['low', 'elevated', 'high', 'critical'];
  v_before jsonb;
  v_written jsonb;
  v_second jsonb;
  v_deliveries jsonb;
BEGIN
  PERFORM set_config('app.role', 'system', true), set_config('app.partner_id', '', true);

  -- Before the write: the reports whose partner has a live subscription, with their latest current score.
  -- Returns nothing while nobody subscribes, so scoring pays almost nothing for webhooks it does not have.
  SELECT coalesce(jsonb_agg(jsonb_build_object('kind', v.kind, 'report_id', v.report_id, 'score', s.score, 'band', s.band)), '[]')
  INTO v_before
  FROM (
    SELECT DISTINCT i.kind, i.report_id FROM jsonb_to_recordset(p_scores) AS i(kind text, report_id uuid, partner_id uuid)
    WHERE EXISTS (SELECT 1 FROM webhooks w WHERE w.partner_id = i.partner_id AND w.deleted_at IS NULL)
  ) v
  LEFT JOIN LATERAL (
    SELECT score, band FROM scores
    WHERE report_kind = v.kind AND report_id = v.report_id AND superseded_at IS NULL
    ORDER BY scored_at DESC LIMIT 1
  ) s ON true;

  v_written := insert_current_scores(p_scores);

  IF jsonb_array_length(v_written) < jsonb_array_length(p_scores) THEN
    WITH i AS (
      SELECT * FROM jsonb_to_recordset(p_scores) AS i(kind text, report_id uuid, partner_id uuid, revision integer,
        ruleset_version text, score smallint, band text, raw_total real, contributions jsonb)
      WHERE NOT EXISTS (
        SELECT 1 FROM jsonb_to_recordset(v_written) AS w(kind text, report_id uuid, revision integer, ruleset_version text)
        WHERE w.kind = i.kind AND w.report_id = i.report_id AND w.revision = i.revision AND w.ruleset_version = i.ruleset_version)
    ), superseded AS (
      UPDATE scores s SET superseded_at = now()
      FROM i
      WHERE s.report_kind = i.kind AND s.report_id = i.report_id AND s.revision = i.revision
        AND s.ruleset_version = i.ruleset_version AND s.superseded_at IS NULL
        AND (s.score, s.band, s.raw_total, s.contributions) IS DISTINCT FROM (i.score, i.band, i.raw_total, i.contributions)
      RETURNING s.report_kind, s.report_id, s.revision, s.ruleset_version
    )
    SELECT coalesce(jsonb_agg(to_jsonb(superseded)), '[]') INTO v_second FROM superseded;

    IF jsonb_array_length(v_second) > 0 THEN
      -- The changed ones go in as new current rows (the superseded row no longer conflicts).
      v_written := v_written || insert_current_scores((
        SELECT jsonb_agg(e) FROM jsonb_array_elements(p_scores) e
        JOIN jsonb_to_recordset(v_second) AS c(report_kind text, report_id uuid, revision integer, ruleset_version text)
          ON c.report_kind = e ->> 'kind' AND c.report_id = (e ->> 'report_id')::uuid
            AND c.revision = (e ->> 'revision')::integer AND c.ruleset_version = e ->> 'ruleset_version'));
    END IF;
  END IF;

  -- The outbox: a score.band_raised event for each written score whose band rose past a subscription's
  -- minimum (same rule and body as src/webhooks/events.ts; ids, bands and scores only).
  IF jsonb_array_length(v_before) > 0 THEN
    WITH raised AS (
      SELECT i.kind, i.report_id, i.partner_id, i.ruleset_version, i.score, i.band, w.id AS score_id,
        b.score AS old_score, b.band AS old_band,
        coalesce(array_position(v_bands, b.band), 0) - 1 AS old_rank, array_position(v_bands, i.band) - 1 AS new_rank
      FROM jsonb_to_recordset(v_written) AS w(id uuid, kind text, report_id uuid, revision integer, ruleset_version text)
      JOIN jsonb_to_recordset(p_scores) AS i(kind text, report_id uuid, partner_id uuid, revision integer, ruleset_version text, score smallint, band text)
        ON i.kind = w.kind AND i.report_id = w.report_id AND i.revision = w.revision AND i.ruleset_version = w.ruleset_version
      JOIN jsonb_to_recordset(v_before) AS b(kind text, report_id uuid, score smallint, band text)
        ON b.kind = i.kind AND b.report_id = i.report_id
      WHERE array_position(v_bands, i.band) - 1 > coalesce(array_position(v_bands, b.band), 0) - 1
    ), ins AS (
      INSERT INTO webhook_deliveries (webhook_id, partner_id, event_type, event_key, payload)
      SELECT wh.id, wh.partner_id, 'score.band_raised', 'band_raised/' || r.kind || '/' || r.report_id || '/' || r.score_id,
        jsonb_build_object('type', 'score.band_raised', 'timestamp', p_timestamp, 'data', jsonb_build_object(
          'reportId', r.report_id, 'reportKind', r.kind, 'event', 'score.band_raised', 'oldBand', r.old_band, 'newBand', r.band,
          'oldScore', r.old_score, 'newScore', r.score, 'rulesetVersion', r.ruleset_version))
      FROM raised r
      JOIN webhooks wh ON wh.partner_id = r.partner_id AND wh.deleted_at IS NULL AND 'score.band_raised' = ANY (wh.events)
      WHERE r.old_rank < array_position(v_bands, wh.min_band) - 1 AND array_position(v_bands, wh.min_band) - 1 <= r.new_rank
      ON CONFLICT (webhook_id, event_key) WHERE replay_of IS NULL DO NOTHING
      RETURNING id
    )
    SELECT coalesce(jsonb_agg(id), '[]') INTO v_deliveries FROM ins;
  END IF;

  RETURN jsonb_build_object('written', v_written, 'deliveries', coalesce(v_deliveries, '[]'));
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION write_scores(jsonb, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION write_scores(jsonb, text) TO rnm_app;
