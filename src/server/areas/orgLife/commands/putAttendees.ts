import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { birthdaySymposiumAttendees, birthdaySymposiums } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { AttendanceInput } from '../../../../common/contracts/orgLife';
import { unprocessable } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { manageableHost } from '../queries/hosts';
import { symposiumRow, symposiumView } from '../queries/symposiums';
import { assertInvitable } from './invitees';

/** Replaces the invitee list and records attendance (attended: true / false, null = not yet known). */
export async function putAttendees(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  items: AttendanceInput,
) {
  const s = await symposiumRow(db, actor, id);
  const host = await manageableHost(db, actor, s.hostNodeId);
  const ids = items.map((i) => i.personId);
  if (new Set(ids).size !== ids.length) throw unprocessable('DUPLICATE_ATTENDEE', '参加人员有重复');
  await assertInvitable(db, actor, host, s.year, s.month, ids);
  return db.transaction(async (tx) => {
    const before = await tx
      .select()
      .from(birthdaySymposiumAttendees)
      .where(eq(birthdaySymposiumAttendees.symposiumId, s.id));
    await tx.delete(birthdaySymposiumAttendees).where(eq(birthdaySymposiumAttendees.symposiumId, s.id));
    if (items.length) {
      await tx.insert(birthdaySymposiumAttendees).values(
        items.map((i) => ({
          parkId: actor.parkId,
          symposiumId: s.id,
          personId: i.personId,
          attended: i.attended,
        })),
      );
    }
    await tx.update(birthdaySymposiums).set({ updatedAt: new Date() }).where(eq(birthdaySymposiums.id, s.id));
    await audit(tx, ctx, {
      action: 'orgLife.symposium.setAttendees',
      entityType: 'birthdaySymposium',
      entityId: s.id,
      before,
      after: items,
    });
    return symposiumView(tx, s, host);
  });
}
