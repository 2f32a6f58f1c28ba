CREATE TABLE "stats_release_classes" (
	"view" text NOT NULL,
	"requesting_country" text NOT NULL,
	"split" text NOT NULL,
	"band" text NOT NULL,
	"period_kind" text NOT NULL,
	"period" text NOT NULL,
	"period_start" date,
	"period_end" date,
	"n" integer NOT NULL,
	"score_sum" integer NOT NULL,
	"published" boolean NOT NULL,
	CONSTRAINT "stats_release_classes_view_requesting_country_split_band_period_pk" PRIMARY KEY("view","requesting_country","split","band","period")
);
--> statement-breakpoint
CREATE TABLE "stats_release_indicator_classes" (
	"indicator_id" text NOT NULL,
	"view" text NOT NULL,
	"requesting_country" text NOT NULL,
	"split" text NOT NULL,
	"band" text NOT NULL,
	"period_kind" text NOT NULL,
	"period" text NOT NULL,
	"period_start" date,
	"period_end" date,
	"n" integer NOT NULL,
	"score_sum" integer NOT NULL,
	"cell" integer NOT NULL,
	"published" boolean NOT NULL,
	CONSTRAINT "stats_release_indicator_classes_indicator_id_view_requesting_country_split_band_period_pk" PRIMARY KEY("indicator_id","view","requesting_country","split","band","period")
);
--> statement-breakpoint
CREATE TABLE "stats_release_rollup" (
	"indicator_id" text NOT NULL,
	"view" text NOT NULL,
	"requesting_country" text NOT NULL,
	"split" text NOT NULL,
	"band" text NOT NULL,
	"period_kind" text NOT NULL,
	"period" text NOT NULL,
	"period_start" date,
	"period_end" date,
	"n" integer NOT NULL,
	"score_sum" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "stats_release_rollup_lookup_idx" ON "stats_release_rollup" USING btree ("view","indicator_id","requesting_country","split");--> statement-breakpoint
-- The application reads the release; only refresh_statistics(integer) (as the owner) writes it.
GRANT SELECT ON stats_release_classes, stats_release_indicator_classes, stats_release_rollup TO rnm_app;
