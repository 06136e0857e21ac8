/**
 * The demo park's year of organisational life (seedDemo's `orgLife` part): 三会一课 and 主题党日
 * in every branch, political-birthday symposiums with the members' reports, goals and proposals,
 * Party dues, activities, and donation drives — every date placed relative to `today`, so that each
 * page of the console has something to show and something to do on whatever day the demo is seeded.
 *
 * Rows are written as the areas' own commands write them (the same columns, states, receipt
 * numbers and rule results), in batches; seeded history carries no audit rows of its own.
 */
import {
  birthdayChecklists,
  birthdaySymposiumAttendees,
  birthdaySymposiums,
  memberGoals,
  orgMeetingAttendees,
  orgMeetings,
  proposals,
  thoughtReports,
  type ChecklistItemState,
  type ProposalEvent,
} from '../../src/server/platform/db/schema/index';
import { birthdayIn } from '../../src/server/areas/orgLife/rules/birthdays';
import { goalsDue } from '../../src/server/areas/orgLife/rules/records';
import { MEETING_KIND_LABELS, type MeetingKind } from '../../src/server/areas/orgLife/rules/meetings';
import { addMonthKey } from '../../src/server/areas/dues/rules';
import type { DemoPart, DemoTx } from './demoPart';
import { Rng, daysInMonth, parseYmd, ymd } from './demoData';
import { seedDemoActivities } from './demoOrgLifeActivities';
import { seedDemoDonations, seedDemoDues } from './demoOrgLifeMoney';
import {
  addDays,
  at,
  dayIn,
  insertMany,
  loadWorld,
  monthNumber,
  yearOfKey,
  type DemoMember,
  type DemoNode,
  type World,
} from './demoOrgLifeWorld';

export const seedDemoOrgLife: DemoPart = async (tx, ctx) => {
  const started = performance.now();
  const rng = new Rng(ctx.seed);
  const took: string[] = [];
  const timed = async <T>(label: string, step: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await step();
    took.push(`${label} ${Math.round(performance.now() - t0)}`);
    return out;
  };
  const w = await timed('read', () => loadWorld(tx, ctx));
  const meetings = await timed('meetings', () => seedMeetings(tx, w, rng));
  const birthdays = await timed('birthdays', () => seedBirthdays(tx, w, rng));
  const dues = await timed('dues', () => seedDemoDues(tx, w, rng));
  const activities = await timed('activities', () => seedDemoActivities(tx, w, rng));
  const donations = await timed('donations', () => seedDemoDonations(tx, w, rng));
  const counts = { ...birthdays, meetings, ...dues, ...activities, ...donations };
  ctx.log(
    `会议 ${meetings}，座谈会 ${birthdays.symposiums}，党费缴纳 ${dues.duesPayments}（欠缴 ${dues.arrears} 人），` +
      `活动 ${activities.activities}，捐款 ${donations.drives} 项 ${donations.gifts} 笔 ` +
      `(${Math.round(performance.now() - started)} ms: ${took.join(', ')})`,
  );
  return counts;
};

// ——— 三会一课 / 主题党日 ———

/**
 * How a branch kept its meetings, so that the compliance board shows every colour on purpose:
 * `kept` held everything (green); `due` held every past period but not yet this month's group
 * meetings and themed day (yellow: due this month); `lapsed` also missed last month's committee and
 * group meetings and last year's 组织生活会 — red on last year's board and in this year's history.
 * (A period that contains today is never red: it is still running.)
 */
type Habit = 'kept' | 'due' | 'lapsed';

export function meetingHabits(w: Pick<World, 'branches' | 'secretaryBranch'>): Map<string, Habit> {
  const habits = new Map<string, Habit>([[w.secretaryBranch.id, 'due']]);
  const cycle: Habit[] = ['kept', 'lapsed', 'due'];
  w.branches
    .filter((b) => b.id !== w.secretaryBranch.id)
    .forEach((b, i) => habits.set(b.id, cycle[i % cycle.length]!));
  return habits;
}

