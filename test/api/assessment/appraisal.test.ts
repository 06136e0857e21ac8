import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';
import { addMember } from '../../support/orgLife';
import {
  YEAR,
  addScheme,
  clientFor,
  addSecretaryB,
  addVoters,
  openPaperOf,
  paper,
  rowsOf,
  type Voter,
} from './appraisalHelpers';

/**
 * The democratic appraisal (民主评议党员) through the API on a real database: opening a round
 * (the roll by RULES §2, exclusions, the scheme freezing), who sees what, casting a paper (one per
 * voter, final, validated, under concurrency), the receipt, closing (quorum, the count), and the
 * committee's final grades under the 优秀 cap. Expected counts and values are worked out by hand
 * from the default scheme (grades worth 100 / 85 / 70 / 50). The secrecy of the ballots has its
 * own file (appraisalSecrecy.test.ts).
 */

let t: TestApp;
let park: Park;
let admin: Client;
let schoolAdminA: Client;
let secretaryA: Client;
let secretaryB: Client;
let teacherA: Client;
let teacherB: Client;
let votersA: Voter[];
let probationaryA: Voter;

const R = '/api/assessment/appraisal';

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  const login = (u: string) => asClient(t.app).login(u, PASSWORD);
  [admin, schoolAdminA, secretaryA, teacherA, teacherB] = (await Promise.all(
    ['admin', 'schoolAdminA', 'secretaryA', 'teacherA', 'teacherB'].map(login),
  )) as [Client, Client, Client, Client, Client];
  secretaryB = await addSecretaryB(t, park);
  // Branch A: teacherA, secretaryA and five more full members; one probationary member.
  votersA = await addVoters(t, park, 'A', 5);
  probationaryA = (await addVoters(t, park, 'A', 1, 'probationary'))[0]!;
});
afterAll(() => t.close());

const rows = <T>(q: ReturnType<typeof sql>) => rowsOf<T>(t, q);
const count = async (q: ReturnType<typeof sql>) => (await rows<{ n: number }>(q))[0]!.n;
const ballotCount = (roundId: string) =>
  count(sql`select count(*)::int as n from appraisal_ballots where round_id = ${roundId}`);

const openBody = (over: Record<string, unknown> = {}) => ({
  year: YEAR,
  orgNodeId: park.nodes.branchA!.id,
  title: `${YEAR}年度民主评议党员`,
  ...over,
});

