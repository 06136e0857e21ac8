import { and, eq } from 'drizzle-orm';
import { refuseProblems } from '../errors';
import type { RatingConfig, RatingSchemeView } from '../../../../common/contracts/branchRating';
import type { Actor } from '../../../access/actor';
import type { RequestContext } from '../../../context';
import { conflict, forbidden } from '../../../errors';
import { audit } from '../../../platform/audit';
import type { Db } from '../../../platform/db/client';
import { branchRatingSchemes, branchRatingSchemeVersions } from '../../../platform/db/schema/index';
import { managesAssessment } from '../policy';
import { DEFAULT_RATING_CONFIG, ratingProblems } from '../rules/branchRating';

/**
 * The branch rating scheme (支部评星方案): one per park and year, every save a new version, frozen
 * once rating starts (the first self-rating, the first scored evidence, the first rating) —
 * inside that first act's transaction under a row lock, as the member scheme freezes (schemes.ts).
 */

export type RatingSchemeRow = typeof branchRatingSchemes.$inferSelect;
export type RatingFreezeReason = 'selfRating' | 'evidence' | 'rating';

export const configOfRating = (row: RatingSchemeRow) => row.config as RatingConfig;

export const presentRatingScheme = (row: RatingSchemeRow): RatingSchemeView => ({
  id: row.id,
  year: row.year,
  version: row.version,
  status: row.status as 'draft' | 'frozen',
  frozenAt: row.frozenAt?.toISOString() ?? null,
  frozenReason: row.frozenReason,
  config: configOfRating(row),
  updatedAt: row.updatedAt.toISOString(),
});

export const ratingSchemeMissing = (year: number) =>
  conflict('RATING_SCHEME_MISSING', `${year} 年度支部评星方案尚未制定，请党总支先制定方案`);

export async function findRatingScheme(
  db: Db,
  parkId: string,
  year: number,
): Promise<RatingSchemeRow | null> {
  const [row] = await db
    .select()
    .from(branchRatingSchemes)
    .where(and(eq(branchRatingSchemes.parkId, parkId), eq(branchRatingSchemes.year, year)));
  return row ?? null;
}

export async function requireRatingScheme(db: Db, parkId: string, year: number) {
  const row = await findRatingScheme(db, parkId, year);
  if (!row) throw ratingSchemeMissing(year);
  return row;
}

/** Rating starts: the year's scheme freezes if it has not, in the caller's transaction. */
export async function startRating(
  tx: Db,
  ctx: RequestContext,
  actor: Actor,
  year: number,
  reason: RatingFreezeReason,
): Promise<RatingSchemeRow> {
  const [row] = await tx
    .select()
    .from(branchRatingSchemes)
    .where(and(eq(branchRatingSchemes.parkId, actor.parkId), eq(branchRatingSchemes.year, year)))
    .for('update');
  if (!row) throw ratingSchemeMissing(year);
  if (row.status === 'frozen') return row;
  const [frozen] = await tx
    .update(branchRatingSchemes)
    .set({
      status: 'frozen',
      frozenAt: new Date(),
      frozenBy: actor.accountId,
      frozenReason: reason,
      updatedAt: new Date(),
    })
    .where(eq(branchRatingSchemes.id, row.id))
    .returning();
  await audit(tx, ctx, {
    action: 'assessment.branchRatingScheme.freeze',
    entityType: 'branchRatingScheme',
    entityId: row.id,
    before: { status: row.status, version: row.version },
    after: { status: 'frozen', version: row.version, reason },
  });
  return frozen!;
}

const mustManage = (actor: Actor) => {
  if (!managesAssessment(actor)) throw forbidden('只有党总支可以制定支部评星方案');
};

function assertSound(config: RatingConfig) {
  refuseProblems('RATING_SCHEME_INVALID', ratingProblems(config));
}

export async function ratingTemplate(db: Db, parkId: string, year: number) {
  const last = await findRatingScheme(db, parkId, year - 1);
  return last
    ? { from: 'lastYear' as const, config: configOfRating(last) }
    : { from: 'default' as const, config: DEFAULT_RATING_CONFIG };
}

export async function createRatingScheme(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  input: { year: number; from: 'default' | 'lastYear' },
): Promise<RatingSchemeView> {
  mustManage(actor);
  return db.transaction(async (tx) => {
    if (await findRatingScheme(tx, actor.parkId, input.year))
      throw conflict('RATING_SCHEME_EXISTS', `${input.year} 年度支部评星方案已存在，请直接修改`);
    let config = DEFAULT_RATING_CONFIG;
    if (input.from === 'lastYear') {
      const last = await findRatingScheme(tx, actor.parkId, input.year - 1);
      if (!last)
        throw conflict(
          'NO_LAST_YEAR_RATING_SCHEME',
          `没有 ${input.year - 1} 年度的评星方案可以复制，请从默认方案创建`,
        );
      config = configOfRating(last);
    }
    const [row] = await tx
      .insert(branchRatingSchemes)
      .values({ parkId: actor.parkId, year: input.year, config, createdBy: actor.accountId })
      .returning();
    await tx.insert(branchRatingSchemeVersions).values({
      parkId: actor.parkId,
      schemeId: row!.id,
      version: 1,
      config,
      createdBy: actor.accountId,
    });
    await audit(tx, ctx, {
      action: 'assessment.branchRatingScheme.create',
      entityType: 'branchRatingScheme',
      entityId: row!.id,
      after: { year: row!.year, from: input.from, version: 1 },
    });
    return presentRatingScheme(row!);
  });
}

export async function updateRatingScheme(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  year: number,
  input: { config: RatingConfig; version: number },
): Promise<RatingSchemeView> {
  mustManage(actor);
  assertSound(input.config);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(branchRatingSchemes)
      .where(and(eq(branchRatingSchemes.parkId, actor.parkId), eq(branchRatingSchemes.year, year)))
      .for('update');
    if (!row) throw ratingSchemeMissing(year);
    if (row.status === 'frozen')
      throw conflict(
        'RATING_SCHEME_FROZEN',
        '评星方案已冻结（评星已开始），不能再修改；如需调整，请在下一年度方案中修改',
      );
    if (row.version !== input.version)
      throw conflict(
        'RATING_SCHEME_STALE',
        `方案已被他人修改（当前第 ${row.version} 版，您编辑的是第 ${input.version} 版），请刷新后重新修改`,
      );
    const version = row.version + 1;
    const [updated] = await tx
      .update(branchRatingSchemes)
      .set({ config: input.config, version, updatedAt: new Date() })
      .where(eq(branchRatingSchemes.id, row.id))
      .returning();
    await tx.insert(branchRatingSchemeVersions).values({
      parkId: actor.parkId,
      schemeId: row.id,
      version,
      config: input.config,
      createdBy: actor.accountId,
    });
    await audit(tx, ctx, {
      action: 'assessment.branchRatingScheme.update',
      entityType: 'branchRatingScheme',
      entityId: row.id,
      before: { version: row.version, config: row.config },
      after: { version, config: input.config },
    });
    return presentRatingScheme(updated!);
  });
}
