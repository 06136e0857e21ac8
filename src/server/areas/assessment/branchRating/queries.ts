import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type {
  BranchEvidenceStatus,
  BranchEvidenceView,
  RatingConfig,
  RatingStatus,
  RatingView,
} from '../../../../common/contracts/branchRating';
import { todayInShanghai } from '../../../../common/dates';
import type { Actor } from '../../../access/actor';
import { reachesBeyondBranch } from '../../../access/scope';
import { scopeSql } from '../../../access/scopeSql';
import { forbidden, notFound } from '../../../errors';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { branchRatingEvidence, branchRatings, orgNodes } from '../../../platform/db/schema/index';
import { canHostAt, managesAssessment, reviewScopes, type HostNode } from '../policy';
import { fromTenths } from '../rules/branchRating';
import { computeFigures, type Figures } from './figures';
import { actsAsBranch } from './policy';
import { configOfRating, findRatingScheme, presentRatingScheme } from './schemes';

/**
 * Reads of branch star rating. Who reads a branch's rating and evidence: whoever reviews its
 * members (`assessment.review` over the branch: the secretary their branch, a school admin their
 * school's, the general branch all), judged by the branch node as policy.ts canHostAt does.
 */

export type BranchNode = HostNode & { name: string };
export type RatingRow = typeof branchRatings.$inferSelect;
export type EvidenceRow = typeof branchRatingEvidence.$inferSelect;

/** The branches the actor reaches, in SQL over an org_nodes alias. */
export const branchScope = (actor: Actor, alias: string): SQL => {
  const a = sql.raw(alias);
  return scopeSql(actor, reviewScopes(actor), {
    parkId: sql`${a}.park_id`,
    branchId: sql`${a}.id`,
    schoolId: sql`${a}.school_id`,
    path: sql`${a}.path`,
  });
};

export async function loadBranch(db: Db, actor: Actor, branchId: string): Promise<BranchNode> {
  const [n] = await db
    .select({
      id: orgNodes.id,
      parkId: orgNodes.parkId,
      kind: orgNodes.kind,
      path: orgNodes.path,
      schoolId: orgNodes.schoolId,
      name: orgNodes.name,
    })
    .from(orgNodes)
    .where(and(eq(orgNodes.id, branchId), eq(orgNodes.parkId, actor.parkId)));
  if (!n || n.kind !== 'branch') throw notFound('未找到该党支部');
  return n;
}

/** A branch the actor may work on (upload evidence, self-rate, read its rating). */
export async function reachableBranch(db: Db, actor: Actor, branchId: string): Promise<BranchNode> {
  const b = await loadBranch(db, actor, branchId);
  if (!canHostAt(actor, b)) throw forbidden('没有权限查看或办理该党支部的评星');
  return b;
}

interface Entry {
  tenths: number;
  statement?: string;
  note?: string | null;
}

/**
 * One branch's rating as shown: the live figures until the rating is published (then the
 * snapshot taken when it was), the self-rating and the final rating per standard, totals, stars.
 */
export function ratingView(
  actor: Actor,
  branch: { id: string; name: string },
  year: number,
  config: RatingConfig,
  row: RatingRow | null,
  live: Figures,
  canSelfRate: boolean,
): RatingView {
  const status = (row?.status ?? 'draft') as RatingStatus;
  const figures = status === 'rated' ? (row!.computed as Figures) : live;
  const self = (row?.selfEntries ?? null) as Record<string, Entry> | null;
  const final = (row?.finalEntries ?? null) as Record<string, Entry> | null;
  let computedTenths = 0;
  const standards = config.standards.map((s) => {
    const f = s.source === 'manual' ? null : (figures[s.key] ?? null);
    computedTenths += f?.tenths ?? 0;
    return {
      key: s.key,
      name: s.name,
      max: s.max,
      source: s.source,
      computed: f ? { points: fromTenths(f.tenths), detail: f.detail } : null,
      selfScore: self?.[s.key] ? fromTenths(self[s.key]!.tenths) : null,
      statement: self?.[s.key]?.statement ?? null,
      finalScore: final?.[s.key] ? fromTenths(final[s.key]!.tenths) : null,
      note: final?.[s.key]?.note ?? null,
    };
  });
  return {
    branchId: branch.id,
    branchName: branch.name,
    year,
    status,
    schemeVersion: row?.schemeVersion ?? null,
    standards,
    computedTotal: fromTenths(computedTenths),
    selfTotal: row?.selfTotalTenths != null ? fromTenths(row.selfTotalTenths) : null,
    finalTotal: row?.finalTotalTenths != null ? fromTenths(row.finalTotalTenths) : null,
    stars: row?.stars ?? null,
    selfRatedAt: row?.selfRatedAt?.toISOString() ?? null,
    ratedAt: row?.ratedAt?.toISOString() ?? null,
    figuresAsOf: status === 'rated' ? (row!.computedAt?.toISOString() ?? null) : null,
    canSelfRate: canSelfRate && status !== 'rated',
    canRate: managesAssessment(actor) && status !== 'draft',
  };
}

export async function findRating(db: Db, parkId: string, year: number, branchId: string) {
  const [row] = await db
    .select()
    .from(branchRatings)
    .where(
      and(
        eq(branchRatings.parkId, parkId),
        eq(branchRatings.year, year),
        eq(branchRatings.branchId, branchId),
      ),
    );
  return row ?? null;
}

