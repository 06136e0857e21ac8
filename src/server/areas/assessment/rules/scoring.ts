/**
 * Scoring a member's year by the scheme (RULES.md §6, all *local*): each aspect is base + bonus −
 * deductions, kept between 0 and its maximum; a rule's points come from the evidence's level, rank,
 * pass rate or a fixed value, capped per item and per rule; veto items (≥ N months of unpaid dues)
 * zero an aspect or the record; appraisal aspects take the democratic appraisal's value. Every item
 * carries the rule that gave its points, worded, so the member can follow the score. Pure: no IO;
 * all arithmetic in tenths of a point.
 */
import type {
  EvidenceKind,
  Level,
  Rank,
  SchemeConfig,
  ScoringRule,
} from '../../../../common/contracts/assessment';
import { bandOf, fromTenths, tenths } from './scheme';

export const KIND_LABELS: Record<EvidenceKind, string> = {
  honour: '荣誉称号',
  coaching: '辅导学生获奖',
  paper: '论文',
  titlePromotion: '职称晋升',
  classManagement: '班级管理成果',
  examPassRate: '会考合格率',
  deduction: '扣分',
  other: '其他业绩',
};
export const LEVEL_LABELS: Record<Level, string> = {
  school: '校级',
  county: '县（区）级',
  city: '市级',
  province: '省级',
  nation: '国家级',
};
export const RANK_LABELS: Record<Rank, string> = {
  first: '一等奖',
  second: '二等奖',
  third: '三等奖',
  excellence: '优秀奖',
};

/** A verified evidence item as scoring sees it. */
export interface ScoredEvidence {
  id: string;
  kind: EvidenceKind;
  title: string;
  level: Level | null;
  rank: Rank | null;
  occurredOn: string;
  /** Students coached (ids and names given). */
  studentCount: number;
  passRate: number | null;
  /** A deduction's points. */
  points: number | null;
}

export interface DedicationTotals {
  homeVisits: number;
  enterpriseVisits: number;
  serviceHours: number;
}

export interface ScoreInput {
  config: SchemeConfig;
  evidence: ScoredEvidence[];
  /** The longest run of consecutive unpaid months in the year (dues area, RULES §4). */
  duesLongestRun: number;
  /** The democratic appraisal's value 0–100, or null before a round has closed. */
  appraisalValue: number | null;
  dedication: DedicationTotals | null;
  self: Record<string, { score: number; statement: string }> | null;
}

export interface ItemScore {
  evidenceId: string | null;
  title: string;
  points: number;
  rule: string;
  capped: boolean;
}

export interface AspectResult {
  key: string;
  name: string;
  source: SchemeConfig['aspects'][number]['source'];
  max: number;
  base: number;
  bonus: number;
  deductions: number;
  points: number;
  items: ItemScore[];
  vetoed: string | null;
  selfScore: number | null;
  selfStatement: string | null;
}

export interface ScoreResult {
  aspects: AspectResult[];
  total: number;
  band: string;
  vetoed: string | null;
  /** Points per evidence id (after caps), for showing beside each item. */
  pointsByEvidence: Map<string, number>;
}

const fmt = (t: number) => `${fromTenths(t)} 分`;

/** An item's points before the rule's yearly cap, and how the rule arrived at them. */
function itemPoints(rule: ScoringRule, e: ScoredEvidence): { t: number; why: string } {
  const kind = KIND_LABELS[e.kind];
  if (e.kind === 'deduction') {
    const t = tenths(e.points ?? 0);
    return { t, why: `${kind} ${fmt(t)}` };
  }
  if (rule.byPassRate && e.passRate !== null) {
    const band = rule.byPassRate.find((b) => e.passRate! >= b.min);
    const t = band ? tenths(band.points) : 0;
    return {
      t,
      why: band
        ? `${kind}达 ${band.min}% 得 ${fmt(t)}`
        : `${kind} ${e.passRate}% 未达最低档（${rule.byPassRate.at(-1)?.min ?? 0}%）`,
    };
  }
  let t: number;
  let why: string;
  const byLevel = e.level ? rule.byLevel?.[e.level] : undefined;
  if (byLevel !== undefined && e.level) {
    t = tenths(byLevel);
    why = `${kind}·${LEVEL_LABELS[e.level]} ${fmt(t)}`;
  } else if (rule.fixed != null) {
    t = tenths(rule.fixed);
    why = `${kind}每项 ${fmt(t)}`;
  } else {
    return { t: 0, why: `${kind}${e.level ? `·${LEVEL_LABELS[e.level]}` : ''}不在本方案计分范围` };
  }
  const pct = e.rank ? rule.byRankPercent?.[e.rank] : undefined;
  if (pct !== undefined && e.rank) {
    t = Math.round((t * pct) / 100);
    why += ` × ${RANK_LABELS[e.rank]} ${pct}%`;
  }
  if (rule.perStudent && e.studentCount > 1) {
    t *= e.studentCount;
    why += ` × ${e.studentCount} 名学生`;
  }
  if (rule.itemCap != null && t > tenths(rule.itemCap)) {
    t = tenths(rule.itemCap);
    why += `，单项上限 ${fmt(t)}`;
  }
  return { t, why };
}

