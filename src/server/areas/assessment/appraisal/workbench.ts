import { sql } from 'drizzle-orm';
import { dateInShanghai } from '../../../../common/dates';
import { hasPermission } from '../../../access/scope';
import { queryRows } from '../../../platform/db/rows';
import { item, type WorkbenchContext, type WorkbenchItem } from '../../workbench/source';
import { activeRounds } from './queries';

const AREA = '民主评议';
const MINE = '/assessment/appraisal/mine';

/**
 * The democratic appraisal on the workbench. A voter sees the open rounds they have still to vote
 * in ("民主评议待投票", to the ballot paper); whoever runs rounds (assessment.review over their
 * node) sees the open ones with their turnout, and those counted but still awaiting the
 * committee's grades. Read through the area's own scoped queries.
 */
export async function appraisalWorkbenchItems({
  db,
  actor,
  today,
}: WorkbenchContext): Promise<WorkbenchItem[]> {
  const items: WorkbenchItem[] = [];
  if (actor.personId) {
    const pending = await queryRows<{
      id: string;
      title: string;
      closes_at: Date | string | null;
      node_name: string;
    }>(
      db,
      sql`select r.id, r.title, r.closes_at, n.name as node_name
          from appraisal_voters v
          join appraisal_rounds r on r.id = v.round_id
          join org_nodes n on n.id = r.org_node_id
          where v.person_id = ${actor.personId} and r.park_id = ${actor.parkId}
            and r.status = 'open' and v.exclusion is null and not v.voted
          order by r.opened_at`,
    );
    if (pending.length)
      items.push(
        item({
          key: 'assessment.appraisalVote',
          area: AREA,
          tone: 'todo',
          title: '民主评议待投票',
          detail: '无记名投票：选票不记录投票人，投出后凭回执码可查是否计入',
          count: pending.length,
          link: MINE,
          entries: pending.map((p) => ({
            label: p.title,
            detail: `${p.node_name}${p.closes_at ? ` · 计划 ${dateInShanghai(new Date(p.closes_at))} 结束` : ''}`,
            link: MINE,
          })),
        }),
      );
  }
  if (hasPermission(actor, 'assessment.review')) {
    const rounds = await activeRounds(db, actor);
    const open = rounds.filter((r) => r.status === 'open');
    const counted = rounds.filter((r) => r.status === 'closed');
    if (open.length) {
      const due = open.filter((r) => r.closesAt !== null && dateInShanghai(new Date(r.closesAt)) < today);
      items.push(
        item({
          key: 'assessment.appraisalRounds',
          area: AREA,
          tone: due.length ? 'todo' : 'info',
          title: due.length
            ? `${due.length} 轮民主评议已过计划结束时间，待结束投票`
            : `${open.length} 轮民主评议投票中`,
          count: open.length,
          link: '/assessment/appraisal',
          entries: open.map((r) => ({
            label: r.title,
            detail: `${r.orgNodeName} · 已投 ${r.turnout.voted} / 应投 ${r.turnout.eligible}${r.turnout.quorumMet ? '' : `（过半需 ${r.turnout.quorum}）`}`,
            link: `/assessment/appraisal/rounds/${r.id}`,
          })),
        }),
      );
    }
    if (counted.length)
      items.push(
        item({
          key: 'assessment.appraisalFinalize',
          area: AREA,
          tone: 'todo',
          title: `${counted.length} 轮民主评议已计票，待支委会确定等次`,
          count: counted.length,
          link: '/assessment/appraisal',
          entries: counted.map((r) => ({
            label: r.title,
            detail: r.orgNodeName,
            link: `/assessment/appraisal/rounds/${r.id}`,
          })),
        }),
      );
  }
  return items;
}
