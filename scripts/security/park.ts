/**
 * The probe's park: the API tests' two-school park (test/support/fixtures.ts, an account per role),
 * the newsroom's accounts, a mentor, two more member accounts — and CANARIES: records each planted
 * through the real API, carrying a unique marker, with the accounts that may legitimately see them.
 * A marker in an answer to anyone else is a leak. The clear ID and phone numbers of the planted
 * people are canaries too: only holders of people.export / people.reveal over them may meet them.
 */
import crypto from 'node:crypto';
import { accounts, roleAssignments } from '../../src/server/platform/db/schema/index';
import type { Db } from '../../src/server/platform/db/client';
import { hashPassword } from '../../src/server/areas/auth/passwords';
import type { Role } from '../../src/server/access/roles';
import { todayInShanghai } from '../../src/common/dates';
import { buildPark, PASSWORD, type Park } from '../../test/support/fixtures';
import { makeIdNumber } from '../../test/support/people';
import { Http } from './http';

export { PASSWORD };

/** Every account the probe signs in as, with what it holds (for the tables). */
export const ACTORS: { username: string; holds: string }[] = [
  { username: 'admin', holds: 'parkAdmin@park' },
  { username: 'schoolAdminA', holds: 'schoolAdmin@schoolA' },
  { username: 'secretaryA', holds: 'branchSecretary+member@branchA' },
  { username: 'teacherA', holds: 'homeroomTeacher@classA1, member@branchA' },
  { username: 'leagueA', holds: 'leagueCommittee@leagueA' },
  { username: 'studentA1', holds: 'student@classA1' },
  { username: 'teacherB', holds: 'member@branchB' },
  { username: 'memberA2', holds: 'member@branchA' },
  { username: 'memberB', holds: 'member@branchB' },
  { username: 'editor', holds: 'portalEditor@park' },
  { username: 'editorA', holds: 'portalEditor@schoolA' },
  { username: 'reviewer', holds: 'portalReviewer@park' },
  { username: 'mentorA', holds: 'mentor@schoolA' },
  { username: 'anonymous', holds: '(no session)' },
];

export interface Canary {
  marker: string;
  what: string;
  /** Accounts that may see it. */
  allowed: ReadonlySet<string>;
}

/** A record the write probe aims at, with the accounts that may legitimately write it. */
export interface Target {
  kind: string;
  id: string;
  label: string;
  owners: ReadonlySet<string>;
  /** Related ids, by path parameter name (grantId, personId, year …). */
  related?: Record<string, string>;
  /** Who replays the write to show its body was valid (default the park admin). */
  replayAs?: string;
}

export interface ProbePark {
  park: Park;
  today: string;
  year: number;
  canaries: Canary[];
  /** Ids by kind (for path parameters of reads), in and out of anyone's scope. */
  pools: Map<string, Set<string>>;
  /** Records for the write probe. */
  targets: Target[];
  /** Ids the write probe puts in bodies: the actor's own side of the park (school A). */
  bodyIds: Record<string, string>;
  /** What could not be planted (the step and why). */
  problems: string[];
  /** What the planting observed on the way (refusals that are the product doing its job). */
  notes: string[];
}

const MARK = () =>
  'CNRY' + Array.from(crypto.randomBytes(6), (b) => 'ABCDEFGHJKLMNPQRSTUVWXYZ'[b % 24]).join('');

const set = (...names: string[]) => new Set(names);

async function addAccount(
  db: Db,
  park: Park,
  username: string,
  personId: string | null,
  roles: [Role, string][],
) {
  const [a] = await db
    .insert(accounts)
    .values({
      parkId: park.parkId,
      username,
      displayName: username,
      personId,
      passwordHash: await hashPassword(PASSWORD),
    })
    .returning({ id: accounts.id });
  for (const [role, nodeKey] of roles)
    await db
      .insert(roleAssignments)
      .values({ parkId: park.parkId, accountId: a!.id, role, scopeNodeId: park.nodes[nodeKey]!.id });
  park.accountIds[username] = a!.id;
  return a!.id;
}

function randomDigits(n: number) {
  return Array.from(crypto.randomBytes(n), (b) => String(b % 10)).join('');
}

