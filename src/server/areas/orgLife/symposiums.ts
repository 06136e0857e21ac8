import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import {
  birthdaySymposiumAttendees,
  birthdaySymposiums,
  people,
  type FileRef,
} from '../../platform/db/schema/index';
import { audit } from '../../platform/audit';
import type { RequestContext } from '../../context';
import { inRoster } from './rules/birthdays';
import { conflict, notFound, unprocessable } from '../../errors';
import type { Actor } from '../../access/actor';
import { hostScopeCondition } from './policy';
import { queryRoster } from './birthdays';
import { assertFileRefs, loadMember, manageableHost, readableHost, type HostRow } from './common';

/**
 * The month's political-birthday symposium (座谈会), held by a branch or by the general branch:
 * schedule, attendees from the roster, minutes, photos (references to uploaded media files).
 */

type SymposiumRow = typeof birthdaySymposiums.$inferSelect;

const STATUS_LABELS: Record<string, string> = { planned: '已安排', held: '已召开', cancelled: '已取消' };

async function presentSymposium(db: Db, s: SymposiumRow, host: { name: string; kind: string }) {
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
  return {
    id: s.id,
    hostNodeId: s.hostNodeId,
    hostName: host.name,
    hostKind: host.kind,
    year: s.year,
    month: s.month,
    scheduledAt: s.scheduledAt?.toISOString() ?? null,
    place: s.place,
    status: s.status,
    statusLabel: STATUS_LABELS[s.status] ?? s.status,
    cardMessage: s.cardMessage,
    minutes: s.minutes,
    photos: s.photos,
    attendees,
    attendedCount: attendees.filter((a) => a.attended === true).length,
    updatedAt: s.updatedAt.toISOString(),
  };
}

async function getRow(db: Db, actor: Actor, id: string) {
  const [s] = await db
    .select()
    .from(birthdaySymposiums)
    .where(and(eq(birthdaySymposiums.id, id), eq(birthdaySymposiums.parkId, actor.parkId)));
  if (!s) throw notFound('未找到该座谈会');
  return s;
}

export async function getSymposium(db: Db, actor: Actor, id: string) {
  const s = await getRow(db, actor, id);
  const host = await readableHost(db, actor, s.hostNodeId).catch(() => {
    throw notFound('未找到该座谈会');
  });
  return presentSymposium(db, s, host);
}

export async function listSymposiums(
  db: Db,
  actor: Actor,
  q: { year?: number; month?: number; hostNodeId?: string },
) {
  const c: SQL[] = [
    sql`s.park_id = ${actor.parkId}`,
    hostScopeCondition(
      actor,
      {
        hostParkId: sql`h.park_id`,
        hostId: sql`s.host_node_id`,
        hostSchoolId: sql`h.school_id`,
        hostKind: sql`h.kind`,
      },
      true,
    ),
  ];
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
    status: string;
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
      statusLabel: STATUS_LABELS[r.status] ?? r.status,
      invited: r.invited,
      attended: r.attended,
    })),
  };
}

/** The roster a host's symposium draws on: its branch's members, or (general branch) everyone in the park. */
async function hostRoster(db: Db, actor: Actor, host: HostRow, year: number, month: number) {
  return queryRoster(db, actor, { year, month, branchId: host.kind === 'branch' ? host.id : undefined });
}

export interface SymposiumInput {
  hostNodeId: string;
  year: number;
  month: number;
  scheduledAt?: string | null;
  place?: string | null;
  cardMessage?: string | null;
  /** Invitees; by default the host's whole roster for the month. */
  attendeePersonIds?: string[];
}

async function assertInvitable(
  db: Db,
  actor: Actor,
  host: HostRow,
  year: number,
  month: number,
  ids: string[],
) {
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

export async function createSymposium(db: Db, ctx: RequestContext, actor: Actor, input: SymposiumInput) {
  const host = await manageableHost(db, actor, input.hostNodeId);
  const roster = await hostRoster(db, actor, host, input.year, input.month);
  const ids = [...new Set(input.attendeePersonIds ?? roster.map((r) => r.personId))];
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
    return presentSymposium(tx, row!, host);
  });
}

export interface SymposiumPatch {
  scheduledAt?: string | null;
  place?: string | null;
  status?: 'planned' | 'held' | 'cancelled';
  cardMessage?: string | null;
  minutes?: string | null;
  photos?: FileRef[];
}

export async function updateSymposium(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  patch: SymposiumPatch,
) {
  return db.transaction(async (tx) => {
    const s = await getRow(tx, actor, id);
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
    return presentSymposium(tx, row!, host);
  });
}

/** Replaces the invitee list and records attendance (attended: true / false, null = not yet known). */
export async function putAttendees(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  items: { personId: string; attended: boolean | null }[],
) {
  const s = await getRow(db, actor, id);
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
    return presentSymposium(tx, s, host);
  });
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
