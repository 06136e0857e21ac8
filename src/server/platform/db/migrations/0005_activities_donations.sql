CREATE TABLE "activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"custom_kind_id" uuid,
	"title" text NOT NULL,
	"theme" text,
	"organiser_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text,
	"description" text,
	"is_open" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"results" text,
	"article_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activities_time_order" CHECK ("activities"."ends_at" >= "activities"."starts_at"),
	CONSTRAINT "activities_title_nonempty" CHECK (length(trim("activities"."title")) > 0)
);
--> statement-breakpoint
CREATE TABLE "activity_awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"award" text NOT NULL,
	"person_id" uuid,
	"org_node_id" uuid,
	"note" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activity_awards_one_recipient" CHECK (("activity_awards"."person_id" is null) <> ("activity_awards"."org_node_id" is null))
);
--> statement-breakpoint
CREATE TABLE "activity_checkin_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"token" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activity_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"org_node_id" uuid NOT NULL,
	"person_count" integer NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activity_kinds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"name" text NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activity_kinds_name_nonempty" CHECK (length(trim("activity_kinds"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "activity_participants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"via_group_id" uuid,
	"source" text DEFAULT 'invited' NOT NULL,
	"checked_in_at" timestamp with time zone,
	"checkin_method" text,
	"checked_in_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activity_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"media_ref" text NOT NULL,
	"caption" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "donation_drives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"purpose" text,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"organiser_id" uuid NOT NULL,
	"eligible" text[] NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"public_thanks" boolean DEFAULT false NOT NULL,
	"public_amounts" boolean DEFAULT false NOT NULL,
	"receipt_prefix" text NOT NULL,
	"last_receipt_seq" integer DEFAULT 0 NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "donation_drives_type" CHECK ("donation_drives"."type" in ('donation', 'specialDues')),
	CONSTRAINT "donation_drives_status" CHECK ("donation_drives"."status" in ('open', 'closed')),
	CONSTRAINT "donation_drives_title_nonempty" CHECK (length(trim("donation_drives"."title")) > 0)
);
--> statement-breakpoint
CREATE TABLE "donation_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"drive_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"receipt_no" text NOT NULL,
	"donor_type" text NOT NULL,
	"person_id" uuid,
	"donor_name" text NOT NULL,
	"person_kind" text,
	"is_member" boolean DEFAULT false NOT NULL,
	"school_id" uuid,
	"class_id" uuid,
	"branch_id" uuid,
	"amount_fen" integer NOT NULL,
	"method" text NOT NULL,
	"given_on" date NOT NULL,
	"note" text,
	"anonymous" boolean DEFAULT false NOT NULL,
	"reverses_id" uuid,
	"reversal_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "donation_entries_donor_type" CHECK ("donation_entries"."donor_type" in ('person', 'class')),
	CONSTRAINT "donation_entries_donor" CHECK (("donation_entries"."donor_type" = 'person' and "donation_entries"."person_id" is not null) or ("donation_entries"."donor_type" = 'class' and "donation_entries"."person_id" is null and "donation_entries"."class_id" is not null)),
	CONSTRAINT "donation_entries_sign" CHECK (("donation_entries"."reverses_id" is null and "donation_entries"."amount_fen" > 0) or ("donation_entries"."reverses_id" is not null and "donation_entries"."amount_fen" < 0 and "donation_entries"."reversal_reason" is not null))
);
--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_custom_kind_id_activity_kinds_id_fk" FOREIGN KEY ("custom_kind_id") REFERENCES "public"."activity_kinds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_organiser_id_org_nodes_id_fk" FOREIGN KEY ("organiser_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_awards" ADD CONSTRAINT "activity_awards_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_awards" ADD CONSTRAINT "activity_awards_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_awards" ADD CONSTRAINT "activity_awards_org_node_id_org_nodes_id_fk" FOREIGN KEY ("org_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_checkin_tokens" ADD CONSTRAINT "activity_checkin_tokens_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_checkin_tokens" ADD CONSTRAINT "activity_checkin_tokens_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_groups" ADD CONSTRAINT "activity_groups_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_groups" ADD CONSTRAINT "activity_groups_org_node_id_org_nodes_id_fk" FOREIGN KEY ("org_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_groups" ADD CONSTRAINT "activity_groups_added_by_accounts_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_participants" ADD CONSTRAINT "activity_participants_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_participants" ADD CONSTRAINT "activity_participants_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_participants" ADD CONSTRAINT "activity_participants_via_group_id_org_nodes_id_fk" FOREIGN KEY ("via_group_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_participants" ADD CONSTRAINT "activity_participants_checked_in_by_accounts_id_fk" FOREIGN KEY ("checked_in_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_photos" ADD CONSTRAINT "activity_photos_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_photos" ADD CONSTRAINT "activity_photos_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donation_drives" ADD CONSTRAINT "donation_drives_organiser_id_org_nodes_id_fk" FOREIGN KEY ("organiser_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donation_drives" ADD CONSTRAINT "donation_drives_closed_by_accounts_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donation_drives" ADD CONSTRAINT "donation_drives_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donation_entries" ADD CONSTRAINT "donation_entries_drive_id_donation_drives_id_fk" FOREIGN KEY ("drive_id") REFERENCES "public"."donation_drives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donation_entries" ADD CONSTRAINT "donation_entries_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donation_entries" ADD CONSTRAINT "donation_entries_school_id_org_nodes_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donation_entries" ADD CONSTRAINT "donation_entries_class_id_org_nodes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donation_entries" ADD CONSTRAINT "donation_entries_branch_id_org_nodes_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donation_entries" ADD CONSTRAINT "donation_entries_reverses_id_donation_entries_id_fk" FOREIGN KEY ("reverses_id") REFERENCES "public"."donation_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donation_entries" ADD CONSTRAINT "donation_entries_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_park_time_idx" ON "activities" USING btree ("park_id","starts_at");--> statement-breakpoint
CREATE INDEX "activities_organiser_idx" ON "activities" USING btree ("organiser_id");--> statement-breakpoint
CREATE INDEX "activity_awards_activity_idx" ON "activity_awards" USING btree ("activity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "activity_checkin_tokens_token_uq" ON "activity_checkin_tokens" USING btree ("token");--> statement-breakpoint
CREATE INDEX "activity_checkin_tokens_activity_idx" ON "activity_checkin_tokens" USING btree ("activity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "activity_groups_uq" ON "activity_groups" USING btree ("activity_id","org_node_id");--> statement-breakpoint
CREATE UNIQUE INDEX "activity_kinds_name_uq" ON "activity_kinds" USING btree ("park_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "activity_participants_uq" ON "activity_participants" USING btree ("activity_id","person_id");--> statement-breakpoint
CREATE INDEX "activity_participants_person_idx" ON "activity_participants" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "activity_photos_activity_idx" ON "activity_photos" USING btree ("activity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_token_uq" ON "calendar_feeds" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "calendar_feeds_person_idx" ON "calendar_feeds" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "donation_drives_prefix_uq" ON "donation_drives" USING btree ("park_id","receipt_prefix");--> statement-breakpoint
CREATE INDEX "donation_drives_park_idx" ON "donation_drives" USING btree ("park_id","type","starts_on");--> statement-breakpoint
CREATE UNIQUE INDEX "donation_entries_receipt_uq" ON "donation_entries" USING btree ("park_id","receipt_no");--> statement-breakpoint
CREATE UNIQUE INDEX "donation_entries_seq_uq" ON "donation_entries" USING btree ("drive_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "donation_entries_reverses_uq" ON "donation_entries" USING btree ("reverses_id");--> statement-breakpoint
CREATE INDEX "donation_entries_drive_idx" ON "donation_entries" USING btree ("drive_id");--> statement-breakpoint
CREATE INDEX "donation_entries_person_idx" ON "donation_entries" USING btree ("person_id");--> statement-breakpoint
CREATE FUNCTION donation_entries_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'donation_entries is append-only: correct an entry with a reversal';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER donation_entries_no_update BEFORE UPDATE OR DELETE OR TRUNCATE ON "donation_entries" FOR EACH STATEMENT EXECUTE FUNCTION donation_entries_immutable();
--> statement-breakpoint
CREATE FUNCTION donation_entries_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  drive_status text;
  original record;
BEGIN
  SELECT status INTO drive_status FROM donation_drives WHERE id = NEW.drive_id;
  IF NEW.reverses_id IS NULL THEN
    IF drive_status <> 'open' THEN
      RAISE EXCEPTION 'drive % is closed: only reversals may be added', NEW.drive_id;
    END IF;
  ELSE
    SELECT drive_id, amount_fen, reverses_id INTO original FROM donation_entries WHERE id = NEW.reverses_id;
    IF original.drive_id IS DISTINCT FROM NEW.drive_id OR original.reverses_id IS NOT NULL
       OR NEW.amount_fen <> -original.amount_fen THEN
      RAISE EXCEPTION 'a reversal must negate an original entry of the same drive';
    END IF;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER donation_entries_insert_check BEFORE INSERT ON "donation_entries" FOR EACH ROW EXECUTE FUNCTION donation_entries_check();
