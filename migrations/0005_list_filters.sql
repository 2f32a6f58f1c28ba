ALTER TABLE "red_notices" ADD COLUMN "profiles" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "red_notices" ADD COLUMN "charge_categories" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "red_notices" ADD COLUMN "current_score" smallint;--> statement-breakpoint
ALTER TABLE "red_notices" ADD COLUMN "current_band" text;--> statement-breakpoint
ALTER TABLE "red_notices" ADD COLUMN "current_indicators" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "red_notices_band_created_idx" ON "red_notices" USING btree ("current_band","created_at","id");