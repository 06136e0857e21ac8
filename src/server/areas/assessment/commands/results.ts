import crypto from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import { todayInShanghai } from '../../../../common/dates';
import { publicName } from '../../../../common/privacy';
import { endOfWorkingDays, workingDaysBetween } from '../../../../common/workingDays';
import type { Actor } from '../../../access/actor';
import type { RequestContext } from '../../../context';
import { badRequest, conflict, forbidden, notFound, tooMany } from '../../../errors';
import { audit } from '../../../platform/audit';
import type { Db } from '../../../platform/db/client';
import {
  vanguardNominations,
  vanguardObjections,
  vanguardPublicity,
  vanguardSemesterScores,
} from '../../../platform/db/schema/index';
import { portalChanged } from '../../site/cache';
import { memberSubject, reviewableMember } from '../members';
import { canReview, managesAssessment } from '../policy';
import { findPost } from '../queries/posts';
import { findPublicity, loadNomination, presentNomination, presentPublicity } from '../queries/results';
import { scoreMembers } from '../queries/scores';
import { tenths } from '../rules/scheme';
import { configOf, requireScheme } from '../schemes';
import { loadMember } from '../../members/memberRecords';

/**
 * The year's result (RULES.md §6: branch appraisal and recommendation → committee review → 公示 →
 * plaque; withdrawn below the line): a branch proposes a member whose post it approved, with the
 * year's score as it stands; the general branch approves or rejects; the approved go on 公示 for at
 * least the scheme's working days, objections are answered, and closing it awards the plaques.
 */

const mustManage = (actor: Actor, what: string) => {
  if (!managesAssessment(actor)) throw forbidden(what);
};

export async function nominate(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  input: { year: number; personId: string; reason: string },
) {
  const m = await reviewableMember(db, actor, input.personId, '只能推荐本支部（所管）的党员');
  const id = await db.transaction(async (tx) => {
    const post = await findPost(tx, actor.parkId, input.year, m.id);
    if (!post || post.status !== 'approved')
      throw conflict('POST_NOT_APPROVED', `${m.name}本年度的先锋岗申报尚未经支部审核通过，不能推荐`);
    const pub = await findPublicity(tx, actor.parkId, input.year);
    if (pub) throw conflict('PUBLICITY_STARTED', `${input.year} 年度先锋岗已经公示，不能再推荐`);
    const scheme = await requireScheme(tx, actor.parkId, input.year);
    const score = (await scoreMembers(tx, actor.parkId, input.year, [m.id], scheme)).results.get(m.id)!;
    const [row] = await tx
      .insert(vanguardNominations)
      .values({
        parkId: actor.parkId,
        year: input.year,
        personId: m.id,
        branchId: m.branchId,
        postId: post.id,
        scoreX10: tenths(score.total),
        band: score.band,
        reason: input.reason,
        proposedBy: actor.accountId,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict('ALREADY_NOMINATED', `${m.name}已被推荐过本年度先锋岗`);
    await audit(tx, ctx, {
      action: 'assessment.nomination.propose',
      entityType: 'vanguardNomination',
      entityId: row.id,
      after: { year: row.year, personId: row.personId, score: score.total, band: score.band },
    });
    return row.id;
  });
  return presentNomination(actor, (await loadNomination(db, actor.parkId, id))!);
}

export async function decideNomination(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: { decision: 'approve' | 'reject'; note?: string | null },
) {
  mustManage(actor, '只有党总支可以审批先锋岗推荐');
  if (input.decision === 'reject' && !input.note)
    throw badRequest('VALIDATION_FAILED', '不批准时请写明意见', { note: '请填写意见' });
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(vanguardNominations)
      .where(and(eq(vanguardNominations.id, id), eq(vanguardNominations.parkId, actor.parkId)))
      .for('update');
    if (!row) throw notFound('未找到该推荐');
    if (row.status !== 'proposed') throw conflict('NOMINATION_DECIDED', '该推荐已审批');
    if (await findPublicity(tx, actor.parkId, row.year))
      throw conflict('PUBLICITY_STARTED', '公示已经开始，不能再审批新的推荐');
    const status = input.decision === 'approve' ? 'approved' : 'rejected';
    await tx
      .update(vanguardNominations)
      .set({
        status,
        decidedBy: actor.accountId,
        decidedAt: new Date(),
        decisionNote: input.note ?? null,
        updatedAt: new Date(),
      })
      .where(eq(vanguardNominations.id, id));
    await audit(tx, ctx, {
      action: input.decision === 'approve' ? 'assessment.nomination.approve' : 'assessment.nomination.reject',
      entityType: 'vanguardNomination',
      entityId: id,
      before: { status: row.status },
      after: { status, note: input.note ?? null },
    });
  });
  return presentNomination(actor, (await loadNomination(db, actor.parkId, id))!);
}

