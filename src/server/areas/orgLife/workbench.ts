import { holdsThroughRole, reachesBeyondBranch } from '../../access/scope';
import { item, type WorkbenchContext, type WorkbenchItem, type WorkbenchSource } from '../workbench/source';
import { ORGLIFE_WRITE } from './policy';
import { getChecklist, queryRoster } from './queries/birthdays';
import { complianceBoard } from './queries/meetings';
import { listProposals, listThoughtReports } from './queries/records';
import { listSymposiums, myInvitations } from './queries/symposiums';

const AREA = '组织生活';

const shanghaiMinute = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));

const mmdd = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

/** The checklist of one member's birthday, opened on the roster page. */
const checklistLink = (personId: string, year: number, month: number) =>
  `/orglife/birthdays?year=${year}&month=${month}&person=${personId}`;

/**
 * Organisational life on the workbench. Who runs a branch (members.write over a branch, not
 * beyond: the secretary) gets the branch's month: birthdays, the symposium, meetings due and
 * overdue, reports to comment on, proposals to route. Who oversees many branches (school or park)
 * gets the compliance picture across them. A member gets their own political birthday and the
 * replies to their proposals. RULES.md §4–§5.
 */
export const orgLifeWorkbench: WorkbenchSource = {
  area: 'orgLife',
  async items(ctx) {
    const { actor } = ctx;
    const items: WorkbenchItem[] = [];
    if (holdsThroughRole(actor, ORGLIFE_WRITE)) {
      if (reachesBeyondBranch(actor, ORGLIFE_WRITE)) items.push(...(await overseer(ctx)));
      else items.push(...(await branchMonth(ctx)));
    }
    if (actor.personId && actor.branchId) items.push(...(await ownBirthday(ctx)));
    return items;
  },
};

async function branchMonth({ db, actor, today }: WorkbenchContext): Promise<WorkbenchItem[]> {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const items: WorkbenchItem[] = [];

  const roster = await queryRoster(db, actor, { year, month });
  const open = roster.filter((r) => !r.checklist.complete);
  // Those still to come first (next week is what a secretary prepares for), then the rest.
  const ordered = [...roster].sort(
    (a, b) =>
      Number(a.birthdayOn < today) - Number(b.birthdayOn < today) || a.birthdayOn.localeCompare(b.birthdayOn),
  );
  items.push(
    item({
      key: 'orgLife.birthdays',
      area: AREA,
      tone: open.length ? 'todo' : 'info',
      title: roster.length ? `本月政治生日 ${roster.length} 人` : '本月没有党员过政治生日',
      count: roster.length,
      detail: roster.length
        ? `清单已完成 ${roster.length - open.length}/${roster.length} 人；生日当月安排座谈会、贺卡、重温誓词`
        : null,
      link: `/orglife/birthdays?year=${year}&month=${month}`,
      entries: ordered.map((r) => ({
        label: r.name,
        detail: `${mmdd(r.birthdayOn)} · 第 ${r.years} 个政治生日${r.checklist.complete ? ' · 已完成' : ''}`,
        link: checklistLink(r.personId, year, month),
      })),
    }),
  );

  const symposiums = (await listSymposiums(db, actor, { year, month })).items.filter(
    (s) => s.status !== 'cancelled',
  );
  if (symposiums.length) {
    const s = symposiums[0]!;
    items.push(
      item({
        key: 'orgLife.symposium',
        area: AREA,
        tone: 'info',
        title:
          s.status === 'held'
            ? `本月座谈会已召开（${s.attended}/${s.invited} 人出席）`
            : `本月座谈会：${s.scheduledAt ? shanghaiMinute(s.scheduledAt) : '时间待定'}${s.place ? ` · ${s.place}` : ''}`,
        count: null,
        detail: `${s.hostName} · 邀请 ${s.invited} 人`,
        link: `/orglife/birthdays?year=${year}&month=${month}&symposium=${s.id}`,
      }),
    );
  } else if (roster.length) {
    items.push(
      item({
        key: 'orgLife.symposium',
        area: AREA,
        tone: 'todo',
        title: '本月政治生日座谈会尚未安排',
        detail: `本月 ${roster.length} 名党员过政治生日，请安排座谈会并邀请他们参加`,
        link: `/orglife/birthdays?year=${year}&month=${month}&symposium=new`,
      }),
    );
  }

  items.push(...meetingItems(await complianceBoard(db, actor, { year })));

  // Reports awaiting the secretary's comment (their own report is commented by someone else).
  const reports = await listThoughtReports(db, actor, { commented: false, page: 1, pageSize: 100 });
  const toComment = reports.items.filter((r) => r.personId !== actor.personId);
  if (toComment.length) {
    const own = reports.items.length - toComment.length;
    const n = reports.total - own;
    items.push(
      item({
        key: 'orgLife.reports',
        area: AREA,
        tone: 'todo',
        title: `${n} 份思想汇报待批阅`,
        count: n,
        link: `/orglife/birthdays?year=${toComment[0]!.year}`,
        entries: toComment.map((r) => ({
          label: r.name,
          detail: `${r.year} 年思想汇报`,
          link: `/orglife/birthdays?year=${r.year}&person=${r.personId}`,
        })),
      }),
    );
  }

  const received = await listProposals(db, actor, { status: 'received', page: 1, pageSize: 5 });
  if (received.total) {
    items.push(
      item({
        key: 'orgLife.proposals',
        area: AREA,
        tone: 'todo',
        title: `${received.total} 条合理化建议待分办`,
        count: received.total,
        link: `/orglife/birthdays?year=${year}&tab=proposals`,
        entries: received.items.map((p) => ({ label: p.title, detail: p.name, link: null })),
      }),
    );
  }
  return items;
}

