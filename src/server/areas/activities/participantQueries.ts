import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { activityCheckinTokens } from '../../platform/db/schema/index';
import { notFound } from '../../errors';
import type { Actor } from '../../access/actor';
import { canReadPerson } from '../people/policy';
import { loadManageableActivity } from './queries';
import {
  presentParticipant,
  presentParticipation,
  type ParticipantRow,
  type ParticipationRow,
} from './presenter';

/** Reads about who takes part: an activity's list, its current sign-in token, a person's history. */

export async function listParticipants(db: Db, actor: Actor, id: string) {
  await loadManageableActivity(db, actor, id);
  const rows = await queryRows<ParticipantRow>(
    db,
    sql`select p.person_id, pe.name, pe.number, pe.kind, u.name as unit_name, p.via_group_id, g.name as via_group_name,
          p.source, p.checked_in_at, p.checkin_method
        from activity_participants p
        join people pe on pe.id = p.person_id
        left join org_nodes u on u.id = pe.unit_id
        left join org_nodes g on g.id = p.via_group_id
        where p.activity_id = ${id}
        order by g.name nulls first, pe.number`,
  );
  return { items: rows.map(presentParticipant) };
}

/** The activity's current (unrevoked, unexpired) sign-in token, or null. */
export async function currentCheckinToken(db: Db, actor: Actor, id: string) {
  await loadManageableActivity(db, actor, id);
  const [row] = await db
    .select()
    .from(activityCheckinTokens)
    .where(
      and(
        eq(activityCheckinTokens.activityId, id),
        isNull(activityCheckinTokens.revokedAt),
        sql`${activityCheckinTokens.expiresAt} > now()`,
      ),
    )
    .orderBy(sql`${activityCheckinTokens.createdAt} desc`)
    .limit(1);
  return row ? { token: row.token, expiresAt: row.expiresAt.toISOString() } : null;
}

/** A person's participation history across activities, newest first. */
async function participationHistory(db: Db, parkId: string, personId: string) {
  const rows = await queryRows<ParticipationRow>(
    db,
    sql`select a.id as activity_id, a.title, a.kind, k.name as custom_kind_name, a.theme, o.name as organiser_name,
          a.starts_at, a.ends_at, a.place, a.status, g.name as via_group_name, p.source, p.checked_in_at, p.checkin_method,
          (select array_agg(w.award order by w.sort_order, w.created_at) from activity_awards w
            where w.activity_id = a.id and w.person_id = p.person_id) as awards
        from activity_participants p
        join activities a on a.id = p.activity_id
        join org_nodes o on o.id = a.organiser_id
        left join activity_kinds k on k.id = a.custom_kind_id
        left join org_nodes g on g.id = p.via_group_id
        where p.person_id = ${personId} and a.park_id = ${parkId}
        order by a.starts_at desc`,
  );
  return rows.map(presentParticipation);
}

/** A person's participation history: their own, or anyone the actor may read (people policy). */
export async function personHistory(db: Db, actor: Actor, personId: string) {
  if (personId !== actor.personId) {
    const [p] = await queryRows<{
      id: string;
      park_id: string;
      kind: 'staff' | 'student';
      school_id: string | null;
      unit_id: string | null;
      branch_id: string | null;
    }>(
      db,
      sql`select pe.id, pe.park_id, pe.kind, pe.school_id, pe.unit_id, m.branch_id
          from people pe left join memberships m on m.person_id = pe.id
          where pe.id = ${personId} and pe.park_id = ${actor.parkId}`,
    );
    if (
      !p ||
      !canReadPerson(actor, {
        parkId: p.park_id,
        id: p.id,
        kind: p.kind,
        schoolId: p.school_id,
        unitId: p.unit_id,
        branchId: p.branch_id,
      })
    ) {
      throw notFound('人员不存在');
    }
  }
  return { items: await participationHistory(db, actor.parkId, personId) };
}

/** The actor's own history (none for an account without a person record). */
export async function myHistory(db: Db, actor: Actor) {
  if (!actor.personId) return { items: [] };
  return personHistory(db, actor, actor.personId);
}