export async function openPublicity(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  input: { year: number; startsOn: string; endsOn?: string },
) {
  mustManage(actor, '只有党总支可以发布公示');
  const scheme = await requireScheme(db, actor.parkId, input.year);
  const need = configOf(scheme).publicityWorkingDays;
  if (input.startsOn < todayInShanghai())
    throw badRequest('VALIDATION_FAILED', '公示开始日期不能早于今天', { startsOn: '不能早于今天' });
  const endsOn = input.endsOn ?? endOfWorkingDays(input.startsOn, need);
  const days = workingDaysBetween(input.startsOn, endsOn);
  if (days < need)
    throw badRequest(
      'PUBLICITY_TOO_SHORT',
      `公示期不少于 ${need} 个工作日（${input.startsOn} 至 ${endsOn} 只有 ${days} 个工作日，最早可至 ${endOfWorkingDays(input.startsOn, need)}）`,
      { endsOn: `至少到 ${endOfWorkingDays(input.startsOn, need)}` },
    );
  const row = await db.transaction(async (tx) => {
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(vanguardNominations)
      .where(
        and(
          eq(vanguardNominations.parkId, actor.parkId),
          eq(vanguardNominations.year, input.year),
          eq(vanguardNominations.status, 'approved'),
        ),
      );
    if (n === 0) throw conflict('NOTHING_TO_PUBLICIZE', '还没有党总支批准的先锋岗推荐，无法公示');
    const [pending] = await tx
      .select({ id: vanguardNominations.id })
      .from(vanguardNominations)
      .where(
        and(
          eq(vanguardNominations.parkId, actor.parkId),
          eq(vanguardNominations.year, input.year),
          eq(vanguardNominations.status, 'proposed'),
        ),
      )
      .limit(1);
    if (pending) throw conflict('NOMINATIONS_PENDING', '还有支部推荐未审批，请先审批再公示');
    const [created] = await tx
      .insert(vanguardPublicity)
      .values({
        parkId: actor.parkId,
        year: input.year,
        startsOn: input.startsOn,
        endsOn,
        workingDays: days,
        openedBy: actor.accountId,
      })
      .onConflictDoNothing()
      .returning();
    if (!created) throw conflict('PUBLICITY_EXISTS', `${input.year} 年度先锋岗已经公示`);
    await audit(tx, ctx, {
      action: 'assessment.publicity.open',
      entityType: 'vanguardPublicity',
      entityId: created.id,
      after: created,
    });
    await portalChanged(tx, actor.parkId);
    return created;
  });
  return presentPublicity(row);
}

