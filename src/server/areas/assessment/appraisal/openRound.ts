import { and, eq } from 'drizzle-orm';
import type { ExclusionInput, RoundMode, RoundView } from '../../../../common/contracts/assessmentAppraisal';
import type { Actor } from '../../../access/actor';
import type { RequestContext } from '../../../context';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../../errors';
import { audit } from '../../../platform/audit';
import type { Db } from '../../../platform/db/client';
import { appraisalRounds, appraisalSubjects, appraisalVoters } from '../../../platform/db/schema/index';
import { configOf, startScoring } from '../schemes';
import { canOpenRound } from './policy';
import { loadNode, membersOf, roundView } from './queries';
import { PROBATIONARY_EXCLUSION, exclusionText } from './rules';

export interface OpenRoundInput {
  year: number;
  orgNodeId: string;
  title: string;
  mode?: RoundMode;
  closesAt?: string | null;
  exclusions: ExclusionInput[];
}

/**
 * Opens a democratic-appraisal round over a branch, or over the park through the general branch.
 * In one transaction: scoring starts (the year's scheme freezes: schemes.ts startScoring), the
 * members of the node are snapshotted as the round's subjects, and every one of them goes on the
 * roll — full members as voters, probationary members with the exclusion '预备党员', and the
 * excused (RULES §2's five categories, the higher organisation's consent confirmed by the opener)
 * with their category and reason. One round per node may be open at a time.
 */
export async function openRound(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  input: OpenRoundInput,
): Promise<RoundView> {
  const node = await loadNode(db, actor.parkId, input.orgNodeId);
  if (!node) throw notFound('未找到该党组织');
  if (node.kind !== 'branch' && node.kind !== 'generalBranch')
    throw unprocessable('INVALID_NODE', '民主评议只能按党支部或全园区（党总支）发起', {
      orgNodeId: '请选择党支部或党总支',
    });
  if (!canOpenRound(actor, node))
    throw forbidden(
      node.kind === 'generalBranch' ? '只有党总支可以发起全园区民主评议' : '没有权限为该党支部发起民主评议',
    );
  if (input.closesAt && new Date(input.closesAt).getTime() <= Date.now())
    throw badRequest('INVALID_CLOSES_AT', '计划结束时间应晚于现在', { closesAt: '应晚于现在' });

  return db.transaction(async (tx) => {
    // First: the scheme's row lock serialises every opening of the park's year, so the "one open
    // round per node" check below cannot race.
    const scheme = await startScoring(tx, ctx, actor, input.year, 'appraisal');
    const config = configOf(scheme);
    const [already] = await tx
      .select({ id: appraisalRounds.id })
      .from(appraisalRounds)
      .where(
        and(
          eq(appraisalRounds.parkId, actor.parkId),
          eq(appraisalRounds.orgNodeId, node.id),
          eq(appraisalRounds.status, 'open'),
        ),
      );
    if (already)
      throw conflict('ROUND_ALREADY_OPEN', `${node.name}已有一轮民主评议正在投票，请先结束该轮投票`);

    const members = await membersOf(tx, actor.parkId, node);
    if (!members.length)
      throw unprocessable('NO_MEMBERS', `${node.name}没有党员，无法发起民主评议`, { orgNodeId: '没有党员' });
    const byId = new Map(members.map((m) => [m.personId, m]));
    const excused = new Map<string, string>();
    const fields: Record<string, string> = {};
    input.exclusions.forEach((x, i) => {
      const m = byId.get(x.personId);
      if (!m) fields[`exclusions.${i}.personId`] = '不是本轮评议的党员';
      else if (m.status !== 'full')
        fields[`exclusions.${i}.personId`] = `${m.name}是预备党员，本就不参加投票`;
      else if (excused.has(x.personId)) fields[`exclusions.${i}.personId`] = `${m.name}重复`;
      else excused.set(x.personId, exclusionText(x.category, x.reason));
    });
    if (Object.keys(fields).length) throw badRequest('INVALID_EXCLUSIONS', Object.values(fields)[0]!, fields);
    const eligible = members.filter((m) => m.status === 'full' && !excused.has(m.personId)).length;
    if (eligible === 0)
      throw unprocessable('NO_VOTERS', '没有可以投票的正式党员，无法发起民主评议', {
        exclusions: '没有投票人',
      });

    const [round] = await tx
      .insert(appraisalRounds)
      .values({
        parkId: actor.parkId,
        year: input.year,
        schemeId: scheme.id,
        schemeVersion: scheme.version,
        orgNodeId: node.id,
        title: input.title,
        mode: input.mode ?? config.appraisal.mode,
        status: 'open',
        closesAt: input.closesAt ? new Date(input.closesAt) : null,
        openedBy: actor.accountId,
      })
      .returning();
    await tx.insert(appraisalSubjects).values(
      members.map((m) => ({
        roundId: round!.id,
        personId: m.personId,
        parkId: actor.parkId,
        name: m.name,
        branchId: m.branchId,
      })),
    );
    const roll = members.map((m) => ({
      roundId: round!.id,
      personId: m.personId,
      parkId: actor.parkId,
      exclusion: m.status === 'full' ? (excused.get(m.personId) ?? null) : PROBATIONARY_EXCLUSION,
    }));
    await tx.insert(appraisalVoters).values(roll);
    await audit(tx, ctx, {
      action: 'assessment.appraisalRound.open',
      entityType: 'appraisalRound',
      entityId: round!.id,
      after: {
        year: round!.year,
        orgNodeId: node.id,
        title: round!.title,
        mode: round!.mode,
        schemeVersion: round!.schemeVersion,
        subjects: members.length,
        eligible,
        excluded: roll
          .filter((v) => v.exclusion !== null)
          .map((v) => ({ personId: v.personId, exclusion: v.exclusion })),
      },
    });
    return roundView(tx, actor, { round: round!, node, reviewer: true, roll: null });
  });
}
