CREATE TABLE "portal_article_views" (
	"article_id" uuid PRIMARY KEY NOT NULL,
	"views" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "portal_article_views" ADD CONSTRAINT "portal_article_views_article_id_portal_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."portal_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The totals move out of the article row (schema/portal.ts, portalArticleViews): carried over, then dropped.
INSERT INTO "portal_article_views" ("article_id", "views") SELECT "id", "view_count" FROM "portal_articles" WHERE "view_count" > 0;--> statement-breakpoint
ALTER TABLE "portal_articles" DROP COLUMN "view_count";