import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { portalArticles } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { conflict, forbidden } from '../../../errors';
import { articleCapabilities } from '../policy';
import { loadArticle } from '../queries/articles';
import { auditView } from './articleWrites';

/** Deletes a draft that was never published (drafts and returned ones only). */
export async function deleteArticle(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const a = await loadArticle(tx, actor, id);
    if (!['draft', 'returned'].includes(a.status)) {
      throw conflict('ARTICLE_NOT_DELETABLE', '只能删除草稿或已退回的文章；已发布的文章请撤下');
    }
    const caps = articleCapabilities(actor, a);
    if (!caps.has('edit')) throw forbidden();
    if (a.createdBy !== actor.accountId && !caps.has('review')) throw forbidden('只能删除自己撰写的草稿');
    await tx.delete(portalArticles).where(eq(portalArticles.id, id));
    await audit(tx, ctx, {
      action: 'newsroom.article.delete',
      entityType: 'portalArticle',
      entityId: id,
      before: auditView(a),
    });
  });
}
