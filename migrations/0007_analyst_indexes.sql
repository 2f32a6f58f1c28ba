CREATE TABLE "red_notice_facets" (
	"report_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"partner_id" uuid NOT NULL,
	CONSTRAINT "red_notice_facets_report_id_kind_value_pk" PRIMARY KEY("report_id","kind","value")
);
--> statement-breakpoint
CREATE INDEX "red_notice_facets_value_idx" ON "red_notice_facets" USING btree ("kind","value","report_id");--> statement-breakpoint
CREATE INDEX "red_notices_band_score_idx" ON "red_notices" USING btree ("current_band",(coalesce("current_score", -1)) DESC,"id" DESC);--> statement-breakpoint
CREATE INDEX "red_notices_country_score_idx" ON "red_notices" USING btree ("requesting_country",(coalesce("current_score", -1)) DESC,"id" DESC);