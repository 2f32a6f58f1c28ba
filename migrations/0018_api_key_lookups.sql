-- Authentication of concurrent requests in one round trip: the API gathers the key ids presented while
-- earlier lookups are in the database and looks them up together (src/db/queries/api-keys.ts). Exactly one
-- row per id asked, in order, all NULL for an unknown id, as api_key_lookup (0014): an unknown id costs what
-- a real one does. The function's own setting opens only api_keys, only for this lookup.
CREATE FUNCTION api_key_lookups(p_key_ids text[])
RETURNS TABLE (ordinal integer, id uuid, partner_id uuid, role text, secret_hash text, revoked_at timestamptz)
LANGUAGE sql STABLE SET app.role = 'auth' AS
$$ SELECT asked.ordinal::integer, k.id, k.partner_id, k.role, k.secret_hash, k.revoked_at
   FROM unnest(p_key_ids) WITH ORDINALITY AS asked(key_id, ordinal) LEFT JOIN api_keys k ON k.key_id = asked.key_id
   ORDER BY asked.ordinal $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION api_key_lookups(text[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION api_key_lookups(text[]) TO rnm_app;
--> statement-breakpoint
-- Every lookup goes through api_key_lookups now.
DROP FUNCTION api_key_lookup(text);
