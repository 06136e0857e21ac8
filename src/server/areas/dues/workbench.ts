import { holdsThroughRole, reachesBeyondBranch } from '../../access/scope';
import { item, type WorkbenchItem, type WorkbenchSource } from '../workbench/source';
import { listArrears, memberDues } from './queries';
import { DUES_RULES } from './rules';

const AREA = '党费';

const monthLabel = (m: string) => `${Number(m.slice(0, 4))}年${Number(m.slice(5, 7))}月`;

/**
 * Party dues on the workbench (RULES.md §5): for those who keep a branch's dues, the members in
 * arrears (those past the lapse limit first); for those over many branches, only the members past
 * the limit; for a member, their own unpaid months.
 */
export const duesWorkbench: WorkbenchSource = {
  area: 'dues',
  async items({ db, actor, today }) {
    const items: WorkbenchItem[] = [];
    if (holdsThroughRole(actor, 'members.write')) {
      const wide = reachesBeyondBranch(actor, 'members.write');
      const a = await listArrears(db, actor, {});
      const shown = wide ? a.items.filter((i) => i.flagged) : a.items;
      if (shown.length) {
        items.push(
          item({
            key: 'dues.arrears',
            area: AREA,
            tone: a.flagged ? 'overdue' : 'todo',
            title: wide
              ? `${shown.length} 名党员连续 ${DUES_RULES.lapseMonths} 个月以上未交党费`
              : `${a.total} 名党员欠缴党费`,
            count: shown.length,
            detail: a.flagged
              ? `其中 ${a.flagged} 人连续未交满 ${DUES_RULES.lapseMonths} 个月，应按规定处理`
              : null,
            link: '/dues',
            entries: shown.map((i) => ({
              label: i.name,
              detail: `${i.branchName} · 欠缴 ${i.unpaidMonths.length} 个月`,
              link: '/dues',
            })),
          }),
        );
      }
    }
    if (actor.personId && actor.branchId) {
      const mine = await memberDues(db, actor, actor.personId, Number(today.slice(0, 4))).catch(() => null);
      if (mine && !mine.months.length) {
        items.push(
          item({
            key: 'dues.mine',
            area: AREA,
            tone: 'info',
            title: '今年的党费尚未核定',
            detail: '支部核定交纳基数后，这里显示每月应交与已交',
            link: '/dues/mine',
          }),
        );
      } else if (mine) {
        const unpaid = mine.arrears.unpaidMonths;
        items.push(
          item({
            key: 'dues.mine',
            area: AREA,
            tone: unpaid.length ? 'todo' : 'info',
            title: unpaid.length ? `你有 ${unpaid.length} 个月党费未交` : '你的党费已按月交清',
            count: unpaid.length,
            detail: unpaid.length
              ? `${unpaid.map(monthLabel).join('、')}；请向支部交纳`
              : mine.monthlyFen !== null
                ? `每月 ${(mine.monthlyFen / 100).toFixed(2)} 元`
                : null,
            link: '/dues/mine',
          }),
        );
      }
    }
    return items;
  },
};
