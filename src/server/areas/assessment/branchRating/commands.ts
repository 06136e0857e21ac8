import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { BranchEvidenceView, RatingConfig, RatingView } from '../../../../common/contracts/branchRating';
import { todayInShanghai } from '../../../../common/dates';
import type { Actor } from '../../../access/actor';
import type { RequestContext } from '../../../context';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../../errors';
import { audit } from '../../../platform/audit';
import type { Db } from '../../../platform/db/client';
import { branchRatingEvidence, branchRatings } from '../../../platform/db/schema/index';
import type { Storage } from '../../../platform/storage';
import { managesAssessment } from '../policy';
import { proofTypeOf } from '../rules/evidence';
import { starsFor, toTenths } from '../rules/branchRating';
import { computeFigures } from './figures';
import { actsAsBranch } from './policy';
import {
  evidenceRow,
  findRating,
  getBranchEvidence,
  getRating,
  reachableBranch,
  type RatingRow,
} from './queries';
import { configOfRating, requireRatingScheme, startRating } from './schemes';

/**
 * Writes of branch star rating: the branch uploads evidence and rates itself; the general branch
 * scores the evidence and rates each branch, which publishes its stars. One transaction per write,
 * each audited; the first self-rating, scored evidence or rating freezes the year's scheme.
 */

export const MAX_BRANCH_PROOF_BYTES = 10 * 1024 * 1024;

const ratingPublished = () =>
  conflict('RATING_PUBLISHED', '该支部本年度的星级已评定发布，不能再修改自评或佐证材料');

const notBranchHand = () => forbidden('支部佐证材料由本支部登记和上传，党总支和学校负责审阅评分');

const mustManage = (actor: Actor, message: string) => {
  if (!managesAssessment(actor)) throw forbidden(message);
};

/** Every standard scored, none above its maximum, no unknown ones: the refusals worded per standard. */
function checkEntries<T extends { score: number }>(config: RatingConfig, entries: Record<string, T>) {
  const known = new Set(config.standards.map((s) => s.key));
  for (const key of Object.keys(entries))
    if (!known.has(key)) throw badRequest('UNKNOWN_STANDARD', `评星方案中没有「${key}」这一项标准`);
  const missing = config.standards.filter((s) => !entries[s.key]);
  if (missing.length)
    throw badRequest(
      'RATING_INCOMPLETE',
      `请为每项标准打分：尚缺${missing.map((s) => `「${s.name}」`).join('、')}`,
      Object.fromEntries(missing.map((s) => [`entries.${s.key}`, '请打分'])),
    );
  for (const s of config.standards)
    if (toTenths(entries[s.key]!.score) > toTenths(s.max))
      throw badRequest('SCORE_ABOVE_MAX', `「${s.name}」满分 ${s.max} 分，打分不能超过满分`, {
        [`entries.${s.key}.score`]: `不能超过 ${s.max} 分`,
      });
}

async function lockRating(tx: Db, parkId: string, year: number, branchId: string): Promise<RatingRow | null> {
  const [row] = await tx
    .select()
    .from(branchRatings)
    .where(
      and(
        eq(branchRatings.parkId, parkId),
        eq(branchRatings.year, year),
        eq(branchRatings.branchId, branchId),
      ),
    )
    .for('update');
  return row ?? null;
}

export async function selfRate(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  branchId: string,
  input: { year: number; entries: Record<string, { score: number; statement: string }> },
): Promise<RatingView> {
  const branch = await reachableBranch(db, actor, branchId);
  if (!actsAsBranch(actor, branch)) throw forbidden('支部自评由本支部填写，党总支和学校不能代为自评');
  await db.transaction(async (tx) => {
    const scheme = await startRating(tx, ctx, actor, input.year, 'selfRating');
    const config = configOfRating(scheme);
    checkEntries(config, input.entries);
    const before = await lockRating(tx, actor.parkId, input.year, branch.id);
    if (before?.status === 'rated') throw ratingPublished();
    const figures =
      (await computeFigures(tx, actor.parkId, input.year, [branch.id], config, todayInShanghai())).get(
        branch.id,
      ) ?? {};
    const selfEntries = Object.fromEntries(
      config.standards.map((s) => [
        s.key,
        { tenths: toTenths(input.entries[s.key]!.score), statement: input.entries[s.key]!.statement },
      ]),
    );
    const selfTotalTenths = Object.values(selfEntries).reduce((a, e) => a + e.tenths, 0);
    const values = {
      schemeVersion: scheme.version,
      status: 'selfRated',
      computed: figures,
      computedAt: new Date(),
      selfEntries,
      selfTotalTenths,
      selfRatedBy: actor.accountId,
      selfRatedAt: new Date(),
      updatedAt: new Date(),
    };
    const [row] = before
      ? await tx.update(branchRatings).set(values).where(eq(branchRatings.id, before.id)).returning()
      : await tx
          .insert(branchRatings)
          .values({ parkId: actor.parkId, year: input.year, branchId: branch.id, ...values })
          .returning();
    await audit(tx, ctx, {
      action: 'assessment.branchRating.selfRate',
      entityType: 'branchRating',
      entityId: row!.id,
      before: before
        ? { selfEntries: before.selfEntries, selfTotalTenths: before.selfTotalTenths }
        : undefined,
      after: { year: input.year, branchId: branch.id, selfEntries, selfTotalTenths },
    });
  });
  return getRating(db, actor, branch.id, input.year);
}