const THEMED_DAYS: Record<number, string> = {
  1: '重温入党誓词，坚定理想信念',
  2: '学习全国两会精神',
  3: '学雷锋志愿服务进社区',
  4: '清明祭英烈，传承红色基因',
  5: '劳动最光荣：走进实训车间',
  6: '重温党章，对照检查',
  7: '庆祝中国共产党成立纪念日',
  8: '党员先锋岗亮身份、亮职责、亮承诺',
  9: '教师节：师德师风专题学习',
  10: '我和我的祖国：爱国主义教育',
  11: '宪法宣传与廉洁教育',
  12: '年度党员民主评议动员',
};
const LECTURES = [
  '深刻领会党的创新理论，办好人民满意的职业教育',
  '从党史中汲取奋进力量',
  '坚持立德树人，做“四有”好老师',
  '全面从严治党永远在路上',
];
const ABSENCE = ['出差', '病假', '外出培训', '带学生参加技能竞赛'];

async function seedMeetings(tx: DemoTx, w: World, rng: Rng): Promise<number> {
  const habits = meetingHabits(w);
  const meetings: (typeof orgMeetings.$inferInsert)[] = [];
  const attendees: (typeof orgMeetingAttendees.$inferInsert)[] = [];
  const prevKey = addMonthKey(w.monthKey, -1);
  const creator = (b: DemoNode) =>
    b.id === w.secretaryBranch.id ? w.accounts.get('secretary') : w.accounts.get('parkadmin');
  const pick = (a: number, b: number) => rng.int(a, b);

  for (const b of w.branches) {
    const habit = habits.get(b.id)!;
    const all = w.membersOf.get(b.id) ?? [];
    const host =
      b.id === w.secretaryBranch.id ? w.accounts.get('secretary')!.displayName : (all[0]?.name ?? null);
    const groups = w.groupsOf.get(b.id) ?? [];
    // The committee: the branch's longest-standing members (at most five).
    const committee = [...all].sort((x, y) => x.joinedOn.localeCompare(y.joinedOn)).slice(0, 5);
    const add = (
      kind: MeetingKind,
      date: string,
      title: string,
      who: DemoMember[],
      partyGroupId: string | null = null,
    ) => {
      const id = crypto.randomUUID();
      const present = who.filter((m) => m.joinedOn <= date);
      meetings.push({
        id,
        parkId: w.parkId,
        branchId: b.id,
        partyGroupId,
        kind,
        date,
        title,
        place: kind === 'themedDay' ? '党员活动室' : kind === 'groupMeeting' ? '教研室' : '会议室',
        hostName: host,
        minutes: `${MEETING_KIND_LABELS[kind]}：${title}。应到 ${present.length} 人。`,
        createdBy: creator(b)?.id ?? null,
        createdAt: at(date, '17:30'),
        updatedAt: at(date, '17:30'),
      });
      for (const m of present) {
        const here = rng.chance(0.9);
        attendees.push({
          parkId: w.parkId,
          meetingId: id,
          personId: m.personId,
          present: here,
          absenceReason: here ? null : rng.pick(ABSENCE),
        });
      }
    };
    const firstOfYear = new Map<number, string>();
    const firstOfQuarter = new Map<string, string>();
    for (const key of w.months) {
      const y = yearOfKey(key);
      const mo = monthNumber(key);
      const q = `${y}-Q${Math.ceil(mo / 3)}`;
      if (!firstOfYear.has(y)) firstOfYear.set(y, key);
      if (!firstOfQuarter.has(q)) firstOfQuarter.set(q, key);
    }
    for (const key of w.months) {
      const y = yearOfKey(key);
      const mo = monthNumber(key);
      const current = key === w.monthKey;
      const skipped = habit === 'lapsed' && key === prevKey;
      const day = (from: number, to: number) => dayIn(key, from, to, w.today, pick);
      if (!skipped) add('committeeMeeting', day(1, 8), `${mo}月支部委员会：研究部署本月党建工作`, committee);
      const dueNow = current && habit !== 'kept';
      if (!skipped && !dueNow) {
        for (const g of groups) {
          const who = all.filter((m) => m.partyGroupId === g.id);
          if (who.length) add('groupMeeting', day(8, 20), `${g.name}${mo}月学习交流会`, who, g.id);
        }
        add('themedDay', day(10, 25), `${mo}月主题党日：${THEMED_DAYS[mo]}`, all);
      }
      if (firstOfQuarter.get(`${y}-Q${Math.ceil(mo / 3)}`) === key)
        add('generalMeeting', day(1, 10), `${y}年第${Math.ceil(mo / 3)}季度支部党员大会`, all);
      if (firstOfYear.get(y) === key || mo === 4 || mo === 7 || mo === 10)
        add('partyLecture', day(1, 12), `书记讲党课：${LECTURES[(mo - 1) % LECTURES.length]}`, all);
      const lapsedLastYear = habit === 'lapsed' && y < w.year;
      if (firstOfYear.get(y) === key && !lapsedLastYear)
        add('orgLifeMeeting', day(1, 15), `${y}年度组织生活会暨民主评议党员`, all);
    }
  }
  await insertMany(tx, orgMeetings, meetings);
  await insertMany(tx, orgMeetingAttendees, attendees);
  return meetings.length;
}

