import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { birthdaySymposiumAttendees, birthdaySymposiums, people } from '../../../platform/db/schema/index';
import type { SymposiumFilters, SymposiumView } from '../../../../common/contracts/orgLife';
import { notFound } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { SYMPOSIUM_STATUS_LABELS, presentSymposium, type SymposiumRow } from '../presenter';
import { hostAliasScope, readableHost } from './hosts';

/** The month's political-birthday symposiums (座谈会) read, and the card message they set. */

export async function symposiumRow(db: Db, actor: Actor, id: string) {
  const [s] = await db
    .select()
    .from(birthdaySymposiums)
    .where(and(eq(birthdaySymposiums.id, id), eq(birthdaySymposiums.parkId, actor.parkId)));
  if (!s) throw notFound('未找到该座谈会');
  return s;
}

/** A symposium with its attendees, as the API shows it. */
export async function symposiumView(
  db: Db,
  s: SymposiumRow,
  host: { name: string; kind: string },
): Promise<SymposiumView> {
  const attendees = await db
    .select({
      personId: birthdaySymposiumAttendees.personId,
      attended: birthdaySymposiumAttendees.attended,
      name: people.name,
    })
    .from(birthdaySymposiumAttendees)
    .innerJoin(people, eq(people.id, birthdaySymposiumAttendees.personId))
    .where(eq(birthdaySymposiumAttendees.symposiumId, s.id))
    .orderBy(asc(people.name));
  return presentSymposium(s, host, attendees);
}

export async function getSymposium(db: Db, actor: Actor, id: string) {
  const s = await symposiumRow(db, actor, id);
  const host = await readableHost(db, actor, s.hostNodeId).catch(() => {
    throw notFound('未找到该座谈会');
  });
  return symposiumView(db, s, host);
}

export async function listSymposiums(db: Db, actor: Actor, q: SymposiumFilters) {
  const c: SQL[] = [sql`s.park_id = ${actor.parkId}`, hostAliasScope(actor, 'h', sql`s.host_node_id`)];
  if (q.year !== undefined) c.push(sql`s.year = ${q.year}`);
  if (q.month !== undefined) c.push(sql`s.month = ${q.month}`);
  if (q.hostNodeId) c.push(sql`s.host_node_id = ${q.hostNodeId}`);
  const rows = await queryRows<{
    id: string;
    host_node_id: string;
    host_name: string;
    host_kind: string;
    year: number;
    month: number;
    scheduled_at: string | Date | null;
    place: string | null;
    status: SymposiumView['status'];
    invited: number;
    attended: number;
  }>(
    db,
    sql`select s.id, s.host_node_id, h.name as host_name, h.kind as host_kind, s.year, s.month, s.scheduled_at,
          s.place, s.status,
          (select count(*)::int from birthday_symposium_attendees a where a.symposium_id = s.id) as invited,
          (select count(*)::int from birthday_symposium_attendees a where a.symposium_id = s.id and a.attended) as attended
        from birthday_symposiums s join org_nodes h on h.id = s.host_node_id
        where ${sql.join(c, sql` and `)}
        order by s.year desc, s.month desc, h.name`,
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      hostNodeId: r.host_node_id,
      hostName: r.host_name,
      hostKind: r.host_kind,
      year: r.year,
      month: r.month,
      scheduledAt: r.scheduled_at ? new Date(r.scheduled_at).toISOString() : null,
      place: r.place,
      status: r.status,
      statusLabel: SYMPOSIUM_STATUS_LABELS[r.status] ?? r.status,
      invited: r.invited,
      attended: r.attended,
    })),
  };
}

/**
 * The symposiums a person is invited to that are still to be held (planned), this month and later,
 * soonest first: their own invitations, read by the person themself.
 */
export async function myInvitations(db: Db, actor: Actor, fromYear: number, fromMonth: number) {
  if (!actor.personId) return [];
  return queryRows<{
    id: string;
    host_name: string;
    scheduled_at: string | Date | null;
    place: string | null;
  }>(
    db,
    sql`select s.id, h.name as host_name, s.scheduled_at, s.place
        from birthday_symposium_attendees a
          join birthday_symposiums s on s.id = a.symposium_id
          join org_nodes h on h.id = s.host_node_id
        where a.person_id = ${actor.personId} and s.park_id = ${actor.parkId} and s.status = 'planned'
          and (s.year, s.month) >= (${fromYear}, ${fromMonth})
        order by s.year, s.month, s.scheduled_at nulls last`,
  );
}

/** The message for a member's card: their branch's symposium that month, else the general branch's, else the park default. */
export async function cardMessageFor(db: Db, parkId: string, branchId: string, year: number, month: number) {
  const rows = await queryRows<{ card_message: string | null; kind: string }>(
    db,
    sql`select s.card_message, h.kind from birthday_symposiums s join org_nodes h on h.id = s.host_node_id
        where s.park_id = ${parkId} and s.year = ${year} and s.month = ${month} and s.card_message is not null
          and (s.host_node_id = ${branchId} or h.kind = 'generalBranch')`,
  );
  return (rows.find((r) => r.kind === 'branch') ?? rows[0])?.card_message ?? null;
}
