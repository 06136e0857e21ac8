/**
 * The demo park's annual assessment (seedDemo's `assessment` part, RULES.md §5–§6): last year's
 * scheme and this year's, both frozen (scoring has started), every member's vanguard post (most
 * approved, some waiting in the secretary's branch, one returned), evidence of every kind — mostly
 * verified, some waiting for the secretary, one of the demo member's returned — and
 * self-evaluations from about half the members, so that each assessment page and workbench item
 * has something to show and something to do. Rows as the area's commands write them.
 */
import {
  appraisalBallots,
  appraisalRounds,
  appraisalSubjects,
  appraisalVoters,
  dedicationDays,
  dedicationEntries,
  vanguardNominations,
  vanguardPublicity,
  assessmentEvidence,
  assessmentSchemes,
  assessmentSchemeVersions,
  assessmentSelfEvaluations,
  vanguardPosts,
} from '../../src/server/platform/db/schema/index';
import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { EvidenceKind, Level, Rank } from '../../src/common/contracts/assessment';
import { DEFAULT_SCHEME } from '../../src/server/areas/assessment/rules/scheme';
import { PROBATIONARY_EXCLUSION } from '../../src/server/areas/assessment/appraisal/rules';
import type { DemoPart } from './demoPart';
import { Rng } from './demoData';
import { at, insertMany, loadWorld, type DemoMember } from './demoOrgLifeWorld';

const POSTS: [string, string, string][] = [
  ['班主任先锋岗', '带好所任班级，做学生的引路人', '所带班级年内无违纪处分，争创文明班级'],
  ['教学先锋岗', '上好每一堂课，带头开展教学改革', '公开课不少于 2 节，学生评教优良率 90% 以上'],
  ['技能竞赛先锋岗', '组织和辅导学生参加技能竞赛', '辅导学生获市级以上奖项'],
  ['科研先锋岗', '带头开展教科研，引领青年教师成长', '年内完成论文 1 篇、校级课题 1 项'],
  ['服务先锋岗', '立足岗位服务师生，做到事事有回音', '师生满意度 95% 以上，办事不过夜'],
  ['志愿服务先锋岗', '带领学生参加社区志愿服务', '全年志愿服务不少于 20 小时'],
  ['德育先锋岗', '结对帮扶学困生、特殊家庭学生', '结对学生 2–3 名，每学期家访一次'],
];

const HONOURS = ['优秀教师', '优秀共产党员', '师德标兵', '优秀班主任', '先进教育工作者', '三八红旗手'];
const CONTESTS = [
  '全国职业院校技能大赛',
  '省职业院校技能大赛',
  '市中职学生技能节',
  '文明风采大赛',
  '创新创业大赛',
];
const PAPERS: [string, string][] = [
  ['中职数控专业项目化教学的实践与思考', '《职业教育研究》'],
  ['“三全育人”视野下中职班级管理探析', '市教育学会论文评比'],
  ['课程思政融入专业课教学的路径研究', '《中等职业教育》'],
  ['中职学生职业素养培养的实践探索', '省职教学会论文评比'],
];
const TITLES = ['讲师', '高级讲师', '一级实习指导教师', '高级实习指导教师'];
const EXAMS = ['机械基础会考', '电工基础会考', '计算机应用基础会考', '会计基础会考'];
const LEVELS: [Level, number][] = [
  ['school', 5],
  ['county', 3],
  ['city', 3],
  ['province', 1.5],
  ['nation', 0.4],
];
const RANKS: [Rank, number][] = [
  ['first', 1],
  ['second', 2],
  ['third', 3],
  ['excellence', 2],
];

