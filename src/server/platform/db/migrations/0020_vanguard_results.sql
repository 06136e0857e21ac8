CREATE TABLE "vanguard_nominations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"person_id" uuid NOT NULL,
	"branch_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"score_x10" integer NOT NULL,
	"band" text NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"proposed_by" uuid,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"awarded_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"withdraw_reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vanguard_nominations_status" CHECK ("vanguard_nominations"."status" in ('proposed', 'approved', 'rejected', 'awarded', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "vanguard_objections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"nomination_id" uuid NOT NULL,
	"content" text NOT NULL,
	"contact" text,
	"ip_hash" text,
	"status" text DEFAULT 'open' NOT NULL,
	"response" text,
	"handled_by" uuid,
	"handled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vanguard_objections_status" CHECK ("vanguard_objections"."status" in ('open', 'upheld', 'dismissed'))
);
--> statement-breakpoint
CREATE TABLE "vanguard_publicity" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"working_days" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_by" uuid,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	CONSTRAINT "vanguard_publicity_status" CHECK ("vanguard_publicity"."status" in ('open', 'closed')),
	CONSTRAINT "vanguard_publicity_period" CHECK ("vanguard_publicity"."ends_on" >= "vanguard_publicity"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "vanguard_semester_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"nomination_id" uuid NOT NULL,
	"semester" text NOT NULL,
	"score_x10" integer NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vanguard_nominations" ADD CONSTRAINT "vanguard_nominations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vanguard_nominations" ADD CONSTRAINT "vanguard_nominations_branch_id_org_nodes_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vanguard_nominations" ADD CONSTRAINT "vanguard_nominations_post_id_vanguard_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."vanguard_posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vanguard_nominations" ADD CONSTRAINT "vanguard_nominations_proposed_by_accounts_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vanguard_nominations" ADD CONSTRAINT "vanguard_nominations_decided_by_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vanguard_objections" ADD CONSTRAINT "vanguard_objections_nomination_id_vanguard_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."vanguard_nominations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vanguard_objections" ADD CONSTRAINT "vanguard_objections_handled_by_accounts_id_fk" FOREIGN KEY ("handled_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vanguard_publicity" ADD CONSTRAINT "vanguard_publicity_opened_by_accounts_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vanguard_publicity" ADD CONSTRAINT "vanguard_publicity_closed_by_accounts_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vanguard_semester_scores" ADD CONSTRAINT "vanguard_semester_scores_nomination_id_vanguard_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."vanguard_nominations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vanguard_semester_scores" ADD CONSTRAINT "vanguard_semester_scores_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "vanguard_nominations_uq" ON "vanguard_nominations" USING btree ("park_id","year","person_id");--> statement-breakpoint
CREATE INDEX "vanguard_nominations_status_idx" ON "vanguard_nominations" USING btree ("park_id","year","status");--> statement-breakpoint
CREATE INDEX "vanguard_objections_nomination_idx" ON "vanguard_objections" USING btree ("nomination_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vanguard_publicity_year_uq" ON "vanguard_publicity" USING btree ("park_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "vanguard_semester_scores_uq" ON "vanguard_semester_scores" USING btree ("nomination_id","semester");