export async function rateBranch(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  branchId: string,
  input: { year: number; entries: Record<string, { score: number; note?: string | null }> },
): Promise<RatingView> {
  mustManage(actor, '只有党总支可以评定支部星级');
  const branch = await reachableBranch(db, actor, branchId);
  await db.transaction(async (tx) => {
    const scheme = await startRating(tx, ctx, actor, input.year, 'rating');
    const config = configOfRating(scheme);
    checkEntries(config, input.entries);
    const before = await lockRating(tx, actor.parkId, input.year, branch.id);
    // The general branch rates what the branch has said of itself (self-rating → rating).
    if (!before || before.status === 'draft')
      throw conflict('BRANCH_NOT_SELF_RATED', `${branch.name}尚未提交自评，请待支部自评后再评定`);
    const figures =
      (await computeFigures(tx, actor.parkId, input.year, [branch.id], config, todayInShanghai())).get(
        branch.id,
      ) ?? {};
    const finalEntries = Object.fromEntries(
      config.standards.map((s) => [
        s.key,
        { tenths: toTenths(input.entries[s.key]!.score), note: input.entries[s.key]!.note ?? null },
      ]),
    );
    const finalTotalTenths = Object.values(finalEntries).reduce((a, e) => a + e.tenths, 0);
    const stars = starsFor(finalTotalTenths, config.thresholds);
    await tx
      .update(branchRatings)
      .set({
        status: 'rated',
        schemeVersion: scheme.version,
        computed: figures,
        computedAt: new Date(),
        finalEntries,
        finalTotalTenths,
        stars,
        ratedBy: actor.accountId,
        ratedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(branchRatings.id, before.id));
    await audit(tx, ctx, {
      action: 'assessment.branchRating.rate',
      entityType: 'branchRating',
      entityId: before.id,
      before: { status: before.status, finalTotalTenths: before.finalTotalTenths, stars: before.stars },
      after: { year: input.year, branchId: branch.id, finalEntries, finalTotalTenths, stars },
    });
  });
  return getRating(db, actor, branch.id, input.year);
}

// ——— branch evidence ———

async function assertOpen(tx: Db, parkId: string, year: number, branchId: string) {
  const r = await findRating(tx, parkId, year, branchId);
  if (r?.status === 'rated') throw ratingPublished();
}

export async function createBranchEvidence(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  input: { year: number; branchId: string; title: string; description?: string | null },
): Promise<BranchEvidenceView> {
  const branch = await reachableBranch(db, actor, input.branchId);
  if (!actsAsBranch(actor, branch)) throw notBranchHand();
  const id = await db.transaction(async (tx) => {
    await requireRatingScheme(tx, actor.parkId, input.year);
    await assertOpen(tx, actor.parkId, input.year, branch.id);
    const [row] = await tx
      .insert(branchRatingEvidence)
      .values({
        parkId: actor.parkId,
        year: input.year,
        branchId: branch.id,
        title: input.title,
        description: input.description || null,
        createdBy: actor.accountId,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'assessment.branchEvidence.create',
      entityType: 'branchRatingEvidence',
      entityId: row!.id,
      after: { year: row!.year, branchId: branch.id, title: row!.title },
    });
    return row!.id;
  });
  return getBranchEvidence(db, actor, id);
}

/** Editing evidence (before it is scored); returned evidence goes back to the general branch. */
export async function updateBranchEvidence(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: { title: string; description?: string | null },
): Promise<BranchEvidenceView> {
  await db.transaction(async (tx) => {
    const { row, branch } = await evidenceRow(tx, actor, id, true);
    if (!actsAsBranch(actor, branch)) throw notBranchHand();
    if (row.status === 'scored') throw conflict('EVIDENCE_SCORED', '该材料已评分，不能再修改');
    await assertOpen(tx, actor.parkId, row.year, row.branchId);
    await tx
      .update(branchRatingEvidence)
      .set({
        title: input.title,
        description: input.description || null,
        status: 'submitted',
        updatedAt: new Date(),
      })
      .where(eq(branchRatingEvidence.id, id));
    await audit(tx, ctx, {
      action: 'assessment.branchEvidence.update',
      entityType: 'branchRatingEvidence',
      entityId: id,
      before: { title: row.title, description: row.description, status: row.status },
      after: { title: input.title, description: input.description || null, status: 'submitted' },
    });
  });
  return getBranchEvidence(db, actor, id);
}

/** The proof file (one per piece of evidence; a new upload replaces the old). */
export async function putBranchProof(
  db: Db,
  storage: Storage,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  upload: { fileName: string; buffer: Buffer },
): Promise<BranchEvidenceView> {
  const type = proofTypeOf(upload.buffer);
  if (!type) throw new AppError(415, 'UNSUPPORTED_FILE_TYPE', '佐证附件只能是 PDF、JPG 或 PNG 文件');
  const key = `assessment/branch-evidence/${crypto.randomUUID()}`;
  await storage.put(key, upload.buffer);
  let old: string | null = null;
  try {
    await db.transaction(async (tx) => {
      const { row, branch } = await evidenceRow(tx, actor, id, true);
      if (!actsAsBranch(actor, branch)) throw notBranchHand();
      if (row.status === 'scored') throw conflict('EVIDENCE_SCORED', '该材料已评分，不能再更换附件');
      await assertOpen(tx, actor.parkId, row.year, row.branchId);
      old = row.storageKey;
      const filename = upload.fileName.slice(0, 200);
      await tx
        .update(branchRatingEvidence)
        .set({
          storageKey: key,
          filename,
          contentType: type,
          size: upload.buffer.length,
          updatedAt: new Date(),
        })
        .where(eq(branchRatingEvidence.id, id));
      await audit(tx, ctx, {
        action: 'assessment.branchEvidence.fileAdd',
        entityType: 'branchRatingEvidence',
        entityId: id,
        before: row.filename ? { filename: row.filename } : undefined,
        after: { filename, size: upload.buffer.length },
      });
    });
  } catch (err) {
    await storage.delete(key).catch(() => undefined);
    throw err;
  }
  if (old) await storage.delete(old).catch(() => undefined);
  return getBranchEvidence(db, actor, id);
}

export async function branchProof(db: Db, storage: Storage, actor: Actor, id: string) {
  const { row } = await evidenceRow(db, actor, id);
  const body = row.storageKey ? await storage.read(row.storageKey) : null;
  if (!body || !row.contentType || !row.filename) throw notFound('该材料尚未上传附件');
  return { type: row.contentType, fileName: row.filename, body };
}

export async function scoreBranchEvidence(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: { score: number; note?: string | null },
): Promise<BranchEvidenceView> {
  mustManage(actor, '只有党总支可以为支部佐证材料评分');
  await db.transaction(async (tx) => {
    const { row } = await evidenceRow(tx, actor, id, true);
    if (row.status !== 'submitted')
      throw conflict(
        'EVIDENCE_NOT_SUBMITTED',
        row.status === 'scored' ? '该材料已评分' : '该材料已退回，待支部修改后再评分',
      );
    await assertOpen(tx, actor.parkId, row.year, row.branchId);
    const scheme = await startRating(tx, ctx, actor, row.year, 'evidence');
    const standard = configOfRating(scheme).standards.find((s) => s.source === 'evidence');
    if (!standard) throw conflict('NO_EVIDENCE_STANDARD', '本年度评星方案没有「佐证材料」计分标准');
    if (toTenths(input.score) > toTenths(standard.max))
      throw badRequest(
        'SCORE_ABOVE_MAX',
        `「${standard.name}」满分 ${standard.max} 分，单份材料得分不能超过满分`,
        {
          score: `不能超过 ${standard.max} 分`,
        },
      );
    await tx
      .update(branchRatingEvidence)
      .set({
        status: 'scored',
        scoreTenths: toTenths(input.score),
        note: input.note || null,
        returnReason: null,
        scoredBy: actor.accountId,
        scoredAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(branchRatingEvidence.id, id));
    await audit(tx, ctx, {
      action: 'assessment.branchEvidence.score',
      entityType: 'branchRatingEvidence',
      entityId: id,
      before: { status: row.status },
      after: { status: 'scored', scoreTenths: toTenths(input.score), note: input.note || null },
    });
  });
  return getBranchEvidence(db, actor, id);
}

export async function returnBranchEvidence(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  reason: string,
): Promise<BranchEvidenceView> {
  mustManage(actor, '只有党总支可以退回支部佐证材料');
  await db.transaction(async (tx) => {
    const { row } = await evidenceRow(tx, actor, id, true);
    if (row.status !== 'submitted')
      throw conflict('EVIDENCE_NOT_SUBMITTED', row.status === 'scored' ? '该材料已评分' : '该材料已退回');
    await assertOpen(tx, actor.parkId, row.year, row.branchId);
    await tx
      .update(branchRatingEvidence)
      .set({ status: 'returned', returnReason: reason, updatedAt: new Date() })
      .where(eq(branchRatingEvidence.id, id));
    await audit(tx, ctx, {
      action: 'assessment.branchEvidence.return',
      entityType: 'branchRatingEvidence',
      entityId: id,
      before: { status: row.status },
      after: { status: 'returned', reason },
    });
  });
  return getBranchEvidence(db, actor, id);
}
