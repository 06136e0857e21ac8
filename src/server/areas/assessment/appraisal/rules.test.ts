import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEME } from '../rules/scheme';
import {
  appraisalAspects,
  checkFinalGrades,
  checkPaper,
  excellentCapMessage,
  exclusionText,
  normaliseReceipt,
  quorumOf,
  receiptCode,
  tallyGrades,
  tallyScores,
} from './rules';

const subjects = new Map([
  ['a', '甲'],
  ['b', '乙'],
  ['c', '丙'],
]);

describe('who votes and when a round may close (RULES §2)', () => {
  it('needs more papers than half of the eligible', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(quorumOf)).toEqual([1, 2, 2, 3, 3, 4, 4]);
  });
  it('words an exclusion with its category, the consent and the reason', () => {
    expect(exclusionText('illness', '2026 年 3 月起病休')).toBe(
      '长期病休（经上级党组织同意）：2026 年 3 月起病休',
    );
  });
});

describe('a ballot paper', () => {
  it('has exactly one grade per member, the voter’s own line included', () => {
    const ok = checkPaper('grades', subjects, DEFAULT_SCHEME, [
      { subjectId: 'c', grade: 'basic' },
      { subjectId: 'a', grade: 'excellent' },
      { subjectId: 'b', grade: 'qualified' },
    ]);
    expect(ok.problems).toEqual([]);
    expect(ok.clean.map((b) => b.grade)).toEqual(['basic', 'excellent', 'qualified']);
    const missing = checkPaper('grades', subjects, DEFAULT_SCHEME, [{ subjectId: 'a', grade: 'excellent' }]);
    expect(missing.problems.map((p) => p.message)).toEqual(['选票不完整：还有 2 名党员未评议（乙、丙）']);
    const extra = checkPaper('grades', subjects, DEFAULT_SCHEME, [
      { subjectId: 'a', grade: 'excellent' },
      { subjectId: 'b', grade: 'excellent' },
      { subjectId: 'c', grade: 'excellent' },
      { subjectId: 'z', grade: 'excellent' },
    ]);
    expect(extra.problems.map((p) => p.field)).toEqual(['ballots.3.subjectId']);
    const twice = checkPaper('grades', subjects, DEFAULT_SCHEME, [
      { subjectId: 'a', grade: 'excellent' },
      { subjectId: 'a', grade: 'basic' },
      { subjectId: 'b', grade: 'excellent' },
      { subjectId: 'c', grade: 'excellent' },
    ]);
    expect(twice.problems.map((p) => p.message)).toEqual(['对甲只能评议一次']);
  });

  it('in a scores round, a score 0..max with one decimal for each of the round’s aspects', () => {
    const aspects = appraisalAspects(DEFAULT_SCHEME);
    expect(aspects.map((a) => a.key)).not.toContain('appraisal');
    const full = (v: (max: number) => number) => Object.fromEntries(aspects.map((a) => [a.key, v(a.max)]));
    const one = new Map([['a', '甲']]);
    expect(
      checkPaper('scores', one, DEFAULT_SCHEME, [{ subjectId: 'a', scores: full((m) => m) }]).problems,
    ).toEqual([]);
    expect(
      checkPaper('scores', one, DEFAULT_SCHEME, [{ subjectId: 'a', scores: full(() => 0) }]).problems,
    ).toEqual([]);
    const over = checkPaper('scores', one, DEFAULT_SCHEME, [
      { subjectId: 'a', scores: full((m) => m + 0.1) },
    ]);
    expect(over.problems).toHaveLength(aspects.length);
    expect(over.problems[0]!.message).toBe('甲的「班级管理」应在 0 到 8 分之间');
    const fine = checkPaper('scores', one, DEFAULT_SCHEME, [{ subjectId: 'a', scores: full(() => 1.25) }]);
    expect(fine.problems[0]!.message).toBe('「班级管理」的分数最多保留一位小数');
    const unknown = checkPaper('scores', one, DEFAULT_SCHEME, [
      { subjectId: 'a', scores: { ...full(() => 1), appraisal: 3 } },
    ]);
    expect(unknown.problems.map((p) => p.field)).toEqual(['ballots.0.scores.appraisal']);
  });
});

