import type { Db } from '../../../platform/db/client';
import { unprocessable } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { loadMember } from '../../members/memberRecords';
import { inRoster } from '../rules/birthdays';
import type { HostRow } from '../queries/hosts';

/**
 * A symposium's attendees come from the host's roster of that month (the branch's, or the park's
 * for the general branch), and there is at least one.
 */
export async function assertInvitable(
  db: Db,
  actor: Actor,
  host: HostRow,
  year: number,
  month: number,
  ids: string[],
) {
  if (!ids.length)
    throw unprocessable('NO_INVITEES', '请至少邀请一名党员', { attendeePersonIds: '请至少邀请一名党员' });
  const fields: Record<string, string> = {};
  for (const [i, id] of ids.entries()) {
    const m = await loadMember(db, actor.parkId, id);
    if (!m || (host.kind === 'branch' && m.branchId !== host.id))
      fields[`attendeePersonIds.${i}`] = '不是本支部党员';
    else if (!inRoster(m.joinedOn, year, month))
      fields[`attendeePersonIds.${i}`] = `${m.name}的政治生日不在${month}月`;
  }
  if (Object.keys(fields).length)
    throw unprocessable('NOT_ON_ROSTER', '参加人员应来自本月政治生日名单', fields);
}
