CREATE TABLE "red_notice_facets" (
	"report_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"partner_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"score_key" smallint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assurances" ADD COLUMN "current_score" smallint;--> statement-breakpoint
ALTER TABLE "assurances" ADD COLUMN "current_band" text;--> statement-breakpoint
CREATE INDEX "assurances_receiving_state_idx" ON "assurances" USING btree ("receiving_state","created_at");--> statement-breakpoint
CREATE INDEX "assurances_band_created_idx" ON "assurances" USING btree ("current_band","created_at","id");--> statement-breakpoint
CREATE INDEX "assurances_score_idx" ON "assurances" USING btree ((coalesce("current_score", -1)) DESC,"id" DESC);--> statement-breakpoint
CREATE INDEX "red_notices_band_score_idx" ON "red_notices" USING btree ("current_band",(coalesce("current_score", -1)) DESC,"id" DESC);--> statement-breakpoint
CREATE INDEX "red_notices_country_score_idx" ON "red_notices" USING btree ("requesting_country",(coalesce("current_score", -1)) DESC,"id" DESC);