CREATE TABLE "birthday_checklists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"config_version" integer NOT NULL,
	"items" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "birthday_symposium_attendees" (
	"park_id" uuid NOT NULL,
	"symposium_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"attended" boolean,
	CONSTRAINT "birthday_symposium_attendees_symposium_id_person_id_pk" PRIMARY KEY("symposium_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "birthday_symposiums" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"host_node_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"month" integer NOT NULL,
	"scheduled_at" timestamp with time zone,
	"place" text,
	"status" text DEFAULT 'planned' NOT NULL,
	"card_message" text,
	"minutes" text,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "birthday_symposiums_month_ck" CHECK ("birthday_symposiums"."month" between 1 and 12),
	CONSTRAINT "birthday_symposiums_status_ck" CHECK ("birthday_symposiums"."status" in ('planned','held','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "card_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"month" integer NOT NULL,
	"branch_id" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"error" text,
	"pdf" "bytea",
	"pdf_size" integer,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "dues_ledger" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"month" date NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"reverses_id" uuid,
	"paid_on" date NOT NULL,
	"method" text NOT NULL,
	"receipt_no" text,
	"note" text,
	"recorded_by" uuid,
	"recorded_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dues_ledger_kind_ck" CHECK (("dues_ledger"."kind" = 'payment' and "dues_ledger"."amount_fen" > 0 and "dues_ledger"."reverses_id" is null) or ("dues_ledger"."kind" = 'reversal' and "dues_ledger"."amount_fen" < 0 and "dues_ledger"."reverses_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "dues_months" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"branch_id" uuid NOT NULL,
	"month" date NOT NULL,
	"dues_group" text NOT NULL,
	"base_fen" integer,
	"rate_bp" integer,
	"standard_fen" integer NOT NULL,
	"reduction_id" uuid,
	"due_fen" integer NOT NULL,
	"rule" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dues_months_amounts_ck" CHECK ("dues_months"."standard_fen" >= 0 and "dues_months"."due_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "dues_reductions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"from_month" date NOT NULL,
	"to_month" date NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" integer,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" uuid,
	"requested_by_name" text,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dues_reductions_kind_ck" CHECK ("dues_reductions"."kind" in ('reduce','exempt')),
	CONSTRAINT "dues_reductions_status_ck" CHECK ("dues_reductions"."status" in ('pending','approved','rejected')),
	CONSTRAINT "dues_reductions_range_ck" CHECK ("dues_reductions"."from_month" <= "dues_reductions"."to_month"),
	CONSTRAINT "dues_reductions_amount_ck" CHECK (("dues_reductions"."kind" = 'exempt' and "dues_reductions"."amount_fen" is null) or ("dues_reductions"."kind" = 'reduce' and "dues_reductions"."amount_fen" >= 0))
);
--> statement-breakpoint
CREATE TABLE "member_goals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"content" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"review_result" text,
	"review_note" text,
	"reviewed_by" uuid,
	"reviewed_by_name" text,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_goals_review_ck" CHECK ("member_goals"."review_result" is null or "member_goals"."review_result" in ('met','notMet'))
);
--> statement-breakpoint
CREATE TABLE "orglife_config_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"config" jsonb NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_meeting_attendees" (
	"park_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"present" boolean DEFAULT true NOT NULL,
	"absence_reason" text,
	CONSTRAINT "org_meeting_attendees_meeting_id_person_id_pk" PRIMARY KEY("meeting_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "org_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"branch_id" uuid NOT NULL,
	"party_group_id" uuid,
	"kind" text NOT NULL,
	"date" date NOT NULL,
	"title" text NOT NULL,
	"place" text,
	"host_name" text,
	"minutes" text,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_meetings_kind_ck" CHECK ("org_meetings"."kind" in ('generalMeeting','committeeMeeting','groupMeeting','partyLecture','themedDay','orgLifeMeeting'))
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"target" text NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"department_id" uuid,
	"answer" text,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposals_status_ck" CHECK ("proposals"."status" in ('received','assigned','answered','closed')),
	CONSTRAINT "proposals_target_ck" CHECK ("proposals"."target" in ('school','branch'))
);
--> statement-breakpoint
CREATE TABLE "thought_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"content" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"comment" text,
	"commented_by" uuid,
	"commented_by_name" text,
	"commented_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "birthday_checklists" ADD CONSTRAINT "birthday_checklists_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "birthday_symposium_attendees" ADD CONSTRAINT "birthday_symposium_attendees_symposium_id_birthday_symposiums_id_fk" FOREIGN KEY ("symposium_id") REFERENCES "public"."birthday_symposiums"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "birthday_symposium_attendees" ADD CONSTRAINT "birthday_symposium_attendees_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "birthday_symposiums" ADD CONSTRAINT "birthday_symposiums_host_node_id_org_nodes_id_fk" FOREIGN KEY ("host_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "birthday_symposiums" ADD CONSTRAINT "birthday_symposiums_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_batches" ADD CONSTRAINT "card_batches_branch_id_org_nodes_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_batches" ADD CONSTRAINT "card_batches_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_ledger" ADD CONSTRAINT "dues_ledger_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_months" ADD CONSTRAINT "dues_months_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_months" ADD CONSTRAINT "dues_months_branch_id_org_nodes_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_reductions" ADD CONSTRAINT "dues_reductions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_reductions" ADD CONSTRAINT "dues_reductions_requested_by_accounts_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_reductions" ADD CONSTRAINT "dues_reductions_decided_by_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_goals" ADD CONSTRAINT "member_goals_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_goals" ADD CONSTRAINT "member_goals_reviewed_by_accounts_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orglife_config_versions" ADD CONSTRAINT "orglife_config_versions_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_meeting_attendees" ADD CONSTRAINT "org_meeting_attendees_meeting_id_org_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."org_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_meeting_attendees" ADD CONSTRAINT "org_meeting_attendees_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_meetings" ADD CONSTRAINT "org_meetings_branch_id_org_nodes_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_meetings" ADD CONSTRAINT "org_meetings_party_group_id_org_nodes_id_fk" FOREIGN KEY ("party_group_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_meetings" ADD CONSTRAINT "org_meetings_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_department_id_org_nodes_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thought_reports" ADD CONSTRAINT "thought_reports_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thought_reports" ADD CONSTRAINT "thought_reports_commented_by_accounts_id_fk" FOREIGN KEY ("commented_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "birthday_checklists_person_year_uq" ON "birthday_checklists" USING btree ("person_id","year");--> statement-breakpoint
CREATE INDEX "birthday_checklists_park_year_idx" ON "birthday_checklists" USING btree ("park_id","year");--> statement-breakpoint
CREATE INDEX "birthday_symposium_attendees_person_idx" ON "birthday_symposium_attendees" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "birthday_symposiums_host_month_uq" ON "birthday_symposiums" USING btree ("host_node_id","year","month");--> statement-breakpoint
CREATE INDEX "birthday_symposiums_park_idx" ON "birthday_symposiums" USING btree ("park_id","year","month");--> statement-breakpoint
CREATE INDEX "card_batches_park_idx" ON "card_batches" USING btree ("park_id","created_at");--> statement-breakpoint
CREATE INDEX "dues_ledger_person_month_idx" ON "dues_ledger" USING btree ("person_id","month");--> statement-breakpoint
CREATE INDEX "dues_ledger_park_month_idx" ON "dues_ledger" USING btree ("park_id","month");--> statement-breakpoint
CREATE UNIQUE INDEX "dues_ledger_reverses_uq" ON "dues_ledger" USING btree ("reverses_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dues_months_person_month_uq" ON "dues_months" USING btree ("person_id","month");--> statement-breakpoint
CREATE INDEX "dues_months_park_month_idx" ON "dues_months" USING btree ("park_id","month");--> statement-breakpoint
CREATE INDEX "dues_months_branch_month_idx" ON "dues_months" USING btree ("park_id","branch_id","month");--> statement-breakpoint
CREATE INDEX "dues_reductions_park_status_idx" ON "dues_reductions" USING btree ("park_id","status");--> statement-breakpoint
CREATE INDEX "dues_reductions_person_idx" ON "dues_reductions" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "member_goals_person_year_uq" ON "member_goals" USING btree ("person_id","year");--> statement-breakpoint
CREATE INDEX "member_goals_park_year_idx" ON "member_goals" USING btree ("park_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "orglife_config_versions_uq" ON "orglife_config_versions" USING btree ("park_id","version");--> statement-breakpoint
CREATE INDEX "org_meeting_attendees_person_idx" ON "org_meeting_attendees" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "org_meetings_branch_date_idx" ON "org_meetings" USING btree ("park_id","branch_id","date");--> statement-breakpoint
CREATE INDEX "proposals_park_status_idx" ON "proposals" USING btree ("park_id","status","created_at");--> statement-breakpoint
CREATE INDEX "proposals_person_idx" ON "proposals" USING btree ("person_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "thought_reports_person_year_uq" ON "thought_reports" USING btree ("person_id","year");--> statement-breakpoint
CREATE INDEX "thought_reports_park_year_idx" ON "thought_reports" USING btree ("park_id","year");--> statement-breakpoint
CREATE FUNCTION dues_ledger_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'dues_ledger is append-only: correct an entry with a reversal';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER dues_ledger_no_update BEFORE UPDATE OR DELETE OR TRUNCATE ON "dues_ledger" FOR EACH STATEMENT EXECUTE FUNCTION dues_ledger_immutable();
