import { eq, sql } from 'drizzle-orm';
import { refuseProblems } from '../errors';
import type { AppraisalGrade } from '../../../../common/contracts/assessment';
import type { RoundView } from '../../../../common/contracts/assessmentAppraisal';
import type { Actor } from '../../../access/actor';
import type { RequestContext } from '../../../context';
import { conflict, unprocessable } from '../../../errors';
import { audit } from '../../../platform/audit';
import type { Db } from '../../../platform/db/client';
import { appraisalRounds, appraisalSubjects } from '../../../platform/db/schema/index';
import { reviewedRound, roundConfig, roundView } from './queries';
import { checkFinalGrades, excellentCapMessage } from './rules';

/**
 * The committee's final grades (RULES §5: 优秀 / 合格 / 基本合格 / 不合格), after the vote has been
 * counted: one for every member appraised, 优秀 for at most the scheme's share of them (one third,
 * rounded down: rules/scheme.ts excellentCapOf). Beyond the cap nothing is written and the refusal
 * names it. Final: a finalized round is not graded again.
 */
export async function finalizeRound(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: { grades: { personId: string; grade: AppraisalGrade }[] },
): Promise<RoundView> {
  return db.transaction(async (tx) => {
    const r = await reviewedRound(tx, actor, id, '只有负责本轮评议的党组织可以确定评议等次', 'update');
    if (r.round.status === 'open') throw conflict('ROUND_OPEN', '投票尚未结束，请先结束投票并计票');
    if (r.round.status === 'finalized') throw conflict('ROUND_FINALIZED', '本轮评议等次已经确定，不能再修改');
    const config = await roundConfig(tx, r.round);
    const subjectRows = await tx
      .select({ personId: appraisalSubjects.personId, name: appraisalSubjects.name })
      .from(appraisalSubjects)
      .where(eq(appraisalSubjects.roundId, id));
    const subjects = new Map(subjectRows.map((s) => [s.personId, s.name]));
    const { problems, cap, excellent } = checkFinalGrades(config, subjects, input.grades);
    refuseProblems('INVALID_GRADES', problems);
    if (excellent > cap)
      throw unprocessable('EXCELLENT_CAP_EXCEEDED', excellentCapMessage(config, subjects.size, excellent), {
        grades: `优秀最多 ${cap} 名`,
      });

    await tx.execute(sql`
      update appraisal_subjects s set final_grade = v.grade
      from jsonb_to_recordset(${JSON.stringify(input.grades)}::jsonb) as v("personId" uuid, grade text)
      where s.round_id = ${id} and s.person_id = v."personId"`);
    const [round] = await tx
      .update(appraisalRounds)
      .set({ status: 'finalized', finalizedAt: new Date(), finalizedBy: actor.accountId })
      .where(eq(appraisalRounds.id, id))
      .returning();
    await audit(tx, ctx, {
      action: 'assessment.appraisalRound.finalize',
      entityType: 'appraisalRound',
      entityId: id,
      before: { status: 'closed' },
      after: { status: 'finalized', grades: input.grades },
    });
    return roundView(tx, actor, { ...r, round: round! });
  });
}
