ALTER TABLE "appraisal_ballots" DROP CONSTRAINT "appraisal_ballots_round_id_appraisal_rounds_id_fk";
--> statement-breakpoint
ALTER TABLE "appraisal_ballots" DROP CONSTRAINT "appraisal_ballots_subject_id_people_id_fk";
--> statement-breakpoint
DROP INDEX "appraisal_ballots_round_idx";--> statement-breakpoint
DROP INDEX "appraisal_ballots_paper_idx";--> statement-breakpoint
CREATE INDEX "appraisal_ballots_round_idx" ON "appraisal_ballots" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "appraisal_ballots_paper_idx" ON "appraisal_ballots" USING hash ("paper_hash");--> statement-breakpoint
-- In place of the two per-row foreign keys (schema/assessment.ts says why): one set-wise check per
-- statement that every ballot written names a member appraised in that very round.
CREATE FUNCTION appraisal_ballots_subjects() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The distinct pairs first: a closing writes 90,000 ballots about a few hundred members.
  IF EXISTS (
    SELECT 1 FROM (SELECT DISTINCT round_id, subject_id FROM new_ballots) b
    WHERE NOT EXISTS (
      SELECT 1 FROM appraisal_subjects s WHERE s.round_id = b.round_id AND s.person_id = b.subject_id
    )
  ) THEN
    RAISE EXCEPTION '选票上的评议对象不在该轮评议名单中' USING ERRCODE = '23503';
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER appraisal_ballots_subjects AFTER INSERT ON "appraisal_ballots" REFERENCING NEW TABLE AS new_ballots FOR EACH STATEMENT EXECUTE FUNCTION appraisal_ballots_subjects();--> statement-breakpoint
-- A round's ballots go with it (what ON DELETE CASCADE of the dropped key did).
CREATE FUNCTION appraisal_rounds_drop_ballots() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM appraisal_ballots WHERE round_id IN (SELECT id FROM gone_rounds);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER appraisal_rounds_drop_ballots AFTER DELETE ON "appraisal_rounds" REFERENCING OLD TABLE AS gone_rounds FOR EACH STATEMENT EXECUTE FUNCTION appraisal_rounds_drop_ballots();
