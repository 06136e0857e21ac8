CREATE TABLE "branch_rating_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"branch_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"storage_key" text,
	"filename" text,
	"content_type" text,
	"size" integer,
	"status" text DEFAULT 'submitted' NOT NULL,
	"score_tenths" integer,
	"note" text,
	"return_reason" text,
	"created_by" uuid,
	"scored_by" uuid,
	"scored_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "branch_rating_evidence_status" CHECK ("branch_rating_evidence"."status" in ('submitted', 'scored', 'returned')),
	CONSTRAINT "branch_rating_evidence_score" CHECK ("branch_rating_evidence"."score_tenths" is null or "branch_rating_evidence"."score_tenths" >= 0),
	CONSTRAINT "branch_rating_evidence_title_nonempty" CHECK (length(trim("branch_rating_evidence"."title")) > 0)
);
--> statement-breakpoint
CREATE TABLE "branch_rating_scheme_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"scheme_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"config" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "branch_rating_schemes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"config" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"frozen_at" timestamp with time zone,
	"frozen_by" uuid,
	"frozen_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "branch_rating_schemes_status" CHECK ("branch_rating_schemes"."status" in ('draft', 'frozen')),
	CONSTRAINT "branch_rating_schemes_year" CHECK ("branch_rating_schemes"."year" between 2000 and 2100)
);
--> statement-breakpoint
CREATE TABLE "branch_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"branch_id" uuid NOT NULL,
	"scheme_version" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"computed" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"computed_at" timestamp with time zone,
	"self_entries" jsonb,
	"self_total_tenths" integer,
	"self_rated_by" uuid,
	"self_rated_at" timestamp with time zone,
	"final_entries" jsonb,
	"final_total_tenths" integer,
	"stars" integer,
	"rated_by" uuid,
	"rated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "branch_ratings_status" CHECK ("branch_ratings"."status" in ('draft', 'selfRated', 'rated')),
	CONSTRAINT "branch_ratings_stars" CHECK ("branch_ratings"."stars" is null or "branch_ratings"."stars" between 0 and 5)
);
--> statement-breakpoint
ALTER TABLE "branch_rating_evidence" ADD CONSTRAINT "branch_rating_evidence_branch_id_org_nodes_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "branch_rating_evidence" ADD CONSTRAINT "branch_rating_evidence_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "branch_rating_evidence" ADD CONSTRAINT "branch_rating_evidence_scored_by_accounts_id_fk" FOREIGN KEY ("scored_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "branch_rating_scheme_versions" ADD CONSTRAINT "branch_rating_scheme_versions_scheme_id_branch_rating_schemes_id_fk" FOREIGN KEY ("scheme_id") REFERENCES "public"."branch_rating_schemes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "branch_rating_scheme_versions" ADD CONSTRAINT "branch_rating_scheme_versions_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "branch_rating_schemes" ADD CONSTRAINT "branch_rating_schemes_frozen_by_accounts_id_fk" FOREIGN KEY ("frozen_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "branch_rating_schemes" ADD CONSTRAINT "branch_rating_schemes_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "branch_ratings" ADD CONSTRAINT "branch_ratings_branch_id_org_nodes_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "branch_ratings" ADD CONSTRAINT "branch_ratings_self_rated_by_accounts_id_fk" FOREIGN KEY ("self_rated_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "branch_ratings" ADD CONSTRAINT "branch_ratings_rated_by_accounts_id_fk" FOREIGN KEY ("rated_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "branch_rating_evidence_branch_idx" ON "branch_rating_evidence" USING btree ("park_id","year","branch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "branch_rating_scheme_versions_uq" ON "branch_rating_scheme_versions" USING btree ("scheme_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "branch_rating_schemes_year_uq" ON "branch_rating_schemes" USING btree ("park_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "branch_ratings_branch_year_uq" ON "branch_ratings" USING btree ("park_id","year","branch_id");