// ——— political birthdays ———

const RED_BOOKS = [
  '《红岩》',
  '《谁是最可爱的人》',
  '《红星照耀中国》',
  '《习近平的七年知青岁月》',
  '《平凡的世界》',
];
const REPORT_LINES = [
  '这一年我坚持参加支部组织生活，认真学习党的创新理论，',
  '在教学一线带好所教班级，主动承担公开课和技能竞赛辅导，',
  '对照党员标准查找差距，在联系学生、服务群众方面还需加强，',
  '今后将继续发挥党员先锋模范作用，立足岗位作贡献。',
];
const GOALS = [
  '一、带好所任班级，学生技能证书通过率达到 90% 以上；二、完成一篇教学研究论文；三、每月与结对学生谈心一次。',
  '一、认真参加业余党校授课；二、指导学生参加市级技能竞赛；三、参加一次下企业实践。',
  '一、按时参加组织生活并做好记录；二、完成 32 学时学习培训；三、带头参加志愿服务。',
];
const PROPOSALS: { target: 'school' | 'branch'; title: string; content: string }[] = [
  {
    target: 'school',
    title: '实训车间增设安全警示标识',
    content: '建议在数控和汽修实训车间的设备旁增设中英文安全警示标识，并定期组织安全演练。',
  },
  {
    target: 'branch',
    title: '主题党日与专业实践相结合',
    content: '建议支部的主题党日每学期安排一次走进合作企业，把党员教育与专业建设结合起来。',
  },
  {
    target: 'school',
    title: '图书馆延长晚间开放时间',
    content: '住校生晚自习后有借阅需求，建议图书馆周一至周四延长开放至晚上九点。',
  },
  {
    target: 'branch',
    title: '建立党员结对帮扶学困生台账',
    content: '建议每位党员结对一至两名学困生，建立帮扶台账，每月记录谈心和学业进展。',
  },
  {
    target: 'school',
    title: '食堂公示每周菜谱',
    content: '建议食堂在校园网和宣传橱窗公示每周菜谱，并设立意见箱。',
  },
];
const ANSWERS = [
  '已纳入下学期工作计划，由相关科室落实。',
  '建议很好，学校已安排专项经费，本学期内完成。',
  '经研究，先在一个专业部试行，总结后推广。',
];
const CARD_MESSAGE = '不忘入党初心，牢记使命担当。祝您政治生日快乐！';

const earliest = (a: Date, b: Date) => (a < b ? a : b);

/** The members of a branch on the roster of (year, month): joined in that month of an earlier year. */
const rosterOf = (members: readonly DemoMember[], year: number, month: number) =>
  members.filter((m) => Number(m.joinedOn.slice(5, 7)) === month && Number(m.joinedOn.slice(0, 4)) < year);