export async function getRating(db: Db, actor: Actor, branchId: string, year: number): Promise<RatingView> {
  const branch = await reachableBranch(db, actor, branchId);
  const scheme = await findRatingScheme(db, actor.parkId, year);
  if (!scheme) throw notFound(`${year} 年度支部评星方案尚未制定`);
  const config = configOfRating(scheme);
  const row = await findRating(db, actor.parkId, year, branchId);
  const live =
    row?.status === 'rated'
      ? {}
      : ((await computeFigures(db, actor.parkId, year, [branchId], config, todayInShanghai())).get(
          branchId,
        ) ?? {});
  return ratingView(actor, branch, year, config, row, live, actsAsBranch(actor, branch));
}

/** The board: every branch the actor reaches, with figures, self and final scores, totals and stars. */
export async function ratingBoard(db: Db, actor: Actor, year: number) {
  const scheme = await findRatingScheme(db, actor.parkId, year);
  const canManage = managesAssessment(actor);
  if (!scheme) return { year, scheme: null, canManage, items: [] };
  const config = configOfRating(scheme);
  const branches = await queryRows<{ id: string; name: string }>(
    db,
    sql`select b.id, b.name from org_nodes b
        where b.park_id = ${actor.parkId} and b.kind = 'branch' and b.disabled_at is null and ${branchScope(actor, 'b')}
        order by b.sort_order, b.name`,
  );
  const ids = branches.map((b) => b.id);
  const rows = ids.length
    ? await db
        .select()
        .from(branchRatings)
        .where(
          and(
            eq(branchRatings.parkId, actor.parkId),
            eq(branchRatings.year, year),
            inArray(branchRatings.branchId, ids),
          ),
        )
    : [];
  const byBranch = new Map(rows.map((r) => [r.branchId, r]));
  // Every branch on the board is in reach, so who may self-rate depends only on how far one reaches.
  const selfRates = !reachesBeyondBranch(actor, 'assessment.review');
  const liveIds = ids.filter((id) => byBranch.get(id)?.status !== 'rated');
  const live = await computeFigures(db, actor.parkId, year, liveIds, config, todayInShanghai());
  return {
    year,
    scheme: presentRatingScheme(scheme),
    canManage,
    items: branches.map((b) =>
      ratingView(actor, b, year, config, byBranch.get(b.id) ?? null, live.get(b.id) ?? {}, selfRates),
    ),
  };
}

// ——— branch evidence ———

export function presentEvidence(
  actor: Actor,
  row: EvidenceRow,
  branchName: string,
  rated: boolean,
): BranchEvidenceView {
  const status = row.status as BranchEvidenceStatus;
  return {
    id: row.id,
    year: row.year,
    branchId: row.branchId,
    branchName,
    title: row.title,
    description: row.description,
    status,
    score: row.scoreTenths != null ? fromTenths(row.scoreTenths) : null,
    note: row.note,
    returnReason: row.returnReason,
    file:
      row.storageKey && row.filename && row.contentType && row.size != null
        ? { filename: row.filename, contentType: row.contentType, size: row.size }
        : null,
    createdAt: row.createdAt.toISOString(),
    canEdit: status !== 'scored' && !rated && !reachesBeyondBranch(actor, 'assessment.review'),
    canScore: managesAssessment(actor) && status === 'submitted' && !rated,
  };
}

/** Which branches' ratings for the year are published (their evidence is then locked). */
async function ratedBranches(db: Db, parkId: string, year: number): Promise<Set<string>> {
  const rows = await db
    .select({ branchId: branchRatings.branchId })
    .from(branchRatings)
    .where(
      and(eq(branchRatings.parkId, parkId), eq(branchRatings.year, year), eq(branchRatings.status, 'rated')),
    );
  return new Set(rows.map((r) => r.branchId));
}

export async function listBranchEvidence(
  db: Db,
  actor: Actor,
  q: { year: number; branchId?: string; status?: BranchEvidenceStatus },
) {
  const c: SQL[] = [sql`e.park_id = ${actor.parkId}`, sql`e.year = ${q.year}`, branchScope(actor, 'b')];
  if (q.branchId) c.push(sql`e.branch_id = ${q.branchId}`);
  if (q.status) c.push(sql`e.status = ${q.status}`);
  const found = await queryRows<{ id: string; branch_name: string }>(
    db,
    sql`select e.id, b.name as branch_name from branch_rating_evidence e join org_nodes b on b.id = e.branch_id
        where ${sql.join(c, sql` and `)}`,
  );
  if (!found.length) return { items: [] };
  const names = new Map(found.map((r) => [r.id, r.branch_name]));
  const rows = await db
    .select()
    .from(branchRatingEvidence)
    .where(inArray(branchRatingEvidence.id, [...names.keys()]))
    .orderBy(desc(branchRatingEvidence.createdAt));
  const rated = await ratedBranches(db, actor.parkId, q.year);
  return { items: rows.map((r) => presentEvidence(actor, r, names.get(r.id)!, rated.has(r.branchId))) };
}

export async function evidenceRow(db: Db, actor: Actor, id: string, lock = false) {
  const q = db
    .select()
    .from(branchRatingEvidence)
    .where(and(eq(branchRatingEvidence.id, id), eq(branchRatingEvidence.parkId, actor.parkId)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('未找到该佐证材料');
  const branch = await loadBranch(db, actor, row.branchId);
  if (!canHostAt(actor, branch)) throw notFound('未找到该佐证材料');
  return { row, branch };
}

export async function getBranchEvidence(db: Db, actor: Actor, id: string) {
  const { row, branch } = await evidenceRow(db, actor, id);
  const rating = await findRating(db, actor.parkId, row.year, row.branchId);
  return presentEvidence(actor, row, branch.name, rating?.status === 'rated');
}