describe('opening a round', () => {
  it('needs the year’s scheme', async () => {
    const res = await secretaryA.post(`${R}/rounds`, openBody());
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('SCHEME_MISSING');
    expect(await count(sql`select count(*)::int as n from appraisal_rounds`)).toBe(0);
  });

  it('is for whoever reviews the branch; the park-wide round for the general branch only', async () => {
    await addScheme(t.database.db, park);
    // A member holds no assessment.review: refused by the guard before anything is read.
    expect((await teacherA.post(`${R}/rounds`, openBody())).statusCode).toBe(403);
    const other = await secretaryB.post(`${R}/rounds`, openBody());
    expect(other.statusCode, other.body).toBe(403);
    const park1 = await secretaryA.post(`${R}/rounds`, openBody({ orgNodeId: park.nodes.generalBranch!.id }));
    expect(park1.statusCode, park1.body).toBe(403);
    expect(park1.json().error.message).toContain('党总支');
    const school = await secretaryA.post(`${R}/rounds`, openBody({ orgNodeId: park.nodes.schoolA!.id }));
    expect(school.statusCode).toBe(422);
    expect(school.json().error.code).toBe('INVALID_NODE');
    // The scheme is still a draft: nothing was opened.
    const [s] = await rows<{ status: string }>(sql`select status from assessment_schemes`);
    expect(s!.status).toBe('draft');
    // Whom each may open for.
    const nodesA = (await secretaryA.get(`${R}/nodes`)).json().items.map((n: { id: string }) => n.id);
    expect(nodesA).toEqual([park.nodes.branchA!.id]);
    const nodesAdmin = (await admin.get(`${R}/nodes`)).json().items.map((n: { id: string }) => n.id);
    expect(nodesAdmin).toEqual(
      expect.arrayContaining([park.nodes.generalBranch!.id, park.nodes.branchA!.id, park.nodes.branchB!.id]),
    );
  });

  it('refuses exclusions without the higher organisation’s consent, of probationary members, of strangers', async () => {
    const cases = [
      { personId: votersA[0]!.personId, category: 'illness', reason: '长期病休' },
      { personId: probationaryA.personId, category: 'abroad', reason: '出国', consent: true },
      { personId: park.persons.teacherB!, category: 'away', reason: '外出', consent: true },
      { personId: votersA[0]!.personId, category: 'unknown', reason: '其他', consent: true },
    ];
    for (const x of cases) {
      const res = await secretaryA.post(`${R}/rounds`, openBody({ exclusions: [x] }));
      expect(res.statusCode, res.body).toBe(400);
    }
    const prob = await secretaryA.post(
      `${R}/rounds`,
      openBody({
        exclusions: [{ personId: probationaryA.personId, category: 'abroad', reason: '出国', consent: true }],
      }),
    );
    expect(prob.json().error.message).toContain('预备党员');
    expect(await count(sql`select count(*)::int as n from appraisal_rounds`)).toBe(0);
  });

  let roundId: string;

  it('snapshots the members, puts everyone on the roll (probationary and excused with why), freezes the scheme', async () => {
    const candidates = await secretaryA.get(`${R}/candidates?orgNodeId=${park.nodes.branchA!.id}`);
    expect(candidates.statusCode, candidates.body).toBe(200);
    expect(candidates.json().items).toHaveLength(8);
    const excused = votersA[4]!;
    const res = await secretaryA.post(
      `${R}/rounds`,
      openBody({
        exclusions: [
          {
            personId: excused.personId,
            category: 'abroad',
            reason: '经学校党委同意（2026-03-01）',
            consent: true,
          },
        ],
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const round = res.json();
    roundId = round.id;
    expect(round.status).toBe('open');
    expect(round.mode).toBe('grades');
    expect(round.turnout).toEqual({
      subjects: 8,
      eligible: 6,
      voted: 0,
      excluded: 2,
      quorum: 4,
      quorumMet: false,
    });
    expect(round.excellentCap).toBe(2); // ⌊8 / 3⌋
    const byId = new Map(round.voters.map((v: { personId: string }) => [v.personId, v]));
    expect(byId.get(probationaryA.personId)).toMatchObject({ eligible: false, exclusion: '预备党员' });
    expect(byId.get(excused.personId)).toMatchObject({ eligible: false, voted: false });
    expect((byId.get(excused.personId) as { exclusion: string }).exclusion).toContain('自费出国');
    expect((byId.get(excused.personId) as { exclusion: string }).exclusion).toContain('经学校党委同意');
    expect(byId.get(park.persons.teacherA!)).toMatchObject({ eligible: true, exclusion: null, voted: false });
    expect(round.subjects.every((s: { tally: unknown }) => s.tally === null)).toBe(true);
    const [s] = await rows<{ status: string; frozen_reason: string }>(
      sql`select status, frozen_reason from assessment_schemes`,
    );
    expect(s).toEqual({ status: 'frozen', frozen_reason: 'appraisal' });
    expect(
      await count(
        sql`select count(*)::int as n from audit_log where action = 'assessment.appraisalRound.open' and entity_id = ${roundId}`,
      ),
    ).toBe(1);
  });

  it('one open round per branch at a time', async () => {
    const res = await secretaryA.post(`${R}/rounds`, openBody());
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('ROUND_ALREADY_OPEN');
  });

  describe('who sees the round', () => {
    it('reviewers of the branch list it; another branch’s secretary is told it does not exist; members are refused', async () => {
      for (const c of [secretaryA, schoolAdminA, admin]) {
        const list = await c.get(`${R}/rounds?year=${YEAR}`);
        expect(list.statusCode, list.body).toBe(200);
        expect(list.json().items.map((r: { id: string }) => r.id)).toContain(roundId);
        expect((await c.get(`${R}/rounds/${roundId}`)).statusCode).toBe(200);
      }
      expect((await secretaryB.get(`${R}/rounds?year=${YEAR}`)).json().items).toEqual([]);
      expect((await secretaryB.get(`${R}/rounds/${roundId}`)).statusCode).toBe(404);
      expect((await secretaryB.get(`${R}/rounds/${roundId}/turnout`)).statusCode).toBe(404);
      expect((await teacherA.get(`${R}/rounds/${roundId}`)).statusCode).toBe(403);
      expect((await teacherA.get(`${R}/rounds/${roundId}/turnout`)).statusCode).toBe(403);
      expect((await teacherA.get(`${R}/rounds?year=${YEAR}`)).statusCode).toBe(403);
    });

    it('a member sees only their own paper: every member of the branch on it, themself included', async () => {
      const p = await openPaperOf(teacherA, roundId);
      expect(p.state).toBe('open');
      expect(p.subjects).toHaveLength(8);
      expect(p.subjects.filter((s) => s.self).map((s) => s.personId)).toEqual([park.persons.teacherA]);
      // The paper says nothing of anyone else's vote or of the turnout.
      expect(JSON.stringify(p)).not.toMatch(/voted"|turnout|eligible"/);
      const prob = await openPaperOf(probationaryA.client, roundId);
      expect(prob.state).toBe('excluded');
      expect(prob.subjects).toEqual([]);
      // teacherB is not on branch A's roll: no paper, and the round is not found.
      const theirs = (await teacherB.get(`${R}/papers/mine`)).json().items;
      expect(theirs).toEqual([]);
      const cast = await teacherB.post(`${R}/rounds/${roundId}/ballots`, { confirm: true, ballots: [] });
      expect([400, 404]).toContain(cast.statusCode);
      const cast2 = await teacherB.post(`${R}/rounds/${roundId}/ballots`, {
        confirm: true,
        ballots: paper(p.subjects),
      });
      expect(cast2.statusCode, cast2.body).toBe(404);
    });
  });

  describe('casting a paper', () => {
    let subjects: { personId: string }[];
    const receipts = new Map<string, string>();

    beforeAll(async () => {
      subjects = (await openPaperOf(teacherA, roundId)).subjects;
    });

    it('the workbench asks each voter to vote, and shows the secretary the turnout', async () => {
      const items = async (c: Client) =>
        (await c.get('/api/workbench')).json().items as {
          key: string;
          link: string;
          entries: { label: string; detail: string | null; link: string | null }[];
        }[];
      const vote = (await items(teacherA)).find((i) => i.key === 'assessment.appraisalVote');
      expect(vote?.link).toBe('/assessment/appraisal/mine');
      expect(vote?.entries.map((e) => e.label)).toEqual([`${YEAR}年度民主评议党员`]);
      expect((await items(probationaryA.client)).some((i) => i.key === 'assessment.appraisalVote')).toBe(
        false,
      );
      expect((await items(teacherB)).some((i) => i.key.startsWith('assessment.appraisal'))).toBe(false);
      const rounds = (await items(secretaryA)).find((i) => i.key === 'assessment.appraisalRounds');
      expect(rounds?.entries[0]).toMatchObject({
        link: `/assessment/appraisal/rounds/${roundId}`,
        detail: expect.stringContaining('已投 0 / 应投 6'),
      });
      expect((await items(secretaryB)).some((i) => i.key === 'assessment.appraisalRounds')).toBe(false);
    });

    it('is final only with the confirmation; nothing is written without it', async () => {
      const res = await teacherA.post(`${R}/rounds/${roundId}/ballots`, { ballots: paper(subjects) });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('CONFIRMATION_REQUIRED');
      expect(res.json().error.message).toMatch(/确认/);
      const no = await teacherA.post(`${R}/rounds/${roundId}/ballots`, {
        confirm: false,
        ballots: paper(subjects),
      });
      expect(no.statusCode).toBe(400);
      expect(await ballotCount(roundId)).toBe(0);
      expect((await openPaperOf(teacherA, roundId)).state).toBe('open');
    });

    it('refuses an incomplete, padded or malformed paper with a Chinese message', async () => {
      const full = paper(subjects);
      const bad: [string, unknown[]][] = [
        ['missing', full.slice(1)],
        ['extra', [...full, { subjectId: park.persons.teacherB!, grade: 'qualified' }]],
        ['duplicate', [...full.slice(1), full[1]]],
        ['no grade', full.map((b, i) => (i === 2 ? { subjectId: b.subjectId } : b))],
        ['scores in a grades round', full.map((b, i) => (i === 0 ? { ...b, scores: { ethics: 3 } } : b))],
      ];
      for (const [what, ballots] of bad) {
        const res = await teacherA.post(`${R}/rounds/${roundId}/ballots`, { confirm: true, ballots });
        expect(res.statusCode, `${what}: ${res.body}`).toBe(400);
        expect(res.json().error.message, what).toMatch(/[\u4e00-\u9fff]/);
      }
      const grade = await teacherA.post(`${R}/rounds/${roundId}/ballots`, {
        confirm: true,
        ballots: full.map((b, i) => (i === 0 ? { ...b, grade: 'outstanding' } : b)),
      });
      expect(grade.statusCode).toBe(400);
      expect(grade.body).toContain('评议等次只能是');
      expect(await ballotCount(roundId)).toBe(0);
    });

    it('is refused to who does not vote, saying why', async () => {
      const prob = await probationaryA.client.post(`${R}/rounds/${roundId}/ballots`, {
        confirm: true,
        ballots: paper(subjects),
      });
      expect(prob.statusCode, prob.body).toBe(403);
      expect(prob.json().error.code).toBe('NOT_ELIGIBLE');
      expect(prob.json().error.message).toContain('预备党员');
      const excused = await votersA[4]!.client.post(`${R}/rounds/${roundId}/ballots`, {
        confirm: true,
        ballots: paper(subjects),
      });
      expect(excused.statusCode).toBe(403);
      expect(excused.json().error.message).toContain('自费出国');
      // A reviewer not on the roll (the park administrator has no member record).
      const adm = await admin.post(`${R}/rounds/${roundId}/ballots`, {
        confirm: true,
        ballots: paper(subjects),
      });
      expect(adm.statusCode).toBe(403);
      expect(adm.json().error.code).toBe('NOT_ELIGIBLE');
      expect(await ballotCount(roundId)).toBe(0);
    });

    it('counts one paper of one ballot per member and answers a receipt; a second paper is refused, nothing written', async () => {
      // teacherA: 优秀 for secretaryA, 合格 for everyone else (themself included).
      const res = await teacherA.post(`${R}/rounds/${roundId}/ballots`, {
        confirm: true,
        ballots: paper(subjects, (id) => (id === park.persons.secretaryA ? 'excellent' : 'qualified')),
      });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body.ballots).toBe(8);
      expect(body.receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
      receipts.set('teacherA', body.receipt);
      expect(await ballotCount(roundId)).toBe(8);
      const [v] = await rows<{ voted: boolean }>(
        sql`select voted from appraisal_voters where round_id = ${roundId} and person_id = ${park.persons.teacherA!}`,
      );
      expect(v!.voted).toBe(true);
      expect((await openPaperOf(teacherA, roundId)).state).toBe('voted');

      const again = await teacherA.post(`${R}/rounds/${roundId}/ballots`, {
        confirm: true,
        ballots: paper(subjects, () => 'unqualified'),
      });
      expect(again.statusCode, again.body).toBe(409);
      expect(again.json().error.code).toBe('ALREADY_VOTED');
      expect(await ballotCount(roundId)).toBe(8);
      expect(
        await count(
          sql`select count(*)::int as n from appraisal_ballots where round_id = ${roundId} and grade = 'unqualified'`,
        ),
      ).toBe(0);
    });

    it('once voted, the voter’s workbench item leaves', async () => {
      const items = (await teacherA.get('/api/workbench')).json().items as { key: string }[];
      expect(items.some((i) => i.key === 'assessment.appraisalVote')).toBe(false);
    });

    it('the receipt says counted and how many ballots, never what they say', async () => {
      const code = receipts.get('teacherA')!;
      for (const typed of [code, code.toLowerCase(), code.replace(/-/g, ' ')]) {
        const res = await teacherA.post(`${R}/rounds/${roundId}/receipt`, { code: typed });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toEqual({ counted: true, ballots: 8 });
      }
      const wrong = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
      expect((await teacherA.post(`${R}/rounds/${roundId}/receipt`, { code: wrong })).json()).toEqual({
        counted: false,
        ballots: 0,
      });
      const malformed = await teacherA.post(`${R}/rounds/${roundId}/receipt`, { code: '123' });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error.code).toBe('INVALID_RECEIPT');
      // Someone who cannot see the round cannot ask about it.
      expect((await teacherB.post(`${R}/rounds/${roundId}/receipt`, { code })).statusCode).toBe(404);
    });

    it('the same voter submitting ten papers at once: exactly one counts', async () => {
      const v = votersA[0]!;
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          v.client.post(`${R}/rounds/${roundId}/ballots`, { confirm: true, ballots: paper(subjects) }),
        ),
      );
      const codes = answers.map((a) => a.statusCode).sort();
      expect(codes).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
      for (const a of answers.filter((x) => x.statusCode === 409))
        expect(a.json().error.code).toBe('ALREADY_VOTED');
      expect(await ballotCount(roundId)).toBe(16);
      expect(
        await count(
          sql`select count(distinct paper_hash)::int as n from appraisal_ballots where round_id = ${roundId}`,
        ),
      ).toBe(2);
      expect(
        await count(
          sql`select count(*)::int as n from audit_log where action = 'assessment.ballot.cast' and entity_id = ${roundId}`,
        ),
      ).toBe(2);
    });

    it('turnout is live for the reviewers', async () => {
      const res = await secretaryA.get(`${R}/rounds/${roundId}/turnout`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        eligible: 6,
        voted: 2,
        quorum: 4,
        quorumMet: false,
        status: 'open',
      });
      const round = (await secretaryA.get(`${R}/rounds/${roundId}`)).json();
      const voted = round.voters
        .filter((x: { voted: boolean }) => x.voted)
        .map((x: { personId: string }) => x.personId);
      expect(voted.sort()).toEqual([park.persons.teacherA!, votersA[0]!.personId].sort());
      // Still no running count for anyone.
      expect(
        round.subjects.every((s: { tally: unknown; value: unknown }) => s.tally === null && s.value === null),
      ).toBe(true);
    });

    it('closing needs more papers than half of the eligible', async () => {
      const res = await secretaryA.post(`${R}/rounds/${roundId}/close`);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error.code).toBe('QUORUM_NOT_MET');
      expect(res.json().error.message).toContain('至少需要 4 人');
      expect((await teacherA.post(`${R}/rounds/${roundId}/close`)).statusCode).toBe(403);
      expect((await secretaryB.post(`${R}/rounds/${roundId}/close`)).statusCode).toBe(404);
    });

    it('closing counts every ballot per member; afterwards papers are refused and receipts still answer', async () => {
      // Two more papers: votersA[1] 优秀 for secretaryA, 基本合格 for votersA[2]; votersA[2] 不合格 for
      // secretaryA, 合格 for the rest.
      const more: [Voter, (id: string) => string][] = [
        [
          votersA[1]!,
          (id) =>
            id === park.persons.secretaryA
              ? 'excellent'
              : id === votersA[2]!.personId
                ? 'basic'
                : 'qualified',
        ],
        [votersA[2]!, (id) => (id === park.persons.secretaryA ? 'unqualified' : 'qualified')],
      ];
      for (const [v, g] of more) {
        const res = await v.client.post(`${R}/rounds/${roundId}/ballots`, {
          confirm: true,
          ballots: paper(subjects, g),
        });
        expect(res.statusCode, res.body).toBe(201);
      }
      const closed = await secretaryA.post(`${R}/rounds/${roundId}/close`);
      expect(closed.statusCode, closed.body).toBe(200);
      const round = closed.json();
      expect(round.status).toBe('closed');
      expect(round.turnout).toMatchObject({ eligible: 6, voted: 4, quorumMet: true });
      const of = (id: string) => round.subjects.find((s: { personId: string }) => s.personId === id);
      // secretaryA: 优秀 ×2 (teacherA, votersA[1]), 合格 ×1 (votersA[0]), 不合格 ×1 (votersA[2]):
      // (100 + 100 + 85 + 50) / 4 = 83.75.
      expect(of(park.persons.secretaryA!).tally).toEqual({
        ballots: 4,
        grades: { excellent: 2, qualified: 1, basic: 0, unqualified: 1 },
        means: null,
      });
      expect(of(park.persons.secretaryA!).value).toBe(83.75);
      // votersA[2]: 合格 ×3, 基本合格 ×1: (85 × 3 + 70) / 4 = 81.25.
      expect(of(votersA[2]!.personId).value).toBe(81.25);
      // Everyone else: 合格 ×4 = 85; the probationary member is appraised too.
      expect(of(probationaryA.personId).value).toBe(85);
      expect(of(probationaryA.personId).tally.ballots).toBe(4);
      const [stored] = await rows<{ value_x100: number }>(
        sql`select value_x100 from appraisal_subjects where round_id = ${roundId} and person_id = ${park.persons.secretaryA!}`,
      );
      expect(stored!.value_x100).toBe(8375);

      const late = await votersA[3]!.client.post(`${R}/rounds/${roundId}/ballots`, {
        confirm: true,
        ballots: paper(subjects),
      });
      expect(late.statusCode, late.body).toBe(409);
      expect(late.json().error.code).toBe('ROUND_CLOSED');
      expect(await ballotCount(roundId)).toBe(32);
      expect(
        (await teacherA.post(`${R}/rounds/${roundId}/receipt`, { code: receipts.get('teacherA')! })).json(),
      ).toEqual({
        counted: true,
        ballots: 8,
      });
      expect((await secretaryA.post(`${R}/rounds/${roundId}/close`)).statusCode).toBe(409);
      expect((await openPaperOf(votersA[3]!.client, roundId)).state).toBe('missed');
    });

    it('the committee grades every member; 优秀 within the cap; members then see their own grade and the 优秀 list', async () => {
      const grades = (excellent: string[]) =>
        subjects.map((s) => ({
          personId: s.personId,
          grade: excellent.includes(s.personId) ? 'excellent' : 'qualified',
        }));
      // 8 appraised: at most ⌊8/3⌋ = 2.
      const over = await secretaryA.post(`${R}/rounds/${roundId}/finalize`, {
        grades: grades([park.persons.secretaryA!, park.persons.teacherA!, votersA[0]!.personId]),
      });
      expect(over.statusCode, over.body).toBe(422);
      expect(over.json().error.code).toBe('EXCELLENT_CAP_EXCEEDED');
      const missing = await secretaryA.post(`${R}/rounds/${roundId}/finalize`, {
        grades: grades([]).slice(1),
      });
      expect(missing.statusCode).toBe(400);
      expect(
        (await teacherA.post(`${R}/rounds/${roundId}/finalize`, { grades: grades([]) })).statusCode,
      ).toBe(403);
      const ok = await secretaryA.post(`${R}/rounds/${roundId}/finalize`, {
        grades: grades([park.persons.secretaryA!, park.persons.teacherA!]),
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().status).toBe('finalized');
      const again = await secretaryA.post(`${R}/rounds/${roundId}/finalize`, { grades: grades([]) });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('ROUND_FINALIZED');

      const mine = ((await openPaperOf(votersA[0]!.client, roundId)) as unknown as { result: unknown })
        .result;
      expect(mine).toMatchObject({ myGrade: 'qualified', myGradeLabel: '合格' });
      const res = (await votersA[0]!.client.get(`${R}/papers/mine`)).json().items[0];
      expect(res.result.excellent.map((x: { name: string }) => x.name).sort()).toEqual(
        ['教师A', '书记A'].sort(),
      );
      // Only grades and the 优秀 list are published, not anyone's count.
      expect(JSON.stringify(res)).not.toMatch(/tally|means|ballots/);
      const own = (await teacherA.get(`${R}/papers/mine`)).json().items[0];
      expect(own.result.myGrade).toBe('excellent');
    });
  });
});

