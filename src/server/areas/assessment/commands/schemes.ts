import { and, eq } from 'drizzle-orm';
import { refuseProblems } from '../errors';
import type { SchemeConfig, SchemeView } from '../../../../common/contracts/assessment';
import type { Actor } from '../../../access/actor';
import type { RequestContext } from '../../../context';
import { conflict, forbidden } from '../../../errors';
import { audit } from '../../../platform/audit';
import type { Db } from '../../../platform/db/client';
import { assessmentSchemes, assessmentSchemeVersions } from '../../../platform/db/schema/index';
import { schemeFrozen } from '../errors';
import { managesAssessment } from '../policy';
import { presentScheme } from '../presenter';
import { DEFAULT_SCHEME, schemeProblems } from '../rules/scheme';
import { findScheme, startScoring } from '../schemes';

/**
 * Writing a year's scheme (创建评选方案): the general branch only. Every change is a new version
 * (kept in assessment_scheme_versions); a frozen scheme refuses changes (docs/assessment.md).
 */

const mustManage = (actor: Actor) => {
  if (!managesAssessment(actor)) throw forbidden('只有党总支可以制定考核方案');
};

function assertSound(config: SchemeConfig) {
  refuseProblems('SCHEME_INVALID', schemeProblems(config));
}

/** The template a new scheme starts from: last year's scheme if there is one, else the default. */
export async function schemeTemplate(db: Db, parkId: string, year: number) {
  const last = await findScheme(db, parkId, year - 1);
  return last
    ? { from: 'lastYear' as const, config: last.config as SchemeConfig }
    : { from: 'default' as const, config: DEFAULT_SCHEME };
}

export async function createScheme(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  input: { year: number; name?: string | null; from: 'default' | 'lastYear' },
): Promise<SchemeView> {
  mustManage(actor);
  return db.transaction(async (tx) => {
    if (await findScheme(tx, actor.parkId, input.year))
      throw conflict('SCHEME_EXISTS', `${input.year} 年度考核方案已存在，请直接修改`);
    let config: SchemeConfig = DEFAULT_SCHEME;
    if (input.from === 'lastYear') {
      const last = await findScheme(tx, actor.parkId, input.year - 1);
      if (!last)
        throw conflict('NO_LAST_YEAR_SCHEME', `没有 ${input.year - 1} 年度的方案可以复制，请从默认方案创建`);
      config = last.config as SchemeConfig;
    }
    const [row] = await tx
      .insert(assessmentSchemes)
      .values({
        parkId: actor.parkId,
        year: input.year,
        name: input.name || `${input.year} 年度党员先锋岗创建评选方案`,
        config,
        createdBy: actor.accountId,
      })
      .returning();
    await tx.insert(assessmentSchemeVersions).values({
      parkId: actor.parkId,
      schemeId: row!.id,
      version: 1,
      config,
      createdBy: actor.accountId,
    });
    await audit(tx, ctx, {
      action: 'assessment.scheme.create',
      entityType: 'assessmentScheme',
      entityId: row!.id,
      after: { year: row!.year, name: row!.name, from: input.from, version: 1 },
    });
    return presentScheme(row!, true);
  });
}

export async function updateScheme(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  year: number,
  input: { name: string; config: SchemeConfig; version: number },
): Promise<SchemeView> {
  mustManage(actor);
  assertSound(input.config);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(assessmentSchemes)
      .where(and(eq(assessmentSchemes.parkId, actor.parkId), eq(assessmentSchemes.year, year)))
      .for('update');
    if (!row) throw conflict('SCHEME_MISSING', `${year} 年度考核方案尚未制定`);
    if (row.status === 'frozen') throw schemeFrozen();
    if (row.version !== input.version)
      throw conflict(
        'SCHEME_STALE',
        `方案已被他人修改（当前第 ${row.version} 版，您编辑的是第 ${input.version} 版），请刷新后重新修改`,
      );
    const version = row.version + 1;
    const [updated] = await tx
      .update(assessmentSchemes)
      .set({ name: input.name, config: input.config, version, updatedAt: new Date() })
      .where(eq(assessmentSchemes.id, row.id))
      .returning();
    await tx.insert(assessmentSchemeVersions).values({
      parkId: actor.parkId,
      schemeId: row.id,
      version,
      config: input.config,
      createdBy: actor.accountId,
    });
    await audit(tx, ctx, {
      action: 'assessment.scheme.update',
      entityType: 'assessmentScheme',
      entityId: row.id,
      before: { name: row.name, version: row.version, config: row.config },
      after: { name: updated!.name, version, config: updated!.config },
    });
    return presentScheme(updated!, true);
  });
}

/** "开始评分": freezes the year's scheme now (otherwise the first scoring act does). */
export async function freezeScheme(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  year: number,
): Promise<SchemeView> {
  mustManage(actor);
  return db.transaction(async (tx) => {
    const before = await findScheme(tx, actor.parkId, year);
    if (before?.status === 'frozen') throw conflict('SCHEME_ALREADY_FROZEN', '方案已冻结');
    const row = await startScoring(tx, ctx, actor, year, 'manual');
    return presentScheme(row, true);
  });
}
