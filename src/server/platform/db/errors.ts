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

/** The PostgreSQL error in `err`'s cause chain (drizzle wraps the driver's), or null. */
function pgErrorOf(err: unknown): (PgError & Record<string, unknown>) | null {
  for (let e = err as (PgError & Record<string, unknown>) | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e;
  }
  return null;
}

/** The SQL text of the failed query (never its parameters), when a driver or drizzle says it. */
function sqlTextOf(err: unknown): string | undefined {
  for (let e = err as Record<string, unknown> | undefined; e; e = e.cause as typeof e) {
    if (typeof e.query === 'string') return e.query.slice(0, 2000);
  }
  return undefined;
}

/**
 * What may be logged of a database error: its code, constraint, table, column and SQL text, never
 * the query's parameters nor the values PostgreSQL quotes in its message and detail ("Key
 * (name)=(张三)", 'invalid input syntax for type uuid: "…"') — they are people's data. Null when
 * `err` did not come from the database.
 */
export function redactedDbError(err: unknown): Record<string, unknown> | null {
  const pg = pgErrorOf(err);
  const sql = sqlTextOf(err);
  if (!pg && sql === undefined) return null;
  const pick = (k: string) => (typeof pg?.[k] === 'string' ? (pg[k] as string) : undefined);
  const message = pick('message')?.replace(/"[^"]*"|\([^)]*\)=\([^)]*\)/g, '"…"');
  return {
    type: 'DatabaseError',
    code: pg?.code,
    message,
    constraint: pick('constraint'),
    table: pick('table'),
    column: pick('column'),
    routine: pick('routine'),
    sql,
  };
}

/** How a database error that the request's own values caused is answered: a 4xx, never a 500. */
export interface InputDbError {
  status: number;
  code: string;
  message: string;
}

/**
 * The database refused a value the request carried (PostgreSQL class 22 "data exception": a NUL
 * or an untranslatable character, a number or date out of range; 54000 a value too large to
 * index; a check, foreign-key or unique constraint). The contracts refuse these first; this is the
 * defence behind them. Null for everything else (a bug, an outage: those stay 500).
 */
export function inputDbError(err: unknown): InputDbError | null {
  const code = pgErrorOf(err)?.code;
  if (!code) return null;
  if (code === '22021' || code === '22P05')
    return {
      status: 400,
      code: 'INVALID_CHARACTERS',
      message: '提交的内容含有无法保存的字符（如不可见的控制字符），请删除后重试',
    };
  if (code.startsWith('22') || code === '23514')
    return {
      status: 400,
      code: 'INVALID_VALUE',
      message: '提交的内容含有无法保存的数值或日期，请检查后重试',
    };
  if (code === '54000')
    return { status: 400, code: 'VALUE_TOO_LARGE', message: '提交的内容过长，请删减后重试' };
  if (code === '23503')
    return { status: 400, code: 'INVALID_REFERENCE', message: '所选的记录不存在或已被删除，请刷新后重试' };
  if (code === '23505')
    return { status: 409, code: 'ALREADY_EXISTS', message: '该记录已存在或刚被他人修改，请刷新后重试' };
  return null;
}

/** The codes inputDbError answers with: a contract that let the value through is the bug behind them. */
export const INPUT_DB_ERROR_CODES = [
  'INVALID_CHARACTERS',
  'INVALID_VALUE',
  'VALUE_TOO_LARGE',
  'INVALID_REFERENCE',
  'ALREADY_EXISTS',
] as const;
