-- Hand-written: the characters of a name, lower-cased, for the GIN index that serves name search by
-- substring. A term occurs in a name only if all its characters do, so
-- `people_name_chars(name) @> people_name_chars(term)` narrows by index and an exact check follows.
-- One built-in call (string_to_array with a NULL delimiter splits into characters), so writes stay
-- cheap; IMMUTABLE so it can be indexed; the same on PGlite and PostgreSQL 15.
CREATE OR REPLACE FUNCTION people_name_chars(full_name text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT string_to_array(lower(full_name), NULL)
$$;
--> statement-breakpoint
CREATE INDEX "people_park_name_idx" ON "people" USING btree ("park_id","name_pinyin","name","id");--> statement-breakpoint
CREATE INDEX "people_name_chars_idx" ON "people" USING gin (people_name_chars("name")) WITH (fastupdate=false);