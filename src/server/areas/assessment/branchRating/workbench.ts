import { sql } from 'drizzle-orm';
import { reachesBeyondBranch } from '../../../access/scope';
import { queryRows } from '../../../platform/db/rows';
import { item, type WorkbenchContext, type WorkbenchItem } from '../../workbench/source';
import { managesAssessment, reviewsAnyone } from '../policy';
import { branchScope } from './queries';
import { findRatingScheme } from './schemes';

const AREA = '支部评星';
const LINK = '/assessment/branch-rating';

/**
 * Branch star rating on the workbench. Whoever runs one branch (`assessment.review` not reaching
 * beyond a branch) is asked in December to rate the branch's year, and told of evidence the general
 * branch returned (while the branch's rating is still open); the general branch sees branches that have rated themselves and wait for its
 * rating, and evidence waiting for a score. Counts come from the same branch scope as the board.
 */
export async function branchRatingWorkbenchItems(ctx: WorkbenchContext): Promise<WorkbenchItem[]> {
  const { db, actor, today } = ctx;
  if (!reviewsAnyone(actor)) return [];
  const year = Number(today.slice(0, 4));
  const scheme = await findRatingScheme(db, actor.parkId, year);
  if (!scheme) return [];
  const items: WorkbenchItem[] = [];
  const scope = branchScope(actor, 'b');

  if (!reachesBeyondBranch(actor, 'assessment.review')) {
    if (today.slice(5, 7) === '12') {
      const due = await queryRows<{ id: string; name: string }>(
        db,
        sql`select b.id, b.name from org_nodes b
            left join branch_ratings r on r.branch_id = b.id and r.park_id = b.park_id and r.year = ${year}
            where b.kind = 'branch' and b.disabled_at is null and ${scope} and (r.id is null or r.status = 'draft')
            order by b.name`,
      );
      if (due.length)
        items.push(
          item({
            key: 'branchRating.selfRate',
            area: AREA,
            tone: 'todo',
            title: `提交 ${year} 年度支部自评`,
            detail: '年底前按评星标准逐项自评，党总支据此评定星级',
            count: due.length,
            link: LINK,
            entries: due.map((b) => ({ label: b.name, detail: null, link: null })),
          }),
        );
    }
    const returned = await queryRows<{ title: string; reason: string | null }>(
      db,
      sql`select e.title, e.return_reason as reason from branch_rating_evidence e join org_nodes b on b.id = e.branch_id
          where e.park_id = ${actor.parkId} and e.year = ${year} and e.status = 'returned' and ${scope}
            and not exists (select 1 from branch_ratings r where r.branch_id = e.branch_id and r.year = e.year and r.status = 'rated')
          order by e.updated_at desc`,
    );
    if (returned.length)
      items.push(
        item({
          key: 'branchRating.evidenceReturned',
          area: AREA,
          tone: 'todo',
          title: `${returned.length} 份支部佐证材料被退回`,
          detail: '按退回理由修改后重新提交',
          count: returned.length,
          link: LINK,
          entries: returned.map((e) => ({ label: e.title, detail: e.reason, link: null })),
        }),
      );
  }

  if (managesAssessment(actor)) {
    const waiting = await queryRows<{ name: string; self_total_tenths: number | null }>(
      db,
      sql`select b.name, r.self_total_tenths from branch_ratings r join org_nodes b on b.id = r.branch_id
          where r.park_id = ${actor.parkId} and r.year = ${year} and r.status = 'selfRated' and ${scope}
          order by r.self_rated_at`,
    );
    if (waiting.length)
      items.push(
        item({
          key: 'branchRating.toRate',
          area: AREA,
          tone: 'todo',
          title: `${waiting.length} 个支部已自评，待评定星级`,
          count: waiting.length,
          link: LINK,
          entries: waiting.map((w) => ({
            label: w.name,
            detail: w.self_total_tenths != null ? `自评 ${w.self_total_tenths / 10} 分` : null,
            link: null,
          })),
        }),
      );
    const toScore = await queryRows<{ title: string; name: string }>(
      db,
      sql`select e.title, b.name from branch_rating_evidence e join org_nodes b on b.id = e.branch_id
          where e.park_id = ${actor.parkId} and e.year = ${year} and e.status = 'submitted' and ${scope}
          order by e.created_at`,
    );
    if (toScore.length)
      items.push(
        item({
          key: 'branchRating.evidenceToScore',
          area: AREA,
          tone: 'todo',
          title: `${toScore.length} 份支部佐证材料待评分`,
          count: toScore.length,
          link: LINK,
          entries: toScore.map((e) => ({ label: `${e.name} · ${e.title}`, detail: null, link: null })),
        }),
      );
  }
  return items;
}
