import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { portalSettings } from '../../../platform/db/schema/index';
import { forbidden } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { canUseNewsroom } from '../policy';
import { presentSettings, type PortalSettingsRow } from '../presenter';

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
      logoMediaId: null,
      musicMediaId: null,
      musicTitle: null,
      footerText: null,
      signoffRequired: false,
      updatedBy: null,
      updatedAt: new Date(0),
    }
  );
}

export async function getPortalSettings(db: Db, actor: Actor) {
  if (!canUseNewsroom(actor)) throw forbidden();
  return presentSettings(await getPortalSettingsRow(db, actor.parkId));
}
