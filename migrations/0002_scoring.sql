CREATE TABLE "countries" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"echr_party" boolean NOT NULL,
	"echr_left_on" date,
	"cat_party" boolean,
	"opcat_party" boolean,
	"freedom_score" smallint,
	"freedom_status" text,
	"freedom_year" smallint,
	"freedom_edition" smallint,
	"interpol_restrictions" text,
	"systematic_torture" boolean,
	"abuse_record" boolean DEFAULT false NOT NULL,
	"notes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "countries_code_check" CHECK ("countries"."code" ~ '^[A-Z]{2}$'),
	CONSTRAINT "countries_freedom_score_range" CHECK ("countries"."freedom_score" between 0 and 100),
	CONSTRAINT "countries_freedom_status_check" CHECK ("countries"."freedom_status" in ('F', 'PF', 'NF'))
);
--> statement-breakpoint
CREATE TABLE "red_notice_links" (
	"report_id" uuid NOT NULL,
	"linked_report_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	CONSTRAINT "red_notice_links_report_id_linked_report_id_pk" PRIMARY KEY("report_id","linked_report_id")
);
--> statement-breakpoint
CREATE TABLE "rescoring_run_items" (
	"run_id" uuid NOT NULL,
	"report_kind" text NOT NULL,
	"report_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	CONSTRAINT "rescoring_run_items_run_id_report_kind_report_id_revision_pk" PRIMARY KEY("run_id","report_kind","report_id","revision")
);
--> statement-breakpoint
CREATE TABLE "rescoring_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ruleset_version" text NOT NULL,
	"requesting_country" text,
	"giving_state" text,
	"reason" text NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"created_by_key" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "rescoring_runs_status_check" CHECK ("rescoring_runs"."status" in ('running', 'finished'))
);
--> statement-breakpoint
CREATE TABLE "scoring_failures" (
	"report_kind" text NOT NULL,
	"report_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"ruleset_version" text NOT NULL,
	"partner_id" uuid NOT NULL,
	"attempts" integer NOT NULL,
	"final" boolean NOT NULL,
	"permanent" boolean NOT NULL,
	"reason" text NOT NULL,
	"failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scoring_failures_report_kind_report_id_revision_ruleset_version_pk" PRIMARY KEY("report_kind","report_id","revision","ruleset_version")
);
--> statement-breakpoint
DROP INDEX "scores_report_revision_ruleset_uq";--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "superseded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "red_notice_links" ADD CONSTRAINT "red_notice_links_report_id_red_notices_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."red_notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "red_notice_links" ADD CONSTRAINT "red_notice_links_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rescoring_run_items" ADD CONSTRAINT "rescoring_run_items_run_id_rescoring_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."rescoring_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_failures" ADD CONSTRAINT "scoring_failures_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "red_notice_links_linked_idx" ON "red_notice_links" USING btree ("linked_report_id");--> statement-breakpoint
CREATE INDEX "rescoring_run_items_pending_idx" ON "rescoring_run_items" USING btree ("run_id","report_kind","report_id") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "rescoring_runs_running_idx" ON "rescoring_runs" USING btree ("created_at") WHERE status = 'running';--> statement-breakpoint
CREATE INDEX "scores_report_history_idx" ON "scores" USING btree ("report_kind","report_id","scored_at");--> statement-breakpoint
CREATE UNIQUE INDEX "scores_report_revision_ruleset_uq" ON "scores" USING btree ("report_kind","report_id","revision","ruleset_version") WHERE superseded_at is null;