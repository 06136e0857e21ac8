import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { portalSettings } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { forbidden, unprocessable } from '../../../errors';
import type { PortalSettingsInput } from '../../../../common/contracts/newsroom';
import { canManageSite } from '../policy';
import { notifyPortalChanged } from '../events';
import { presentSettings } from '../presenter';
import { getMediaForPark } from '../queries/media';
import { getPortalSettingsRow } from '../queries/settings';

/** The site's settings (hero, music, footer, the sign-off switch); pictures and music are checked by type. */
export async function updateSettings(db: Db, ctx: RequestContext, actor: Actor, input: PortalSettingsInput) {
  if (!canManageSite(actor)) throw forbidden('只有园区审核人员或党总支可以修改网站设置');
  return db.transaction(async (tx) => {
    const before = await getPortalSettingsRow(tx, actor.parkId);
    if (input.heroImageId) {
      const m = await getMediaForPark(tx, actor.parkId, input.heroImageId);
      if (!m.mime.startsWith('image/')) {
        throw unprocessable('INVALID_MEDIA', '首页大图必须是图片', { heroImageId: '请选择图片' });
      }
    }
    if (input.logoMediaId) {
      const m = await getMediaForPark(tx, actor.parkId, input.logoMediaId);
      if (!m.mime.startsWith('image/')) {
        throw unprocessable('INVALID_MEDIA', '网站标志必须是图片', { logoMediaId: '请选择图片' });
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
      logoMediaId: input.logoMediaId === undefined ? before.logoMediaId : input.logoMediaId,
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
