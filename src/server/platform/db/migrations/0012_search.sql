-- Search scales (areas/newsroom/search.ts): the wide vector is matched only through its GIN index and
-- read only for a bounded candidate set; titles get a small vector and index of their own.
-- Hand-edited after drizzle-kit: the back-fill (existing rows keep their terms: the title's are
-- the weight-A lexemes of the old vector), and statistics target 0 on both vectors. The GIN indexes
-- have fastupdate off: a pending list is scanned by every search until a vacuum merges it, and
-- PGlite has no autovacuum (measured: 90 ms per query for 1,000 freshly written articles).
--
-- Why statistics 0: with statistics the planner knows that a query such as 「党建 学习」 matches
-- every article and picks a sequential scan that de-TOASTs and tests each row's ~20 KB vector
-- (150-240 ms for 5,000 articles). Without statistics it assumes the default selectivity and
-- takes the GIN bitmap (the search also turns sequential scans off for its statement, see
-- areas/newsroom/search.ts, as PGlite's planner needs that too), which for a query without weights needs no recheck, so no vector
-- is read at all (~1 ms). New columns, not the old one renamed: statistics already gathered for
-- search_tsv would stay in pg_statistic (ANALYZE leaves a column with target 0 alone).
ALTER TABLE "portal_articles" ADD COLUMN "terms_tsv" "tsvector";--> statement-breakpoint
ALTER TABLE "portal_articles" ADD COLUMN "title_tsv" "tsvector";--> statement-breakpoint
ALTER TABLE "portal_articles" ALTER COLUMN "terms_tsv" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "portal_articles" ALTER COLUMN "title_tsv" SET STATISTICS 0;--> statement-breakpoint
UPDATE "portal_articles" SET "terms_tsv" = "search_tsv", "title_tsv" = strip(ts_filter("search_tsv", '{a}'))
  WHERE "search_tsv" IS NOT NULL;--> statement-breakpoint
DROP INDEX "portal_articles_tsv_idx";--> statement-breakpoint
ALTER TABLE "portal_articles" DROP COLUMN "search_tsv";--> statement-breakpoint
CREATE INDEX "portal_articles_terms_idx" ON "portal_articles" USING gin ("terms_tsv") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "portal_articles_title_terms_idx" ON "portal_articles" USING gin ("title_tsv") WITH (fastupdate=false);
