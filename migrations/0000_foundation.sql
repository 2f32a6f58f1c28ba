CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"key_id" text NOT NULL,
	"secret_hash" text NOT NULL,
	"role" text NOT NULL,
	"label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_id_unique" UNIQUE("key_id"),
	CONSTRAINT "api_keys_role_check" CHECK ("api_keys"."role" in ('reporter', 'analyst', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "assurance_revisions" (
	"report_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"partner_id" uuid NOT NULL,
	"facts" jsonb NOT NULL,
	"identity" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by_key" uuid,
	CONSTRAINT "assurance_revisions_report_id_revision_pk" PRIMARY KEY("report_id","revision")
);
--> statement-breakpoint
CREATE TABLE "assurances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"giving_state" text NOT NULL,
	"receiving_state" text NOT NULL,
	"red_notice_id" uuid,
	"facts" jsonb NOT NULL,
	"identity" text,
	"wrapped_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"erased_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_partner_id" uuid,
	"actor_key_id" uuid,
	"action" text NOT NULL,
	"target_kind" text,
	"target_id" uuid,
	"request_id" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"partner_id" uuid NOT NULL,
	"key" text NOT NULL,
	"route" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer NOT NULL,
	"resource_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_partner_id_key_route_pk" PRIMARY KEY("partner_id","key","route")
);
--> statement-breakpoint
CREATE TABLE "partners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partners_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "red_notice_revisions" (
	"report_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"partner_id" uuid NOT NULL,
	"facts" jsonb NOT NULL,
	"identity" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by_key" uuid,
	CONSTRAINT "red_notice_revisions_report_id_revision_pk" PRIMARY KEY("report_id","revision")
);
--> statement-breakpoint
CREATE TABLE "red_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"subject_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"mechanism" text NOT NULL,
	"requesting_country" text NOT NULL,
	"status" text,
	"facts" jsonb NOT NULL,
	"identity" text,
	"wrapped_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"erased_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_kind" text NOT NULL,
	"report_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"ruleset_version" text NOT NULL,
	"score" smallint NOT NULL,
	"band" text NOT NULL,
	"raw_total" real NOT NULL,
	"contributions" jsonb NOT NULL,
	"scored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scores_score_range" CHECK ("scores"."score" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "subject_indexes" (
	"report_id" uuid NOT NULL,
	"index_value" text NOT NULL,
	"subject_id" uuid NOT NULL,
	CONSTRAINT "subject_indexes_report_id_index_value_pk" PRIMARY KEY("report_id","index_value")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assurance_revisions" ADD CONSTRAINT "assurance_revisions_report_id_assurances_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."assurances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assurance_revisions" ADD CONSTRAINT "assurance_revisions_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assurances" ADD CONSTRAINT "assurances_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "red_notice_revisions" ADD CONSTRAINT "red_notice_revisions_report_id_red_notices_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."red_notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "red_notice_revisions" ADD CONSTRAINT "red_notice_revisions_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "red_notices" ADD CONSTRAINT "red_notices_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subject_indexes" ADD CONSTRAINT "subject_indexes_report_id_red_notices_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."red_notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_partner_idx" ON "api_keys" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "assurances_partner_created_idx" ON "assurances" USING btree ("partner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "assurances_created_idx" ON "assurances" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "assurances_giving_state_idx" ON "assurances" USING btree ("giving_state","created_at");--> statement-breakpoint
CREATE INDEX "audit_events_occurred_idx" ON "audit_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "audit_events_target_idx" ON "audit_events" USING btree ("target_id");--> statement-breakpoint
CREATE INDEX "red_notices_partner_created_idx" ON "red_notices" USING btree ("partner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "red_notices_created_idx" ON "red_notices" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "red_notices_subject_idx" ON "red_notices" USING btree ("subject_id");--> statement-breakpoint
CREATE INDEX "red_notices_country_idx" ON "red_notices" USING btree ("requesting_country","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "scores_report_revision_ruleset_uq" ON "scores" USING btree ("report_kind","report_id","revision","ruleset_version");--> statement-breakpoint
CREATE INDEX "subject_indexes_value_idx" ON "subject_indexes" USING btree ("index_value");