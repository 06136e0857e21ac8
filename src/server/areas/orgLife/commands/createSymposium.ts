import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { birthdaySymposiumAttendees, birthdaySymposiums } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { CreateSymposiumInput } from '../../../../common/contracts/orgLife';
import { conflict, unprocessable } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { queryRoster } from '../queries/birthdays';
import { manageableHost } from '../queries/hosts';
import { symposiumView } from '../queries/symposiums';
import { assertInvitable } from './invitees';

/**
 * Schedules the month's symposium of a branch or of the general branch (one per host and month);
 * the invitees are the host's roster for the month unless named.
 */
export async function createSymposium(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  input: CreateSymposiumInput,
) {
  const host = await manageableHost(db, actor, input.hostNodeId);
  const roster = await queryRoster(db, actor, {
    year: input.year,
    month: input.month,
    branchId: host.kind === 'branch' ? host.id : undefined,
  });
  const ids = [...new Set(input.attendeePersonIds ?? roster.map((r) => r.personId))];
  // A symposium is held for the month's birthday members (RULES.md §7): with none on the roster
  // there is nothing to schedule (an empty list named by hand is refused by assertInvitable).
  if (!ids.length && !input.attendeePersonIds) {
    throw unprocessable(
      'NO_INVITEES',
      `${host.name}${input.year}年${input.month}月没有过政治生日的党员，无需安排座谈会`,
    );
  }
  await assertInvitable(db, actor, host, input.year, input.month, ids);
  return db.transaction(async (tx) => {
    const [dup] = await tx
      .select({ id: birthdaySymposiums.id })
      .from(birthdaySymposiums)
      .where(
        and(
          eq(birthdaySymposiums.hostNodeId, host.id),
          eq(birthdaySymposiums.year, input.year),
          eq(birthdaySymposiums.month, input.month),
        ),
      );
    if (dup)
      throw conflict('SYMPOSIUM_EXISTS', `${host.name}${input.year}年${input.month}月的座谈会已经安排`);
    const [row] = await tx
      .insert(birthdaySymposiums)
      .values({
        parkId: actor.parkId,
        hostNodeId: host.id,
        year: input.year,
        month: input.month,
        scheduledAt: input.scheduledAt ? new Date(input.scheduledAt) : null,
        place: input.place ?? null,
        cardMessage: input.cardMessage ?? null,
        createdBy: actor.accountId,
      })
      .returning();
    if (ids.length) {
      await tx
        .insert(birthdaySymposiumAttendees)
        .values(ids.map((personId) => ({ parkId: actor.parkId, symposiumId: row!.id, personId })));
    }
    await audit(tx, ctx, {
      action: 'orgLife.symposium.create',
      entityType: 'birthdaySymposium',
      entityId: row!.id,
      after: { ...row, attendeePersonIds: ids },
    });
    return symposiumView(tx, row!, host);
  });
}