type Board = Awaited<ReturnType<typeof complianceBoard>>;

/**
 * Each meeting rule, branch by branch: a period of this year that ended without its meetings is
 * overdue (red), the current one still short of them is due (yellow).
 */
function meetingItems(board: Board): WorkbenchItem[] {
  const kinds = board.branches.flatMap((b) => b.kinds.map((k) => ({ branch: b.branchName, ...k })));
  const missed = kinds
    .map((k) => ({ k, periods: k.cells.filter((c) => c.status === 'red' && c.period.start <= board.asOf) }))
    .filter((x) => x.periods.length);
  const due = kinds.filter((k) => k.status === 'yellow');
  const items: WorkbenchItem[] = [];
  if (missed.length) {
    const n = missed.reduce((sum, x) => sum + x.periods.length, 0);
    items.push(
      item({
        key: 'orgLife.meetingsOverdue',
        area: AREA,
        tone: 'overdue',
        title: `${n} 期组织生活未按规定召开`,
        count: n,
        detail: '已召开但未登记的，请补录会议记录；确未召开的，请尽快安排',
        link: '/orglife/meetings',
        entries: missed.map(({ k, periods }) => ({
          label: `${k.branch} · ${k.label}`,
          detail: `${periods.map((p) => p.period.label).join('、')} 未达标`,
          link: '/orglife/meetings',
        })),
      }),
    );
  }
  if (due.length) {
    items.push(
      item({
        key: 'orgLife.meetingsDue',
        area: AREA,
        tone: 'todo',
        title: `${due.length} 项组织生活本期待召开`,
        count: due.length,
        link: '/orglife/meetings',
        entries: due.map((k) => ({
          label: `${k.branch} · ${k.label}`,
          detail: `${k.current.period.label}：已开 ${k.current.held}/${k.current.required} 次`,
          link: '/orglife/meetings',
        })),
      }),
    );
  }
  return items;
}

