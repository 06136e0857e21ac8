/**
 * PostgreSQL error codes as both drivers report them (PGlite and node-postgres put `code` on the
 * error or on its cause, which drizzle wraps). A unique violation is how a race between two
 * writers that both checked first shows itself: the caller turns it into a 409 with its own words.
 */
type PgError = { code?: string; constraint?: string; cause?: unknown };

function findCode(err: unknown, codes: readonly string[]): PgError | null {
  for (let e = err as PgError | undefined; e; e = e.cause as PgError | undefined) {
    if (e.code && codes.includes(e.code)) return e;
  }
  return null;
}

/** The violated unique index's name ('' when the driver did not say), or null for any other error. */
export function uniqueViolation(err: unknown): string | null {
  const e = findCode(err, ['23505']);
  return e ? (e.constraint ?? '') : null;
}

export const isUniqueViolation = (err: unknown): boolean => findCode(err, ['23505']) !== null;

/** A unique or foreign-key violation: the data changed under a write that had checked it. */
export const isDataRace = (err: unknown): boolean => findCode(err, ['23505', '23503']) !== null;
