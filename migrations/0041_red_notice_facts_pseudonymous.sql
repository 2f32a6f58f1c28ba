-- Stored facts never hold an identifying member (docs/security.md, "5.1 AES-256-GCM with node:crypto, one data key per record").
--
-- An analyst's or admin's list page is written from the stored facts' own JSON text (docs/analyst-queries.md, "What a
-- page costs besides its statement"), not through the pseudonymised response schema, which wrote only the members it
-- declares. The intake stores only the facts' members, splitting every identifying one into the ciphertext; this
-- check holds that for every row, whatever writes it: the members src/schemas/red-notices.ts marks identifying
-- (test/db/facts-pseudonymous.test.ts derives them from the schemas and checks each is refused). Adding the constraints
-- reads every row under an exclusive lock: 15 s for a million reports and their million revisions.
CREATE FUNCTION red_notice_facts_pseudonymous(facts jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog AS $$
  SELECT jsonb_typeof(facts) = 'object'
    AND NOT facts ? 'interpolNoticeId'
    AND NOT coalesce(facts -> 'subject' ?| ARRAY['fullName', 'aliases', 'dateOfBirth', 'notes'], false)
    AND NOT jsonb_path_exists(facts, '$.charges[*].description')
    AND NOT jsonb_path_exists(facts, '$.events[*].note')
    AND NOT jsonb_path_exists(facts, '$.sources[*].reference')
$$;
--> statement-breakpoint
ALTER TABLE red_notices ADD CONSTRAINT red_notices_facts_pseudonymous CHECK (red_notice_facts_pseudonymous(facts));
--> statement-breakpoint
ALTER TABLE red_notice_revisions ADD CONSTRAINT red_notice_revisions_facts_pseudonymous CHECK (red_notice_facts_pseudonymous(facts));
