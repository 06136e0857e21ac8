import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { portalArticles } from '../../../platform/db/schema/index';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { AppError, forbidden, unprocessable } from '../../../errors';
import { portalArticleColumns } from '../../../platform/db/schema/index';
import { transition, type ArticleStatus, type Capability, type WorkflowAction } from '../rules';
import { articleCapabilities } from '../policy';
import { notify } from '../../notifications/service';
import { notifyPortalChanged } from '../events';
import {
  accountsWithPermission,
  articleRowColumns,
  attachmentsOf,
  getArticle,
  loadArticleForUpdate,
  workflowState,
} from '../queries/articles';
import { getPortalSettingsRow } from '../queries/settings';
import { consoleLink, isPublicState, recordTransition } from './articleWrites';

/**
 * One workflow step (rules.ts decides whether it is allowed), stored, recorded and announced:
 * reviewers hear of a submission, sign-off holders of an approval, the author of the outcome.
 */
export async function transitionArticle(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  action: WorkflowAction,
  opts: { reason?: string | null } = {},
) {
  if (action === 'publishDue') throw forbidden('定时发布由系统执行');
  await db.transaction(async (tx) => {
    const a = await loadArticleForUpdate(tx, actor, id);
    const settings = await getPortalSettingsRow(tx, actor.parkId);
    const caps: Set<Capability> = articleCapabilities(actor, a);
    const result = transition(workflowState(a), {
      action,
      actorId: actor.accountId,
      capabilities: caps,
      signoffRequired: settings.signoffRequired,
      now: new Date(),
      reason: opts.reason,
    });
    if (!result.ok) throw new AppError(result.status, result.code, result.message);
    if (action === 'submit') {
      const [{ n } = { n: 0 }] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(portalArticleColumns)
        .where(eq(portalArticleColumns.articleId, id));
      if (n === 0)
        throw unprocessable('COLUMN_REQUIRED', '提交前请至少选择一个栏目', { columnIds: '请选择栏目' });
      if (!a.bodyHtml.trim() && !(await attachmentsOf(tx, id)).length) {
        throw unprocessable('BODY_REQUIRED', '提交前请填写正文或添加附件', { bodyHtml: '正文不能为空' });
      }
    }
    const now = new Date();
    const set = result.set;
    const [after] = await tx
      .update(portalArticles)
      .set({
        status: result.to,
        ...('submittedBy' in set
          ? { submittedBy: set.submittedBy, submittedAt: set.submittedBy ? now : null }
          : {}),
        ...('approvedBy' in set
          ? { approvedBy: set.approvedBy, approvedAt: set.approvedBy ? now : null }
          : {}),
        ...('signedOffBy' in set
          ? { signedOffBy: set.signedOffBy, signedOffAt: set.signedOffBy ? now : null }
          : {}),
        ...('publishedAt' in set ? { publishedAt: set.publishedAt } : {}),
        ...('returnReason' in set ? { returnReason: set.returnReason } : {}),
        ...('takedownReason' in set ? { takedownReason: set.takedownReason } : {}),
        ...(result.to === 'takenDown' ? { takenDownAt: now } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(portalArticles.id, id))
      .returning(articleRowColumns);
    await recordTransition(tx, ctx, a, after!, action, opts.reason ?? null, actor.displayName);
    const link = consoleLink(id);
    const title = `《${a.title}》`;
    if (result.notify === 'reviewers') {
      const targets = (await accountsWithPermission(tx, a.parkId, 'portal.review')).filter(
        (x) => x !== actor.accountId,
      );
      await notify(tx, {
        parkId: a.parkId,
        accountIds: targets,
        kind: 'portal.reviewRequested',
        title: `待审核：${title}`,
        body: `${actor.displayName} 提交了文章，请审核。`,
        link,
      });
    } else if (result.notify === 'signoff') {
      const targets = (await accountsWithPermission(tx, a.parkId, 'portal.signoff')).filter(
        (x) => x !== actor.accountId && x !== a.createdBy && x !== a.submittedBy,
      );
      await notify(tx, {
        parkId: a.parkId,
        accountIds: targets,
        kind: 'portal.signoffRequested',
        title: `待签发：${title}`,
        body: `${actor.displayName} 已审核通过，请签发。`,
        link,
      });
    } else if (result.notify === 'author') {
      const targets = [a.createdBy, a.submittedBy].filter((x): x is string => !!x && x !== actor.accountId);
      const text: Partial<Record<ArticleStatus, [string, string]>> = {
        published: ['portal.published', `已发布：${title}`],
        scheduled: ['portal.scheduled', `已通过，将定时发布：${title}`],
        returned: ['portal.returned', `被退回：${title}`],
        takenDown: ['portal.takenDown', `已撤下：${title}`],
      };
      const t = text[result.to];
      if (t) {
        await notify(tx, {
          parkId: a.parkId,
          accountIds: targets,
          kind: t[0],
          title: t[1],
          body: opts.reason ? `原因：${opts.reason}` : null,
          link,
        });
      }
    }
    // Scheduled articles count too: the public cache must learn a new publish time, or a takedown.
    if (isPublicState(a.status) || isPublicState(result.to)) await notifyPortalChanged(tx, a.parkId);
  });
  return getArticle(db, actor, id);
}
