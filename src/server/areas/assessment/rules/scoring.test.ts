import { describe, expect, it } from 'vitest';
import type { SchemeConfig } from '../../../../common/contracts/assessment';
import { schemeConfig } from '../../../../common/contracts/assessment';
import { DEFAULT_SCHEME, SCHEME_RULES, bandOf, excellentCapOf, schemeProblems } from './scheme';
import { appraisalValueOfGrades, scoreMember, type ScoredEvidence } from './scoring';
import { evidenceProblems, proofTypeOf } from './evidence';

const ev = (over: Partial<ScoredEvidence> & Pick<ScoredEvidence, 'id' | 'kind'>): ScoredEvidence => ({
  title: over.kind,
  level: null,
  rank: null,
  occurredOn: '2026-03-01',
  studentCount: 0,
  passRate: null,
  points: null,
  ...over,
});

const score = (evidence: ScoredEvidence[], over: Partial<Parameters<typeof scoreMember>[0]> = {}) =>
  scoreMember({
    config: DEFAULT_SCHEME,
    evidence,
    duesLongestRun: 0,
    appraisalValue: null,
    dedication: null,
    self: null,
    ...over,
  });

const aspect = (r: ReturnType<typeof score>, key: string) => r.aspects.find((a) => a.key === key)!;

describe('the default scheme', () => {
  it('is valid data, carries its version and source, and sums to 100 with record 60 + appraisal 40', () => {
    expect(schemeConfig.safeParse(DEFAULT_SCHEME).success).toBe(true);
    expect(schemeProblems(DEFAULT_SCHEME)).toEqual([]);
    expect(SCHEME_RULES.ruleVersion).toBe(1);
    expect(DEFAULT_SCHEME.aspects).toHaveLength(10);
    expect(DEFAULT_SCHEME.aspects.map((a) => a.name)).toEqual(
      expect.arrayContaining(['班级管理', '专业会考', '技能竞赛', '科研论文', '技术职称', '民主评议']),
    );
    const appraisal = DEFAULT_SCHEME.aspects.filter((a) => a.source === 'appraisal');
    expect(appraisal.map((a) => a.max)).toEqual([40]);
  });

  it('with no evidence gives each record aspect its base: 35 of 60, appraisal pending', () => {
    const r = score([]);
    expect(r.total).toBe(35);
    expect(r.band).toBe('差');
    expect(aspect(r, 'appraisal').items[0]!.rule).toContain('尚未结束');
  });
});

