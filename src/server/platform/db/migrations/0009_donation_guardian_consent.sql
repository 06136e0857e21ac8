ALTER TABLE "donation_entries" ADD COLUMN "guardian_consent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- The ledger stays append-only (schema/donations.ts): DELETE and TRUNCATE are refused as before, and an
-- UPDATE is refused unless the only column it changes is guardian_consent (a privacy choice, not money).
DROP TRIGGER donation_entries_no_update ON "donation_entries";
--> statement-breakpoint
CREATE TRIGGER donation_entries_no_delete BEFORE DELETE OR TRUNCATE ON "donation_entries" FOR EACH STATEMENT EXECUTE FUNCTION donation_entries_immutable();
--> statement-breakpoint
CREATE FUNCTION donation_entries_consent_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - 'guardian_consent') IS DISTINCT FROM (to_jsonb(OLD) - 'guardian_consent') THEN
    RAISE EXCEPTION 'donation_entries is append-only: correct an entry with a reversal (only guardian_consent may change)';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER donation_entries_update_check BEFORE UPDATE ON "donation_entries" FOR EACH ROW EXECUTE FUNCTION donation_entries_consent_only();
