import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { newsletterIssues } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { loadIssue } from '../queries/newsletters';
import { conflict, forbidden } from '../../../errors';
import { canEditNewsletter } from '../policy';

/** Deletes an issue that is not on the site. */
export async function deleteIssue(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  if (!canEditNewsletter(actor)) throw forbidden('只有园区网站编辑可以编辑简讯');
  await db.transaction(async (tx) => {
    const before = await loadIssue(tx, actor.parkId, id);
    if (before.issue.status === 'published')
      throw conflict('ISSUE_PUBLISHED', '已发布的简讯不能删除，请先撤回');
    await tx.delete(newsletterIssues).where(eq(newsletterIssues.id, id));
    await audit(tx, ctx, {
      action: 'newsroom.newsletter.delete',
      entityType: 'newsletterIssue',
      entityId: id,
      before: before.issue,
    });
  });
}
