CREATE TABLE "media_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"mime" text NOT NULL,
	"ext" text NOT NULL,
	"original_name" text NOT NULL,
	"size" bigint NOT NULL,
	"width" integer,
	"height" integer,
	"sha256" text NOT NULL,
	"variants" jsonb NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "newsletter_issue_articles" (
	"issue_id" uuid NOT NULL,
	"article_id" uuid NOT NULL,
	"park_id" uuid NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "newsletter_issue_articles_issue_id_article_id_pk" PRIMARY KEY("issue_id","article_id")
);
--> statement-breakpoint
CREATE TABLE "newsletter_issues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"issue_date" date NOT NULL,
	"title" text DEFAULT '「校园党建」简讯' NOT NULL,
	"editor_note" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "newsletter_issues_status_ck" CHECK ("newsletter_issues"."status" in ('draft','published'))
);
--> statement-breakpoint
CREATE TABLE "portal_article_attachments" (
	"article_id" uuid NOT NULL,
	"media_id" uuid NOT NULL,
	"park_id" uuid NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "portal_article_attachments_article_id_media_id_pk" PRIMARY KEY("article_id","media_id")
);
--> statement-breakpoint
CREATE TABLE "portal_article_columns" (
	"article_id" uuid NOT NULL,
	"column_id" uuid NOT NULL,
	"park_id" uuid NOT NULL,
	CONSTRAINT "portal_article_columns_article_id_column_id_pk" PRIMARY KEY("article_id","column_id")
);
--> statement-breakpoint
CREATE TABLE "portal_article_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"article_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_status" text NOT NULL,
	"to_status" text NOT NULL,
	"reason" text,
	"actor_account_id" uuid,
	"actor_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_article_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"article_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"subtitle" text,
	"summary" text,
	"body_html" text NOT NULL,
	"reason" text DEFAULT 'save' NOT NULL,
	"restored_from" integer,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_articles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"title" text NOT NULL,
	"subtitle" text,
	"summary" text,
	"body_html" text DEFAULT '' NOT NULL,
	"cover_media_id" uuid,
	"author" text,
	"source" text,
	"school_id" uuid,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"pinned" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"publish_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"signed_off_by" uuid,
	"signed_off_at" timestamp with time zone,
	"return_reason" text,
	"takedown_reason" text,
	"taken_down_at" timestamp with time zone,
	"view_count" integer DEFAULT 0 NOT NULL,
	"search_tsv" "tsvector",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portal_articles_status_ck" CHECK ("portal_articles"."status" in ('draft','submitted','approved','scheduled','published','returned','takenDown')),
	CONSTRAINT "portal_articles_title_nonempty" CHECK (length(trim("portal_articles"."title")) > 0)
);
--> statement-breakpoint
CREATE TABLE "portal_columns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"kind" text DEFAULT 'articleList' NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"visible" boolean DEFAULT true NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portal_columns_kind_ck" CHECK ("portal_columns"."kind" in ('articleList','singlePage','downloadList'))
);
--> statement-breakpoint
CREATE TABLE "portal_daily_views" (
	"park_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"day" date NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "portal_daily_views_kind_subject_id_day_pk" PRIMARY KEY("kind","subject_id","day")
);
--> statement-breakpoint
CREATE TABLE "portal_settings" (
	"park_id" uuid PRIMARY KEY NOT NULL,
	"site_title" text DEFAULT '校园党建' NOT NULL,
	"hero_slogan" text DEFAULT '不忘初心 牢记使命' NOT NULL,
	"hero_text" text,
	"hero_image_id" uuid,
	"music_media_id" uuid,
	"music_title" text,
	"footer_text" text,
	"signoff_required" boolean DEFAULT false NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "showcase_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"park_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"article_id" uuid,
	"media_id" uuid,
	"title" text,
	"caption" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"duration_seconds" integer DEFAULT 12 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "showcase_items_kind_ck" CHECK ("showcase_items"."kind" in ('article','photo'))
);
--> statement-breakpoint
CREATE TABLE "job_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"last_run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"holder" text
);
--> statement-breakpoint
ALTER TABLE "media_files" ADD CONSTRAINT "media_files_uploaded_by_accounts_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "newsletter_issue_articles" ADD CONSTRAINT "newsletter_issue_articles_issue_id_newsletter_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."newsletter_issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "newsletter_issue_articles" ADD CONSTRAINT "newsletter_issue_articles_article_id_portal_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."portal_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "newsletter_issues" ADD CONSTRAINT "newsletter_issues_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_article_attachments" ADD CONSTRAINT "portal_article_attachments_article_id_portal_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."portal_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_article_attachments" ADD CONSTRAINT "portal_article_attachments_media_id_media_files_id_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_article_columns" ADD CONSTRAINT "portal_article_columns_article_id_portal_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."portal_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_article_columns" ADD CONSTRAINT "portal_article_columns_column_id_portal_columns_id_fk" FOREIGN KEY ("column_id") REFERENCES "public"."portal_columns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_article_events" ADD CONSTRAINT "portal_article_events_article_id_portal_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."portal_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_article_events" ADD CONSTRAINT "portal_article_events_actor_account_id_accounts_id_fk" FOREIGN KEY ("actor_account_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_article_revisions" ADD CONSTRAINT "portal_article_revisions_article_id_portal_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."portal_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_article_revisions" ADD CONSTRAINT "portal_article_revisions_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_articles" ADD CONSTRAINT "portal_articles_cover_media_id_media_files_id_fk" FOREIGN KEY ("cover_media_id") REFERENCES "public"."media_files"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_articles" ADD CONSTRAINT "portal_articles_school_id_org_nodes_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_articles" ADD CONSTRAINT "portal_articles_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_articles" ADD CONSTRAINT "portal_articles_updated_by_accounts_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_articles" ADD CONSTRAINT "portal_articles_submitted_by_accounts_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_articles" ADD CONSTRAINT "portal_articles_approved_by_accounts_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_articles" ADD CONSTRAINT "portal_articles_signed_off_by_accounts_id_fk" FOREIGN KEY ("signed_off_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_settings" ADD CONSTRAINT "portal_settings_hero_image_id_media_files_id_fk" FOREIGN KEY ("hero_image_id") REFERENCES "public"."media_files"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_settings" ADD CONSTRAINT "portal_settings_music_media_id_media_files_id_fk" FOREIGN KEY ("music_media_id") REFERENCES "public"."media_files"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_settings" ADD CONSTRAINT "portal_settings_updated_by_accounts_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "showcase_items" ADD CONSTRAINT "showcase_items_article_id_portal_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."portal_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "showcase_items" ADD CONSTRAINT "showcase_items_media_id_media_files_id_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "showcase_items" ADD CONSTRAINT "showcase_items_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "media_files_park_idx" ON "media_files" USING btree ("park_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "newsletter_issues_number_uq" ON "newsletter_issues" USING btree ("park_id","number");--> statement-breakpoint
CREATE INDEX "newsletter_issues_park_idx" ON "newsletter_issues" USING btree ("park_id","status","issue_date");--> statement-breakpoint
CREATE INDEX "portal_article_attachments_media_idx" ON "portal_article_attachments" USING btree ("media_id");--> statement-breakpoint
CREATE INDEX "portal_article_columns_column_idx" ON "portal_article_columns" USING btree ("column_id","article_id");--> statement-breakpoint
CREATE INDEX "portal_article_events_article_idx" ON "portal_article_events" USING btree ("article_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "portal_article_revisions_uq" ON "portal_article_revisions" USING btree ("article_id","number");--> statement-breakpoint
CREATE INDEX "portal_articles_public_idx" ON "portal_articles" USING btree ("park_id","status","published_at");--> statement-breakpoint
CREATE INDEX "portal_articles_school_idx" ON "portal_articles" USING btree ("park_id","school_id","status");--> statement-breakpoint
CREATE INDEX "portal_articles_due_idx" ON "portal_articles" USING btree ("status","publish_at");--> statement-breakpoint
CREATE INDEX "portal_articles_creator_idx" ON "portal_articles" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "portal_articles_tsv_idx" ON "portal_articles" USING gin ("search_tsv");--> statement-breakpoint
CREATE UNIQUE INDEX "portal_columns_slug_uq" ON "portal_columns" USING btree ("park_id","slug");--> statement-breakpoint
CREATE INDEX "portal_columns_park_idx" ON "portal_columns" USING btree ("park_id","sort_order");--> statement-breakpoint
CREATE INDEX "portal_daily_views_park_idx" ON "portal_daily_views" USING btree ("park_id","kind","day");--> statement-breakpoint
CREATE INDEX "showcase_items_park_idx" ON "showcase_items" USING btree ("park_id","active","sort_order");