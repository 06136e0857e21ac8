import { and, eq } from 'drizzle-orm';
import type { PostView } from '../../../../common/contracts/assessment';
import type { Actor } from '../../../access/actor';
import type { RequestContext } from '../../../context';
import { badRequest, conflict, forbidden, notFound } from '../../../errors';
import { audit } from '../../../platform/audit';
import type { Db } from '../../../platform/db/client';
import { vanguardPosts } from '../../../platform/db/schema/index';
import { loadMember } from '../../members/memberRecords';
import { memberSubject, selfMember } from '../members';
import { canReview, reviewsAnyone } from '../policy';
import { presentPost } from '../presenter';
import { findPost } from '../queries/posts';
import { portalChanged } from '../../site/cache';

/**
 * Vanguard posts (亮身份、亮职责、亮承诺, RULES.md §6): the member declares, the branch approves or
 * returns with a reason. Changing the post, duties or pledge sends it back for approval; the
 * portal consent alone can change at any time.
 */

export async function declarePost(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  input: { year: number; post: string; duties: string; pledge: string; showOnPortal: boolean },
): Promise<PostView> {
  const m = await selfMember(db, actor);
  return db.transaction(async (tx) => {
    const before = await findPost(tx, actor.parkId, input.year, m.id);
    const contentChanged =
      !before ||
      before.post !== input.post ||
      before.duties !== input.duties ||
      before.pledge !== input.pledge;
    let row;
    if (!before) {
      [row] = await tx
        .insert(vanguardPosts)
        .values({
          parkId: actor.parkId,
          year: input.year,
          personId: m.id,
          branchId: m.branchId,
          post: input.post,
          duties: input.duties,
          pledge: input.pledge,
          showOnPortal: input.showOnPortal,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) throw conflict('POST_EXISTS', '本年度已申报先锋岗，请刷新后修改');
    } else {
      [row] = await tx
        .update(vanguardPosts)
        .set({
          post: input.post,
          duties: input.duties,
          pledge: input.pledge,
          showOnPortal: input.showOnPortal,
          ...(contentChanged
            ? {
                status: 'submitted',
                returnReason: null,
                decidedBy: null,
                decidedAt: null,
                branchId: m.branchId,
              }
            : {}),
          updatedAt: new Date(),
        })
        .where(eq(vanguardPosts.id, before.id))
        .returning();
    }
    // The portal shows approved posts whose members agreed (public.ts): its page changes when one
    // was or is now shown.
    if (
      (before?.status === 'approved' && before.showOnPortal) ||
      (row!.status === 'approved' && row!.showOnPortal)
    )
      await portalChanged(tx, actor.parkId);
    await audit(tx, ctx, {
      action: 'assessment.post.declare',
      entityType: 'vanguardPost',
      entityId: row!.id,
      before: before ?? undefined,
      after: row,
    });
    return presentPost(row!, { name: m.name, branchName: m.branchName }, false);
  });
}

export async function decidePost(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: { decision: 'approve' | 'return'; reason?: string | null },
): Promise<PostView> {
  if (!reviewsAnyone(actor)) throw forbidden('没有权限审核先锋岗');
  if (input.decision === 'return' && !input.reason)
    throw badRequest('VALIDATION_FAILED', '退回时请写明理由', { reason: '请填写退回理由' });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(vanguardPosts)
      .where(and(eq(vanguardPosts.id, id), eq(vanguardPosts.parkId, actor.parkId)))
      .for('update');
    const m = row ? await loadMember(tx, actor.parkId, row.personId) : null;
    if (!row || !m || !canReview(actor, memberSubject(m))) throw notFound('未找到该先锋岗申报');
    if (row.status !== 'submitted')
      throw conflict(
        'POST_ALREADY_DECIDED',
        `该申报${row.status === 'approved' ? '已通过' : '已退回'}，党员修改后才能再次审核`,
      );
    const [updated] = await tx
      .update(vanguardPosts)
      .set({
        status: input.decision === 'approve' ? 'approved' : 'returned',
        returnReason: input.decision === 'return' ? input.reason! : null,
        decidedBy: actor.accountId,
        decidedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(vanguardPosts.id, id))
      .returning();
    if (updated!.status === 'approved' && updated!.showOnPortal) await portalChanged(tx, actor.parkId);
    await audit(tx, ctx, {
      action: input.decision === 'approve' ? 'assessment.post.approve' : 'assessment.post.return',
      entityType: 'vanguardPost',
      entityId: id,
      before: { status: row.status },
      after: { status: updated!.status, returnReason: updated!.returnReason },
    });
    return presentPost(updated!, { name: m.name, branchName: m.branchName }, true);
  });
}
