/**
 * The democratic appraisal (民主评议党员) as pure rules: who votes (RULES.md §2), what a valid
 * ballot paper is, how a round's ballots are counted, and the committee's 优秀 cap (RULES §5).
 * No IO: the commands read the rows, these decide.
 */
import type { AppraisalGrade, SchemeConfig, SchemeAspect } from '../../../../common/contracts/assessment';
import type {
  BallotInput,
  ExclusionCategory,
  RoundMode,
  TallyView,
} from '../../../../common/contracts/assessmentAppraisal';
import { excellentCapOf, tenths } from '../rules/scheme';

export const APPRAISAL_RULES = {
  ruleVersion: 1,
  source:
    '《中国共产党支部工作条例（试行）》民主评议党员；支部党员大会表决：应到为正式党员，五类情形经上级党组织同意可不计入（RULES.md §2、§5）',
  national: {
    voters: '有表决权的为正式党员；预备党员不参加表决',
    excused: '因病、出国（境）、服刑、卧床、外出 6 个月以上未转组织关系的，经上级党组织同意可不计入应到人数',
    quorum: '到会（投票）人数超过应到人数的一半',
    excellentCap: '优秀 ≤ 参评党员的三分之一',
  },
  local: 'grade values (100/85/70/50), the mode (grades or scores per aspect), the 优秀 share if stricter',
} as const;

/** The exclusion recorded for a probationary member: they are appraised, but do not vote (RULES §2). */
export const PROBATIONARY_EXCLUSION = '预备党员';

export const EXCLUSION_LABELS: Record<ExclusionCategory, string> = {
  illness: '长期病休',
  abroad: '自费出国（境）6 个月以上',
  sentence: '正在服刑',
  bedridden: '年老体弱卧床不起',
  away: '外出 6 个月以上未转组织关系',
};

/** The stored text of an excused voter: the category, the consent, and the opener's reason. */
export const exclusionText = (category: ExclusionCategory, reason: string) =>
  `${EXCLUSION_LABELS[category]}（经上级党组织同意）：${reason}`;

/** Papers needed before a round may close: more than half of the eligible voters (RULES §2). */
export const quorumOf = (eligible: number) => Math.floor(eligible / 2) + 1;

export const MODE_LABELS: Record<RoundMode, string> = { grades: '按等次评议', scores: '按方面打分' };

/**
 * The aspects a 'scores' round asks for: the scheme's aspects except those fed by the appraisal
 * itself (a voter cannot sensibly score "民主评议" of a peer); all of them if that leaves none.
 */
export function appraisalAspects(config: SchemeConfig): SchemeAspect[] {
  const own = config.aspects.filter((a) => a.source !== 'appraisal');
  return own.length ? own : config.aspects;
}

export interface PaperProblem {
  field: string;
  message: string;
}

/** One ballot as it is stored: the subject and either a grade or the points per aspect. */
export interface CleanBallot {
  subjectId: string;
  grade: AppraisalGrade | null;
  scores: Record<string, number> | null;
}

/**
 * Checks a ballot paper against the round: exactly one line per member appraised (the voter's own
 * line included — every paper names the same members, so none can be told apart by whom it leaves
 * out: docs/assessment.md, "Secret ballots"), a grade of the scheme in a 'grades' round, and in a
 * 'scores' round a score 0..max (one decimal) for each of the round's aspects and no other.
 * Returns the problems (empty: the paper is valid) and the ballots as they will be stored.
 */
export function checkPaper(
  mode: RoundMode,
  subjects: ReadonlyMap<string, string>,
  config: SchemeConfig,
  ballots: readonly BallotInput[],
): { problems: PaperProblem[]; clean: CleanBallot[] } {
  const problems: PaperProblem[] = [];
  const clean: CleanBallot[] = [];
  const seen = new Set<string>();
  const gradeKeys = new Set(config.appraisal.grades.map((g) => g.key));
  const aspects = appraisalAspects(config);
  ballots.forEach((b, i) => {
    const at = `ballots.${i}`;
    if (!subjects.has(b.subjectId)) {
      problems.push({ field: `${at}.subjectId`, message: '选票上有不在本轮评议名单中的人员' });
      return;
    }
    const name = subjects.get(b.subjectId)!;
    if (seen.has(b.subjectId)) {
      problems.push({ field: `${at}.subjectId`, message: `对${name}只能评议一次` });
      return;
    }
    seen.add(b.subjectId);
    if (mode === 'grades') {
      if (b.scores !== undefined) problems.push({ field: `${at}.scores`, message: '本轮按等次评议，不打分' });
      if (!b.grade || !gradeKeys.has(b.grade)) {
        problems.push({ field: `${at}.grade`, message: `请为${name}选择评议等次` });
        return;
      }
      clean.push({ subjectId: b.subjectId, grade: b.grade, scores: null });
      return;
    }
    if (b.grade !== undefined) problems.push({ field: `${at}.grade`, message: '本轮按方面打分，不选等次' });
    const given = b.scores ?? {};
    const scores: Record<string, number> = {};
    for (const a of aspects) {
      const v = given[a.key];
      if (v === undefined || !Number.isFinite(v)) {
        problems.push({ field: `${at}.scores.${a.key}`, message: `请为${name}的「${a.name}」打分` });
      } else if (v < 0 || tenths(v) > tenths(a.max)) {
        problems.push({
          field: `${at}.scores.${a.key}`,
          message: `${name}的「${a.name}」应在 0 到 ${a.max} 分之间`,
        });
      } else if (Math.abs(v * 10 - Math.round(v * 10)) > 1e-9) {
        problems.push({ field: `${at}.scores.${a.key}`, message: `「${a.name}」的分数最多保留一位小数` });
      } else scores[a.key] = tenths(v) / 10;
    }
    for (const k of Object.keys(given))
      if (!aspects.some((a) => a.key === k))
        problems.push({ field: `${at}.scores.${k}`, message: `本轮不评「${k}」这一方面` });
    clean.push({ subjectId: b.subjectId, grade: null, scores });
  });
  const missing = [...subjects.entries()].filter(([id]) => !seen.has(id));
  if (missing.length) {
    const names = missing.slice(0, 5).map(([, n]) => n);
    problems.push({
      field: 'ballots',
      message: `选票不完整：还有 ${missing.length} 名党员未评议（${names.join('、')}${missing.length > 5 ? '等' : ''}）`,
    });
  }
  return { problems, clean };
}

