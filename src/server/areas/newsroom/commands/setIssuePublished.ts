import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { newsletterIssues } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { notifyPortalChanged } from '../events';
import { getIssue, loadIssue } from '../queries/newsletters';
import { forbidden, unprocessable } from '../../../errors';
import { canPublishNewsletter } from '../policy';
import { assertArticlesPublished } from './issueChecks';

/** Publishes an issue on the site (all its articles still published), or withdraws it. */
export async function setIssuePublished(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  published: boolean,
) {
  if (!canPublishNewsletter(actor)) throw forbidden('只有审核人员可以发布简讯');
  await db.transaction(async (tx) => {
    const before = await loadIssue(tx, actor.parkId, id);
    if (published) {
      if (!before.articles.length)
        throw unprocessable('ISSUE_EMPTY', '简讯中还没有文章', { articleIds: '请选择文章' });
      await assertArticlesPublished(
        tx,
        actor.parkId,
        before.articles.map((a) => a.id),
      );
    }
    await tx
      .update(newsletterIssues)
      .set({
        status: published ? 'published' : 'draft',
        publishedAt: published ? (before.issue.publishedAt ?? new Date()) : null,
        updatedAt: sql`now()`,
      })
      .where(eq(newsletterIssues.id, id));
    await audit(tx, ctx, {
      action: published ? 'newsroom.newsletter.publish' : 'newsroom.newsletter.unpublish',
      entityType: 'newsletterIssue',
      entityId: id,
      before: { status: before.issue.status },
      after: { status: published ? 'published' : 'draft' },
    });
    await notifyPortalChanged(tx, actor.parkId);
  });
  return getIssue(db, actor, id);
}
