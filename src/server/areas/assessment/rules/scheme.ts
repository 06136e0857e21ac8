/**
 * The evaluation scheme (创建评选方案) as data, RULES.md §5–§6: the default a park starts from, and
 * the checks a scheme must pass beyond its shape. Everything here is *local* (RULES §6: fully
 * configurable) except the 优秀 cap of the democratic appraisal (RULES §5, national: ≤ one third).
 * Pure: no IO.
 */
import type { SchemeConfig } from '../../../../common/contracts/assessment';

export const SCHEME_RULES = {
  ruleVersion: 1,
  source: '《支部工作条例》民主评议党员；各校党员先锋岗创建评选方案（RULES.md §5–§6）',
  national: { excellentCap: '优秀 ≤ 参评党员的三分之一' },
  local: 'aspects, points, caps, vetoes, bands, grade values, 公示 days, withdrawal line',
} as const;

/** The national ceiling of 优秀 in the democratic appraisal (RULES §5); a scheme may be stricter. */
export const NATIONAL_EXCELLENT_CAP = { numerator: 1, denominator: 3 } as const;

/**
 * The seed's ten aspects: its six (班级管理, 专业会考, 技能竞赛, 科研论文, 技术职称, 民主评议) and four
 * that fit (师德师风, 教学业绩, 奉献日与志愿服务, 组织生活). The record aspects add up to 60 and the
 * appraisal to 40: the published "daily record 60 % + democratic appraisal 40 %" (RULES §6), each
 * appraisal grade worth 100/85/70/50. Bands as RULES §6: ≥ 95 优, 85–94 良, 60–84 一般, < 60 差.
 */
export const DEFAULT_SCHEME: SchemeConfig = {
  aspects: [
    {
      key: 'classManagement',
      name: '班级管理',
      max: 8,
      base: 5,
      source: 'evidence',
      description: '班主任工作、文明班级等',
    },
    {
      key: 'exams',
      name: '专业会考',
      max: 6,
      base: 3,
      source: 'evidence',
      description: '所教班级会考合格率',
    },
    {
      key: 'contests',
      name: '技能竞赛',
      max: 8,
      base: 3,
      source: 'evidence',
      description: '辅导学生参赛获奖',
    },
    { key: 'research', name: '科研论文', max: 6, base: 2, source: 'evidence', description: '论文发表与获奖' },
    { key: 'title', name: '技术职称', max: 5, base: 3, source: 'evidence', description: '职称晋升' },
    {
      key: 'ethics',
      name: '师德师风',
      max: 8,
      base: 6,
      source: 'evidence',
      description: '荣誉称号、先进个人',
    },
    { key: 'teaching', name: '教学业绩', max: 8, base: 5, source: 'evidence', description: '其他教学成果' },
    {
      key: 'dedication',
      name: '奉献日与志愿服务',
      max: 6,
      base: 3,
      source: 'dedication',
      description: '党员奉献日家访、下企业与志愿服务',
    },
    {
      key: 'orgLife',
      name: '组织生活',
      max: 5,
      base: 5,
      source: 'evidence',
      description: '参加组织生活、按时交纳党费',
    },
    {
      key: 'appraisal',
      name: '民主评议',
      max: 40,
      base: 0,
      source: 'appraisal',
      description: '民主评议折算',
    },
  ],
  rules: [
    {
      kind: 'honour',
      aspect: 'ethics',
      byLevel: { school: 1, county: 1.5, city: 2, province: 3, nation: 4 },
    },
    {
      kind: 'coaching',
      aspect: 'contests',
      byLevel: { school: 0.5, county: 1, city: 2, province: 3, nation: 5 },
      byRankPercent: { first: 100, second: 80, third: 60, excellence: 40 },
    },
    {
      kind: 'paper',
      aspect: 'research',
      fixed: 1,
      byLevel: { school: 0.5, county: 1, city: 1.5, province: 2, nation: 3 },
    },
    { kind: 'titlePromotion', aspect: 'title', fixed: 2 },
    {
      kind: 'classManagement',
      aspect: 'classManagement',
      byLevel: { school: 1, county: 1.5, city: 2, province: 3, nation: 3 },
    },
    {
      kind: 'examPassRate',
      aspect: 'exams',
      byPassRate: [
        { min: 100, points: 3 },
        { min: 95, points: 2 },
        { min: 90, points: 1 },
      ],
    },
    { kind: 'deduction', aspect: 'orgLife', cap: 5 },
    { kind: 'other', aspect: 'teaching', fixed: 1, cap: 3 },
  ],
  vetoes: [{ kind: 'duesArrears', months: 6, aspect: 'orgLife' }],
  bands: [
    { label: '优', min: 95 },
    { label: '良', min: 85 },
    { label: '一般', min: 60 },
    { label: '差', min: 0 },
  ],
  appraisal: {
    grades: [
      { key: 'excellent', label: '优秀', value: 100 },
      { key: 'qualified', label: '合格', value: 85 },
      { key: 'basic', label: '基本合格', value: 70 },
      { key: 'unqualified', label: '不合格', value: 50 },
    ],
    excellentCap: { ...NATIONAL_EXCELLENT_CAP },
    mode: 'grades',
  },
  dedication: { perHomeVisit: 1, perEnterpriseVisit: 1, perServiceHour: 0.5 },
  publicityWorkingDays: 5,
  withdrawalLine: 70,
};