/** Many branches: how many are behind, which ones. */
async function overseer({ db, actor, today }: WorkbenchContext): Promise<WorkbenchItem[]> {
  const board = await complianceBoard(db, actor, { year: Number(today.slice(0, 4)) });
  if (!board.branches.length) return [];
  const red = board.branches.filter((b) => b.status === 'red');
  const yellow = board.branches.filter((b) => b.status === 'yellow');
  const green = board.branches.filter((b) => b.status === 'green');
  return [
    item({
      key: 'orgLife.compliance',
      area: AREA,
      tone: red.length ? 'overdue' : yellow.length ? 'todo' : 'info',
      title: red.length
        ? `${red.length} 个党支部组织生活未达标`
        : `${board.branches.length} 个党支部组织生活均无逾期`,
      count: red.length,
      detail: `未达标 ${red.length} · 待召开 ${yellow.length} · 已达标 ${green.length}（共 ${board.branches.length} 个党支部）`,
      link: '/orglife/meetings',
      entries: [...red, ...yellow].map((b) => ({
        label: b.branchName,
        detail: b.kinds
          .filter((k) => k.status === 'red' || k.status === 'yellow')
          .map((k) => `${k.label}${k.status === 'red' ? '未达标' : '待召开'}`)
          .join('、'),
        link: '/orglife/meetings',
      })),
    }),
  ];
}

/** The member's own political birthday this year, and replies to their proposals. */
async function ownBirthday({ db, actor, today }: WorkbenchContext): Promise<WorkbenchItem[]> {
  const year = Number(today.slice(0, 4));
  const items: WorkbenchItem[] = [];
  const c = await getChecklist(db, actor, actor.personId!, year).catch(() => null);
  if (c?.birthdayOn) {
    const thisMonth = c.birthdayOn.slice(0, 7) === today.slice(0, 7);
    const missing = c.items.filter((i) => !i.done).map((i) => i.label);
    items.push(
      item({
        key: 'orgLife.myBirthday',
        area: AREA,
        tone: thisMonth && !c.complete ? 'todo' : 'info',
        title: thisMonth
          ? `本月是你的第 ${c.years} 个政治生日（${mmdd(c.birthdayOn)}）`
          : c.birthdayOn > today
            ? `你今年的政治生日：${mmdd(c.birthdayOn)}（第 ${c.years} 个）`
            : `今年的政治生日（${mmdd(c.birthdayOn)}）已过`,
        count: null,
        detail: c.complete
          ? '今年的政治生日清单已全部完成'
          : c.birthdayOn < today && !thisMonth
            ? `清单完成 ${c.done}/${c.total}`
            : `还需完成：${missing.join('、')}（${c.done}/${c.total}）`,
        link: '/orglife/me',
      }),
    );
  }
  const month = Number(today.slice(5, 7));
  const invited = await myInvitations(db, actor, year, month);
  if (invited.length) {
    const s = invited[0]!;
    items.push(
      item({
        key: 'orgLife.myInvitation',
        area: AREA,
        tone: 'todo',
        title: `你受邀参加政治生日座谈会：${s.scheduled_at ? shanghaiMinute(new Date(s.scheduled_at).toISOString()) : '时间待通知'}${s.place ? ` · ${s.place}` : ''}`,
        detail: `${s.host_name}；座谈会上重温入党誓词，可带上你的思想汇报和来年目标`,
        link: '/orglife/me',
      }),
    );
  }
  const answered = await listProposals(db, actor, {
    personId: actor.personId!,
    year,
    status: 'answered',
    page: 1,
    pageSize: 5,
  });
  if (answered.total) {
    items.push(
      item({
        key: 'orgLife.myProposals',
        area: AREA,
        tone: 'info',
        title: `你的 ${answered.total} 条建议已有答复`,
        count: answered.total,
        link: '/orglife/me',
        entries: answered.items.map((p) => ({ label: p.title, detail: p.statusLabel, link: '/orglife/me' })),
      }),
    );
  }
  return items;
}
