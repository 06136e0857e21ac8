/**
 * The demo park's branch star rating (支部评星定级, seedDemo's `branchRating` part; run it after
 * `orgLife` and `assessment`, whose meetings, dues and activities it reads). Last year: the default
 * scheme, frozen, every branch's evidence scored, every branch self-rated and rated by the general
 * branch with its stars. This year: the scheme (frozen by the first self-rating), some evidence
 * filed — one piece scored, one returned, the rest waiting — every branch but the secretary's
 * self-rated and waiting for the general branch, and the secretary's branch not yet self-rated, so
 * the board, the workbench and the browser test have something to show and something to do. Rows as
 * the area's commands write them; the computed figures are the area's own (branchRating/figures.ts).
 */
import { computeFigures } from '../../src/server/areas/assessment/branchRating/figures';
import {
  DEFAULT_RATING_CONFIG,
  starsFor,
  toTenths,
} from '../../src/server/areas/assessment/rules/branchRating';
import {
  branchRatingEvidence,
  branchRatings,
  branchRatingSchemes,
  branchRatingSchemeVersions,
} from '../../src/server/platform/db/schema/index';
import { Rng } from './demoData';
import type { DemoPart } from './demoPart';
import { at, loadWorld } from './demoOrgLifeWorld';

const EVIDENCE: [string, string][] = [
  ['支部标准化规范化建设台账', '支部基本情况、组织生活记录、党员发展材料等台账一套'],
  ['“三会一课”会议记录本', '全年支部委员会、党员大会、党小组会和党课记录'],
  ['主题党日活动照片与简报', '每月主题党日的照片、签到表和简报'],
  ['党员先锋岗创建情况汇报', '本支部党员亮身份、亮职责、亮承诺的落实情况'],
  ['结对共建协议与活动记录', '与社区、企业党组织结对共建的协议和活动记录'],
];

const STATEMENTS: Record<string, string> = {
  meetings: '按要求召开支部委员会、党员大会和党小组会，书记讲党课',
  dues: '按月收缴党费，及时足额上交',
  activities: '围绕学校中心工作开展主题党日和各类活动',
  development: '按程序做好入党积极分子培养和发展党员工作',
  evidence: '佐证材料齐全，已按要求上传',
};

export const seedDemoBranchRating: DemoPart = async (tx, ctx) => {
  const rng = new Rng(ctx.seed);
  const w = await loadWorld(tx, ctx);
  const admin = w.accounts.get('parkadmin')?.id ?? null;
  const secretary = w.accounts.get('secretary')?.id ?? null;
  const config = DEFAULT_RATING_CONFIG;
  const counts = { schemes: 0, evidence: 0, ratings: 0, rated: 0 };
  const branchIds = w.branches.map((b) => b.id);

  for (const year of [w.year - 1, w.year]) {
    const last = year < w.year;
    const [scheme] = await tx
      .insert(branchRatingSchemes)
      .values({
        parkId: ctx.parkId,
        year,
        config,
        status: 'frozen',
        frozenAt: at(last ? `${year}-12-05` : w.today, '09:00'),
        frozenBy: last ? admin : secretary,
        frozenReason: last ? 'evidence' : 'selfRating',
        createdBy: admin,
        createdAt: at(`${year}-03-01`, '10:00'),
        updatedAt: at(last ? `${year}-12-05` : w.today, '09:00'),
      })
      .returning({ id: branchRatingSchemes.id });
    await tx.insert(branchRatingSchemeVersions).values({
      parkId: ctx.parkId,
      schemeId: scheme!.id,
      version: 1,
      config,
      createdBy: admin,
      createdAt: at(`${year}-03-01`, '10:00'),
    });
    counts.schemes++;

    // Evidence: last year every branch two pieces, scored; this year a few pieces in a few branches.
    const evidenceRows: (typeof branchRatingEvidence.$inferInsert)[] = [];
    w.branches.forEach((b, i) => {
      const n = last ? 2 : i % 2 === 0 || b.id === w.secretaryBranch.id ? 1 : 0;
      for (let k = 0; k < n; k++) {
        const [title, description] = EVIDENCE[(i + k) % EVIDENCE.length]!;
        const scored = last || (!last && i === 1);
        const returned = !last && b.id === w.secretaryBranch.id && k === 0 && i !== 1;
        evidenceRows.push({
          parkId: ctx.parkId,
          year,
          branchId: b.id,
          title,
          description,
          status: scored ? 'scored' : returned ? 'returned' : 'submitted',
          scoreTenths: scored ? toTenths(rng.int(12, 18) / 2) : null,
          note: scored ? '材料齐全，记录规范' : null,
          returnReason: returned ? '请补充各月主题党日的签到表' : null,
          createdBy: secretary,
          scoredBy: scored ? admin : null,
          scoredAt: scored ? at(last ? `${year}-12-10` : w.today, '10:00') : null,
          createdAt: at(last ? `${year}-11-20` : w.today, '15:00'),
          updatedAt: at(last ? `${year}-12-10` : w.today, '15:00'),
        });
      }
    });
    if (evidenceRows.length) await tx.insert(branchRatingEvidence).values(evidenceRows);
    counts.evidence += evidenceRows.length;

    const figures = await computeFigures(tx, ctx.parkId, year, branchIds, config, w.today);
    for (const b of w.branches) {
      if (!last && b.id === w.secretaryBranch.id) continue; // the secretary's branch: not yet self-rated
      const f = figures.get(b.id) ?? {};
      const selfEntries: Record<string, { tenths: number; statement: string }> = {};
      const finalEntries: Record<string, { tenths: number; note: string | null }> = {};
      for (const s of config.standards) {
        const computed = f[s.key]?.tenths ?? toTenths(rng.int(16, 28) / 2);
        const maxT = toTenths(s.max);
        selfEntries[s.key] = {
          tenths: Math.min(maxT, computed + toTenths(rng.int(0, 4) / 2)),
          statement: STATEMENTS[s.key] ?? '按要求完成',
        };
        finalEntries[s.key] = {
          tenths: Math.min(maxT, computed),
          note: s.source === 'manual' ? '按年度发展党员计划完成情况评定' : null,
        };
      }
      const selfTotal = Object.values(selfEntries).reduce((a, e) => a + e.tenths, 0);
      const finalTotal = Object.values(finalEntries).reduce((a, e) => a + e.tenths, 0);
      await tx.insert(branchRatings).values({
        parkId: ctx.parkId,
        year,
        branchId: b.id,
        schemeVersion: 1,
        status: last ? 'rated' : 'selfRated',
        computed: f,
        computedAt: at(last ? `${year}-12-20` : w.today, '09:00'),
        selfEntries,
        selfTotalTenths: selfTotal,
        selfRatedBy: secretary,
        selfRatedAt: at(last ? `${year}-12-15` : w.today, '09:00'),
        finalEntries: last ? finalEntries : null,
        finalTotalTenths: last ? finalTotal : null,
        stars: last ? starsFor(finalTotal, config.thresholds) : null,
        ratedBy: last ? admin : null,
        ratedAt: last ? at(`${year}-12-20`, '10:00') : null,
        createdAt: at(last ? `${year}-12-15` : w.today, '09:00'),
        updatedAt: at(last ? `${year}-12-20` : w.today, '10:00'),
      });
      counts.ratings++;
      if (last) counts.rated++;
    }
  }
  ctx.log(`评星：${counts.rated} 个支部已定级，${counts.evidence} 份佐证材料`);
  return counts;
};
