import type { ArticleListQuery } from '../../../common/contracts/newsroom';
import { holdsThroughRole } from '../../access/scope';
import { item, type WorkbenchContext, type WorkbenchItem, type WorkbenchSource } from '../workbench/source';
import { listArticles } from './queries/articles';

const AREA = '网站';

const page = (q: Partial<ArticleListQuery>): ArticleListQuery => ({
  queue: 'all',
  page: 1,
  pageSize: 100,
  ...q,
});

const editLink = (id: string) => `/portal/articles/${id}`;

/**
 * The newsroom on the workbench: an author's drafts and returned pieces, a reviewer's queue (not
 * their own submissions: nobody approves their own piece, see rules.ts), the sign-off queue. Each
 * entry opens the article where the next step is taken.
 */
export const newsroomWorkbench: WorkbenchSource = {
  area: 'newsroom',
  async items(ctx) {
    const items: WorkbenchItem[] = [];
    if (holdsThroughRole(ctx.actor, 'portal.edit')) items.push(...(await authorItems(ctx)));
    if (holdsThroughRole(ctx.actor, 'portal.review')) {
      const queue = await listArticles(ctx.db, ctx.actor, page({ queue: 'review' }));
      const others = queue.items.filter((a) => a.createdBy !== ctx.actor.accountId);
      items.push(
        item({
          key: 'newsroom.review',
          area: AREA,
          tone: others.length ? 'todo' : 'info',
          title: others.length ? `${others.length} 篇稿件待审核` : '审核队列已清空',
          count: others.length,
          link: '/portal/articles?queue=review',
          entries: others.map((a) => ({
            label: a.title,
            detail: a.createdByName ? `${a.createdByName} 提交` : null,
            link: editLink(a.id),
          })),
        }),
      );
    }
    if (holdsThroughRole(ctx.actor, 'portal.signoff')) {
      const queue = await listArticles(ctx.db, ctx.actor, page({ queue: 'signoff' }));
      if (queue.total) {
        items.push(
          item({
            key: 'newsroom.signoff',
            area: AREA,
            tone: 'todo',
            title: `${queue.total} 篇稿件待党总支签发`,
            count: queue.total,
            link: '/portal/articles?queue=signoff',
            entries: queue.items.map((a) => ({
              label: a.title,
              detail: a.createdByName,
              link: editLink(a.id),
            })),
          }),
        );
      }
    }
    return items;
  },
};

async function authorItems({ db, actor }: WorkbenchContext): Promise<WorkbenchItem[]> {
  const mine = (await listArticles(db, actor, page({ queue: 'mine' }))).items;
  const returned = mine.filter((a) => a.status === 'returned' || a.status === 'takenDown');
  const drafts = mine.filter((a) => a.status === 'draft');
  const waiting = mine.filter((a) => a.status === 'submitted' || a.status === 'approved');
  const items: WorkbenchItem[] = [];
  if (returned.length) {
    items.push(
      item({
        key: 'newsroom.returned',
        area: AREA,
        tone: 'overdue',
        title: `${returned.length} 篇稿件被退回或撤下，待修改`,
        count: returned.length,
        link: '/portal/articles?queue=mine',
        entries: returned.map((a) => ({
          label: a.title,
          detail: a.returnReason ?? a.takedownReason,
          link: editLink(a.id),
        })),
      }),
    );
  }
  items.push(
    item({
      key: 'newsroom.drafts',
      area: AREA,
      tone: drafts.length ? 'todo' : 'info',
      title: drafts.length ? `${drafts.length} 篇草稿待完成并提交审核` : '没有未提交的草稿',
      count: drafts.length,
      detail: waiting.length ? `另有 ${waiting.length} 篇在审核中` : null,
      link: drafts.length ? '/portal/articles?queue=mine' : '/portal/articles/new',
      entries: drafts.map((a) => ({ label: a.title, detail: '草稿', link: editLink(a.id) })),
    }),
  );
  return items;
}
