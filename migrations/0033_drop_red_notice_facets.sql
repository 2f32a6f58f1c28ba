-- red_notice_facets (0007/0008, one row per value of a report's current indicators, profiles and charge
-- categories, each with the report's sort keys) is read by nothing since the list's pages come from
-- red_notice_search (0025): its two ordered indexes were not scanned once in a million-report analyst benchmark,
-- and its primary key only by the lists filtered by subject, which red_notices_subject_idx serves better (they
-- now recheck the report row's own arrays). Its upkeep was most of what a changed score cost: every facet row of
-- a report whose score changed became a new row version with an entry in each of its three indexes (bench/RESULTS.md,
-- "rescoring at a million on a quiet machine"). The table, its triggers and their functions go.
DROP TRIGGER IF EXISTS red_notice_facets_insert ON red_notices;
--> statement-breakpoint
DROP TRIGGER IF EXISTS red_notice_facets_update ON red_notices;
--> statement-breakpoint
DROP FUNCTION IF EXISTS red_notice_facets_insert();
--> statement-breakpoint
DROP FUNCTION IF EXISTS red_notice_facets_update();
--> statement-breakpoint
DROP TABLE IF EXISTS red_notice_facets;
