CREATE TABLE "appraisal_ballots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"subject_id" uuid NOT NULL,
	"grade" text,
	"scores" jsonb,
	"paper_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appraisal_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"scheme_id" uuid NOT NULL,
	"scheme_version" integer NOT NULL,
	"org_node_id" uuid NOT NULL,
	"title" text NOT NULL,
	"mode" text DEFAULT 'grades' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"closes_at" timestamp with time zone,
	"opened_by" uuid,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"finalized_by" uuid,
	"finalized_at" timestamp with time zone,
	CONSTRAINT "appraisal_rounds_mode" CHECK ("appraisal_rounds"."mode" in ('grades', 'scores')),
	CONSTRAINT "appraisal_rounds_status" CHECK ("appraisal_rounds"."status" in ('open', 'closed', 'finalized'))
);
--> statement-breakpoint
CREATE TABLE "appraisal_subjects" (
	"round_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"park_id" uuid NOT NULL,
	"name" text NOT NULL,
	"branch_id" uuid NOT NULL,
	"tally" jsonb,
	"value_x100" integer,
	"final_grade" text,
	CONSTRAINT "appraisal_subjects_round_id_person_id_pk" PRIMARY KEY("round_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "appraisal_voters" (
	"round_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"park_id" uuid NOT NULL,
	"exclusion" text,
	"voted" boolean DEFAULT false NOT NULL,
	CONSTRAINT "appraisal_voters_round_id_person_id_pk" PRIMARY KEY("round_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "assessment_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"person_id" uuid NOT NULL,
	"branch_id" uuid NOT NULL,
	"school_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"level" text,
	"rank" text,
	"occurred_on" date NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"student_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"return_reason" text,
	"recorded_by" uuid,
	"verified_by" uuid,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_evidence_kind" CHECK ("assessment_evidence"."kind" in ('honour', 'coaching', 'paper', 'titlePromotion', 'classManagement', 'examPassRate', 'deduction', 'other')),
	CONSTRAINT "assessment_evidence_status" CHECK ("assessment_evidence"."status" in ('submitted', 'verified', 'returned', 'withdrawn')),
	CONSTRAINT "assessment_evidence_title_nonempty" CHECK (length(trim("assessment_evidence"."title")) > 0)
);
--> statement-breakpoint
CREATE TABLE "assessment_evidence_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"evidence_id" uuid NOT NULL,
	"storage_key" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_scheme_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"scheme_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"config" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_schemes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"config" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"frozen_at" timestamp with time zone,
	"frozen_by" uuid,
	"frozen_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_schemes_status" CHECK ("assessment_schemes"."status" in ('draft', 'frozen')),
	CONSTRAINT "assessment_schemes_year" CHECK ("assessment_schemes"."year" between 2000 and 2100)
);
--> statement-breakpoint
CREATE TABLE "assessment_self_evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"person_id" uuid NOT NULL,
	"branch_id" uuid NOT NULL,
	"scheme_version" integer NOT NULL,
	"entries" jsonb NOT NULL,
	"summary" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vanguard_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"person_id" uuid NOT NULL,
	"branch_id" uuid NOT NULL,
	"post" text NOT NULL,
	"duties" text NOT NULL,
	"pledge" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"return_reason" text,
	"show_on_portal" boolean DEFAULT false NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vanguard_posts_status" CHECK ("vanguard_posts"."status" in ('submitted', 'approved', 'returned'))
);
--> statement-breakpoint
ALTER TABLE "appraisal_ballots" ADD CONSTRAINT "appraisal_ballots_round_id_appraisal_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."appraisal_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appraisal_ballots" ADD CONSTRAINT "appraisal_ballots_subject_id_people_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appraisal_rounds" ADD CONSTRAINT "appraisal_rounds_scheme_id_assessment_schemes_id_fk" FOREIGN KEY ("scheme_id") REFERENCES "public"."assessment_schemes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appraisal_rounds" ADD CONSTRAINT "appraisal_rounds_org_node_id_org_nodes_id_fk" FOREIGN KEY ("org_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appraisal_rounds" ADD CONSTRAINT "appraisal_rounds_opened_by_accounts_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appraisal_rounds" ADD CONSTRAINT "appraisal_rounds_closed_by_accounts_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appraisal_rounds" ADD CONSTRAINT "appraisal_rounds_finalized_by_accounts_id_fk" FOREIGN KEY ("finalized_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appraisal_subjects" ADD CONSTRAINT "appraisal_subjects_round_id_appraisal_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."appraisal_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appraisal_subjects" ADD CONSTRAINT "appraisal_subjects_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appraisal_subjects" ADD CONSTRAINT "appraisal_subjects_branch_id_org_nodes_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appraisal_voters" ADD CONSTRAINT "appraisal_voters_round_id_appraisal_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."appraisal_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appraisal_voters" ADD CONSTRAINT "appraisal_voters_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_evidence" ADD CONSTRAINT "assessment_evidence_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_evidence" ADD CONSTRAINT "assessment_evidence_branch_id_org_nodes_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_evidence" ADD CONSTRAINT "assessment_evidence_school_id_org_nodes_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_evidence" ADD CONSTRAINT "assessment_evidence_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_evidence" ADD CONSTRAINT "assessment_evidence_verified_by_accounts_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_evidence_files" ADD CONSTRAINT "assessment_evidence_files_evidence_id_assessment_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."assessment_evidence"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_evidence_files" ADD CONSTRAINT "assessment_evidence_files_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_scheme_versions" ADD CONSTRAINT "assessment_scheme_versions_scheme_id_assessment_schemes_id_fk" FOREIGN KEY ("scheme_id") REFERENCES "public"."assessment_schemes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_scheme_versions" ADD CONSTRAINT "assessment_scheme_versions_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_schemes" ADD CONSTRAINT "assessment_schemes_frozen_by_accounts_id_fk" FOREIGN KEY ("frozen_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_schemes" ADD CONSTRAINT "assessment_schemes_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_self_evaluations" ADD CONSTRAINT "assessment_self_evaluations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_self_evaluations" ADD CONSTRAINT "assessment_self_evaluations_branch_id_org_nodes_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vanguard_posts" ADD CONSTRAINT "vanguard_posts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vanguard_posts" ADD CONSTRAINT "vanguard_posts_branch_id_org_nodes_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vanguard_posts" ADD CONSTRAINT "vanguard_posts_decided_by_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appraisal_ballots_round_idx" ON "appraisal_ballots" USING btree ("round_id","subject_id");--> statement-breakpoint
CREATE INDEX "appraisal_ballots_paper_idx" ON "appraisal_ballots" USING btree ("round_id","paper_hash");--> statement-breakpoint
CREATE INDEX "appraisal_rounds_park_idx" ON "appraisal_rounds" USING btree ("park_id","year");--> statement-breakpoint
CREATE INDEX "assessment_evidence_person_idx" ON "assessment_evidence" USING btree ("park_id","year","person_id");--> statement-breakpoint
CREATE INDEX "assessment_evidence_branch_idx" ON "assessment_evidence" USING btree ("park_id","year","branch_id","status");--> statement-breakpoint
CREATE INDEX "assessment_evidence_files_evidence_idx" ON "assessment_evidence_files" USING btree ("evidence_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_scheme_versions_uq" ON "assessment_scheme_versions" USING btree ("scheme_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_schemes_year_uq" ON "assessment_schemes" USING btree ("park_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_self_evaluations_uq" ON "assessment_self_evaluations" USING btree ("park_id","year","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vanguard_posts_person_year_uq" ON "vanguard_posts" USING btree ("park_id","year","person_id");--> statement-breakpoint
CREATE INDEX "vanguard_posts_branch_idx" ON "vanguard_posts" USING btree ("park_id","year","branch_id");--> statement-breakpoint
-- A cast ballot is final (docs/assessment.md): no UPDATE ever; rows leave only with their round,
-- or when closing rewrites the round's ballots in random order (DELETE + INSERT of the same rows).
CREATE FUNCTION appraisal_ballots_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '选票投出后不能修改' USING ERRCODE = 'P0001';
END;
$$;--> statement-breakpoint
CREATE TRIGGER appraisal_ballots_no_update BEFORE UPDATE ON "appraisal_ballots" FOR EACH STATEMENT EXECUTE FUNCTION appraisal_ballots_final();
