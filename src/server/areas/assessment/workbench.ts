import { holdsThroughRole } from '../../access/scope';
import { loadMember } from '../members/memberRecords';
import { item, type WorkbenchItem, type WorkbenchSource } from '../workbench/source';
import { appraisalWorkbenchItems } from './appraisal/workbench';
import { branchRatingWorkbenchItems } from './branchRating/workbench';
import { managesAssessment } from './policy';
import { listEvidence, verificationQueue } from './queries/evidence';
import { KIND_LABELS } from './rules/scoring';
import { findPost, listPosts } from './queries/posts';
import { findScheme } from './schemes';
import { findSelfEvaluation } from './commands/selfEvaluation';

const AREA = '先锋岗考核';

/**
 * The annual assessment on the workbench (RULES.md §5–§6). The general branch is asked for the
 * year's scheme while there is none; reviewers see the evidence and posts waiting for their
 * decision (never their own: nobody verifies their own); members are asked to declare their post,
 * to fix what was returned, and from November (the year's end, when the appraisal comes) to write
 * their self-evaluation. The democratic appraisal and the branch star rating add their own items
 * (appraisal/workbench.ts, branchRating/workbench.ts).
 */
export const assessmentWorkbench: WorkbenchSource = {
  area: 'assessment',
  async items(ctx) {
    const { db, actor, today } = ctx;
    const year = Number(today.slice(0, 4));
    const items: WorkbenchItem[] = [];
    const scheme = await findScheme(db, actor.parkId, year);
    if (!scheme && managesAssessment(actor))
      items.push(
        item({
          key: 'assessment.scheme',
          area: AREA,
          tone: 'todo',
          title: `制定 ${year} 年度党员先锋岗创建评选方案`,
          detail: '可按默认的十个方面创建，或一键复制上年方案',
          link: '/assessment/scheme',
        }),
      );

    if (holdsThroughRole(actor, 'assessment.review')) {
      const queue = await verificationQueue(db, actor, year);
      if (queue.total)
        items.push(
          item({
            key: 'assessment.evidence',
            area: AREA,
            tone: 'todo',
            title: `${queue.total} 份佐证材料待审核`,
            count: queue.total,
            link: '/assessment/evidence?status=submitted',
            entries: queue.items.map((e) => ({
              label: `${e.name} · ${e.title}`,
              detail: KIND_LABELS[e.kind],
              link: null,
            })),
          }),
        );
      const posts = await listPosts(db, actor, { year, status: 'submitted', page: 1, pageSize: 20 });
      const decidable = posts.items.filter((p) => p.canDecide);
      if (decidable.length)
        items.push(
          item({
            key: 'assessment.posts',
            area: AREA,
            tone: 'todo',
            title: `${posts.total} 份先锋岗申报待审核`,
            count: posts.total,
            link: '/assessment/posts?status=submitted',
            entries: decidable.map((p) => ({
              label: `${p.name} · ${p.post}`,
              detail: p.branchName,
              link: null,
            })),
          }),
        );
    }

    const m = actor.personId ? await loadMember(db, actor.parkId, actor.personId) : null;
    if (m && scheme) {
      const post = await findPost(db, actor.parkId, year, m.id);
      if (!post)
        items.push(
          item({
            key: 'assessment.myPost',
            area: AREA,
            tone: 'info',
            title: `申报 ${year} 年度党员先锋岗`,
            detail: '亮身份、亮职责、亮承诺，支部审核后计入年度考核',
            link: '/assessment/mine',
          }),
        );
      else if (post.status === 'returned')
        items.push(
          item({
            key: 'assessment.myPost',
            area: AREA,
            tone: 'todo',
            title: '先锋岗申报被退回，请修改后重新提交',
            detail: post.returnReason,
            link: '/assessment/mine',
          }),
        );
      const returned = await listEvidence(db, actor, {
        year,
        personId: m.id,
        status: 'returned',
        page: 1,
        pageSize: 20,
      });
      if (returned.total)
        items.push(
          item({
            key: 'assessment.myEvidence',
            area: AREA,
            tone: 'todo',
            title: `${returned.total} 份佐证材料被退回`,
            count: returned.total,
            link: '/assessment/mine',
            entries: returned.items.map((e) => ({ label: e.title, detail: e.returnReason, link: null })),
          }),
        );
      if (
        Number(today.slice(5, 7)) >= 11 &&
        !(await findSelfEvaluation(db, actor.parkId, year, m.id, m.name)).selfEvaluation
      )
        items.push(
          item({
            key: 'assessment.selfEvaluation',
            area: AREA,
            tone: 'todo',
            title: `填写 ${year} 年度自评`,
            detail: '对照考核方案逐项自评，与审核通过的记录并列，供民主评议参考',
            link: '/assessment/mine',
          }),
        );
    }
    return [...items, ...(await appraisalWorkbenchItems(ctx)), ...(await branchRatingWorkbenchItems(ctx))];
  },
};