describe('the 优秀 cap at exactly one third', () => {
  /** A round over branch B with `n` members in all, voted on by every eligible member and closed. */
  async function countedRoundOfB(n: number) {
    const have = await count(
      sql`select count(*)::int as n from memberships where branch_id = ${park.nodes.branchB!.id}`,
    );
    for (let i = have; i < n; i++)
      await addMember(t.database.db, park, {
        number: `BX${n}${i}`,
        name: `补充${n}-${i}`,
        school: 'B',
        joinedOn: '2012-01-01',
        fullOn: '2013-01-01',
      });
    const res = await secretaryB.post(`${R}/rounds`, {
      year: YEAR,
      orgNodeId: park.nodes.branchB!.id,
      title: `学校B ${n} 人评议`,
    });
    expect(res.statusCode, res.body).toBe(201);
    const round = res.json() as { id: string; subjects: { personId: string }[] };
    expect(round.subjects).toHaveLength(n);
    for (const v of round.subjects) {
      const c = await clientFor(t, park, v.personId);
      const cast = await c.post(`${R}/rounds/${round.id}/ballots`, {
        confirm: true,
        ballots: paper(round.subjects),
      });
      expect(cast.statusCode, cast.body).toBe(201);
    }
    expect((await secretaryB.post(`${R}/rounds/${round.id}/close`)).statusCode).toBe(200);
    return round;
  }

  for (const n of [9, 10]) {
    it(`${n} appraised: 3 优秀 accepted, 4 refused with a message naming the cap, nothing written`, async () => {
      const round = await countedRoundOfB(n);
      const grades = (k: number) =>
        round.subjects.map((s, i) => ({ personId: s.personId, grade: i < k ? 'excellent' : 'qualified' }));
      const four = await secretaryB.post(`${R}/rounds/${round.id}/finalize`, { grades: grades(4) });
      expect(four.statusCode, four.body).toBe(422);
      expect(four.json().error.code).toBe('EXCELLENT_CAP_EXCEEDED');
      expect(four.json().error.message).toContain('最多评定 3 名优秀');
      expect(four.json().error.message).toContain(`本轮参评 ${n} 人`);
      expect(
        await count(
          sql`select count(*)::int as n from appraisal_subjects where round_id = ${round.id} and final_grade is not null`,
        ),
      ).toBe(0);
      const [r] = await rows<{ status: string }>(
        sql`select status from appraisal_rounds where id = ${round.id}`,
      );
      expect(r!.status).toBe('closed');
      const three = await secretaryB.post(`${R}/rounds/${round.id}/finalize`, { grades: grades(3) });
      expect(three.statusCode, three.body).toBe(200);
      expect(
        await count(
          sql`select count(*)::int as n from appraisal_subjects where round_id = ${round.id} and final_grade = 'excellent'`,
        ),
      ).toBe(3);
    });
  }
});

