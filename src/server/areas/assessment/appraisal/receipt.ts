import { sql } from 'drizzle-orm';
import type { Actor } from '../../../access/actor';
import { badRequest } from '../../../errors';
import { sha256 } from '../../../platform/crypto';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { resolveRound } from './queries';
import { normaliseReceipt } from './rules';

/**
 * Whether a receipt code's paper is in the count, and how many ballots it holds — never what they
 * say. Anyone who sees the round may ask: the code itself is the voter's secret (only its SHA-256
 * is stored), and the answer proves nothing about the paper's content, so showing it to someone
 * else gains them nothing.
 */
export async function checkReceipt(
  db: Db,
  actor: Actor,
  roundId: string,
  code: string,
): Promise<{ counted: boolean; ballots: number }> {
  await resolveRound(db, actor, roundId);
  const normal = normaliseReceipt(code);
  if (!normal)
    throw badRequest('INVALID_RECEIPT', '回执码格式不正确：应为 20 位字母和数字，如 7K3QD-9XW2M-…', {
      code: '回执码格式不正确',
    });
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from appraisal_ballots
        where round_id = ${roundId} and paper_hash = ${sha256(normal)}`,
  );
  const n = row?.n ?? 0;
  return { counted: n > 0, ballots: n };
}