/** Scores one member's year. Evidence must be the verified items only. */
export function scoreMember(input: ScoreInput): ScoreResult {
  const { config } = input;
  const rulesByKind = new Map(config.rules.map((r) => [r.kind, r]));
  const sorted = [...input.evidence].sort(
    (a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.id.localeCompare(b.id),
  );
  const items = new Map<string, { item: ItemScore; t: number; deduction: boolean }[]>();
  const usedByRule = new Map<string, number>();
  const pointsByEvidence = new Map<string, number>();
  for (const e of sorted) {
    const rule = rulesByKind.get(e.kind);
    if (!rule) {
      pointsByEvidence.set(e.id, 0);
      continue;
    }
    let { t, why } = itemPoints(rule, e);
    let capped = false;
    if (rule.cap != null) {
      const used = usedByRule.get(rule.kind) ?? 0;
      const room = Math.max(0, tenths(rule.cap) - used);
      if (t > room) {
        t = room;
        capped = true;
        why += `；本类累计上限 ${fmt(tenths(rule.cap))}${room === 0 ? '，已满' : ''}`;
      }
      usedByRule.set(rule.kind, used + t);
    }
    const deduction = e.kind === 'deduction';
    pointsByEvidence.set(e.id, fromTenths(deduction ? -t : t));
    const list = items.get(rule.aspect) ?? [];
    list.push({
      item: { evidenceId: e.id, title: e.title, points: fromTenths(deduction ? -t : t), rule: why, capped },
      t,
      deduction,
    });
    items.set(rule.aspect, list);
  }

  let recordVeto: string | null = null;
  const vetoByAspect = new Map<string, string>();
  for (const v of config.vetoes) {
    if (v.kind === 'duesArrears' && input.duesLongestRun >= v.months) {
      const why = `连续 ${input.duesLongestRun} 个月未交纳党费（满 ${v.months} 个月一票否决）`;
      if (v.aspect === null) recordVeto = why;
      else vetoByAspect.set(v.aspect, why);
    }
  }

  const aspects: AspectResult[] = config.aspects.map((a) => {
    const own = items.get(a.key) ?? [];
    const max = tenths(a.max);
    let base = tenths(a.base);
    let bonus = own.filter((i) => !i.deduction).reduce((s, i) => s + i.t, 0);
    const deductions = own.filter((i) => i.deduction).reduce((s, i) => s + i.t, 0);
    const extra: ItemScore[] = [];
    if (a.source === 'appraisal') {
      base = 0;
      if (input.appraisalValue === null) {
        extra.push({
          evidenceId: null,
          title: '民主评议',
          points: 0,
          rule: '民主评议尚未结束，暂不计分',
          capped: false,
        });
      } else {
        bonus = Math.round((tenths(input.appraisalValue) * max) / 1000);
        extra.push({
          evidenceId: null,
          title: '民主评议',
          points: fromTenths(bonus),
          rule: `评议折算 ${input.appraisalValue} 分 × ${fromTenths(max)}%`,
          capped: false,
        });
      }
    } else if (a.source === 'dedication' && input.dedication) {
      const d = input.dedication;
      const parts: [number, number, string][] = [
        [d.homeVisits, tenths(config.dedication.perHomeVisit), '家访'],
        [d.enterpriseVisits, tenths(config.dedication.perEnterpriseVisit), '下企业'],
        [d.serviceHours, tenths(config.dedication.perServiceHour), '志愿服务小时'],
      ];
      for (const [count, per, label] of parts) {
        if (count <= 0 || per <= 0) continue;
        const t = Math.round(count * per);
        bonus += t;
        extra.push({
          evidenceId: null,
          title: label,
          points: fromTenths(t),
          rule: `${label} ${count} × ${fmt(per)}`,
          capped: false,
        });
      }
    }
    const raw = base + bonus - deductions;
    let points = Math.min(max, Math.max(0, raw));
    const list = [...own.map((i) => i.item), ...extra];
    if (raw > max)
      list.push({
        evidenceId: null,
        title: '本方面满分',
        points: fromTenths(max - raw),
        rule: `本方面满分 ${fmt(max)}，超出部分不计`,
        capped: true,
      });
    const vetoed = vetoByAspect.get(a.key) ?? null;
    if (vetoed) points = 0;
    const self = input.self?.[a.key];
    return {
      key: a.key,
      name: a.name,
      source: a.source,
      max: a.max,
      base: fromTenths(base),
      bonus: fromTenths(bonus),
      deductions: fromTenths(deductions),
      points: fromTenths(points),
      items: list,
      vetoed,
      selfScore: self ? self.score : null,
      selfStatement: self ? self.statement : null,
    };
  });
  const totalTenths = recordVeto ? 0 : aspects.reduce((s, a) => s + tenths(a.points), 0);
  return {
    aspects,
    total: fromTenths(totalTenths),
    band: bandOf(config, totalTenths),
    vetoed: recordVeto,
    pointsByEvidence,
  };
}

/** The appraisal value of a member from their ballots' grades: the mean of the grades' values. */
export function appraisalValueOfGrades(
  config: SchemeConfig,
  counts: Partial<Record<string, number>>,
): number | null {
  let n = 0;
  let sum = 0;
  for (const g of config.appraisal.grades) {
    const c = counts[g.key] ?? 0;
    n += c;
    sum += c * tenths(g.value);
  }
  return n === 0 ? null : fromTenths(Math.round(sum / n));
}