/** What a 'grades' round's count of one member is: ballots per grade, and the mean of their values × 100. */
export function tallyGrades(
  config: SchemeConfig,
  counts: Partial<Record<string, number>>,
): { tally: TallyView; valueX100: number | null } {
  const grades: Record<string, number> = {};
  let n = 0;
  let sumTenths = 0;
  for (const g of config.appraisal.grades) {
    const c = counts[g.key] ?? 0;
    grades[g.key] = c;
    n += c;
    sumTenths += c * tenths(g.value);
  }
  // value × 100 = (Σ tenths ÷ n) × 10, rounded once at the end.
  return {
    tally: { ballots: n, grades, means: null },
    valueX100: n ? Math.round((sumTenths * 10) / n) : null,
  };
}

/**
 * What a 'scores' round's count of one member is: the mean points per aspect (two decimals), and
 * the mean ballot's share of the maximum, 0–100, × 100. `sums` are each aspect's points over all
 * ballots (every ballot scores every aspect).
 */
export function tallyScores(
  config: SchemeConfig,
  ballots: number,
  sums: Partial<Record<string, number>>,
): { tally: TallyView; valueX100: number | null } {
  const aspects = appraisalAspects(config);
  const means: Record<string, number> = {};
  let totalTenths = 0;
  for (const a of aspects) {
    const s = tenths(sums[a.key] ?? 0);
    totalTenths += s;
    means[a.key] = ballots ? Math.round((s * 10) / ballots) / 100 : 0;
  }
  const maxTenths = aspects.reduce((s, a) => s + tenths(a.max), 0);
  const valueX100 = ballots && maxTenths ? Math.round((totalTenths * 10_000) / (ballots * maxTenths)) : null;
  return { tally: { ballots, grades: null, means }, valueX100 };
}

/**
 * Checks the committee's final grades: one grade for every member appraised, no one else, and 优秀
 * for at most excellentCapOf(config, appraised) of them (RULES §5). `capExceeded` is set when only
 * the cap is broken, so the caller answers it as its own refusal.
 */
export function checkFinalGrades(
  config: SchemeConfig,
  subjects: ReadonlyMap<string, string>,
  grades: readonly { personId: string; grade: AppraisalGrade }[],
): { problems: PaperProblem[]; cap: number; excellent: number } {
  const problems: PaperProblem[] = [];
  const seen = new Set<string>();
  grades.forEach((g, i) => {
    if (!subjects.has(g.personId))
      problems.push({ field: `grades.${i}.personId`, message: '该人员不在本轮评议名单中' });
    else if (seen.has(g.personId))
      problems.push({ field: `grades.${i}.personId`, message: `${subjects.get(g.personId)}的等次重复` });
    seen.add(g.personId);
  });
  const missing = [...subjects.entries()].filter(([id]) => !seen.has(id));
  if (missing.length)
    problems.push({
      field: 'grades',
      message: `还有 ${missing.length} 名党员未确定等次（${missing
        .slice(0, 5)
        .map(([, n]) => n)
        .join('、')}${missing.length > 5 ? '等' : ''}）`,
    });
  const excellent = new Set(grades.filter((g) => g.grade === 'excellent').map((g) => g.personId)).size;
  return { problems, cap: excellentCapOf(config, subjects.size), excellent };
}

/** The refusal's wording when 优秀 goes beyond the cap: it names the cap. */
export function excellentCapMessage(config: SchemeConfig, appraised: number, excellent: number) {
  const { numerator: n, denominator: d } = config.appraisal.excellentCap;
  const share = n === 1 && d === 3 ? '三分之一' : `${n}/${d}`;
  return `优秀不能超过参评党员的${share}：本轮参评 ${appraised} 人，最多评定 ${excellentCapOf(config, appraised)} 名优秀，现为 ${excellent} 名`;
}

// ——— the receipt ———

/** Crockford's base32: no I, L, O, U, so a code read aloud or copied by hand survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A receipt code from 100 random bits (given as 20 values 0–31): XXXXX-XXXXX-XXXXX-XXXXX. */
export function receiptCode(values: readonly number[]): string {
  const chars = values.map((v) => ALPHABET[v & 31]!).join('');
  return chars.match(/.{1,5}/g)!.join('-');
}

/** A typed-in code as it was issued: case, spaces and dashes ignored; O→0, I/L→1 as Crockford reads them. */
export function normaliseReceipt(input: string): string {
  const raw = input
    .toUpperCase()
    .replace(/[\s\-_]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{20}$/.test(raw)) return '';
  return raw.match(/.{1,5}/g)!.join('-');
}
