-- Scores store their contributions compact from now on: each contribution's indicatorId, points, evidence and
-- `fact` (the rule's sentence stating what it found), not its `explanation`. The rest of the explanation (the
-- indicator's description, the evidence in words, the citations) is a pure function of the ruleset version, the
-- kind, the indicator and the evidence, so the service renders it on read (src/domain/render.ts). Storing it cost
-- a rescoring run most of PostgreSQL's time per score: about 8 kB of text each to parse, compress and store, and
-- the report trigger decompressing it again. Rows stored before keep their explanation and are read as stored.
--
-- The report trigger (red_notice_current_score, 0027) reads only each contribution's indicatorId, which both
-- forms carry: it is unchanged. write_scores compares a new score with the stored one to leave an equal score
-- alone; a score stored before this migration must still count as equal to the same result stored compact, or
-- the first rescoring under the same ruleset would supersede every unchanged score once (a new row, and a
-- history entry that changes nothing).
--
-- Whether a stored score's contributions say what a new score's say: equal as stored, or, for contributions
-- stored with their explanation (before 0029), the same indicators in the same order with the same points and
-- evidence, each old explanation beginning with the new fact. The rest of an explanation follows from the
-- ruleset version (compared by the caller), the indicator and the evidence.
CREATE FUNCTION same_contributions(p_stored jsonb, p_new jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT p_stored = p_new OR (
    jsonb_typeof(p_stored) = 'array' AND jsonb_typeof(p_new) = 'array'
    AND jsonb_array_length(p_stored) = jsonb_array_length(p_new)
    AND NOT EXISTS (
      SELECT 1
      FROM jsonb_array_elements(p_stored) WITH ORDINALITY AS s(c, n)
      JOIN jsonb_array_elements(p_new) WITH ORDINALITY AS i(c, n) ON i.n = s.n
      WHERE (jsonb_typeof(s.c -> 'explanation') = 'string' AND NOT s.c ? 'fact' AND jsonb_typeof(i.c -> 'fact') = 'string'
        AND s.c -> 'indicatorId' = i.c -> 'indicatorId' AND s.c -> 'points' = i.c -> 'points' AND s.c -> 'evidence' = i.c -> 'evidence'
        AND starts_with(s.c ->> 'explanation', (i.c ->> 'fact') || ' ')) IS NOT TRUE
    )
  )
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION same_contributions(jsonb, jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION same_contributions(jsonb, jsonb) TO rnm_app;
--> statement-breakpoint
-- write_scores as in 0016, but an existing score is superseded only when its score, band, raw total or
-- contributions (same_contributions) differ. p_scores' contributions are compact: [{indicatorId, points,
-- evidence, fact}].
CREATE OR REPLACE FUNCTION write_scores(p_scores jsonb, p_timestamp text) RETURNS jsonb LANGUAGE plpgsql AS $$
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
        AND ((s.score, s.band, s.raw_total) IS DISTINCT FROM (i.score, i.band, i.raw_total)
          OR NOT same_contributions(s.contributions, i.contributions))
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
--> statement-breakpoint
REVOKE ALL ON FUNCTION write_scores(jsonb, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION write_scores(jsonb, text) TO rnm_app;
