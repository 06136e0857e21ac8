import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { newsletterIssues } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { notifyPortalChanged } from '../events';
import { getIssue, loadIssue } from '../queries/newsletters';
import { forbidden } from '../../../errors';
import type { IssuePatch } from '../../../../common/contracts/newsroom';
import { canEditNewsletter, canPublishNewsletter } from '../policy';
import { assertArticlesPublished, assertNumberFree, setIssueArticles } from './issueChecks';

export async function updateIssue(db: Db, ctx: RequestContext, actor: Actor, id: string, input: IssuePatch) {
  if (!canEditNewsletter(actor)) throw forbidden('只有园区网站编辑可以编辑简讯');
  await db.transaction(async (tx) => {
    const before = await loadIssue(tx, actor.parkId, id);
    if (before.issue.status === 'published' && !canPublishNewsletter(actor)) {
      throw forbidden('简讯已发布，只有审核人员可以修改');
    }
    if (input.articleIds) await assertArticlesPublished(tx, actor.parkId, input.articleIds);
    if (input.number !== undefined && input.number !== before.issue.number) {
      await assertNumberFree(tx, actor.parkId, input.number, id);
    }
    const [after] = await tx
      .update(newsletterIssues)
      .set({
        number: input.number ?? before.issue.number,
        issueDate: input.issueDate ?? before.issue.issueDate,
        title: input.title ?? before.issue.title,
        editorNote: input.editorNote === undefined ? before.issue.editorNote : input.editorNote,
        updatedAt: sql`now()`,
      })
      .where(eq(newsletterIssues.id, id))
      .returning();
    if (input.articleIds) await setIssueArticles(tx, after!, input.articleIds);
    await audit(tx, ctx, {
      action: 'newsroom.newsletter.update',
      entityType: 'newsletterIssue',
      entityId: id,
      before: { ...before.issue, articleIds: before.articles.map((a) => a.id) },
      after: { ...after, articleIds: input.articleIds ?? before.articles.map((a) => a.id) },
    });
    if (after!.status === 'published') await notifyPortalChanged(tx, actor.parkId);
  });
  return getIssue(db, actor, id);
}