export const seedDemoAssessment: DemoPart = async (tx, ctx) => {
  const rng = new Rng(ctx.seed);
  const w = await loadWorld(tx, ctx);
  const admin = w.accounts.get('parkadmin')?.id ?? null;
  const secretary = w.accounts.get('secretary');
  const memberPerson = w.accounts.get('member')?.personId ?? null;
  const counts = {
    schemes: 0,
    posts: 0,
    evidence: 0,
    selfEvaluations: 0,
    dedicationDays: 0,
    dedicationEntries: 0,
    awarded: 0,
    appraisalPapers: 0,
  };

  for (const year of [w.year - 1, w.year]) {
    const [s] = await tx
      .insert(assessmentSchemes)
      .values({
        parkId: ctx.parkId,
        year,
        name: `${year} 年度党员先锋岗创建评选方案`,
        config: DEFAULT_SCHEME,
        status: 'frozen',
        frozenAt: at(`${year}-03-01`, '09:00'),
        frozenBy: admin,
        frozenReason: 'manual',
        createdBy: admin,
        createdAt: at(`${year}-02-20`, '10:00'),
        updatedAt: at(`${year}-03-01`, '09:00'),
      })
      .returning({ id: assessmentSchemes.id });
    await tx.insert(assessmentSchemeVersions).values({
      parkId: ctx.parkId,
      schemeId: s!.id,
      version: 1,
      config: DEFAULT_SCHEME,
      createdBy: admin,
      createdAt: at(`${year}-02-20`, '10:00'),
    });
    counts.schemes++;
  }

  const staffMembers = w.members.filter((m) => m.status === 'full' && !w.studentsOf.has(m.unitId ?? ''));
  const inSecretaryBranch = (m: DemoMember) => m.branchId === w.secretaryBranch.id;
  const waiting = staffMembers.filter((m) => inSecretaryBranch(m) && m.personId !== memberPerson).slice(0, 3);

  // ——— posts ———
  const posts: (typeof vanguardPosts.$inferInsert)[] = [];
  for (const year of [w.year - 1, w.year]) {
    for (const m of staffMembers) {
      if (year === w.year && !rng.chance(0.9) && m.personId !== memberPerson) continue;
      const [post, duties, pledge] = rng.pick(POSTS);
      const isWaiting = year === w.year && waiting.includes(m);
      const returned = year === w.year && m === waiting[0];
      const declared = at(`${year}-03-${String(rng.int(5, 25)).padStart(2, '0')}`, '15:00');
      posts.push({
        parkId: ctx.parkId,
        year,
        personId: m.personId,
        branchId: m.branchId,
        post,
        duties,
        pledge,
        status: returned ? 'returned' : isWaiting ? 'submitted' : 'approved',
        returnReason: returned ? '承诺事项请写出可衡量的目标（如合格率、获奖级别）' : null,
        showOnPortal: m.personId === memberPerson || rng.chance(0.6),
        decidedBy: isWaiting && !returned ? null : (secretary?.id ?? admin),
        decidedAt: isWaiting && !returned ? null : at(`${year}-04-10`, '10:00'),
        createdAt: declared,
        updatedAt: declared,
      });
    }
  }
  await insertMany(tx, vanguardPosts, posts);
  counts.posts = posts.length;

  // ——— evidence ———
  const evidence: (typeof assessmentEvidence.$inferInsert)[] = [];
  const lastDay = (year: number) => (year === w.year ? w.today : `${year}-12-31`);
  const dayOf = (year: number) => {
    const end = lastDay(year);
    const month = rng.int(1, Number(end.slice(5, 7)));
    const maxDay = year === w.year && month === Number(end.slice(5, 7)) ? Number(end.slice(8, 10)) : 28;
    return `${year}-${String(month).padStart(2, '0')}-${String(rng.int(1, Math.max(1, maxDay))).padStart(2, '0')}`;
  };
  const classStudents = (m: DemoMember) =>
    w.classes
      .filter((c) => c.schoolId === m.schoolId)
      .flatMap((c) => w.studentsOf.get(c.id) ?? [])
      .slice(0, 200);
  for (const year of [w.year - 1, w.year]) {
    for (const m of staffMembers) {
      const n = m.personId === memberPerson ? 4 : rng.int(0, 4);
      for (let i = 0; i < n; i++) {
        const kind = rng.weighted<EvidenceKind>([
          ['honour', 3],
          ['coaching', 3],
          ['paper', 2.5],
          ['titlePromotion', 0.8],
          ['classManagement', 1.5],
          ['examPassRate', 1.5],
          ['other', 1],
        ]);
        const occurredOn = dayOf(year);
        let status: 'verified' | 'submitted' | 'returned' = 'verified';
        if (year === w.year) {
          if (waiting.includes(m) && i === 0) status = 'submitted';
          else if (m.personId === memberPerson && i === 0) status = 'returned';
          else if (m.personId === memberPerson && i === 1) status = 'submitted';
          else if (rng.chance(0.12)) status = 'submitted';
        }
        const row: typeof assessmentEvidence.$inferInsert = {
          parkId: ctx.parkId,
          year,
          personId: m.personId,
          branchId: m.branchId,
          schoolId: m.schoolId,
          kind,
          title: '',
          occurredOn,
          details: {},
          status,
          returnReason: status === 'returned' ? '请上传获奖证书扫描件' : null,
          recordedBy: null,
          verifiedBy: status === 'verified' ? (secretary?.id ?? admin) : null,
          verifiedAt: status === 'verified' ? at(occurredOn, '16:00') : null,
          createdAt: at(occurredOn, '12:00'),
          updatedAt: at(occurredOn, '16:00'),
        };
        switch (kind) {
          case 'honour': {
            const level = rng.weighted(LEVELS);
            row.level = level;
            row.title = `${LEVEL_NAME[level]}${rng.pick(HONOURS)}`;
            row.details = { issuer: `${LEVEL_NAME[level]}教育主管部门` };
            break;
          }
          case 'coaching': {
            row.level = rng.weighted(LEVELS);
            row.rank = rng.weighted(RANKS);
            row.title = rng.pick(CONTESTS);
            const pool = classStudents(m);
            const k = Math.min(pool.length, rng.int(1, 3));
            const start = pool.length ? rng.int(0, pool.length - k) : 0;
            row.studentIds = pool.slice(start, start + k).map((s) => s.id);
            if (!row.studentIds.length) row.details = { studentNames: ['校外联培学生'] };
            break;
          }
          case 'paper': {
            const [title, venue] = rng.pick(PAPERS);
            row.title = title;
            row.level = rng.chance(0.6) ? rng.weighted(LEVELS) : null;
            row.details = { venue };
            break;
          }
          case 'titlePromotion':
            row.title = `晋升${rng.pick(TITLES)}`;
            break;
          case 'classManagement': {
            const level = rng.weighted(LEVELS.slice(0, 3));
            row.level = level;
            row.title = `${LEVEL_NAME[level]}文明班级`;
            break;
          }
          case 'examPassRate':
            row.title = rng.pick(EXAMS);
            row.details = { passRate: rng.pick([88, 92.5, 96, 98.3, 100]) };
            break;
          default:
            row.title = rng.pick(['开设校级公开课', '指导青年教师', '承担校本教材编写']);
            row.details = { description: '校内认定的其他教学业绩' };
        }
        evidence.push(row);
      }
    }
  }
  await insertMany(tx, assessmentEvidence, evidence);
  counts.evidence = evidence.length;

  // ——— self-evaluations: last year everyone; this year about half (the demo member not yet) ———
  const aspects = DEFAULT_SCHEME.aspects.filter((a) => a.source !== 'appraisal');
  const selfs: (typeof assessmentSelfEvaluations.$inferInsert)[] = [];
  for (const year of [w.year - 1, w.year]) {
    for (const m of staffMembers) {
      if (year === w.year && (m.personId === memberPerson || !rng.chance(0.5))) continue;
      selfs.push({
        parkId: ctx.parkId,
        year,
        personId: m.personId,
        branchId: m.branchId,
        schemeVersion: 1,
        entries: Object.fromEntries(
          aspects.map((a) => [
            a.key,
            {
              score: Math.min(a.max, a.base + rng.int(0, 2)),
              statement: `${a.name}方面认真履职，完成岗位目标`,
            },
          ]),
        ),
        summary: '一年来认真履行党员义务，在岗位上发挥先锋模范作用。',
        submittedAt: at(`${year}-12-01`, '20:00'),
        updatedAt: at(`${year}-12-01`, '20:00'),
      });
    }
  }
  await insertMany(tx, assessmentSelfEvaluations, selfs);
  counts.selfEvaluations = selfs.length;

  // ——— dedication days: each branch's, monthly, over the year so far ———
  const dayRows: (typeof dedicationDays.$inferInsert & { id: string })[] = [];
  const thisMonth = Number(w.today.slice(5, 7));
  for (const b of w.branches) {
    for (let mo = 1; mo <= thisMonth; mo++) {
      const day = `${w.year}-${String(mo).padStart(2, '0')}-${mo === thisMonth ? w.today.slice(8, 10) : '15'}`;
      dayRows.push({
        id: crypto.randomUUID(),
        parkId: ctx.parkId,
        orgNodeId: b.id,
        title: `${mo} 月党员奉献日`,
        day,
        description: '重点家访、走访企业、志愿服务',
        createdBy: secretary?.id ?? admin,
        createdAt: at(`${day.slice(0, 8)}01`, '09:00'),
        updatedAt: at(`${day.slice(0, 8)}01`, '09:00'),
      });
    }
  }
  await insertMany(tx, dedicationDays, dayRows);
  const COMPANIES = ['市精密机械制造有限公司', '新城电子科技有限公司', '海港物流集团', '城东汽车维修中心'];
  const entries: (typeof dedicationEntries.$inferInsert)[] = [];
  for (const d of dayRows) {
    if (d.day > w.today) continue;
    for (const m of (w.membersOf.get(d.orgNodeId) ?? []).filter((x) => staffMembers.includes(x))) {
      if (!rng.chance(m.personId === memberPerson ? 0.8 : 0.35)) continue;
      const kind = rng.weighted<'homeVisit' | 'enterpriseVisit' | 'service'>([
        ['homeVisit', 3],
        ['enterpriseVisit', 1.5],
        ['service', 2],
      ]);
      // The family is named, not linked: a member may link only a student they may read (a class
      // they teach), which the demo's members are not.
      const pool = classStudents(m);
      const student = kind === 'homeVisit' && pool.length ? rng.pick(pool) : null;
      entries.push({
        parkId: ctx.parkId,
        dayId: d.id,
        year: w.year,
        personId: m.personId,
        branchId: m.branchId,
        schoolId: m.schoolId,
        kind,
        studentId: null,
        subject:
          kind === 'homeVisit'
            ? `${student ? student.name.slice(0, 1) : '学生'}同学家长`
            : kind === 'enterpriseVisit'
              ? rng.pick(COMPANIES)
              : rng.pick(['社区敬老院志愿服务', '校园周边交通文明劝导', '社区垃圾分类宣传']),
        content:
          kind === 'homeVisit'
            ? '了解学生在家学习生活情况，沟通在校表现与实习安排'
            : kind === 'enterpriseVisit'
              ? '走访实习基地，了解企业用人需求'
              : null,
        outcome:
          kind === 'homeVisit'
            ? '约定每月电话回访'
            : kind === 'enterpriseVisit'
              ? '新增实习岗位，签订校企合作意向'
              : null,
        hoursX10: rng.pick([10, 15, 20, 30]),
        recordedBy: null,
        createdAt: at(d.day, '17:00'),
        updatedAt: at(d.day, '17:00'),
      });
    }
  }
  await insertMany(tx, dedicationEntries, entries);
  counts.dedicationDays = dayRows.length;
  counts.dedicationEntries = entries.length;

  // ——— last year's result: the best in each branch awarded after 公示 ———
  const lastYear = w.year - 1;
  const lastPosts = await tx
    .select({ id: vanguardPosts.id, personId: vanguardPosts.personId, branchId: vanguardPosts.branchId })
    .from(vanguardPosts)
    .where(and(eq(vanguardPosts.parkId, ctx.parkId), eq(vanguardPosts.year, lastYear)));
  const nominations: (typeof vanguardNominations.$inferInsert)[] = [];
  const byBranch = new Map<string, typeof lastPosts>();
  for (const p of lastPosts) byBranch.set(p.branchId, [...(byBranch.get(p.branchId) ?? []), p]);
  for (const list of byBranch.values()) {
    for (const p of list.slice(0, Math.max(1, Math.ceil(list.length / 5)))) {
      nominations.push({
        parkId: ctx.parkId,
        year: lastYear,
        personId: p.personId,
        branchId: p.branchId,
        postId: p.id,
        scoreX10: rng.int(880, 980),
        band: '良',
        reason: '年度考核成绩突出，先锋模范作用明显',
        status: 'awarded',
        proposedBy: secretary?.id ?? admin,
        proposedAt: at(`${lastYear}-12-10`, '10:00'),
        decidedBy: admin,
        decidedAt: at(`${lastYear}-12-15`, '10:00'),
        awardedAt: at(`${lastYear}-12-28`, '10:00'),
      });
    }
  }
  await insertMany(tx, vanguardNominations, nominations);
  if (nominations.length)
    await tx.insert(vanguardPublicity).values({
      parkId: ctx.parkId,
      year: lastYear,
      startsOn: `${lastYear}-12-18`,
      endsOn: `${lastYear}-12-24`,
      workingDays: 5,
      status: 'closed',
      openedBy: admin,
      openedAt: at(`${lastYear}-12-18`, '09:00'),
      closedBy: admin,
      closedAt: at(`${lastYear}-12-28`, '10:00'),
    });
  counts.awarded = nominations.length;

  // ——— this year's democratic appraisal in the secretary's branch: open, a few papers cast ———
  const thisScheme = await tx
    .select({ id: assessmentSchemes.id })
    .from(assessmentSchemes)
    .where(and(eq(assessmentSchemes.parkId, ctx.parkId), eq(assessmentSchemes.year, w.year)));
  const branchMembers = w.membersOf.get(w.secretaryBranch.id) ?? [];
  if (thisScheme[0] && branchMembers.length) {
    const [round] = await tx
      .insert(appraisalRounds)
      .values({
        parkId: ctx.parkId,
        year: w.year,
        schemeId: thisScheme[0].id,
        schemeVersion: 1,
        orgNodeId: w.secretaryBranch.id,
        title: `${w.year} 年度民主评议党员`,
        mode: 'grades',
        status: 'open',
        openedBy: secretary?.id ?? admin,
        openedAt: at(w.today, '08:00'),
      })
      .returning({ id: appraisalRounds.id });
    await insertMany(
      tx,
      appraisalSubjects,
      branchMembers.map((m) => ({
        roundId: round!.id,
        personId: m.personId,
        parkId: ctx.parkId,
        name: m.name,
        branchId: m.branchId,
      })),
    );
    // Everyone but the member and the secretary has voted already, as castPaper writes a paper:
    // the roll marks `voted`, the ballots carry only a random id and the paper's hash, in random order.
    const voters = branchMembers.filter((m) => m.status === 'full');
    const voted = voters
      .filter((m) => m.personId !== memberPerson && m.personId !== secretary?.personId)
      .slice(0, Math.max(0, voters.length - 3));
    await insertMany(
      tx,
      appraisalVoters,
      branchMembers.map((m) => ({
        roundId: round!.id,
        personId: m.personId,
        parkId: ctx.parkId,
        exclusion: m.status === 'full' ? null : PROBATIONARY_EXCLUSION,
        voted: voted.includes(m),
      })),
    );
    const ballots: (typeof appraisalBallots.$inferInsert)[] = [];
    for (let i = 0; i < voted.length; i++) {
      const paperHash = crypto.createHash('sha256').update(crypto.randomBytes(20)).digest('hex');
      for (const m of branchMembers)
        ballots.push({
          roundId: round!.id,
          subjectId: m.personId,
          grade: rng.weighted([
            ['excellent', 2],
            ['qualified', 6],
            ['basic', 0.6],
            ['unqualified', 0.1],
          ]),
          paperHash,
        });
    }
    for (let i = ballots.length - 1; i > 0; i--) {
      const j = crypto.randomInt(i + 1);
      [ballots[i], ballots[j]] = [ballots[j]!, ballots[i]!];
    }
    await insertMany(tx, appraisalBallots, ballots);
    counts.appraisalPapers = voted.length;
  }

  ctx.log(
    `民主评议已投 ${counts.appraisalPapers} 张，奉献日 ${counts.dedicationDays}（记录 ${counts.dedicationEntries}），上年授牌 ${counts.awarded}，` +
      `方案 ${counts.schemes}，先锋岗 ${counts.posts}，佐证材料 ${counts.evidence}，自评 ${counts.selfEvaluations}`,
  );
  return counts;
};

const LEVEL_NAME: Record<Level, string> = {
  school: '校级',
  county: '区级',
  city: '市级',
  province: '省级',
  nation: '全国',
};