/** Builds the park and plants the canaries through the API of the running server at `base`. */
export async function plant(db: Db, base: string): Promise<ProbePark> {
  const park = await buildPark(db);
  const N = park.nodes;
  const today = todayInShanghai();
  const year = Number(today.slice(0, 4));
  const canaries: Canary[] = [];
  const pools = new Map<string, Set<string>>();
  const targets: Target[] = [];
  const problems: string[] = [];
  const notes: string[] = [];
  const pool = (kind: string, id: string | undefined | null) => {
    if (!id) return;
    if (!pools.has(kind)) pools.set(kind, new Set());
    pools.get(kind)!.add(id);
  };
  const canary = (what: string, allowed: Set<string>) => {
    const marker = MARK();
    canaries.push({ marker, what, allowed });
    return marker;
  };
  const step = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      problems.push(`${what}: ${(err as Error).message.slice(0, 300)}`);
      return undefined;
    }
  };

  // Accounts beyond the fixtures': the newsroom, a mentor.
  await addAccount(db, park, 'editor', null, [['portalEditor', 'park']]);
  await addAccount(db, park, 'editorA', null, [['portalEditor', 'schoolA']]);
  await addAccount(db, park, 'reviewer', null, [['portalReviewer', 'park']]);
  await addAccount(db, park, 'mentorA', null, [['mentor', 'schoolA']]);

  for (const [k, v] of Object.entries(N)) {
    pool('node', v.id);
    if (k.startsWith('school')) pool('school', v.id);
    if (k.startsWith('branch')) pool('branch', v.id);
    if (/^class/.test(k)) pool('unit', v.id);
    if (/^dept/.test(k)) pool('unit', v.id);
    if (/^grade/.test(k)) pool('grade', v.id);
  }
  for (const id of Object.values(park.persons)) pool('person', id);
  for (const id of Object.values(park.accountIds)) pool('account', id);

  const admin = await new Http(base, 'admin').login('admin', PASSWORD);
  const as = async (u: string) => new Http(base, u).login(u, PASSWORD);

  // People with clear numbers: their names and numbers are canaries.
  interface Planted {
    id: string;
    name: string;
  }
  async function person(
    key: string,
    kind: 'staff' | 'student',
    school: 'A' | 'B',
    unit: string,
    label: string,
    nameAllowed: Set<string>,
    clearAllowed: Set<string>,
  ): Promise<Planted | undefined> {
    const name = `${label}${canary(`name of ${key} (${kind}, school ${school})`, nameAllowed)}`;
    const birth =
      kind === 'student'
        ? '2009-0' + (1 + (crypto.randomBytes(1)[0]! % 9)) + '-1' + (crypto.randomBytes(1)[0]! % 9)
        : '1980-05-1' + (crypto.randomBytes(1)[0]! % 9);
    // The sequence's last digit is the ID number's sex digit: even for a woman (GB 11643).
    const idNumber = makeIdNumber(birth, 100 + 2 * (crypto.randomBytes(1)[0]! % 400), '110105');
    const phone = '139' + randomDigits(8);
    canaries.push({ marker: idNumber, what: `clear ID number of ${key}`, allowed: clearAllowed });
    canaries.push({ marker: phone, what: `clear phone of ${key}`, allowed: clearAllowed });
    const body: Record<string, unknown> = {
      kind,
      number: `${kind === 'staff' ? 'T' : 'S'}${school}9${randomDigits(3)}`,
      name,
      gender: 'female',
      birthDate: birth,
      idNumber,
      phone,
      schoolId: N[`school${school}`]!.id,
      unitId: N[unit]!.id,
    };
    if (kind === 'student') {
      const guardianPhone = '138' + randomDigits(8);
      canaries.push({ marker: guardianPhone, what: `clear guardian phone of ${key}`, allowed: clearAllowed });
      body.guardianName = '监护人';
      body.guardianPhone = guardianPhone;
    }
    return step(`plant person ${key}`, async () => {
      const p = await admin.ok<{ id: string }>('POST', '/api/people', body);
      pool('person', p.id);
      return { id: p.id, name };
    });
  }

  // C1: a student of school B — only the park admin reaches them.
  const studentB = await person(
    'studentB',
    'student',
    'B',
    'classB1',
    '乙校学生',
    set('admin'),
    set('admin'),
  );
  // C2: a Party member of branch B (with an account of their own).
  const memberB = await person(
    'memberB',
    'staff',
    'B',
    'deptB',
    '乙校党员',
    set('admin', 'memberB'),
    set('admin', 'memberB'),
  );
  // C3: a student of class A2: school A's managers reach them, the class A1 homeroom teacher does not.
  const studentA2 = await person(
    'studentA2',
    'student',
    'A',
    'classA2',
    '甲校学生',
    set('admin', 'schoolAdminA', 'secretaryA', 'leagueA'),
    set('admin', 'schoolAdminA'),
  );
  // C4: a fellow member of branch A: the secretary reaches them, another member does not.
  const memberA2 = await person(
    'memberA2',
    'staff',
    'A',
    'deptA',
    '甲校党员',
    set('admin', 'schoolAdminA', 'secretaryA', 'memberA2'),
    set('admin', 'schoolAdminA', 'memberA2'),
  );

  const membership = (p: Planted | undefined, branch: string) =>
    p &&
    step(`membership of ${p.name}`, () =>
      admin.ok('PUT', `/api/people/${p.id}/membership`, {
        status: 'full',
        branchId: N[branch]!.id,
        joinedOn: '2012-07-01',
        fullOn: '2013-07-01',
        duesBaseFen: 500_000,
        duesGroup: 'working',
      }),
    );
  await membership(memberB, 'branchB');
  await membership(memberA2, 'branchA');
  if (memberB) await addAccount(db, park, 'memberB', memberB.id, [['member', 'branchB']]);
  if (memberA2) await addAccount(db, park, 'memberA2', memberA2.id, [['member', 'branchA']]);
  pool('account', park.accountIds.memberB);
  pool('account', park.accountIds.memberA2);

  // An account tied to school B's student, with a role there (a grant to aim the role writes at).
  const acctB = await step('plant account of school B', async () => {
    if (!studentB) throw new Error('no studentB');
    const displayName = `乙校账号${canary('display name of an account of school B', set('admin'))}`;
    const res = await admin.ok<{ account: { id: string } }>('POST', '/api/accounts', {
      username: `acctb_${randomDigits(4)}`,
      displayName,
      personId: studentB.id,
    });
    const id = res.account.id;
    await admin.ok('POST', `/api/accounts/${id}/roles`, { role: 'student', scopeNodeId: N.classB1!.id });
    const detail = await admin.ok<{ roles: { id: string }[] }>('GET', `/api/accounts/${id}`);
    pool('account', id);
    for (const r of detail.roles) pool('grant', r.id);
    return { id, grantId: detail.roles[0]?.id };
  });

  // Thought reports, a comment, a proposal, goals: written by the members themselves.
  const selfRecords = async (who: 'memberB' | 'memberA2', p: Planted | undefined, readers: Set<string>) => {
    if (!p) return {};
    const me = await step(`login ${who}`, () => as(who));
    if (!me) return {};
    const report = await step(`thought report of ${who}`, () =>
      me.ok<{ id: string }>('PUT', `/api/orglife/thought-reports/${p.id}/${year}`, {
        content: `思想汇报 ${canary(`thought report of ${who}`, readers)}`,
      }),
    );
    pool('thoughtReport', report?.id);
    const proposal = await step(`proposal of ${who}`, () =>
      me.ok<{ id: string }>('POST', '/api/orglife/proposals', {
        personId: p.id,
        year,
        target: 'branch',
        title: `建议${canary(`proposal title of ${who}`, readers)}`,
        content: `建议内容 ${canary(`proposal content of ${who}`, readers)}`,
      }),
    );
    pool('proposal', proposal?.id);
    const goal = await step(`goals of ${who}`, () =>
      me.ok<{ id: string }>('PUT', `/api/orglife/goals/${p.id}/${year}`, {
        content: `目标 ${canary(`goals of ${who}`, readers)}`,
      }),
    );
    pool('goal', goal?.id);
    return { report: report?.id, proposal: proposal?.id, goal: goal?.id };
  };
  const bRecords = await selfRecords('memberB', memberB, set('admin', 'memberB'));
  const aRecords = await selfRecords(
    'memberA2',
    memberA2,
    set('admin', 'schoolAdminA', 'secretaryA', 'memberA2'),
  );
  if (bRecords.report)
    await step('comment on memberB report', () =>
      admin.ok('POST', `/api/orglife/thought-reports/${bRecords.report}/comment`, {
        comment: `批注 ${canary('comment on the thought report of memberB', set('admin', 'memberB'))}`,
      }),
    );

  // Dues paid by memberB (after this month's dues of branch B are computed), and a reduction asked for them.
  await step('compute dues of branch B', () =>
    admin.ok('POST', '/api/dues/compute', { month: today.slice(0, 7), branchId: N.branchB!.id }),
  );
  const reduction = memberB
    ? await step(
        'dues reduction for memberB',
        async () =>
          (
            await admin.ok<{ id: string }>('POST', '/api/dues/reductions', {
              personId: memberB.id,
              fromMonth: `${year + 1}-01`,
              toMonth: `${year + 1}-03`,
              kind: 'exempt',
              reason: `困难 ${canary('reason of a dues reduction of memberB', set('admin', 'memberB'))}`,
            })
          ).id,
      )
    : undefined;
  pool('reduction', reduction);
  const payment = memberB
    ? await step('dues payment of memberB', async () => {
        const r = await admin.ok<{ items: { id: string }[] }>('POST', '/api/dues/payments', {
          personId: memberB.id,
          months: [today.slice(0, 7)],
          amount: '5.00',
          paidOn: today,
          method: 'cash',
          note: `党费 ${canary('dues payment note of memberB', set('admin', 'memberB'))}`,
        });
        return r.items[0]?.id;
      })
    : undefined;
  pool('payment', payment);

  // A branch B meeting: its members may see it, school A may not.
  const meeting = await step(
    'meeting of branch B',
    async () =>
      (
        await admin.ok<{ id: string }>('POST', '/api/orglife/meetings', {
          branchId: N.branchB!.id,
          kind: 'generalMeeting',
          date: today,
          title: `支部党员大会${canary('meeting title of branch B', set('admin', 'teacherB', 'memberB'))}`,
          minutes: `会议记录 ${canary('meeting minutes of branch B', set('admin', 'teacherB', 'memberB'))}`,
        })
      ).id,
  );
  pool('meeting', meeting);

  // A symposium hosted by branch B, in July: memberB's political birthday month (a symposium needs
  // someone on the month's roster).
  const symposium = await step(
    'symposium of branch B',
    async () =>
      (
        await admin.ok<{ id: string }>('POST', '/api/orglife/symposiums', {
          hostNodeId: N.branchB!.id,
          year,
          month: 7,
          place: `会议室${canary('place of a symposium of branch B', set('admin', 'teacherB', 'memberB'))}`,
        })
      ).id,
  );
  pool('symposium', symposium);

  // Unpublished drafts: one of school B, one park-level.
  const editor = await step('login editor', () => as('editor'));
  const draft = async (label: string, schoolId: string | null) =>
    editor &&
    step(`article draft ${label}`, async () => {
      const allowed = set('admin', 'editor', 'reviewer');
      const r = await editor.ok<{ id: string }>('POST', '/api/portal/articles', {
        title: `草稿${canary(`title of an unpublished ${label} article`, allowed)}`,
        bodyHtml: `<p>正文 ${canary(`body of an unpublished ${label} article`, allowed)}</p>`,
        schoolId,
      });
      pool('article', r.id);
      return r.id;
    });
  const articleB = await draft('school B', N.schoolB!.id);
  const articleP = await draft('park-level', null);
  const newsletter =
    editor &&
    (await step('newsletter draft', async () => {
      // Newsletter issues are park-level and read by everyone in the newsroom, school editors too
      // (newsroom/newsletterRoutes.ts: access NEWSROOM), so editorA may see the issue itself —
      // but not, through it, the unpublished article of school B it lists.
      const allowed = set('admin', 'editor', 'reviewer', 'editorA');
      const body = {
        issueDate: today,
        title: `简报${canary('title of an unpublished newsletter', allowed)}`.slice(0, 50),
        editorNote: `编者按 ${canary('editor note of an unpublished newsletter', allowed)}`,
        articleIds: articleB ? [articleB] : [],
      };
      const res = await editor.request('POST', '/api/portal/newsletters', body);
      const r =
        res.status === 201
          ? res.json<{ id: string }>()
          : (notes.push(
              `a newsletter listing school B's unpublished draft was refused (${res.status}): planted without it`,
            ),
            await editor.ok<{ id: string }>('POST', '/api/portal/newsletters', { ...body, articleIds: [] }));
      pool('newsletter', r.id);
      return r.id;
    }));

  // A donation drive (park level, public thanks) and an ANONYMOUS gift from school B's student:
  // the thanks page must not name them.
  const drive = await step(
    'donation drive',
    async () =>
      (
        await admin.ok<{ id: string }>('POST', '/api/donations/drives', {
          type: 'donation',
          title: '爱心捐款（安全探针）',
          startsOn: today,
          organiserId: N.generalBranch!.id,
          publicThanks: true,
          publicAmounts: true,
        })
      ).id,
  );
  pool('drive', drive);
  const entry =
    drive && studentB
      ? await step(
          'anonymous gift of studentB',
          async () =>
            (
              await admin.ok<{ id: string }>('POST', `/api/donations/drives/${drive}/entries`, {
                donorType: 'person',
                personId: studentB.id,
                amount: '12.50',
                givenOn: today,
                anonymous: true,
                note: `捐款备注 ${canary('note on the anonymous gift of studentB', set('admin'))}`,
              })
            ).id,
        )
      : undefined;
  pool('entry', entry);

  // An activity of school B's League committee with school B's student taking part.
  const activity = await step('activity of school B', async () => {
    const kinds = await admin.ok<{ builtin: { value?: string; key?: string; id?: string }[] }>(
      'GET',
      '/api/activities/kinds',
    );
    const k = kinds.builtin[0] as Record<string, string> | undefined;
    const kind = k ? (k.value ?? k.key ?? k.id ?? Object.values(k)[0]!) : 'volunteer';
    const start = new Date(Date.now() + 3 * 86_400_000);
    const a = await admin.ok<{ id: string }>('POST', '/api/activities', {
      kind,
      title: `乙校活动${canary('title of an activity of school B', set('admin'))}`,
      organiserId: N.leagueB!.id,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 7_200_000).toISOString(),
      description: `活动说明 ${canary('description of an activity of school B', set('admin'))}`,
    });
    if (studentB)
      await admin.ok('POST', `/api/activities/${a.id}/participants`, { personIds: [studentB.id] });
    return a.id;
  });
  pool('activity', activity);

  // Columns and the other portal ids the reads need.
  await step('portal columns', async () => {
    const cols = await admin.ok<{ items?: { id: string }[] } | { id: string }[]>(
      'GET',
      '/api/portal/columns',
    );
    for (const c of Array.isArray(cols) ? cols : (cols.items ?? [])) pool('column', c.id);
  });

  const adminOnly = set('admin');
  const schoolA = set('admin', 'schoolAdminA');
  const add = (
    kind: string,
    id: string | undefined | null,
    label: string,
    owners: Set<string>,
    related?: Record<string, string>,
  ) => {
    // The park admin signs off articles but does not edit them: the park-wide editor replays those.
    const replayAs = kind === 'article' || kind === 'newsletter' ? 'editor' : 'admin';
    if (id) targets.push({ kind, id, label, owners, related, replayAs });
  };
  add('person', studentB?.id, 'studentB (school B)', adminOnly);
  add('person', memberB?.id, 'memberB (branch B)', set('admin', 'memberB'));
  // A branch secretary may record anyone of their school they can see as a member of their own
  // branch (members/policy.ts canWriteMembership), so secretaryA is among this student's writers.
  add('person', studentA2?.id, 'studentA2 (class A2)', set('admin', 'schoolAdminA', 'secretaryA'));
  add('person', memberA2?.id, 'memberA2 (branch A)', set('admin', 'schoolAdminA', 'secretaryA', 'memberA2'));
  add('node', N.schoolB!.id, 'school B', adminOnly);
  add('node', N.branchB!.id, 'branch B', adminOnly);
  add('node', N.classB1!.id, 'class B1', adminOnly);
  add('node', N.classA2!.id, 'class A2', schoolA);
  add(
    'account',
    acctB?.id,
    'account of school B',
    adminOnly,
    acctB?.grantId ? { grantId: acctB.grantId } : undefined,
  );
  add('account', park.accountIds.teacherB, 'account teacherB', set('admin', 'teacherB'));
  add('thoughtReport', bRecords.report, 'thought report of memberB', set('admin', 'memberB'));
  add(
    'thoughtReport',
    aRecords.report,
    'thought report of memberA2',
    set('admin', 'schoolAdminA', 'secretaryA', 'memberA2'),
  );
  add('proposal', bRecords.proposal, 'proposal of memberB', set('admin', 'memberB'));
  add('goal', bRecords.goal, 'goals of memberB', set('admin', 'memberB'));
  add('payment', payment, 'dues payment of memberB', adminOnly);
  add('meeting', meeting, 'meeting of branch B', adminOnly);
  add('symposium', symposium, 'symposium of branch B', adminOnly);
  add('reduction', reduction, 'dues reduction of memberB', adminOnly);
  add('newsletter', newsletter, 'newsletter draft', set('admin', 'editor', 'reviewer'));
  add('article', articleB, 'draft of school B', set('admin', 'editor', 'reviewer'));
  add('article', articleP, 'park-level draft', set('admin', 'editor', 'reviewer'));
  add('drive', drive, 'park-level drive', adminOnly);
  add('entry', entry, 'anonymous gift of studentB', adminOnly);
  add(
    'activity',
    activity,
    'activity of school B',
    adminOnly,
    studentB ? { personId: studentB.id } : undefined,
  );

  const bodyIds: Record<string, string> = {
    branchId: N.branchA!.id,
    schoolId: N.schoolA!.id,
    unitId: N.classA1!.id,
    classId: N.classA1!.id,
    parentId: N.schoolA!.id,
    organiserId: N.schoolA!.id,
    scopeNodeId: N.schoolA!.id,
    partyGroupId: N.groupA!.id,
    personId: park.persons.studentA1!,
  };
  return { park, today, year, canaries, pools, targets, bodyIds, problems, notes };
}
