-- The report row's four score and band indexes served the lists' direct plans (0005, 0006, 0012). Since the
-- lists and exports page through red_notice_search (0025; red_notice_search_page, 0034–0035), no statement
-- reads them: a list filtered by subject finds its few rows through red_notices_subject_idx, and the statistics
-- refresh reads the whole table. Over a million-report adoption of a new ruleset and the single-filter list
-- benchmark none of the four was scanned once. Each still cost every change of a report's current score four
-- index entries (and kept the update from ever being HOT): on a copy of the million-report database, updating
-- 100,000 current scores took 18.7 s with them and 14.4 s without (bench/RESULTS.md).
DROP INDEX IF EXISTS red_notices_score_idx;
--> statement-breakpoint
DROP INDEX IF EXISTS red_notices_band_score_idx;
--> statement-breakpoint
DROP INDEX IF EXISTS red_notices_country_score_idx;
--> statement-breakpoint
DROP INDEX IF EXISTS red_notices_band_created_idx;
