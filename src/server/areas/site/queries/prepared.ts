import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { UUID } from './common';

/**
 * The statements a page the cache cannot answer runs, prepared once per database session.
 *
 * Why: planning, not running, is what such a page costs. The article page's one statement (the
 * article, its columns, attachments and both neighbours) plans in ~1.5 ms and runs in ~0.4 ms on
 * PostgreSQL; on the embedded database (WebAssembly, one statement at a time) planning costs several
 * times that. A prepared statement is planned once (PostgreSQL keeps a generic plan after five
 * executions) and then only run.
 *
 * How: SQL's own PREPARE / EXECUTE, which both drivers pass through unchanged (drizzle's PGlite driver
 * has no named statements, and node-postgres would need its own code path). EXECUTE takes no bind
 * parameters, so its arguments are written as literals — only UUIDs (checked against the UUID
 * pattern), safe integers and null, never text. A session without the statement (a new pooled
 * connection, a restarted embedded database) answers 26000; the statement is then prepared on one
 * connection inside a transaction, which pins it, and executed there. Each connection prepares each
 * statement once.
 */

export type Arg = { uuid: string | null } | { int: number | null };

export interface Prepared {
  name: string;
  /** PREPARE's parameter types, in $n order. */
  types: string[];
  text: string;
}

/** A statement with its parameter types; its name carries a hash of its text (no stale plan by name). */
export function prepared(label: string, types: string[], text: string): Prepared {
  const hash = crypto.createHash('sha256').update(types.join(',')).update(text).digest('hex').slice(0, 10);
  return { name: `site_${label}_${hash}`, types, text };
}

function literal(arg: Arg): string {
  if ('uuid' in arg) {
    if (arg.uuid === null) return 'null';
    if (!UUID.test(arg.uuid)) throw new Error('prepared statement argument: not a UUID');
    return `'${arg.uuid}'`;
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

/** The rows of `stmt` with `args`, preparing it first in a session that does not have it yet. */
export async function executePrepared<T>(db: Db, stmt: Prepared, args: Arg[]): Promise<T[]> {
  if (args.length !== stmt.types.length)
    throw new Error(`${stmt.name}: ${stmt.types.length} arguments expected`);
  const call = sql.raw(`execute ${stmt.name}(${args.map(literal).join(', ')})`);
  try {
    return await queryRows<T>(db, call);
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
    return queryRows<T>(tx, call);
  });
}