async function seedBirthdays(tx: DemoTx, w: World, rng: Rng) {
  const symposiums: (typeof birthdaySymposiums.$inferInsert)[] = [];
  const invitees: (typeof birthdaySymposiumAttendees.$inferInsert)[] = [];
  const checklists: (typeof birthdayChecklists.$inferInsert)[] = [];
  const reports: (typeof thoughtReports.$inferInsert)[] = [];
  const goals: (typeof memberGoals.$inferInsert)[] = [];
  const props: (typeof proposals.$inferInsert)[] = [];
  const secretary = w.accounts.get('secretary')!;
  const parkAdmin = w.accounts.get('parkadmin')!;
  const prevKey = addMonthKey(w.monthKey, -1);
  const birthdayMonths = new Set<number>();
  let awaiting = 0;
  for (let mo = 1; mo <= 12; mo++)
    if (rosterOf(w.membersOf.get(w.secretaryBranch.id) ?? [], w.year, mo).length) birthdayMonths.add(mo);

  for (const b of w.branches) {
    const members = w.membersOf.get(b.id) ?? [];
    const mine = b.id === w.secretaryBranch.id;
    // The branch's secretary comments; elsewhere the park administrator stands in (the demo has
    // one secretary account), as the write path allows a higher administrator to.
    const reviewer = mine ? secretary : parkAdmin;
    for (const key of w.months) {
      const y = yearOfKey(key);
      const mo = monthNumber(key);
      const roster = rosterOf(members, y, mo);
      if (!roster.length) continue;
      const id = crypto.randomUUID();
      if (key === w.monthKey) {
        // This month's symposium is ahead, in the secretary's branch: scheduled, invitations out.
        if (!mine) continue;
        const last = daysInMonth(y, mo);
        const day = ymd(y, mo, Math.min(last, parseYmd(w.today).d + 5));
        symposiums.push({
          id,
          parkId: w.parkId,
          hostNodeId: b.id,
          year: y,
          month: mo,
          scheduledAt: at(day, '15:30'),
          place: '党员活动室',
          status: 'planned',
          cardMessage: CARD_MESSAGE,
          createdBy: secretary.id,
          createdAt: at(addDays(w.today, -2), '09:00'),
          updatedAt: at(addDays(w.today, -2), '09:00'),
        });
        for (const m of roster)
          invitees.push({ parkId: w.parkId, symposiumId: id, personId: m.personId, attended: null });
        continue;
      }
      const heldOn = dayIn(key, 18, 26, w.today, (a, c) => rng.int(a, c));
      symposiums.push({
        id,
        parkId: w.parkId,
        hostNodeId: b.id,
        year: y,
        month: mo,
        scheduledAt: at(heldOn, '15:30'),
        place: '党员活动室',
        status: 'held',
        cardMessage: CARD_MESSAGE,
        minutes: `${b.name}${mo}月政治生日座谈会：为 ${roster.length} 名党员过政治生日，重温入党誓词，交流一年来的思想和工作。`,
        createdBy: reviewer.id,
        createdAt: at(addDays(heldOn, -10), '09:00'),
        updatedAt: at(heldOn, '18:00'),
      });
      for (const m of roster) {
        const attended = rng.chance(0.9);
        invitees.push({ parkId: w.parkId, symposiumId: id, personId: m.personId, attended });
        const birthday = birthdayIn(m.joinedOn, y)!;
        const submitted = at(birthday < heldOn ? birthday : heldOn, '20:00');
        const byName = reviewer.displayName;
        const done = (detail: string | null = null): ChecklistItemState => ({
          done: true,
          detail,
          at: at(heldOn, '17:00').toISOString(),
          byName,
        });
        checklists.push({
          parkId: w.parkId,
          personId: m.personId,
          year: y,
          configVersion: 0,
          items: attended
            ? { card: done(), redBook: done(rng.pick(RED_BOOKS)), oath: done() }
            : { card: done() },
          createdAt: at(heldOn, '17:00'),
          updatedAt: at(heldOn, '17:00'),
        });
        // Last month's report in the secretary's branch waits for the secretary's comment.
        const commented = !(mine && key === prevKey) && rng.chance(0.85);
        if (!commented && mine) awaiting += 1;
        const commentedAt = at(addDays(heldOn, rng.int(1, 6)), '16:00');
        reports.push({
          parkId: w.parkId,
          personId: m.personId,
          year: y,
          content: `${y}年思想汇报（第 ${y - Number(m.joinedOn.slice(0, 4))} 个政治生日）：${REPORT_LINES.join('')}`,
          submittedAt: submitted,
          comment: commented ? '汇报联系实际，认识深刻，望继续在岗位上发挥先锋模范作用。' : null,
          commentedBy: commented ? reviewer.id : null,
          commentedByName: commented ? byName : null,
          commentedAt: commented ? commentedAt : null,
          createdAt: submitted,
          updatedAt: commented ? commentedAt : submitted,
        });
        if (rng.chance(0.9)) {
          // Goals for next year, judged once that year has begun (as reviewGoals allows).
          const reviewed = goalsDue(y, w.today) && rng.chance(0.6);
          const result = rng.chance(0.8) ? 'met' : 'notMet';
          goals.push({
            parkId: w.parkId,
            personId: m.personId,
            year: y,
            content: rng.pick(GOALS),
            submittedAt: submitted,
            reviewResult: reviewed ? result : null,
            reviewNote: reviewed ? (result === 'met' ? '目标全部完成。' : '论文尚未完成，来年继续。') : null,
            reviewedBy: reviewed ? reviewer.id : null,
            reviewedByName: reviewed ? byName : null,
            reviewedAt: reviewed ? earliest(at(`${y + 1}-01-15`, '10:00'), at(w.today, '08:00')) : null,
            createdAt: submitted,
            updatedAt: submitted,
          });
        }
        if (rng.chance(0.6)) props.push(proposalRow(w, rng, m, y, submitted, reviewer.displayName, b));
      }
    }
  }
  // Symposiums first: their invitees refer to them.
  await insertMany(tx, birthdaySymposiums, symposiums);
  await insertMany(tx, birthdaySymposiumAttendees, invitees);
  await insertMany(tx, birthdayChecklists, checklists);
  await insertMany(tx, thoughtReports, reports);
  await insertMany(tx, memberGoals, goals);
  await insertMany(tx, proposals, props);
  return {
    birthdaysMonths: birthdayMonths.size,
    symposiums: symposiums.length,
    thoughtReports: reports.length,
    reportsAwaitingComment: awaiting,
    goals: goals.length,
    proposals: props.length,
  };
}