describe('scoring', () => {
  it('scores by level, and by rank as a percentage of the level', () => {
    const r = score([
      ev({ id: 'a', kind: 'honour', level: 'city' }),
      ev({ id: 'b', kind: 'coaching', level: 'province', rank: 'second', studentCount: 3 }),
    ]);
    // honour city = 2 on ethics (base 6, max 8) → 8; coaching province 3 × 80 % = 2.4 on contests (base 3) → 5.4
    expect(aspect(r, 'ethics').points).toBe(8);
    expect(aspect(r, 'contests').points).toBe(5.4);
    expect(r.pointsByEvidence.get('b')).toBe(2.4);
    expect(aspect(r, 'contests').items[0]!.rule).toBe('辅导学生获奖·省级 3 分 × 二等奖 80%');
  });

  it('keeps an aspect at its maximum and says the excess is not counted', () => {
    const r = score([
      ev({ id: 'a', kind: 'honour', level: 'nation' }),
      ev({ id: 'b', kind: 'honour', level: 'nation' }),
    ]);
    // base 6 + 4 + 4 = 14 → max 8
    expect(aspect(r, 'ethics').points).toBe(8);
    expect(aspect(r, 'ethics').bonus).toBe(8);
    expect(aspect(r, 'ethics').items.some((i) => i.capped && i.rule.includes('满分 8 分'))).toBe(true);
  });

  it('fills a rule’s yearly cap in date order: the item crossing it is trimmed, later ones give 0', () => {
    const r = score([
      ev({ id: 'c', kind: 'other', occurredOn: '2026-09-01' }),
      ev({ id: 'a', kind: 'other', occurredOn: '2026-01-01' }),
      ev({ id: 'b', kind: 'other', occurredOn: '2026-05-01' }),
      ev({ id: 'd', kind: 'other', occurredOn: '2026-11-01' }),
    ]);
    // other: 1 each, cap 3 → a, b, c give 1; d gives 0
    expect(['a', 'b', 'c', 'd'].map((id) => r.pointsByEvidence.get(id))).toEqual([1, 1, 1, 0]);
    expect(aspect(r, 'teaching').items.at(-1)!.rule).toContain('已满');
    expect(aspect(r, 'teaching').points).toBe(8);
  });

  it('trims an item to the cap’s remaining room', () => {
    const config: SchemeConfig = {
      ...DEFAULT_SCHEME,
      rules: DEFAULT_SCHEME.rules.map((x) => (x.kind === 'honour' ? { ...x, cap: 5 } : x)),
      aspects: DEFAULT_SCHEME.aspects.map((a) => (a.key === 'ethics' ? { ...a, base: 0 } : a)),
    };
    const r = score(
      [
        ev({ id: 'a', kind: 'honour', level: 'province', occurredOn: '2026-01-01' }),
        ev({ id: 'b', kind: 'honour', level: 'province', occurredOn: '2026-02-01' }),
      ],
      { config },
    );
    // 3 + 3 capped at 5 → 3 + 2
    expect(r.pointsByEvidence.get('a')).toBe(3);
    expect(r.pointsByEvidence.get('b')).toBe(2);
    expect(aspect(r, 'ethics').points).toBe(5);
  });

  it('scores pass rates by the highest threshold reached, at the edges', () => {
    const at = (passRate: number) =>
      score([ev({ id: 'x', kind: 'examPassRate', passRate })]).pointsByEvidence.get('x');
    expect(at(100)).toBe(3);
    expect(at(99.9)).toBe(2);
    expect(at(95)).toBe(2);
    expect(at(94.9)).toBe(1);
    expect(at(90)).toBe(1);
    expect(at(89.9)).toBe(0);
  });

  it('subtracts deductions but never below zero', () => {
    const r = score([ev({ id: 'x', kind: 'deduction', points: 2 })]);
    expect(aspect(r, 'orgLife').points).toBe(3);
    expect(r.pointsByEvidence.get('x')).toBe(-2);
    const worse = score([
      ev({ id: 'x', kind: 'deduction', points: 4 }),
      ev({ id: 'y', kind: 'deduction', points: 4 }),
    ]);
    // deduction cap 5: 4 + 1; base 5 − 5 = 0
    expect(aspect(worse, 'orgLife').points).toBe(0);
    expect(worse.pointsByEvidence.get('y')).toBe(-1);
  });

  it('adds in tenths: 0.1 + 0.2 is 0.3', () => {
    const config: SchemeConfig = {
      ...DEFAULT_SCHEME,
      aspects: DEFAULT_SCHEME.aspects.map((a) => (a.key === 'teaching' ? { ...a, base: 0 } : a)),
      rules: DEFAULT_SCHEME.rules.map((x) => (x.kind === 'other' ? { ...x, fixed: 0.1, cap: null } : x)),
    };
    const r = score(
      [ev({ id: 'a', kind: 'other' }), ev({ id: 'b', kind: 'other' }), ev({ id: 'c', kind: 'other' })],
      { config },
    );
    expect(aspect(r, 'teaching').points).toBe(0.3);
  });

  it('vetoes: six months of unpaid dues zero the aspect; five do not', () => {
    expect(aspect(score([], { duesLongestRun: 5 }), 'orgLife').points).toBe(5);
    const six = score([], { duesLongestRun: 6 });
    expect(aspect(six, 'orgLife').points).toBe(0);
    expect(aspect(six, 'orgLife').vetoed).toContain('连续 6 个月未交纳党费');
    expect(six.total).toBe(30);
    const whole: SchemeConfig = {
      ...DEFAULT_SCHEME,
      vetoes: [{ kind: 'duesArrears', months: 6, aspect: null }],
    };
    const zero = score([ev({ id: 'a', kind: 'honour', level: 'nation' })], {
      config: whole,
      duesLongestRun: 7,
    });
    expect(zero.total).toBe(0);
    expect(zero.vetoed).toContain('7 个月');
  });

  it('takes the appraisal value times the aspect’s maximum', () => {
    const r = score([], { appraisalValue: 92.5 });
    // 92.5 × 40 % = 37
    expect(aspect(r, 'appraisal').points).toBe(37);
    expect(r.total).toBe(72);
    expect(r.band).toBe('一般');
  });

  it('bands at their edges', () => {
    expect(bandOf(DEFAULT_SCHEME, 950)).toBe('优');
    expect(bandOf(DEFAULT_SCHEME, 949)).toBe('良');
    expect(bandOf(DEFAULT_SCHEME, 850)).toBe('良');
    expect(bandOf(DEFAULT_SCHEME, 849)).toBe('一般');
    expect(bandOf(DEFAULT_SCHEME, 600)).toBe('一般');
    expect(bandOf(DEFAULT_SCHEME, 599)).toBe('差');
    expect(bandOf(DEFAULT_SCHEME, 0)).toBe('差');
  });

  it('values grades as the mean of their worth', () => {
    expect(appraisalValueOfGrades(DEFAULT_SCHEME, { excellent: 2, qualified: 1, basic: 1 })).toBe(88.8);
    expect(appraisalValueOfGrades(DEFAULT_SCHEME, {})).toBeNull();
  });

  it('shows the self-evaluation beside each aspect', () => {
    const r = score([], { self: { ethics: { score: 7, statement: '爱岗敬业' } } });
    expect(aspect(r, 'ethics').selfScore).toBe(7);
    expect(aspect(r, 'ethics').selfStatement).toBe('爱岗敬业');
    expect(aspect(r, 'teaching').selfScore).toBeNull();
  });
});

