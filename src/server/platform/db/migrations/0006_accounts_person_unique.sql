DROP INDEX "accounts_person_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_person_uq" ON "accounts" USING btree ("person_id") WHERE "accounts"."person_id" is not null;