describe('a park-wide round and a round scored per aspect', () => {
  it('the general branch appraises every member of the park; scores outside 0..max are refused; the count is the mean', async () => {
    expect(
      (
        await secretaryA.post(`${R}/rounds`, {
          year: YEAR,
          orgNodeId: park.nodes.generalBranch!.id,
          title: '全园区',
        })
      ).statusCode,
    ).toBe(403);
    const res = await admin.post(`${R}/rounds`, {
      year: YEAR,
      orgNodeId: park.nodes.generalBranch!.id,
      title: `${YEAR}年度全园区民主评议`,
      mode: 'scores',
    });
    expect(res.statusCode, res.body).toBe(201);
    const round = res.json();
    const members = await count(sql`select count(*)::int as n from memberships`);
    expect(round.subjects).toHaveLength(members);
    expect(round.orgNodeKind).toBe('generalBranch');
    // The default scheme's record aspects (all but 民主评议), maxima 8 6 8 6 5 8 8 6 5 = 60.
    expect(round.aspects.map((a: { key: string }) => a.key)).not.toContain('appraisal');
    expect(round.aspects.reduce((s: number, a: { max: number }) => s + a.max, 0)).toBe(60);
    // The park administrator reviews it, branch secretaries do not (but they vote in it).
    expect((await secretaryA.get(`${R}/rounds/${round.id}`)).statusCode).toBe(403);

    const subjects = (await openPaperOf(teacherA, round.id)).subjects;
    const full = (pts: (max: number) => number) =>
      subjects.map((s) => ({
        subjectId: s.personId,
        scores: Object.fromEntries(
          round.aspects.map((a: { key: string; max: number }) => [a.key, pts(a.max)]),
        ),
      }));
    const over = await teacherA.post(`${R}/rounds/${round.id}/ballots`, {
      confirm: true,
      ballots: full((max) => max + 1),
    });
    expect(over.statusCode, over.body).toBe(400);
    expect(over.json().error.message).toMatch(/应在 0 到 \d+ 分之间/);
    const negative = await teacherA.post(`${R}/rounds/${round.id}/ballots`, {
      confirm: true,
      ballots: full(() => -1),
    });
    expect(negative.statusCode).toBe(400);
    const missingAspect = full((max) => max).map((b, i) =>
      i === 0 ? { ...b, scores: Object.fromEntries(Object.entries(b.scores).slice(1)) } : b,
    );
    expect(
      (await teacherA.post(`${R}/rounds/${round.id}/ballots`, { confirm: true, ballots: missingAspect }))
        .statusCode,
    ).toBe(400);
    const asGrades = await teacherA.post(`${R}/rounds/${round.id}/ballots`, {
      confirm: true,
      ballots: paper(subjects),
    });
    expect(asGrades.statusCode).toBe(400);
    expect(await ballotCount(round.id)).toBe(0);

    // Every eligible member votes: half of them the maximum everywhere, half half of it.
    const roll = await rows<{ person_id: string }>(
      sql`select person_id from appraisal_voters where round_id = ${round.id} and exclusion is null order by person_id`,
    );
    const clients = await Promise.all(roll.map((r) => clientFor(t, park, r.person_id)));
    let i = 0;
    for (const c of clients) {
      const top = i++ % 2 === 0;
      const res = await c.post(`${R}/rounds/${round.id}/ballots`, {
        confirm: true,
        ballots: full((max) => (top ? max : max / 2)),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const closed = await admin.post(`${R}/rounds/${round.id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    const n = clients.length;
    const tops = Math.ceil(n / 2);
    // Each ballot's share of the maximum is 1 or ½: the mean share × 100.
    const expected = Math.round(((tops * 1 + (n - tops) * 0.5) / n) * 10000) / 100;
    for (const s of closed.json().subjects) {
      expect(s.tally.ballots).toBe(n);
      expect(s.value).toBe(expected);
      expect(s.tally.means.ethics).toBe(Math.round(((tops * 8 + (n - tops) * 4) / n) * 100) / 100);
    }
  });
});

describe('the database itself', () => {
  it('refuses a ballot naming someone not appraised in its round, and drops a round’s ballots with it', async () => {
    const [round] = await rows<{ id: string }>(
      sql`select r.id from appraisal_rounds r where exists (select 1 from appraisal_ballots b where b.round_id = r.id) limit 1`,
    );
    const outsider = await addMember(t.database.db, park, {
      number: 'OUT001',
      name: '局外人',
      school: 'A',
      joinedOn: '2012-01-01',
      fullOn: '2013-01-01',
    });
    await expect(
      t.database.db.execute(
        sql`insert into appraisal_ballots (round_id, subject_id, grade, paper_hash)
            values (${round!.id}, ${outsider.personId}, 'excellent', 'x')`,
      ),
    ).rejects.toThrow();
    const before = await ballotCount(round!.id);
    expect(before).toBeGreaterThan(0);
    // Rounds are never deleted by the console; if one is, its ballots go with it.
    await t.database.db.execute(sql`delete from appraisal_rounds where id = ${round!.id}`);
    expect(await ballotCount(round!.id)).toBe(0);
  });
});
