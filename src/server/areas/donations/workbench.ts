import { holdsThroughRole } from '../../access/scope';
import { item, type WorkbenchSource } from '../workbench/source';
import { listDrives } from './queries';

const AREA = '捐款';

/**
 * Donation drives on the workbench, for those who run them: the open drives in their reach, and
 * those past their end date still waiting to be closed (closing seals the ledger: RULES.md §6).
 */
export const donationsWorkbench: WorkbenchSource = {
  area: 'donations',
  async items({ db, actor, today }) {
    if (!holdsThroughRole(actor, 'donations.drives')) return [];
    const open = (await listDrives(db, actor, { status: 'open', page: 1, pageSize: 100 })).items.filter(
      (d) => d.canManage,
    );
    if (!open.length) return [];
    const due = open.filter((d) => d.endsOn !== null && d.endsOn < today);
    const entries = [...due, ...open.filter((d) => !due.includes(d))].map((d) => ({
      label: d.title,
      detail: `${d.typeLabel} · 已登记 ${d.entryCount} 笔 ${d.total} 元${d.endsOn ? ` · ${d.endsOn < today ? '已于' : '至'} ${d.endsOn}${d.endsOn < today ? ' 结束，待封账' : ''}` : ''}`,
      link: `/donations/${d.id}`,
    }));
    return [
      item({
        key: 'donations.open',
        area: AREA,
        tone: due.length ? 'todo' : 'info',
        title: due.length ? `${due.length} 项募捐已到结束日期，待封账` : `${open.length} 项募捐进行中`,
        count: due.length || open.length,
        link: '/donations',
        entries,
      }),
    ];
  },
};