describe('scheme checks', () => {
  it('refuses maxima not adding to 100, base above max, rules on missing aspects, bands out of order', () => {
    const bad: SchemeConfig = {
      ...DEFAULT_SCHEME,
      aspects: DEFAULT_SCHEME.aspects.map((a) => (a.key === 'title' ? { ...a, max: 6, base: 7 } : a)),
      rules: [
        ...DEFAULT_SCHEME.rules.filter((r) => r.kind !== 'other'),
        { kind: 'other', aspect: 'nowhere', fixed: 1 },
      ],
      bands: [
        { label: '优', min: 80 },
        { label: '良', min: 90 },
        { label: '差', min: 10 },
      ],
    };
    const fields = schemeProblems(bad).map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'config.aspects',
        'config.aspects.4.base',
        `config.rules.${bad.rules.length - 1}.aspect`,
        'config.bands.1.min',
        'config.bands.2.min',
      ]),
    );
  });

  it('refuses a 优秀 share above one third, and a rule on the appraisal aspect', () => {
    const loose: SchemeConfig = {
      ...DEFAULT_SCHEME,
      appraisal: { ...DEFAULT_SCHEME.appraisal, excellentCap: { numerator: 1, denominator: 2 } },
      rules: [
        ...DEFAULT_SCHEME.rules.filter((r) => r.kind !== 'other'),
        { kind: 'other', aspect: 'appraisal', fixed: 1 },
      ],
    };
    const messages = schemeProblems(loose).map((p) => p.message);
    expect(messages.some((m) => m.includes('三分之一'))).toBe(true);
    expect(messages.some((m) => m.includes('不按佐证材料计分'))).toBe(true);
    const strict = {
      ...DEFAULT_SCHEME,
      appraisal: { ...DEFAULT_SCHEME.appraisal, excellentCap: { numerator: 1, denominator: 4 } },
    };
    expect(schemeProblems(strict)).toEqual([]);
  });

  it('caps 优秀 at exactly one third, never rounded up', () => {
    expect(excellentCapOf(DEFAULT_SCHEME, 9)).toBe(3);
    expect(excellentCapOf(DEFAULT_SCHEME, 10)).toBe(3);
    expect(excellentCapOf(DEFAULT_SCHEME, 12)).toBe(4);
    expect(excellentCapOf(DEFAULT_SCHEME, 2)).toBe(0);
  });
});

describe('evidence checks', () => {
  const base = {
    title: 'x',
    occurredOn: '2026-04-01',
    details: {},
    studentIds: [] as string[],
    level: null,
    rank: null,
  };
  it('asks each kind for its fields', () => {
    expect(Object.keys(evidenceProblems({ ...base, kind: 'honour' }, 2026))).toEqual(['level']);
    expect(Object.keys(evidenceProblems({ ...base, kind: 'coaching' }, 2026)).sort()).toEqual([
      'level',
      'rank',
      'studentIds',
    ]);
    expect(Object.keys(evidenceProblems({ ...base, kind: 'paper' }, 2026))).toEqual(['details.venue']);
    expect(Object.keys(evidenceProblems({ ...base, kind: 'examPassRate' }, 2026))).toEqual([
      'details.passRate',
    ]);
    expect(evidenceProblems({ ...base, kind: 'titlePromotion' }, 2026)).toEqual({});
    expect(
      evidenceProblems(
        { ...base, kind: 'coaching', level: 'city', rank: 'first', details: { studentNames: ['王一'] } },
        2026,
      ),
    ).toEqual({});
    expect(evidenceProblems({ ...base, kind: 'titlePromotion' }, 2025)).toEqual({
      occurredOn: '日期应在 2025 年内',
    });
  });

  it('recognises proof files by their first bytes', () => {
    expect(proofTypeOf(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(proofTypeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(proofTypeOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(proofTypeOf(Buffer.from('MZ\x90\x00'))).toBeNull();
  });
});