/** Closing 公示 after its last day, with every objection answered, awards those still standing. */
export async function closePublicity(db: Db, ctx: RequestContext, actor: Actor, year: number) {
  mustManage(actor, '只有党总支可以结束公示');
  const row = await db.transaction(async (tx) => {
    const [pub] = await tx
      .select()
      .from(vanguardPublicity)
      .where(and(eq(vanguardPublicity.parkId, actor.parkId), eq(vanguardPublicity.year, year)))
      .for('update');
    if (!pub) throw notFound(`${year} 年度尚未公示`);
    if (pub.status === 'closed') throw conflict('PUBLICITY_CLOSED', '公示已结束');
    if (todayInShanghai() <= pub.endsOn)
      throw conflict('PUBLICITY_NOT_ENDED', `公示期至 ${pub.endsOn}，期满后才能结束公示`);
    const [open] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(vanguardObjections)
      .innerJoin(vanguardNominations, eq(vanguardNominations.id, vanguardObjections.nominationId))
      .where(
        and(
          eq(vanguardNominations.parkId, actor.parkId),
          eq(vanguardNominations.year, year),
          eq(vanguardObjections.status, 'open'),
        ),
      );
    if (open && open.n > 0)
      throw conflict('OBJECTIONS_OPEN', `还有 ${open.n} 条异议未处理，处理后才能结束公示`);
    const awarded = await tx
      .update(vanguardNominations)
      .set({ status: 'awarded', awardedAt: new Date(), updatedAt: new Date() })
      .where(
        and(
          eq(vanguardNominations.parkId, actor.parkId),
          eq(vanguardNominations.year, year),
          eq(vanguardNominations.status, 'approved'),
        ),
      )
      .returning({ id: vanguardNominations.id });
    const [closed] = await tx
      .update(vanguardPublicity)
      .set({ status: 'closed', closedBy: actor.accountId, closedAt: new Date() })
      .where(eq(vanguardPublicity.id, pub.id))
      .returning();
    await audit(tx, ctx, {
      action: 'assessment.publicity.close',
      entityType: 'vanguardPublicity',
      entityId: pub.id,
      before: { status: pub.status },
      after: { status: 'closed', awarded: awarded.map((a) => a.id) },
    });
    await portalChanged(tx, actor.parkId);
    return closed!;
  });
  return presentPublicity(row);
}

/** How many objections one address may send in an hour (a spam bound, not a judgement). */
export const OBJECTIONS_PER_HOUR = 5;

/**
 * An objection from the portal's form, by anyone, while the 公示 runs. The address is kept only
 * as a salted hash, to bound how many one address sends.
 */
export async function submitObjection(
  db: Db,
  ctx: RequestContext,
  parkId: string,
  input: { nominationId: string; content: string; contact: string | null },
) {
  const content = input.content.trim();
  if (content.length < 10)
    throw badRequest('VALIDATION_FAILED', '请写明异议的具体事实（不少于 10 个字）', {
      content: '不少于 10 个字',
    });
  if (content.length > 1000)
    throw badRequest('VALIDATION_FAILED', '异议内容不能超过 1000 字', { content: '不能超过 1000 字' });
  const contact = input.contact?.trim().slice(0, 100) || null;
  const ipHash = ctx.ip
    ? crypto.createHash('sha256').update(`objection:${parkId}:${ctx.ip}`).digest('hex')
    : null;
  return db.transaction(async (tx) => {
    const n = await loadNomination(tx, parkId, input.nominationId);
    if (!n || n.status !== 'approved') throw notFound('公示名单中没有该党员');
    const pub = await findPublicity(tx, parkId, n.year);
    const today = todayInShanghai();
    if (!pub || pub.status !== 'open' || today < pub.startsOn || today > pub.endsOn)
      throw conflict('PUBLICITY_NOT_OPEN', '不在公示期内，不能提出异议');
    if (ipHash) {
      const [recent] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(vanguardObjections)
        .where(
          and(
            eq(vanguardObjections.ipHash, ipHash),
            gt(vanguardObjections.createdAt, new Date(Date.now() - 3_600_000)),
          ),
        );
      if (recent && recent.n >= OBJECTIONS_PER_HOUR) throw tooMany('提交过于频繁，请一小时后再试');
    }
    const [row] = await tx
      .insert(vanguardObjections)
      .values({ parkId, nominationId: n.id, content, contact, ipHash })
      .returning();
    await audit(tx, ctx, {
      parkId,
      action: 'assessment.objection.submit',
      entityType: 'vanguardObjection',
      entityId: row!.id,
      after: { nominationId: n.id },
    });
    return { name: publicName({ name: n.name, kind: n.person_kind }) };
  });
}

