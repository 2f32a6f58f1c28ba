-- A score's contributions (about 8.5 kB of JSON each under ruleset 2026.12.2) are compressed with lz4 instead of
-- pglz from now on: compressing was most of PostgreSQL's cost of writing a score (4,000 contributions on this
-- 2-core machine: 286 µs a row with pglz, 136 µs with lz4, 89 µs of which parse them), which a rescoring run
-- pays a million times. Rows already stored keep pglz; both read the same. A PostgreSQL built without lz4
-- (PGlite may be) keeps pglz.
DO $$
BEGIN
  ALTER TABLE scores ALTER COLUMN contributions SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
  RAISE NOTICE 'lz4 is not available: scores keep pglz';
END
$$;
