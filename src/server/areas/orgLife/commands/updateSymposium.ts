import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { birthdaySymposiums } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { UpdateSymposiumInput } from '../../../../common/contracts/orgLife';
import type { Actor } from '../../../access/actor';
import type { SymposiumRow } from '../presenter';
import { manageableHost } from '../queries/hosts';
import { symposiumRow, symposiumView } from '../queries/symposiums';
import { assertFileRefs } from './fileRefs';

/** Changes a symposium's time and place, status, card message, minutes or photos. */
export async function updateSymposium(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  patch: UpdateSymposiumInput,
) {
  return db.transaction(async (tx) => {
    const s = await symposiumRow(tx, actor, id);
    const host = await manageableHost(tx, actor, s.hostNodeId);
    await assertFileRefs(tx, actor.parkId, patch.photos, 'photos');
    const set: Partial<SymposiumRow> = { updatedAt: new Date() };
    if (patch.scheduledAt !== undefined)
      set.scheduledAt = patch.scheduledAt ? new Date(patch.scheduledAt) : null;
    if (patch.place !== undefined) set.place = patch.place;
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.cardMessage !== undefined) set.cardMessage = patch.cardMessage;
    if (patch.minutes !== undefined) set.minutes = patch.minutes;
    if (patch.photos !== undefined) set.photos = patch.photos;
    const [row] = await tx
      .update(birthdaySymposiums)
      .set(set)
      .where(eq(birthdaySymposiums.id, s.id))
      .returning();
    await audit(tx, ctx, {
      action: 'orgLife.symposium.update',
      entityType: 'birthdaySymposium',
      entityId: s.id,
      before: s,
      after: row,
    });
    return symposiumView(tx, row!, host);
  });
}
