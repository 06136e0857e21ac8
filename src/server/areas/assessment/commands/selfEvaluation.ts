import { and, eq, sql } from 'drizzle-orm';
import type { SelfEvaluationView } from '../../../../common/contracts/assessment';
import type { Actor } from '../../../access/actor';
import type { RequestContext } from '../../../context';
import { badRequest, conflict } from '../../../errors';
import { audit } from '../../../platform/audit';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { assessmentSelfEvaluations } from '../../../platform/db/schema/index';
import { selfMember } from '../members';
import { loadMember } from '../../members/memberRecords';
import { presentSelfEvaluation } from '../presenter';
import { tenths } from '../rules/scheme';
import { configOf, startScoring } from '../schemes';

/**
 * The member's self-evaluation (自评, RULES.md §5): a score and a short statement per aspect of the
 * year's scheme (the appraisal's own aspects excepted: others judge those), shown beside the
 * verified record. It can be revised until a democratic appraisal of the member has closed.
 */
export async function putSelfEvaluation(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  input: {
    year: number;
    entries: Record<string, { score: number; statement: string }>;
    summary?: string | null;
  },
): Promise<SelfEvaluationView> {
  const m = await selfMember(db, actor);
  return db.transaction(async (tx) => {
    const scheme = await startScoring(tx, ctx, actor, input.year, 'selfEvaluation');
    const aspects = configOf(scheme).aspects.filter((a) => a.source !== 'appraisal');
    const fields: Record<string, string> = {};
    for (const a of aspects) {
      const e = input.entries[a.key];
      if (!e) fields[`entries.${a.key}`] = `请为「${a.name}」自评`;
      else if (tenths(e.score) > tenths(a.max))
        fields[`entries.${a.key}.score`] = `「${a.name}」自评分不能超过满分 ${a.max} 分`;
    }
    for (const key of Object.keys(input.entries))
      if (!aspects.some((a) => a.key === key)) fields[`entries.${key}`] = `方案中没有「${key}」这一自评方面`;
    const first = Object.values(fields)[0];
    if (first) throw badRequest('SELF_EVALUATION_INVALID', first, fields);
    const [closed] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from appraisal_subjects s join appraisal_rounds r on r.id = s.round_id
          where r.park_id = ${actor.parkId} and r.year = ${input.year} and s.person_id = ${m.id}
            and r.status in ('closed', 'finalized')`,
    );
    if (closed!.n > 0) throw conflict('SELF_EVALUATION_LOCKED', '民主评议已结束，年度自评不能再修改');
    const [before] = await tx
      .select()
      .from(assessmentSelfEvaluations)
      .where(
        and(
          eq(assessmentSelfEvaluations.parkId, actor.parkId),
          eq(assessmentSelfEvaluations.year, input.year),
          eq(assessmentSelfEvaluations.personId, m.id),
        ),
      );
    const values = {
      entries: input.entries,
      summary: input.summary ?? null,
      schemeVersion: scheme.version,
      branchId: m.branchId,
      updatedAt: new Date(),
    };
    const [row] = before
      ? await tx
          .update(assessmentSelfEvaluations)
          .set(values)
          .where(eq(assessmentSelfEvaluations.id, before.id))
          .returning()
      : await tx
          .insert(assessmentSelfEvaluations)
          .values({ parkId: actor.parkId, year: input.year, personId: m.id, ...values })
          .returning();
    await audit(tx, ctx, {
      action: 'assessment.selfEvaluation.submit',
      entityType: 'assessmentSelfEvaluation',
      entityId: row!.id,
      before: before ?? undefined,
      after: row,
    });
    return presentSelfEvaluation(row!, m.name);
  });
}

export async function findSelfEvaluation(
  db: Db,
  parkId: string,
  year: number,
  personId: string,
  name: string,
) {
  const [row] = await db
    .select()
    .from(assessmentSelfEvaluations)
    .where(
      and(
        eq(assessmentSelfEvaluations.parkId, parkId),
        eq(assessmentSelfEvaluations.year, year),
        eq(assessmentSelfEvaluations.personId, personId),
      ),
    );
  return { selfEvaluation: row ? presentSelfEvaluation(row, name) : null };
}

/** The actor's own self-evaluation for a year (none for someone who is not a member). */
export async function mySelfEvaluation(db: Db, actor: Actor, year: number) {
  const m = actor.personId ? await loadMember(db, actor.parkId, actor.personId) : null;
  return m ? findSelfEvaluation(db, actor.parkId, year, m.id, m.name) : { selfEvaluation: null };
}
