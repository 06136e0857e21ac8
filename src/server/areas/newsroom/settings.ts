import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { portalSettings } from '../../platform/db/schema/index';
import { audit } from '../../platform/audit';
import type { RequestContext } from '../../context';
import { forbidden, unprocessable } from '../../errors';
import type { Actor } from '../../access/actor';
import { canManageSite, canUseNewsroom } from './policy';
import { notifyPortalChanged } from './events';
import { getMediaForPark, mediaUrl } from './media';

export type PortalSettingsRow = typeof portalSettings.$inferSelect;

/** A park's portal settings; the defaults when none were saved yet (nothing is written). */
export async function getPortalSettingsRow(db: Db, parkId: string): Promise<PortalSettingsRow> {
  const [row] = await db.select().from(portalSettings).where(eq(portalSettings.parkId, parkId));
  return (
    row ?? {
      parkId,
      siteTitle: '校园党建',
      heroSlogan: '不忘初心 牢记使命',
      heroText: null,
      heroImageId: null,
      musicMediaId: null,
      musicTitle: null,
      footerText: null,
      signoffRequired: false,
      updatedBy: null,
      updatedAt: new Date(0),
    }
  );
}

export function presentSettings(s: PortalSettingsRow) {
  return {
    siteTitle: s.siteTitle,
    heroSlogan: s.heroSlogan,
    heroText: s.heroText,
    heroImageId: s.heroImageId,
    heroImageUrl: s.heroImageId ? mediaUrl(s.heroImageId, 'large') : null,
    musicMediaId: s.musicMediaId,
    musicUrl: s.musicMediaId ? mediaUrl(s.musicMediaId, 'original') : null,
    musicTitle: s.musicTitle,
    footerText: s.footerText,
    signoffRequired: s.signoffRequired,
    updatedAt: s.updatedAt.getTime() ? s.updatedAt.toISOString() : null,
  };
}
export type PortalSettingsView = ReturnType<typeof presentSettings>;

export async function getPortalSettings(db: Db, actor: Actor) {
  if (!canUseNewsroom(actor)) throw forbidden();
  return presentSettings(await getPortalSettingsRow(db, actor.parkId));
}

export interface PortalSettingsInput {
  siteTitle?: string;
  heroSlogan?: string;
  heroText?: string | null;
  heroImageId?: string | null;
  musicMediaId?: string | null;
  musicTitle?: string | null;
  footerText?: string | null;
  signoffRequired?: boolean;
}

export async function updatePortalSettings(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  input: PortalSettingsInput,
) {
  if (!canManageSite(actor)) throw forbidden('只有园区审核人员或党总支可以修改网站设置');
  return db.transaction(async (tx) => {
    const before = await getPortalSettingsRow(tx, actor.parkId);
    if (input.heroImageId) {
      const m = await getMediaForPark(tx, actor.parkId, input.heroImageId);
      if (!m.mime.startsWith('image/')) {
        throw unprocessable('INVALID_MEDIA', '首页大图必须是图片', { heroImageId: '请选择图片' });
      }
    }
    if (input.musicMediaId) {
      const m = await getMediaForPark(tx, actor.parkId, input.musicMediaId);
      if (!m.mime.startsWith('audio/')) {
        throw unprocessable('INVALID_MEDIA', '背景音乐必须是音频文件', { musicMediaId: '请选择音频文件' });
      }
    }
    const next = {
      siteTitle: input.siteTitle ?? before.siteTitle,
      heroSlogan: input.heroSlogan ?? before.heroSlogan,
      heroText: input.heroText === undefined ? before.heroText : input.heroText,
      heroImageId: input.heroImageId === undefined ? before.heroImageId : input.heroImageId,
      musicMediaId: input.musicMediaId === undefined ? before.musicMediaId : input.musicMediaId,
      musicTitle: input.musicTitle === undefined ? before.musicTitle : input.musicTitle,
      footerText: input.footerText === undefined ? before.footerText : input.footerText,
      signoffRequired: input.signoffRequired ?? before.signoffRequired,
      updatedBy: actor.accountId,
      updatedAt: sql`now()`,
    };
    const [row] = await tx
      .insert(portalSettings)
      .values({ parkId: actor.parkId, ...next })
      .onConflictDoUpdate({ target: portalSettings.parkId, set: next })
      .returning();
    await audit(tx, ctx, {
      action: 'newsroom.settings.update',
      entityType: 'portalSettings',
      entityId: actor.parkId,
      before: presentSettings(before),
      after: presentSettings(row!),
    });
    await notifyPortalChanged(tx, actor.parkId);
    return presentSettings(row!);
  });
}
