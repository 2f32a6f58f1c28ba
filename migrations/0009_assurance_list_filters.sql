ALTER TABLE "assurances" ADD COLUMN "current_score" smallint;--> statement-breakpoint
ALTER TABLE "assurances" ADD COLUMN "current_band" text;--> statement-breakpoint
CREATE INDEX "assurances_receiving_state_idx" ON "assurances" USING btree ("receiving_state","created_at");--> statement-breakpoint
CREATE INDEX "assurances_band_created_idx" ON "assurances" USING btree ("current_band","created_at","id");--> statement-breakpoint
CREATE INDEX "assurances_score_idx" ON "assurances" USING btree ((coalesce("current_score", -1)) DESC,"id" DESC);