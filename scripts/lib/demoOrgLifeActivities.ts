/**
 * The demo park's activities over its year: the seed's carriers (broadcast series, blackboard
 * issues, a lecture series, a singing contest, a themed debate, a knowledge quiz contest, volunteer
 * service, a themed Party day) held in the past with their participants, sign-ins and awards, and
 * two ahead — this week and next month — that the `member` and `student` accounts are invited to.
 */
import {
  activities,
  activityAwards,
  activityGroups,
  activityParticipants,
} from '../../src/server/platform/db/schema/index';
import type { BuiltinActivityKind } from '../../src/server/areas/activities/rules';
import type { DemoTx } from './demoPart';
import type { Rng } from './demoData';
import { addDays, at, insertMany, type DemoAccountRow, type DemoNode, type World } from './demoOrgLifeWorld';

interface Plan {
  kind: BuiltinActivityKind;
  title: string;
  theme?: string;
  organiser: DemoNode;
  /** Days from today (negative: held). */
  day: number;
  from: string;
  to: string;
  place: string;
  groups: DemoNode[];
  /** People invited one by one. */
  people?: string[];
  isOpen?: boolean;
  results?: string;
  classAwards?: string[];
  personAwards?: string[];
}

export async function seedDemoActivities(tx: DemoTx, w: World, rng: Rng) {
  const acc = (u: string) => w.accounts.get(u);
  const student = acc('student');
  const member = acc('member');
  const studentClass =
    w.classes.find((c) => w.studentsOf.get(c.id)?.some((s) => s.id === student?.personId)) ?? w.classes[0]!;
  const schoolId = studentClass.schoolId;
  const league = w.leagueCommittees.find((l) => l.schoolId === schoolId) ?? w.leagueCommittees[0]!;
  const schoolClasses = w.classes.filter((c) => c.schoolId === schoolId);
  // The student's class first, then the others of the school.
  const classesFrom = (n: number) =>
    [studentClass, ...schoolClasses.filter((c) => c !== studentClass)].slice(0, n);
  const schoolBranches = w.branches.filter((b) => b.schoolId === schoolId);
  const gb = w.generalBranch;
  const sec = w.secretaryBranch;
  const volunteers = (w.studentsOf.get(studentClass.id) ?? []).slice(0, 10).map((s) => s.id);
  // The member and the student are on the list of what they attend, by name besides their class
  // or branch (the member account may sit outside the secretary's branch in an odd park).
  const ours = [member?.personId, student?.personId].filter((x): x is string => Boolean(x));

  const plans: Plan[] = [
    {
      kind: 'broadcastSeries',
      title: '“关心国事，了解二十大”校园广播系列报道',
      theme: '学习宣传党的二十大精神',
      organiser: league,
      day: -300,
      from: '12:10',
      to: '12:30',
      place: '校园广播站',
      groups: classesFrom(1),
    },
    {
      kind: 'blackboardIssue',
      title: '各班团支部“二十大宣传”专题黑板报评比',
      theme: '学习宣传党的二十大精神',
      organiser: league,
      day: -280,
      from: '15:30',
      to: '17:00',
      place: '各班教室',
      groups: classesFrom(6),
      results: '评出一等奖 1 个、二等奖 2 个。',
      classAwards: ['一等奖', '二等奖', '二等奖'],
    },
    {
      kind: 'lectureSeries',
      title: '“学习贯彻落实二十大精神”系列讲座（第一讲）',
      theme: '学习贯彻党的二十大精神',
      organiser: gb,
      day: -250,
      from: '14:30',
      to: '16:00',
      place: '报告厅',
      groups: schoolBranches,
    },
    {
      kind: 'themedDebate',
      title: '“众志成城，凝聚不朽的民族精神”主题辩论赛',
      theme: '抗震救灾，众志成城',
      organiser: league,
      day: -190,
      from: '14:00',
      to: '16:30',
      place: '学术报告厅',
      groups: classesFrom(2),
      results: '正方以 3:2 获胜。',
      classAwards: ['冠军'],
      personAwards: ['最佳辩手'],
    },
    {
      kind: 'singingContest',
      title: '“学习二十大，唱响主旋律”歌咏大赛',
      theme: '唱响主旋律',
      organiser: gb,
      day: -150,
      from: '13:30',
      to: '16:30',
      place: '体育馆',
      groups: classesFrom(6),
      results: '各班合唱《歌唱祖国》等曲目，评出一、二、三等奖。',
      classAwards: ['一等奖', '二等奖', '三等奖'],
    },
    {
      kind: 'lectureSeries',
      title: '“学习贯彻落实二十大精神”系列讲座（第二讲）',
      theme: '学习贯彻党的二十大精神',
      organiser: gb,
      day: -120,
      from: '14:30',
      to: '16:00',
      place: '报告厅',
      groups: schoolBranches,
    },
    {
      kind: 'quizContest',
      title: '“了解改革开放，知晓党史国情”知识抢答赛',
      theme: '改革开放纪念',
      organiser: gb,
      day: -90,
      from: '14:00',
      to: '16:00',
      place: '学术报告厅',
      groups: [sec, studentClass],
      people: ours,
      results: '业余党校学员组与学生组同台竞技。',
      personAwards: ['一等奖', '二等奖', '三等奖'],
    },
    {
      kind: 'volunteerService',
      title: '青年志愿队“送戏下乡”社区服务',
      theme: '志愿服务',
      organiser: league,
      day: -60,
      from: '08:30',
      to: '11:30',
      place: '青溪镇文化礼堂',
      groups: [],
      people: volunteers,
      results: '为社区老人演出节目 8 个。',
    },
    {
      kind: 'lectureSeries',
      title: '“学习贯彻落实二十大精神”系列讲座（第三讲）',
      theme: '学习贯彻党的二十大精神',
      organiser: gb,
      day: -40,
      from: '14:30',
      to: '16:00',
      place: '报告厅',
      groups: [...schoolBranches, studentClass],
    },
    {
      kind: 'themedDay',
      title: '主题党日：重温入党誓词',
      theme: '不忘初心，牢记使命',
      organiser: sec,
      day: -30,
      from: '15:30',
      to: '17:00',
      place: '党员活动室',
      groups: [sec],
    },
    // Ahead: this week and next month, with the member and the student invited.
    {
      kind: 'lectureSeries',
      title: '“学习贯彻落实二十大精神”系列讲座（第四讲）',
      theme: '学习贯彻党的二十大精神',
      organiser: gb,
      day: 2,
      from: '14:30',
      to: '16:00',
      place: '报告厅',
      groups: [sec, studentClass],
      people: ours,
      isOpen: true,
    },
    {
      kind: 'volunteerService',
      title: '“情暖夕阳”敬老院志愿服务',
      theme: '党团共建志愿服务',
      organiser: gb,
      day: 33,
      from: '08:30',
      to: '11:30',
      place: '青溪镇敬老院',
      groups: [sec, studentClass],
      people: ours,
    },
  ];

  const managerOf = (n: DemoNode): DemoAccountRow | undefined =>
    n.kind === 'leagueCommittee' ? acc('league') : n.id === sec.id ? acc('secretary') : acc('parkadmin');
  const accountOfPerson = new Map(
    [...w.accounts.values()].filter((a) => a.personId).map((a) => [a.personId!, a]),
  );
  const memberIdsOf = (b: DemoNode) => (w.membersOf.get(b.id) ?? []).map((m) => m.personId);
  const rows: (typeof activities.$inferInsert)[] = [];
  const groupRows: (typeof activityGroups.$inferInsert)[] = [];
  const participants: (typeof activityParticipants.$inferInsert)[] = [];
  const awards: (typeof activityAwards.$inferInsert)[] = [];
  let checkins = 0;

  for (const p of plans) {
    const id = crypto.randomUUID();
    const day = addDays(w.today, p.day);
    const startsAt = at(day, p.from);
    const endsAt = at(day, p.to);
    const held = p.day < 0;
    const manager = managerOf(p.organiser);
    rows.push({
      id,
      parkId: w.parkId,
      kind: p.kind,
      title: p.title,
      theme: p.theme ?? null,
      organiserId: p.organiser.id,
      startsAt,
      endsAt,
      place: p.place,
      description: `${p.title}，地点：${p.place}。`,
      isOpen: p.isOpen ?? false,
      status: held ? 'held' : 'planned',
      results: held ? (p.results ?? null) : null,
      createdBy: manager?.id ?? null,
      createdAt: at(addDays(day, -14), '09:00'),
      updatedAt: at(held ? day : addDays(day, -14), held ? '18:00' : '09:00'),
    });
    const seen = new Set<string>();
    const invite = (personId: string, via: string | null) => {
      if (seen.has(personId)) return;
      seen.add(personId);
      const own = accountOfPerson.get(personId);
      // The member and the student signed in to what they attended; others mostly did.
      const came = held && (own ? true : rng.chance(0.85));
      if (came) checkins += 1;
      participants.push({
        parkId: w.parkId,
        activityId: id,
        personId,
        viaGroupId: via,
        source: 'invited',
        checkedInAt: came ? new Date(startsAt.getTime() + rng.int(-10, 15) * 60_000) : null,
        // A QR sign-in is the person's own (signed in to the console); the rest the organiser marked.
        checkinMethod: came ? (own ? 'qr' : 'organiser') : null,
        checkedInBy: came ? (own?.id ?? manager?.id ?? null) : null,
      });
    };
    for (const g of p.groups) {
      const people = g.kind === 'branch' ? memberIdsOf(g) : (w.studentsOf.get(g.id) ?? []).map((s) => s.id);
      groupRows.push({
        parkId: w.parkId,
        activityId: id,
        orgNodeId: g.id,
        personCount: people.length,
        addedBy: manager?.id ?? null,
      });
      for (const personId of people) invite(personId, g.id);
    }
    for (const personId of p.people ?? []) invite(personId, null);
    if (held) {
      (p.classAwards ?? []).forEach((award, i) => {
        const cls = p.groups.filter((g) => g.kind === 'class')[i];
        if (cls) awards.push({ parkId: w.parkId, activityId: id, award, orgNodeId: cls.id, sortOrder: i });
      });
      const attendees = participants.filter((x) => x.activityId === id && x.checkedInAt);
      (p.personAwards ?? []).forEach((award, i) => {
        const who = attendees[(i * 7 + 3) % Math.max(1, attendees.length)];
        if (who)
          awards.push({ parkId: w.parkId, activityId: id, award, personId: who.personId, sortOrder: 10 + i });
      });
    }
  }
  await insertMany(tx, activities, rows);
  await insertMany(tx, activityGroups, groupRows);
  await insertMany(tx, activityParticipants, participants);
  await insertMany(tx, activityAwards, awards);
  return {
    activities: rows.length,
    activitiesUpcoming: rows.filter((r) => r.status === 'planned').length,
    participants: participants.length,
    checkins,
    awards: awards.length,
  };
}