describe('the count', () => {
  it('a grades round: ballots per grade and the mean of their values (100/85/70/50) × 100', () => {
    // (100·2 + 85 + 50) / 4 = 83.75
    expect(tallyGrades(DEFAULT_SCHEME, { excellent: 2, qualified: 1, unqualified: 1 })).toEqual({
      tally: { ballots: 4, grades: { excellent: 2, qualified: 1, basic: 0, unqualified: 1 }, means: null },
      valueX100: 8375,
    });
    // (85 + 70 + 70) / 3 = 75
    expect(tallyGrades(DEFAULT_SCHEME, { qualified: 1, basic: 2 }).valueX100).toBe(7500);
    // (100 + 85 + 85) / 3 = 90
    expect(tallyGrades(DEFAULT_SCHEME, { excellent: 1, qualified: 2 }).valueX100).toBe(9000);
    // (100 + 85 + 70) / 3 = 85
    expect(tallyGrades(DEFAULT_SCHEME, { excellent: 1, qualified: 1, basic: 1 }).valueX100).toBe(8500);
    // (100 + 100 + 85) / 3 = 95
    expect(tallyGrades(DEFAULT_SCHEME, { excellent: 2, qualified: 1 }).valueX100).toBe(9500);
    // (100 + 50 + 50) / 3 = 66.666… → 66.67
    expect(tallyGrades(DEFAULT_SCHEME, { excellent: 1, unqualified: 2 }).valueX100).toBe(6667);
    expect(tallyGrades(DEFAULT_SCHEME, {}).valueX100).toBeNull();
  });

  it('a scores round: mean points per aspect and the mean share of the maximum × 100', () => {
    const aspects = appraisalAspects(DEFAULT_SCHEME); // maxima sum to 60
    // Two ballots: one full marks (60), one all zero: share ½ → 50.00.
    const sums = Object.fromEntries(aspects.map((a) => [a.key, a.max]));
    const r = tallyScores(DEFAULT_SCHEME, 2, sums);
    expect(r.valueX100).toBe(5000);
    expect(r.tally.means!.classManagement).toBe(4);
    expect(r.tally.ballots).toBe(2);
    // Three ballots giving 班级管理 8, 7.5, 0 and nothing else: 15.5 / (3 × 60) = 8.611…% → 8.61.
    const r2 = tallyScores(DEFAULT_SCHEME, 3, { classManagement: 15.5 });
    expect(r2.tally.means!.classManagement).toBe(5.17);
    expect(r2.valueX100).toBe(861);
  });
});

describe('the committee’s final grades (RULES §5: 优秀 ≤ one third)', () => {
  const many = (n: number) => new Map(Array.from({ length: n }, (_, i) => [`p${i}`, `党员${i}`]));
  const grades = (n: number, excellent: number) =>
    Array.from({ length: n }, (_, i) => ({
      personId: `p${i}`,
      grade: i < excellent ? ('excellent' as const) : ('qualified' as const),
    }));
  it('counts 优秀 against ⌊n/3⌋: 3 of 9 and 3 of 10 within, 4 beyond', () => {
    for (const n of [9, 10]) {
      expect(checkFinalGrades(DEFAULT_SCHEME, many(n), grades(n, 3))).toEqual({
        problems: [],
        cap: 3,
        excellent: 3,
      });
      expect(checkFinalGrades(DEFAULT_SCHEME, many(n), grades(n, 4)).excellent).toBe(4);
    }
    expect(excellentCapMessage(DEFAULT_SCHEME, 9, 4)).toBe(
      '优秀不能超过参评党员的三分之一：本轮参评 9 人，最多评定 3 名优秀，现为 4 名',
    );
  });
  it('wants a grade for every member appraised and no one else', () => {
    const r = checkFinalGrades(DEFAULT_SCHEME, many(3), [
      { personId: 'p0', grade: 'qualified' },
      { personId: 'x', grade: 'qualified' },
    ]);
    expect(r.problems.map((p) => p.field)).toEqual(['grades.1.personId', 'grades']);
  });
});

describe('the receipt code', () => {
  it('is 20 characters of Crockford base32 in groups of five, read back whatever the case and separators', () => {
    const code = receiptCode(Array.from({ length: 20 }, (_, i) => i + 12));
    expect(code).toBe('CDEFG-HJKMN-PQRST-VWXYZ');
    expect(normaliseReceipt('cdefg hjkmn pqrst vwxyz')).toBe(code);
    expect(normaliseReceipt('CDEFGHJKMNPQRSTVWXYZ')).toBe(code);
    expect(normaliseReceipt('0O1IL-00000-00000-00000')).toBe('00111-00000-00000-00000');
    expect(normaliseReceipt('ABC')).toBe('');
    expect(normaliseReceipt('UUUUU-00000-00000-00000')).toBe('');
  });
});
