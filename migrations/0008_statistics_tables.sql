CREATE TABLE "stats_indicator_classes" (
	"indicator_id" text NOT NULL,
	"requesting_country" text NOT NULL,
	"mechanism" text NOT NULL,
	"month" date NOT NULL,
	"n_low" integer DEFAULT 0 NOT NULL,
	"n_elevated" integer DEFAULT 0 NOT NULL,
	"n_high" integer DEFAULT 0 NOT NULL,
	"n_critical" integer DEFAULT 0 NOT NULL,
	"score_low" integer DEFAULT 0 NOT NULL,
	"score_elevated" integer DEFAULT 0 NOT NULL,
	"score_high" integer DEFAULT 0 NOT NULL,
	"score_critical" integer DEFAULT 0 NOT NULL,
	"cell_low" integer DEFAULT 0 NOT NULL,
	"cell_elevated" integer DEFAULT 0 NOT NULL,
	"cell_high" integer DEFAULT 0 NOT NULL,
	"cell_critical" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_indicator_classes_indicator_id_requesting_country_mechanism_month_pk" PRIMARY KEY("indicator_id","requesting_country","mechanism","month")
);
--> statement-breakpoint
CREATE TABLE "stats_indicator_rollup" (
	"indicator_id" text NOT NULL,
	"requesting_country" text NOT NULL,
	"mechanism" text NOT NULL,
	"month" date NOT NULL,
	"n_low" integer DEFAULT 0 NOT NULL,
	"n_elevated" integer DEFAULT 0 NOT NULL,
	"n_high" integer DEFAULT 0 NOT NULL,
	"n_critical" integer DEFAULT 0 NOT NULL,
	"score_low" integer DEFAULT 0 NOT NULL,
	"score_elevated" integer DEFAULT 0 NOT NULL,
	"score_high" integer DEFAULT 0 NOT NULL,
	"score_critical" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_indicator_rollup_indicator_id_mechanism_requesting_country_month_pk" PRIMARY KEY("indicator_id","mechanism","requesting_country","month")
);
--> statement-breakpoint
CREATE TABLE "stats_release" (
	"id" smallint PRIMARY KEY NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	"min_group_size" integer NOT NULL,
	CONSTRAINT "stats_release_single_row" CHECK ("stats_release"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "stats_report_classes" (
	"requesting_country" text NOT NULL,
	"mechanism" text NOT NULL,
	"month" date NOT NULL,
	"n_low" integer DEFAULT 0 NOT NULL,
	"n_elevated" integer DEFAULT 0 NOT NULL,
	"n_high" integer DEFAULT 0 NOT NULL,
	"n_critical" integer DEFAULT 0 NOT NULL,
	"score_low" integer DEFAULT 0 NOT NULL,
	"score_elevated" integer DEFAULT 0 NOT NULL,
	"score_high" integer DEFAULT 0 NOT NULL,
	"score_critical" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_report_classes_requesting_country_mechanism_month_pk" PRIMARY KEY("requesting_country","mechanism","month")
);
--> statement-breakpoint
CREATE TABLE "stats_report_rollup" (
	"requesting_country" text NOT NULL,
	"mechanism" text NOT NULL,
	"month" date NOT NULL,
	"n_low" integer DEFAULT 0 NOT NULL,
	"n_elevated" integer DEFAULT 0 NOT NULL,
	"n_high" integer DEFAULT 0 NOT NULL,
	"n_critical" integer DEFAULT 0 NOT NULL,
	"score_low" integer DEFAULT 0 NOT NULL,
	"score_elevated" integer DEFAULT 0 NOT NULL,
	"score_high" integer DEFAULT 0 NOT NULL,
	"score_critical" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_report_rollup_requesting_country_mechanism_month_pk" PRIMARY KEY("requesting_country","mechanism","month")
);
--> statement-breakpoint
CREATE INDEX "stats_indicator_rollup_open_idx" ON "stats_indicator_rollup" USING btree ("requesting_country","mechanism","indicator_id","month");