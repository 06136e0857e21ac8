import { and, eq } from 'drizzle-orm';
import type { SchemeConfig } from '../../../common/contracts/assessment';
import type { Actor } from '../../access/actor';
import type { RequestContext } from '../../context';
import { audit } from '../../platform/audit';
import type { Db } from '../../platform/db/client';
import { assessmentSchemes } from '../../platform/db/schema/index';
import { schemeMissing } from './errors';

export type SchemeRow = typeof assessmentSchemes.$inferSelect;

/** What starts scoring (and so freezes the scheme): RULES.md §6, docs/assessment.md. */
export type FreezeReason = 'manual' | 'evidence' | 'selfEvaluation' | 'appraisal';

export const FREEZE_REASON_LABELS: Record<FreezeReason, string> = {
  manual: '党总支确认开始评分',
  evidence: '第一份佐证材料审核通过',
  selfEvaluation: '第一份年度自评提交',
  appraisal: '第一轮民主评议发起',
};

/** The park's scheme for a year, or null. */
export async function findScheme(db: Db, parkId: string, year: number): Promise<SchemeRow | null> {
  const [row] = await db
    .select()
    .from(assessmentSchemes)
    .where(and(eq(assessmentSchemes.parkId, parkId), eq(assessmentSchemes.year, year)));
  return row ?? null;
}

/** The year's scheme, or 409 SCHEME_MISSING with a Chinese message (scoring needs a scheme). */
export async function requireScheme(db: Db, parkId: string, year: number): Promise<SchemeRow> {
  const row = await findScheme(db, parkId, year);
  if (!row) throw schemeMissing(year);
  return row;
}

export const configOf = (row: SchemeRow) => row.config as SchemeConfig;

/**
 * Scoring starts: the year's scheme freezes (if it is still a draft), inside the caller's
 * transaction, locked so two first verifications freeze it once, and audited as a freeze with
 * its reason. Returns the (now frozen) scheme.
 */
export async function startScoring(
  tx: Db,
  ctx: RequestContext,
  actor: Actor,
  year: number,
  reason: FreezeReason,
): Promise<SchemeRow> {
  const [row] = await tx
    .select()
    .from(assessmentSchemes)
    .where(and(eq(assessmentSchemes.parkId, actor.parkId), eq(assessmentSchemes.year, year)))
    .for('update');
  if (!row) throw schemeMissing(year);
  if (row.status === 'frozen') return row;
  const [frozen] = await tx
    .update(assessmentSchemes)
    .set({
      status: 'frozen',
      frozenAt: new Date(),
      frozenBy: actor.accountId,
      frozenReason: reason,
      updatedAt: new Date(),
    })
    .where(eq(assessmentSchemes.id, row.id))
    .returning();
  await audit(tx, ctx, {
    action: 'assessment.scheme.freeze',
    entityType: 'assessmentScheme',
    entityId: row.id,
    before: { status: row.status, version: row.version },
    after: { status: 'frozen', version: row.version, reason },
  });
  return frozen!;
}
