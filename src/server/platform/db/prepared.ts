import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from './client';
import { queryRows } from './rows';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Statements prepared once per database session: the portal's uncached pages
 * (areas/site/queries) and the search (areas/newsroom/search.ts).
 *
 * Why: planning, not running, is what such a page costs. The article page's one statement (the
 * article, its columns, attachments and both neighbours) plans in ~1.5 ms and runs in ~0.4 ms on
 * PostgreSQL; on the embedded database (WebAssembly, one statement at a time) planning costs several
 * times that. A prepared statement is planned once (PostgreSQL keeps a generic plan after five
 * executions) and then only run.
 *
 * How: SQL's own PREPARE / EXECUTE, which both drivers pass through unchanged (drizzle's PGlite driver
 * has no named statements, and node-postgres would need its own code path). EXECUTE takes no bind
 * parameters, so its arguments are written as literals: UUIDs (checked against the UUID pattern)
 * and arrays of them, safe integers, null, and text as an escape-string constant (E'…', backslash
 * and quote escaped, so standard_conforming_strings does not matter; a NUL, which no PostgreSQL
 * text can hold, is refused). Planner settings (`settings`) are set local in front of the EXECUTE,
 * in the same simple-protocol message, which both databases run as one implicit transaction: one
 * round trip, the settings gone after it, also on an error (checked on both). The plan is made
 * under them, the generic plan too. A session without the statement (a new pooled
 * connection, a restarted embedded database) answers 26000; the statement is then prepared on one
 * connection inside a transaction, which pins it, and executed there. Each connection prepares each
 * statement once.
 */

export type Arg =
  { uuid: string | null } | { uuids: string[] | null } | { int: number | null } | { text: string | null };

/** Planner settings a statement runs under (executePrepared). */
export interface PlannerSettings {
  enable_seqscan?: 'on' | 'off';
  enable_bitmapscan?: 'on' | 'off';
  /**
   * force_generic_plan: plan once per session even where PostgreSQL would keep planning per call
   * because each custom plan looks cheaper (a statement whose branches one-time filters decide).
   */
  plan_cache_mode?: 'auto' | 'force_generic_plan' | 'force_custom_plan';
}

const SETTING_VALUES = new Set(['on', 'off', 'auto', 'force_generic_plan', 'force_custom_plan']);

export interface Prepared {
  name: string;
  /** PREPARE's parameter types, in $n order. */
  types: string[];
  text: string;
}

/** A statement with its parameter types; its name carries a hash of its text (no stale plan by name). */
export function prepared(label: string, types: string[], text: string): Prepared {
  const hash = crypto.createHash('sha256').update(types.join(',')).update(text).digest('hex').slice(0, 10);
  return { name: `ps_${label}_${hash}`, types, text };
}

function uuidLiteral(id: string): string {
  if (!UUID.test(id)) throw new Error('prepared statement argument: not a UUID');
  return `'${id}'`;
}

function literal(arg: Arg): string {
  if ('uuid' in arg) return arg.uuid === null ? 'null' : uuidLiteral(arg.uuid);
  if ('uuids' in arg)
    return arg.uuids === null ? 'null' : `array[${arg.uuids.map(uuidLiteral).join(',')}]::uuid[]`;
  if ('text' in arg) {
    if (arg.text === null) return 'null';
    if (arg.text.includes('\0')) throw new Error('prepared statement argument: NUL in text');
    return `E'${arg.text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  }
  if (arg.int === null) return 'null';
  if (!Number.isSafeInteger(arg.int)) throw new Error('prepared statement argument: not an integer');
  return String(arg.int);
}

function sqlState(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The rows of `stmt` with `args`, preparing it first in a session that does not have it yet; under
 * planner `settings` when given (set local in the same message as the EXECUTE).
 */
export async function executePrepared<T>(
  db: Db,
  stmt: Prepared,
  args: Arg[],
  settings: PlannerSettings = {},
): Promise<T[]> {
  if (args.length !== stmt.types.length)
    throw new Error(`${stmt.name}: ${stmt.types.length} arguments expected`);
  const execute = `execute ${stmt.name}(${args.map(literal).join(', ')})`;
  const setLocal = Object.entries(settings)
    .map(([name, value]) => {
      if (!/^[a-z_]+$/.test(name) || !SETTING_VALUES.has(String(value)))
        throw new Error(`planner setting ${name}: ${String(value)}`);
      return `set local ${name} = ${String(value)}`;
    })
    .join('; ');
  try {
    return setLocal
      ? await simpleQueryRows<T>(db, `${setLocal}; ${execute}`)
      : await queryRows<T>(db, sql.raw(execute));
  } catch (err) {
    // 26000 invalid_sql_statement_name: this session has not prepared it.
    if (sqlState(err) !== '26000') throw err;
  }
  return db.transaction(async (tx) => {
    const [known] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from pg_prepared_statements where name = ${stmt.name}`,
    );
    if (!known?.n) {
      await queryRows(tx, sql.raw(`prepare ${stmt.name}(${stmt.types.join(', ')}) as ${stmt.text}`));
    }
    for (const set of setLocal ? setLocal.split('; ') : []) await tx.execute(sql.raw(set));
    return queryRows<T>(tx, sql.raw(execute));
  });
}

interface SimpleResult {
  rows: unknown[];
}
type SimpleQueryClient =
  | { exec(text: string): Promise<SimpleResult[]> }
  | { query(text: string): Promise<SimpleResult | SimpleResult[]> };

/**
 * Several statements in one simple-protocol message, straight to the driver (drizzle sends one
 * statement per message): the rows of the last one. PGlite's exec and node-postgres's query both
 * take such a message; the pooled client of node-postgres is the class-routed pool (client.ts).
 */
async function simpleQueryRows<T>(db: Db, text: string): Promise<T[]> {
  const client = (db as unknown as { $client?: SimpleQueryClient }).$client;
  if (!client) throw new Error('simpleQueryRows: a database handle, not a transaction, is needed');
  const results = 'exec' in client ? await client.exec(text) : await client.query(text);
  const list = Array.isArray(results) ? results : [results];
  return list[list.length - 1]!.rows as T[];
}
