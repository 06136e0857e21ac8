/**
 * The demo park (`npm run seed:demo`, also used by `npm run bench:api`): one general branch over
 * three vocational schools, modelled on the seed text — branches and party groups, departments,
 * grades and classes with their League branches, staff (about 30 % Party members, join dates in
 * every month, some probationary), students (many League members), and one account per role.
 *
 * Only an empty database is filled (see `inspectDatabase`): no people, no organisation nodes below
 * the park and its general branch, and no account other than park administrators created at first
 * start. The park of such an administrator is reused.
 */
import { refreshPeopleStats } from '../../src/server/areas/people/queries';
import { count, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../src/server/platform/db/client';
import type { Storage } from '../../src/server/platform/storage';
import {
  accounts,
  appSettings,
  memberships,
  orgNodes,
  people,
  roleAssignments,
} from '../../src/server/platform/db/schema/index';
import { audit } from '../../src/server/platform/audit';
import { hashPassword } from '../../src/server/areas/auth/passwords';
import { SETUP_TOKEN_KEY, createPark } from '../../src/server/areas/auth/bootstrap';
import { systemContext } from '../../src/server/context';
import { childPath, type OrgKind } from '../../src/common/orgTree';
import { addYears, defaultFullOn, todayInShanghai } from '../../src/common/dates';
import type { FieldCipher } from '../../src/server/platform/crypto';
import { nameKeys, sealNumbers } from '../../src/server/areas/people/fields';
import type { Role } from '../../src/server/access/roles';
import { seedDemoOrgLife } from './demoOrgLife';
import { seedDemoAssessment } from './demoAssessment';
import { seedDemoBranchRating } from './demoBranchRating';
import type { DemoPart } from './demoPart';
import { seedDemoPortal } from './demoPortal';
import {
  Rng,
  addDays,
  dayBetween,
  daysInMonth,
  ethnicity,
  givenName,
  idNumber,
  mobile,
  parseYmd,
  personName,
  surname,
  ymd,
  type Gender,
} from './demoData';

/** The password of every demo account (README lists the accounts). */
export const DEMO_PASSWORD = 'Demo2025';
export const DEMO_PARK_NAME = '青溪职教园区';

export interface SeedOptions {
  /** Multiplies people and classes (1 ≈ 200 staff, 60 classes, 3,000 students). Fractions allowed. */
  scale?: number;
  /** PRNG seed: the same seed builds the same park. */
  seed?: number;
  /** 'YYYY-MM-DD'; defaults to today in Asia/Shanghai. */
  today?: string;
  /** Name of the park when the database has none yet (default 青溪职教园区). */
  parkName?: string;
  /**
   * The file storage the server will read (createStorage), built over the seed's transaction: the
   * portal's pictures, attachments and music are stored through it. Without it no files are made.
   */
  storage?: (db: Db) => Storage;
  log?: (message: string) => void;
}

export interface DemoAccount {
  username: string;
  role: Role;
  roleLabel: string;
  scopeName: string;
  personNumber: string | null;
  personName: string | null;
  /** false when an account of that name already existed (its password was left alone). */
  created: boolean;
}

export interface SeedSummary {
  parkId: string;
  parkName: string;
  scale: number;
  schools: { id: string; name: string; classes: { id: string; name: string; grade: string }[] }[];
  counts: {
    orgNodes: number;
    staff: number;
    students: number;
    members: number;
    probationary: number;
    leagueMembers: number;
    classes: number;
    accounts: number;
  };
  /** What the later parts wrote, `<part>.<what>` → how many (e.g. `portal.articles`). */
  story: Record<string, number>;
  accounts: DemoAccount[];
  password: string;
  ms: number;
}

export class SeedRefusedError extends Error {}

interface DatabaseState {
  park: { id: string; name: string; generalBranchId: string | null } | null;
  people: number;
  nodesBelowPark: number;
  otherAccounts: string[];
  parks: number;
}

/** What the database holds that matters to the "empty database" rule. */
export async function inspectDatabase(db: Db): Promise<DatabaseState> {
  const parks = await db
    .select({ id: orgNodes.id, name: orgNodes.name })
    .from(orgNodes)
    .where(eq(orgNodes.kind, 'park'));
  const [{ n: peopleCount } = { n: 0 }] = await db.select({ n: count() }).from(people);
  const [{ n: nodesBelowPark } = { n: 0 }] = await db
    .select({ n: count() })
    .from(orgNodes)
    .where(sql`${orgNodes.kind} not in ('park', 'generalBranch')`);
  // Accounts other than the first park administrator(s) made at start: any person's account, or
  // any account holding a role other than parkAdmin, or one without a role.
  const others = await db
    .select({ username: accounts.username })
    .from(accounts)
    .where(
      sql`${accounts.personId} is not null
        or not exists (select 1 from ${roleAssignments} r where r.account_id = ${accounts.id} and r.role = 'parkAdmin')
        or exists (select 1 from ${roleAssignments} r where r.account_id = ${accounts.id} and r.role <> 'parkAdmin')`,
    );
  let park: DatabaseState['park'] = null;
  if (parks.length === 1) {
    const [gb] = await db
      .select({ id: orgNodes.id })
      .from(orgNodes)
      .where(sql`${orgNodes.parentId} = ${parks[0]!.id} and ${orgNodes.kind} = 'generalBranch'`)
      .limit(1);
    park = { ...parks[0]!, generalBranchId: gb?.id ?? null };
  }
  return {
    park,
    parks: parks.length,
    people: Number(peopleCount),
    nodesBelowPark: Number(nodesBelowPark),
    otherAccounts: others.map((o) => o.username),
  };
}

function refusal(state: DatabaseState): string | null {
  const found: string[] = [];
  if (state.parks > 1) found.push(`${state.parks} 个园区 (parks)`);
  if (state.people > 0) found.push(`${state.people} 名人员 (people)`);
  if (state.nodesBelowPark > 0) found.push(`${state.nodesBelowPark} 个组织节点 (organisation nodes)`);
  if (state.otherAccounts.length > 0) {
    const names = state.otherAccounts.slice(0, 5).join(', ') + (state.otherAccounts.length > 5 ? ' …' : '');
    found.push(`${state.otherAccounts.length} 个账号 (accounts: ${names})`);
  }
  if (!found.length) return null;
  return (
    `数据库中已有数据：${found.join('，')}。演示数据只能写入空数据库，未做任何修改。\n` +
    `The database already holds data (see above); seed:demo only fills an empty database and changed nothing.\n` +
    `请使用新的 DATA_DIR 或新的 PostgreSQL 数据库 (use a fresh DATA_DIR or a fresh PostgreSQL database).`
  );
}

// ---------------------------------------------------------------------------------------------
// The park's shape

interface Major {
  short: string;
  name: string;
  /** Share of boys in the major's classes. */
  male: number;
}
interface SchoolPlan {
  name: string;
  short: string;
  code: string;
  branches: string[];
  teachingDepartments: string[];
  majors: Major[];
}

const SCHOOLS: SchoolPlan[] = [
  {
    name: '青溪职业技术学校',
    short: '职技校',
    code: '1',
    branches: ['职技校第一党支部', '职技校第二党支部', '职技校第三党支部'],
    teachingDepartments: ['基础教学部', '机电专业部', '汽车专业部'],
    majors: [
      { short: '数控', name: '数控技术应用', male: 0.88 },
      { short: '机电', name: '机电技术应用', male: 0.82 },
      { short: '汽修', name: '汽车运用与维修', male: 0.9 },
      { short: '电子', name: '电子技术应用', male: 0.7 },
    ],
  },
  {
    name: '青溪中等专业学校',
    short: '中专',
    code: '2',
    branches: ['中专第一党支部', '中专第二党支部', '中专第三党支部'],
    teachingDepartments: ['基础教学部', '财经商贸专业部', '信息技术专业部'],
    majors: [
      { short: '会计', name: '会计事务', male: 0.2 },
      { short: '电商', name: '电子商务', male: 0.42 },
      { short: '计算机', name: '计算机应用', male: 0.68 },
      { short: '旅游', name: '旅游服务与管理', male: 0.3 },
    ],
  },
  {
    name: '青溪职业高级中学',
    short: '职高',
    code: '3',
    branches: ['职高第一党支部', '职高第二党支部'],
    teachingDepartments: ['基础教学部', '艺术专业部'],
    majors: [
      { short: '学前', name: '学前教育', male: 0.06 },
      { short: '烹饪', name: '中餐烹饪', male: 0.62 },
      { short: '服装', name: '服装设计与工艺', male: 0.15 },
      { short: '美术', name: '美术设计与制作', male: 0.38 },
    ],
  },
];
/** Administrative offices of every school, with how many 中层 cadres each has. */
const OFFICES: [string, number][] = [
  ['办公室', 2],
  ['教务处', 2],
  ['学生处', 2],
  ['总务处', 1],
  ['实训处', 1],
  ['招生就业处', 1],
];

interface NodeRef {
  id: string;
  path: string;
  schoolId: string | null;
  name: string;
}
type NodeRow = typeof orgNodes.$inferInsert;
type PersonRow = typeof people.$inferInsert & { id: string };
type MembershipRow = typeof memberships.$inferInsert;

/** Demo accounts: who they are and which role over which node. Filled while people are made. */
interface AccountPlan {
  username: string;
  role: Role;
  scope: NodeRef;
  extraRoles?: [Role, NodeRef][];
  person: PersonRow | null;
}

const ROLE_LABEL: Record<Role, string> = {
  parkAdmin: '园区管理员',
  schoolAdmin: '学校管理员',
  branchSecretary: '支部书记',
  portalEditor: '网站编辑',
  portalReviewer: '网站审核',
  leagueCommittee: '校团委',
  homeroomTeacher: '班主任',
  mentor: '德育导师',
  member: '党员',
  student: '学生',
};

/** Monthly dues base (fen) from a plausible fixed pay for the title. */
function duesBaseFen(rng: Rng, title: string | null): number {
  const range: [number, number] =
    title === '正高级讲师'
      ? [9500, 12000]
      : title?.startsWith('高级')
        ? [7000, 9500]
        : title === '讲师' || title === '实习指导教师'
          ? [5500, 7200]
          : title === '助理讲师'
            ? [4300, 5600]
            : [3200, 5000];
  return rng.int(range[0] / 10, range[1] / 10) * 1000;
}

function titleFor(rng: Rng, age: number, office: boolean, practical: boolean): string | null {
  if (office && rng.chance(0.35)) return null;
  if (age < 27) return rng.chance(0.7) ? '助理讲师' : null;
  if (practical && rng.chance(0.25)) return age > 40 ? '高级实习指导教师' : '实习指导教师';
  if (age < 36)
    return rng.weighted([
      ['讲师', 70],
      ['助理讲师', 25],
      ['高级讲师', 5],
    ] as const);
  if (age < 50)
    return rng.weighted([
      ['高级讲师', 55],
      ['讲师', 43],
      ['正高级讲师', 2],
    ] as const);
  return rng.weighted([
    ['高级讲师', 75],
    ['讲师', 15],
    ['正高级讲师', 10],
  ] as const);
}

/**
 * The secretary's branch (the first school's first branch, where the office staff are members)
 * needs a political birthday in every month of the year at every scale, so that the month's roster
 * is never empty for the demo secretary: at a small scale the school's share of members is too
 * few, so staff join it (teachers first, keeping one office worker, one young and one teaching
 * non-member for the editor, League and homeroom-teacher accounts), then members of the other
 * branches move over while each keeps one.
 */
const SECRETARY_BRANCH_FULL_MEMBERS = 12;

function topUpSecretaryBranch<P extends { age: number; dept: { office: boolean } }>(
  staff: P[],
  chosen: Set<P>,
  probationary: Set<P>,
  branchOf: Map<P, number>,
) {
  const fullInFirst = () => [...chosen].filter((p) => branchOf.get(p) === 0 && !probationary.has(p)).length;
  const keep = new Set<P>();
  for (const pred of [(p: P) => p.dept.office, (p: P) => p.age < 36, (p: P) => !p.dept.office]) {
    const p = staff.find((x) => !chosen.has(x) && !keep.has(x) && pred(x));
    if (p) keep.add(p);
  }
  const joiners = staff
    .filter((p) => !chosen.has(p) && !keep.has(p) && p.age >= 24)
    .sort((a, b) => Number(a.dept.office) - Number(b.dept.office));
  while (fullInFirst() < SECRETARY_BRANCH_FULL_MEMBERS && joiners.length) {
    const p = joiners.shift()!;
    chosen.add(p);
    branchOf.set(p, 0);
  }
  for (const p of [...chosen]) {
    if (fullInFirst() >= SECRETARY_BRANCH_FULL_MEMBERS) break;
    const b = branchOf.get(p)!;
    if (b === 0 || probationary.has(p)) continue;
    if ([...chosen].filter((q) => branchOf.get(q) === b).length > 1) branchOf.set(p, 0);
  }
}

/**
 * Re-dates the political birthdays (入党时间) of one branch's full members so that every month has
 * one, the member account's falls in the current month, and one falls within the coming week
 * (three days after `today`): the roster of "this month" and the week-ahead reminder are never
 * empty, whatever day the demo is seeded. The year each joined is kept where the day exists in it.
 */
function spreadBranchBirthdays(rows: MembershipRow[], memberRow: MembershipRow, today: string, rng: Rng) {
  const { m: thisMonth } = parseYmd(today);
  const soon = parseYmd(addDays(today, 3));
  const ordered = [memberRow, ...rows.filter((r) => r !== memberRow)];
  ordered.forEach((row, i) => {
    const month = ((thisMonth - 1 + i) % 12) + 1;
    let year = Number(row.joinedOn.slice(0, 4));
    // The first member of the coming week's month has their birthday on that very day.
    const day =
      month === soon.m && i === (soon.m - thisMonth + 12) % 12
        ? soon.d
        : rng.int(1, daysInMonth(2001, month));
    while (day > daysInMonth(year, month)) year--;
    row.joinedOn = ymd(year, month, day);
    row.fullOn = defaultFullOn(row.joinedOn);
  });
}

function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------

export async function seedDemo(db: Db, cipher: FieldCipher, opts: SeedOptions = {}): Promise<SeedSummary> {
  const started = performance.now();
  const scale = opts.scale ?? 1;
  if (!(scale > 0 && scale <= 100)) throw new RangeError('scale must be in (0, 100]');
  const log = opts.log ?? (() => undefined);
  const rng = new Rng(opts.seed ?? 20_250_901);
  const today = opts.today ?? todayInShanghai();
  const { y: thisYear, m: thisMonth } = parseYmd(today);
  /** The newest intake (September); the three grades are this year and the two before. */
  const newestIntake = thisMonth >= 9 ? thisYear : thisYear - 1;

  const before = await inspectDatabase(db);
  const refused = refusal(before);
  if (refused) throw new SeedRefusedError(refused);

  // Password hashes first (argon2 is slow on purpose), outside the transaction.
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const summary = await db.transaction(async (tx) => {
    // Re-check inside the transaction: nothing may have slipped in since.
    const state = await inspectDatabase(tx);
    const again = refusal(state);
    if (again) throw new SeedRefusedError(again);

    let parkId: string;
    let parkName: string;
    let generalBranchId: string;
    if (state.park) {
      parkId = state.park.id;
      parkName = state.park.name;
      if (state.park.generalBranchId) generalBranchId = state.park.generalBranchId;
      else {
        generalBranchId = crypto.randomUUID();
        const [p] = await tx.select().from(orgNodes).where(eq(orgNodes.id, parkId));
        await tx.insert(orgNodes).values({
          id: generalBranchId,
          parkId,
          parentId: parkId,
          kind: 'generalBranch',
          name: `${parkName}党总支`,
          path: childPath(p!.path, generalBranchId),
        });
      }
      log(`使用已有园区「${parkName}」(reusing the existing park)`);
    } else {
      parkName = opts.parkName ?? DEMO_PARK_NAME;
      ({ parkId, generalBranchId } = await createPark(tx, parkName));
      log(`新建园区「${parkName}」(created the park)`);
    }
    const [parkRow] = await tx.select().from(orgNodes).where(eq(orgNodes.id, parkId));
    const [gbRow] = await tx.select().from(orgNodes).where(eq(orgNodes.id, generalBranchId));
    const park: NodeRef = { id: parkId, path: parkRow!.path, schoolId: null, name: parkName };
    const generalBranch: NodeRef = { id: gbRow!.id, path: gbRow!.path, schoolId: null, name: gbRow!.name };

    // --- organisation -------------------------------------------------------------------------
    const nodeRows: NodeRow[] = [];
    const addNode = (parent: NodeRef, kind: OrgKind, name: string, sortOrder: number, code?: string) => {
      const id = crypto.randomUUID();
      const path = childPath(parent.path, id);
      const schoolId = kind === 'school' ? id : parent.schoolId;
      nodeRows.push({ id, parkId, parentId: parent.id, kind, name, code, sortOrder, path, schoolId });
      return { id, path, schoolId, name };
    };

    const classesPerSchool = split(Math.max(9, Math.round(60 * scale)), 3);
    const staffPerSchool = split(Math.max(60, Math.round(200 * scale)), 3);
    const membersPerSchool = split(Math.max(24, Math.round(60 * scale)), 3);
    const probationaryPerSchool = split(Math.max(3, Math.round(8 * scale)), 3);

    const schools = SCHOOLS.map((plan, s) => {
      const school = addNode(generalBranch, 'school', plan.name, s + 1, plan.code);
      const branches = plan.branches.map((name, b) => {
        const branch = addNode(school, 'branch', name, b + 1);
        const groups = ['第一党小组', '第二党小组'].map((g, i) => addNode(branch, 'partyGroup', g, i + 1));
        return { branch, groups };
      });
      const offices = OFFICES.map(([name, cadres], i) => ({
        node: addNode(school, 'department', name, i + 1),
        cadres,
        practical: name === '实训处',
        office: true,
      }));
      const teaching = plan.teachingDepartments.map((name, i) => ({
        node: addNode(school, 'department', name, OFFICES.length + i + 1),
        cadres: 1,
        practical: name !== '基础教学部',
        office: false,
      }));
      const league = addNode(school, 'leagueCommittee', '校团委', 100);
      const grades = [newestIntake - 2, newestIntake - 1, newestIntake].map((year, g) => ({
        year,
        node: addNode(school, 'grade', `${year}级`, 50 + g, String(year)),
        classes: [] as { node: NodeRef; leagueBranch: NodeRef; major: Major; code: string }[],
      }));
      const perGrade = split(classesPerSchool[s]!, 3);
      const width = Math.max(...perGrade) > 99 ? 3 : 2;
      grades.forEach((grade, g) => {
        for (let c = 0; c < perGrade[g]!; c++) {
          const major = plan.majors[c % plan.majors.length]!;
          const name = `${grade.year}级${major.short}${Math.floor(c / plan.majors.length) + 1}班`;
          const code = `${grade.year}${plan.code}${String(c + 1).padStart(width, '0')}`;
          const node = addNode(grade.node, 'class', name, c + 1, code);
          const leagueBranch = addNode(league, 'leagueBranch', `${name}团支部`, grade.year * 1000 + c);
          grade.classes.push({ node, leagueBranch, major, code });
        }
      });
      return { plan, school, branches, offices, teaching, league, grades };
    });
    for (let i = 0; i < nodeRows.length; i += 1000)
      await tx.insert(orgNodes).values(nodeRows.slice(i, i + 1000));
    log(`组织架构：${nodeRows.length} 个节点 (organisation nodes)`);

    // --- people ---------------------------------------------------------------------------------
    const usedIds = new Set<string>();
    const personRows: PersonRow[] = [];
    const membershipRows: MembershipRow[] = [];
    // Name keys and sealed numbers exactly as the people module stores them.
    const keysCache = new Map<string, ReturnType<typeof nameKeys>>();
    const keysOf = (name: string) => {
      let hit = keysCache.get(name);
      if (!hit) keysCache.set(name, (hit = nameKeys(name)));
      return hit;
    };

    let fullCounter = 0;
    let leapDone = false;
    const accountPlans: AccountPlan[] = [];

    for (const [s, sc] of schools.entries()) {
      // Staff slots: cadres of every department first, then the rest spread over the departments.
      const departments = [...sc.offices, ...sc.teaching];
      const slots: { dept: (typeof departments)[number]; cadre: boolean }[] = [];
      for (const dept of departments) for (let i = 0; i < dept.cadres; i++) slots.push({ dept, cadre: true });
      while (slots.length < staffPerSchool[s]!) {
        const dept = rng.chance(0.25) ? rng.pick(sc.offices) : rng.pick(sc.teaching);
        slots.push({ dept, cadre: false });
      }
      slots.length = staffPerSchool[s]!;
      let seq = 0;
      const staff = slots.map(({ dept, cadre }) => {
        const gender: Gender = rng.chance(0.52) ? 'female' : 'male';
        const age = cadre ? rng.around(46, 8, 32, 59) : rng.around(39, 11, 23, 59);
        const birthYear = thisYear - age;
        const birthDate = dayBetween(rng, ymd(birthYear, 1, 1), ymd(birthYear, 12, 31));
        let hireYear = Math.min(thisYear, birthYear + rng.int(22, Math.min(35, age)));
        if (ymd(hireYear, 8, 25) > today) hireYear -= 1;
        const id = idNumber(rng, birthDate, gender, usedIds);
        const phone = mobile(rng);
        const name = personName(rng, gender);
        const row: PersonRow = {
          id: crypto.randomUUID(),
          parkId,
          kind: 'staff',
          number: `${sc.plan.code}${String(++seq).padStart(4, '0')}`,
          name,
          ...keysOf(name),
          gender,
          birthDate,
          ethnicity: ethnicity(rng),
          ...sealNumbers(cipher, { idNumber: id, phone }),
          schoolId: sc.school.id,
          unitId: dept.node.id,
          title: titleFor(rng, age, dept.office && !cadre, dept.practical),
          isCadre: cadre,
          hireDate: ymd(hireYear, 8, rng.int(20, 31)),
        };
        personRows.push(row);
        return { row, age, birthYear, dept, cadre };
      });

      // Party members: most cadres, then others, until the school's share is reached.
      const target = Math.min(membersPerSchool[s]!, staff.length);
      const chosen = new Set<(typeof staff)[number]>();
      // (Cadres fill at most half of the share, so that rank-and-file members exist at any scale.)
      for (const p of staff)
        if (p.cadre && chosen.size < Math.ceil(target / 2) && rng.chance(0.8)) chosen.add(p);
      const pool = staff.filter((p) => !chosen.has(p) && !p.cadre && p.age >= 24);
      while (chosen.size < target && pool.length) chosen.add(pool.splice(rng.int(0, pool.length - 1), 1)[0]!);
      // Probationary: the youngest rank-and-file members.
      const probationary = new Set(
        [...chosen]
          .filter((p) => !p.cadre)
          .sort((a, b) => a.age - b.age)
          .slice(0, probationaryPerSchool[s]!),
      );
      type Staff = (typeof staff)[number];
      const memberInfo = new Map<Staff, { branch: NodeRef }>();
      const branchOf = new Map<Staff, number>();
      for (const p of chosen)
        branchOf.set(p, p.dept.office || sc.branches.length === 1 ? 0 : rng.int(1, sc.branches.length - 1));
      if (s === 0) topUpSecretaryBranch(staff, chosen, probationary, branchOf);
      for (const p of chosen) {
        const { branch, groups } = sc.branches[branchOf.get(p)!]!;
        let joinedOn: string;
        let fullOn: string | null;
        if (probationary.has(p)) {
          joinedOn = addDays(today, -rng.int(15, 350));
          fullOn = null;
        } else {
          // Every month of the year gets its political birthdays; years spread over decades.
          const month = (fullCounter++ % 12) + 1;
          // Most join between 22 and 35 (teachers often as students or young teachers).
          const firstYear = p.birthYear + 19;
          let year = Math.min(thisYear - 2, p.birthYear + rng.around(26, 7, 19, 45));
          let day = rng.int(1, daysInMonth(year, month));
          if (month === 2 && !leapDone) {
            // One member who joined on 29 February: probation ends on 28 February (RULES.md §3).
            while (daysInMonth(year, 2) !== 29 && year > firstYear) year--;
            if (daysInMonth(year, 2) === 29) {
              day = 29;
              leapDone = true;
            }
          }
          joinedOn = ymd(year, month, day);
          fullOn = defaultFullOn(joinedOn);
        }
        membershipRows.push({
          parkId,
          personId: p.row.id,
          status: fullOn ? 'full' : 'probationary',
          branchId: branch.id,
          partyGroupId: rng.pick(groups).id,
          joinedOn,
          fullOn,
          duesBaseFen: duesBaseFen(rng, p.row.title ?? null),
          duesGroup: 'working',
        });
        memberInfo.set(p, { branch });
      }

      // Students, class by class.
      let firstClass: { node: NodeRef; students: PersonRow[] } | null = null;
      for (const grade of sc.grades) {
        const leagueRate = grade.year === newestIntake ? 0.35 : grade.year === newestIntake - 1 ? 0.5 : 0.62;
        for (const cls of grade.classes) {
          const size = rng.around(50, 5, 40, 56);
          const students: PersonRow[] = [];
          for (let seat = 1; seat <= size; seat++) {
            const gender: Gender = rng.chance(cls.major.male) ? 'male' : 'female';
            const older = rng.chance(0.1) ? 1 : 0;
            const birthDate = dayBetween(
              rng,
              ymd(grade.year - 16 - older, 9, 1),
              ymd(grade.year - 15 - older, 8, 31),
            );
            const family = surname(rng);
            const name = personName(rng, gender, family);
            const id = idNumber(rng, birthDate, gender, usedIds);
            const phone = rng.chance(0.75) ? mobile(rng) : null;
            const league = rng.chance(leagueRate);
            const leagueFrom = addYears(birthDate, 14);
            const father = rng.chance(0.6);
            const guardianPhone = mobile(rng);
            const row: PersonRow = {
              id: crypto.randomUUID(),
              parkId,
              kind: 'student',
              number: cls.code + String(seat).padStart(2, '0'),
              name,
              ...keysOf(name),
              gender,
              birthDate,
              ethnicity: ethnicity(rng),
              ...sealNumbers(cipher, { idNumber: id, phone, guardianPhone }),
              schoolId: sc.school.id,
              unitId: cls.node.id,
              isLeagueMember: league && leagueFrom < today,
              leagueJoinedOn: league && leagueFrom < today ? dayBetween(rng, leagueFrom, today) : null,
              guardianName: father ? family + givenName(rng, 'male') : personName(rng, 'female'),
            };
            personRows.push(row);
            students.push(row);
          }
          if (!firstClass && grade.year === newestIntake) firstClass = { node: cls.node, students };
        }
      }
      log(`${sc.plan.name}：教职工 ${staff.length}，党员 ${chosen.size}，班级 ${classesPerSchool[s]}`);

      if (s === 0) {
        // The demo accounts belong to people of the first school.
        const members = [...chosen].filter((p) => !probationary.has(p));
        const take = <T>(list: T[], pred: (x: T) => boolean): T => {
          const i = list.findIndex(pred);
          return list.splice(i >= 0 ? i : 0, 1)[0]!;
        };
        const nonMembers = staff.filter((p) => !chosen.has(p));
        const parkAdmin = take(members, (p) => p.cadre && p.dept.node.name === '办公室');
        const schoolAdmin = take(members, (p) => p.cadre);
        const secretaryP = take(members, (p) => memberInfo.get(p)!.branch.id === sc.branches[0]!.branch.id);
        const reviewer = take(members, (p) => p.cadre);
        const mentor = take(members, (p) => p.cadre);
        // The member account sits in the secretary's branch, so that the two demo accounts meet in
        // the same flows (the month's roster, the symposium, the thought report and its comment).
        const inSecretaryBranch = (p: (typeof staff)[number]) =>
          memberInfo.get(p)!.branch.id === memberInfo.get(secretaryP)!.branch.id;
        const member = take(
          members,
          members.some((p) => !p.cadre && inSecretaryBranch(p))
            ? (p) => !p.cadre && inSecretaryBranch(p)
            : (p) => !p.cadre,
        );
        const editor = take(nonMembers, (p) => p.dept.office);
        const leagueP = take(nonMembers, (p) => p.age < 36);
        const teacher = take(nonMembers, (p) => !p.dept.office);
        const secretaryBranch = memberInfo.get(secretaryP)!.branch;
        const memberBranch = memberInfo.get(member)!.branch;
        const memberRow = membershipRows.find((r) => r.personId === member.row.id)!;
        spreadBranchBirthdays(
          membershipRows.filter((r) => r.branchId === secretaryBranch.id && r.status === 'full'),
          memberRow,
          today,
          rng,
        );
        // The 29 February joiner may have been re-dated above; a later school then provides one.
        leapDone = membershipRows.some((r) => r.joinedOn.endsWith('-02-29'));
        const cls = firstClass!;
        accountPlans.push(
          { username: 'parkadmin', role: 'parkAdmin', scope: park, person: parkAdmin.row },
          { username: 'schooladmin', role: 'schoolAdmin', scope: sc.school, person: schoolAdmin.row },
          {
            username: 'secretary',
            role: 'branchSecretary',
            scope: secretaryBranch,
            extraRoles: [['member', secretaryBranch]],
            person: secretaryP.row,
          },
          { username: 'editor', role: 'portalEditor', scope: park, person: editor.row },
          { username: 'reviewer', role: 'portalReviewer', scope: park, person: reviewer.row },
          { username: 'league', role: 'leagueCommittee', scope: sc.league, person: leagueP.row },
          { username: 'teacher', role: 'homeroomTeacher', scope: cls.node, person: teacher.row },
          { username: 'mentor', role: 'mentor', scope: sc.school, person: mentor.row },
          { username: 'member', role: 'member', scope: memberBranch, person: member.row },
          { username: 'student', role: 'student', scope: cls.node, person: cls.students[0]! },
        );
      }
    }

    const staffCount = personRows.filter((p) => p.kind === 'staff').length;
    const studentCount = personRows.length - staffCount;
    const BATCH = 1000;
    for (let i = 0; i < personRows.length; i += BATCH) {
      await tx.insert(people).values(personRows.slice(i, i + BATCH));
      const done = Math.min(i + BATCH, personRows.length);
      if (done === personRows.length || (i / BATCH) % 5 === 4) log(`人员 ${done}/${personRows.length}`);
    }
    for (let i = 0; i < membershipRows.length; i += BATCH) {
      await tx.insert(memberships).values(membershipRows.slice(i, i + BATCH));
    }
    log(`党员 ${membershipRows.length} (memberships)`);

    // --- accounts -------------------------------------------------------------------------------
    const found = await tx
      .select({ id: accounts.id, username: sql<string>`lower(${accounts.username})` })
      .from(accounts)
      .where(
        inArray(
          sql`lower(${accounts.username})`,
          accountPlans.map((a) => a.username),
        ),
      );
    const existing = new Set(found.map((r) => r.username));
    const demoAccounts: DemoAccount[] = [];
    const accountIds = new Map<string, string>(found.map((r) => [r.username, r.id]));
    for (const plan of accountPlans) {
      const created = !existing.has(plan.username);
      if (created) {
        const [account] = await tx
          .insert(accounts)
          .values({
            parkId,
            personId: plan.person?.id ?? null,
            username: plan.username,
            displayName: plan.person?.name ?? ROLE_LABEL[plan.role],
            passwordHash,
          })
          .returning({ id: accounts.id });
        accountIds.set(plan.username, account!.id);
        const grants: [Role, NodeRef][] = [[plan.role, plan.scope], ...(plan.extraRoles ?? [])];
        await tx
          .insert(roleAssignments)
          .values(
            grants.map(([role, scope]) => ({ parkId, accountId: account!.id, role, scopeNodeId: scope.id })),
          );
      }
      demoAccounts.push({
        username: plan.username,
        role: plan.role,
        roleLabel: ROLE_LABEL[plan.role],
        scopeName: plan.scope.name,
        personNumber: plan.person?.number ?? null,
        personName: plan.person?.name ?? null,
        created,
      });
    }
    // Accounts exist now: the one-time setup link (if one was printed) must no longer work.
    await tx.delete(appSettings).where(eq(appSettings.key, SETUP_TOKEN_KEY));

    // The year the park has lived: organisational life first (the portal reports on it).
    const parts: [string, DemoPart][] = [
      ['orgLife', seedDemoOrgLife],
      ['assessment', seedDemoAssessment],
      ['branchRating', seedDemoBranchRating],
      ['portal', seedDemoPortal],
    ];
    const story: Record<string, number> = {};
    const storage = opts.storage?.(tx);
    for (const [i, [name, part]] of parts.entries()) {
      const counts = await part(tx, {
        parkId,
        today,
        scale,
        seed: (opts.seed ?? 20_250_901) + 1000 * (i + 1),
        accountIds,
        cipher,
        storage,
        log: (m) => log(`[${name}] ${m}`),
      });
      for (const [k, v] of Object.entries(counts)) story[`${name}.${k}`] = v;
    }

    const [{ n: nodeCount } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(orgNodes)
      .where(eq(orgNodes.parkId, parkId));
    const [{ n: accountCount } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(accounts)
      .where(eq(accounts.parkId, parkId));
    const counts: SeedSummary['counts'] = {
      orgNodes: Number(nodeCount),
      staff: staffCount,
      students: studentCount,
      members: membershipRows.length,
      probationary: membershipRows.filter((m) => m.status === 'probationary').length,
      leagueMembers: personRows.filter((p) => p.isLeagueMember).length,
      classes: schools.reduce((n, sc) => n + sc.grades.reduce((m, g) => m + g.classes.length, 0), 0),
      accounts: Number(accountCount),
    };
    await audit(tx, systemContext('seed:demo'), {
      parkId,
      action: 'demo.seed',
      entityType: 'park',
      entityId: parkId,
      after: {
        scale,
        ...counts,
        story,
        accounts: demoAccounts.filter((a) => a.created).map((a) => a.username),
      },
    });

    return {
      parkId,
      parkName,
      scale,
      schools: schools.map((sc) => ({
        id: sc.school.id,
        name: sc.plan.name,
        classes: sc.grades.flatMap((g) =>
          g.classes.map((c) => ({ id: c.node.id, name: c.node.name, grade: g.node.name })),
        ),
      })),
      counts,
      story,
      accounts: demoAccounts,
      password: DEMO_PASSWORD,
      ms: Math.round(performance.now() - started),
    };
  });
  // Fresh planner statistics for the people lists (PGlite has no autovacuum to gather them).
  await refreshPeopleStats(db);
  return summary;
}