export async function handleObjection(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: { decision: 'uphold' | 'dismiss'; response: string },
) {
  mustManage(actor, '只有党总支可以处理公示异议');
  return db.transaction(async (tx) => {
    const [o] = await tx
      .select()
      .from(vanguardObjections)
      .where(and(eq(vanguardObjections.id, id), eq(vanguardObjections.parkId, actor.parkId)))
      .for('update');
    if (!o) throw notFound('未找到该异议');
    if (o.status !== 'open') throw conflict('OBJECTION_HANDLED', '该异议已处理');
    const status = input.decision === 'uphold' ? 'upheld' : 'dismissed';
    const [after] = await tx
      .update(vanguardObjections)
      .set({ status, response: input.response, handledBy: actor.accountId, handledAt: new Date() })
      .where(eq(vanguardObjections.id, id))
      .returning();
    if (status === 'upheld') {
      await tx
        .update(vanguardNominations)
        .set({
          status: 'rejected',
          decisionNote: `公示期间异议成立：${input.response}`,
          decidedBy: actor.accountId,
          decidedAt: new Date(),
          updatedAt: new Date(),
        })
        .where(and(eq(vanguardNominations.id, o.nominationId), eq(vanguardNominations.status, 'approved')));
      await portalChanged(tx, actor.parkId);
    }
    await audit(tx, ctx, {
      action: 'assessment.objection.handle',
      entityType: 'vanguardObjection',
      entityId: id,
      before: { status: o.status },
      after: { status, response: input.response },
    });
    const n = (await loadNomination(tx, actor.parkId, o.nominationId))!;
    return presentObjection(after!, n.name);
  });
}

export const OBJECTION_STATUS_LABELS = {
  open: '待处理',
  upheld: '异议成立',
  dismissed: '异议不成立',
} as const;

export const presentObjection = (o: typeof vanguardObjections.$inferSelect, name: string) => ({
  id: o.id,
  nominationId: o.nominationId,
  name,
  content: o.content,
  contact: o.contact,
  status: o.status as 'open' | 'upheld' | 'dismissed',
  statusLabel: OBJECTION_STATUS_LABELS[o.status as 'open'],
  response: o.response,
  createdAt: o.createdAt.toISOString(),
  handledAt: o.handledAt?.toISOString() ?? null,
});

/** A semester's score of an awarded vanguard; below the scheme's line the plaque is withdrawn. */
export async function recordSemesterScore(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: { semester: string; score: number },
) {
  const found = await loadNomination(db, actor.parkId, id);
  const m = found ? await loadMember(db, actor.parkId, found.person_id) : null;
  if (!found || !m || !canReview(actor, memberSubject(m))) throw notFound('未找到该先锋岗');
  if (found.status !== 'awarded') throw conflict('NOT_AWARDED', '只有已授牌的先锋岗登记学期得分');
  await db.transaction(async (tx) => {
    const scheme = await requireScheme(tx, actor.parkId, found.year);
    const line = configOf(scheme).withdrawalLine;
    const [row] = await tx
      .insert(vanguardSemesterScores)
      .values({
        parkId: actor.parkId,
        nominationId: id,
        semester: input.semester,
        scoreX10: tenths(input.score),
        recordedBy: actor.accountId,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict('SEMESTER_RECORDED', `${input.semester} 学期得分已登记`);
    const withdraw = tenths(input.score) < tenths(line);
    if (withdraw) {
      await tx
        .update(vanguardNominations)
        .set({
          status: 'withdrawn',
          withdrawnAt: new Date(),
          withdrawReason: `${input.semester} 学期得分 ${input.score} 分，低于 ${line} 分`,
          updatedAt: new Date(),
        })
        .where(eq(vanguardNominations.id, id));
      await portalChanged(tx, actor.parkId);
    }
    await audit(tx, ctx, {
      action: 'assessment.nomination.semesterScore',
      entityType: 'vanguardNomination',
      entityId: id,
      after: { semester: input.semester, score: input.score, withdrawn: withdraw },
    });
  });
  return presentNomination(actor, (await loadNomination(db, actor.parkId, id))!);
}