/**
 * A proposal moved along received → assigned → answered → closed as advanceProposal does, with
 * its history; the older it is, the further it has come ("adopted" is an answer and a closing note).
 */
function proposalRow(
  w: World,
  rng: Rng,
  m: DemoMember,
  year: number,
  submitted: Date,
  handler: string,
  branch: DemoNode,
): typeof proposals.$inferInsert {
  const p = rng.pick(PROPOSALS);
  const ageDays = Math.round((at(w.today, '12:00').getTime() - submitted.getTime()) / 86_400_000);
  const stage = ageDays < 20 ? 0 : ageDays < 60 ? rng.int(0, 2) : ageDays < 120 ? rng.int(1, 3) : 3;
  const step = (days: number) =>
    new Date(Math.min(submitted.getTime() + days * 86_400_000, at(w.today, '09:00').getTime()));
  const history: ProposalEvent[] = [
    { status: 'received', at: submitted.toISOString(), byName: m.name, note: null },
  ];
  const departments = w.departmentsOf.get(branch.schoolId ?? '') ?? [];
  const dept =
    departments.find((d) => d.name === (p.target === 'school' ? '总务处' : '教务处')) ?? departments[0];
  let status = 'received';
  let departmentId: string | null = null;
  let answer: string | null = null;
  let closedAt: Date | null = null;
  if (p.target === 'branch' && stage >= 2) {
    // The branch takes up its own proposal: closed straight from received, with the decision.
    status = 'closed';
    closedAt = step(10);
    history.push({
      status,
      at: closedAt.toISOString(),
      byName: handler,
      note: '支部采纳，纳入下学期工作安排。',
    });
  } else if (p.target === 'school' && dept) {
    if (stage >= 1) {
      status = 'assigned';
      departmentId = dept.id;
      history.push({ status, at: step(3).toISOString(), byName: handler, note: `转交${dept.name}` });
    }
    if (stage >= 2) {
      status = 'answered';
      answer = rng.pick(ANSWERS);
      history.push({ status, at: step(15).toISOString(), byName: handler, note: answer });
    }
    if (stage >= 3) {
      status = 'closed';
      closedAt = step(30);
      history.push({ status, at: closedAt.toISOString(), byName: handler, note: '建议已采纳，办结。' });
    }
  }
  const last = history[history.length - 1]!;
  return {
    parkId: w.parkId,
    personId: m.personId,
    year,
    target: p.target,
    title: p.title,
    content: p.content,
    status,
    departmentId,
    answer,
    history,
    closedAt,
    createdAt: submitted,
    updatedAt: new Date(last.at),
  };
}
