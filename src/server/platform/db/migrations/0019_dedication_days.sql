CREATE TABLE "dedication_days" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"org_node_id" uuid NOT NULL,
	"title" text NOT NULL,
	"day" date NOT NULL,
	"description" text,
	"activity_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dedication_days_title_nonempty" CHECK (length(trim("dedication_days"."title")) > 0)
);
--> statement-breakpoint
CREATE TABLE "dedication_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"day_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"person_id" uuid NOT NULL,
	"branch_id" uuid NOT NULL,
	"school_id" uuid,
	"kind" text NOT NULL,
	"student_id" uuid,
	"subject" text NOT NULL,
	"content" text,
	"outcome" text,
	"hours_x10" integer NOT NULL,
	"photos" text[] DEFAULT '{}'::text[] NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dedication_entries_kind" CHECK ("dedication_entries"."kind" in ('homeVisit', 'enterpriseVisit', 'service')),
	CONSTRAINT "dedication_entries_hours" CHECK ("dedication_entries"."hours_x10" between 0 and 240),
	CONSTRAINT "dedication_entries_student" CHECK (("dedication_entries"."kind" = 'homeVisit') or "dedication_entries"."student_id" is null)
);
--> statement-breakpoint
ALTER TABLE "dedication_days" ADD CONSTRAINT "dedication_days_org_node_id_org_nodes_id_fk" FOREIGN KEY ("org_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dedication_days" ADD CONSTRAINT "dedication_days_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dedication_entries" ADD CONSTRAINT "dedication_entries_day_id_dedication_days_id_fk" FOREIGN KEY ("day_id") REFERENCES "public"."dedication_days"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dedication_entries" ADD CONSTRAINT "dedication_entries_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dedication_entries" ADD CONSTRAINT "dedication_entries_branch_id_org_nodes_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dedication_entries" ADD CONSTRAINT "dedication_entries_school_id_org_nodes_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dedication_entries" ADD CONSTRAINT "dedication_entries_student_id_people_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dedication_entries" ADD CONSTRAINT "dedication_entries_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dedication_days_park_idx" ON "dedication_days" USING btree ("park_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "dedication_days_activity_uq" ON "dedication_days" USING btree ("activity_id");--> statement-breakpoint
CREATE INDEX "dedication_entries_person_idx" ON "dedication_entries" USING btree ("park_id","year","person_id");--> statement-breakpoint
CREATE INDEX "dedication_entries_day_idx" ON "dedication_entries" USING btree ("day_id");