/** Tenths of a point: all arithmetic is on integers so 0.1 + 0.2 is 0.3. */
export const tenths = (points: number) => Math.round(points * 10);
export const fromTenths = (t: number) => t / 10;

export interface SchemeProblem {
  field: string;
  message: string;
}

/**
 * What is wrong with a scheme beyond its shape (the contract checks the shape): keys, sums, rules
 * pointing at aspects that exist, bands in order, the national 优秀 cap. Empty when it is sound.
 */
export function schemeProblems(c: SchemeConfig): SchemeProblem[] {
  const out: SchemeProblem[] = [];
  const keys = new Set<string>();
  c.aspects.forEach((a, i) => {
    if (keys.has(a.key)) out.push({ field: `config.aspects.${i}.key`, message: `方面代码「${a.key}」重复` });
    keys.add(a.key);
    if (tenths(a.base) > tenths(a.max))
      out.push({ field: `config.aspects.${i}.base`, message: `「${a.name}」的基础分不能高于满分` });
  });
  const names = new Set<string>();
  c.aspects.forEach((a, i) => {
    if (names.has(a.name))
      out.push({ field: `config.aspects.${i}.name`, message: `方面名称「${a.name}」重复` });
    names.add(a.name);
  });
  const total = c.aspects.reduce((s, a) => s + tenths(a.max), 0);
  if (total !== 1000)
    out.push({
      field: 'config.aspects',
      message: `各方面满分合计应为 100 分，现为 ${fromTenths(total)} 分`,
    });
  const byKey = new Map(c.aspects.map((a) => [a.key, a]));
  const kinds = new Set<string>();
  c.rules.forEach((r, i) => {
    if (kinds.has(r.kind))
      out.push({ field: `config.rules.${i}.kind`, message: '同一类材料只能有一条计分规则' });
    kinds.add(r.kind);
    const a = byKey.get(r.aspect);
    if (!a)
      out.push({ field: `config.rules.${i}.aspect`, message: `计分规则指向不存在的方面「${r.aspect}」` });
    else if (a.source !== 'evidence')
      out.push({
        field: `config.rules.${i}.aspect`,
        message: `「${a.name}」不按佐证材料计分，不能挂计分规则`,
      });
    if (r.kind !== 'deduction' && r.fixed == null && !r.byLevel && !r.byPassRate)
      out.push({ field: `config.rules.${i}`, message: '计分规则须给出每项分值、按级别分值或按合格率分值' });
    if (r.byPassRate) {
      const mins = r.byPassRate.map((b) => b.min);
      if (mins.some((m, j) => j > 0 && m >= mins[j - 1]!))
        out.push({ field: `config.rules.${i}.byPassRate`, message: '合格率档次应从高到低排列' });
    }
  });
  c.vetoes.forEach((v, i) => {
    if (v.aspect !== null && !byKey.has(v.aspect))
      out.push({ field: `config.vetoes.${i}.aspect`, message: `否决项指向不存在的方面「${v.aspect}」` });
  });
  c.bands.forEach((b, i) => {
    if (i > 0 && tenths(b.min) >= tenths(c.bands[i - 1]!.min))
      out.push({ field: `config.bands.${i}.min`, message: '等次分数线应从高到低排列' });
  });
  if (c.bands.length && tenths(c.bands[c.bands.length - 1]!.min) !== 0)
    out.push({ field: `config.bands.${c.bands.length - 1}.min`, message: '最低一档的分数线应为 0' });
  const gradeKeys = new Set(c.appraisal.grades.map((g) => g.key));
  if (gradeKeys.size !== 4)
    out.push({ field: 'config.appraisal.grades', message: '评议等次应为优秀、合格、基本合格、不合格各一档' });
  const { numerator: n, denominator: d } = c.appraisal.excellentCap;
  if (n * NATIONAL_EXCELLENT_CAP.denominator > d * NATIONAL_EXCELLENT_CAP.numerator)
    out.push({
      field: 'config.appraisal.excellentCap',
      message: '优秀比例不能超过参评党员的三分之一（《支部工作条例》民主评议）',
    });
  return out;
}

/** The band a total falls in (bands highest first; the last starts at 0). */
export function bandOf(c: SchemeConfig, totalTenths: number): string {
  for (const b of c.bands) if (totalTenths >= tenths(b.min)) return b.label;
  return c.bands[c.bands.length - 1]!.label;
}

/**
 * The most members a round may grade 优秀: ⌊appraised × numerator ÷ denominator⌋ — at exactly one
 * third of 9 that is 3, of 10 still 3 (RULES §5: 优秀 ≤ 1/3, never rounded up).
 */
export const excellentCapOf = (c: SchemeConfig, appraised: number) =>
  Math.floor((appraised * c.appraisal.excellentCap.numerator) / c.appraisal.excellentCap.denominator);
