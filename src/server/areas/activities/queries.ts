import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { activities, activityKinds, orgNodes } from '../../platform/db/schema/index';
import {
  ACTIVITY_KIND_LABELS,
  ACTIVITY_STATUS_LABELS,
  isBuiltinActivityKind,
  type ActivityStatus,
} from './rules';
import type { OrgKind } from '../../../common/orgTree';
import { forbidden, notFound } from '../../errors';
import type { Actor } from '../../access/actor';
import { activityScopeCondition, canManageActivityAt, canReadActivity } from './policy';

export type ActivityRow = typeof activities.$inferSelect;

export interface LoadedActivity {
  activity: ActivityRow;
  organiser: {
    id: string;
    kind: OrgKind;
    name: string;
    path: string;
    schoolId: string | null;
    parentId: string | null;
    parkId: string;
  };
  customKindName: string | null;
}

/** One activity of the actor's park with its organiser node, or 404. No scope check. */
export async function loadActivity(db: Db, actor: Actor, id: string): Promise<LoadedActivity> {
  const [row] = await db
    .select({ activity: activities, organiser: orgNodes, customKindName: activityKinds.name })
    .from(activities)
    .innerJoin(orgNodes, eq(orgNodes.id, activities.organiserId))
    .leftJoin(activityKinds, eq(activityKinds.id, activities.customKindId))
    .where(and(eq(activities.id, id), eq(activities.parkId, actor.parkId)));
  if (!row) throw notFound('活动不存在');
  return {
    activity: row.activity,
    organiser: {
      id: row.organiser.id,
      kind: row.organiser.kind as OrgKind,
      name: row.organiser.name,
      path: row.organiser.path,
      schoolId: row.organiser.schoolId,
      parentId: row.organiser.parentId,
      parkId: row.organiser.parkId,
    },
    customKindName: row.customKindName ?? null,
  };
}

export async function isParticipant(db: Db, activityId: string, personId: string | null): Promise<boolean> {
  if (!personId) return false;
  const rows = await queryRows<{ one: number }>(
    db,
    sql`select 1 as one from activity_participants where activity_id = ${activityId} and person_id = ${personId}`,
  );
  return rows.length > 0;
}

/** The activity if the actor may read it (manager in scope or participant); 404 otherwise. */
export async function loadReadableActivity(db: Db, actor: Actor, id: string): Promise<LoadedActivity> {
  const loaded = await loadActivity(db, actor, id);
  if (!canReadActivity(actor, loaded.organiser, await isParticipant(db, id, actor.personId))) {
    throw notFound('活动不存在');
  }
  return loaded;
}

/** The activity if the actor may manage it: 404 when they cannot even read it, 403 when read-only. */
export async function loadManageableActivity(db: Db, actor: Actor, id: string): Promise<LoadedActivity> {
  const loaded = await loadActivity(db, actor, id);
  if (canManageActivityAt(actor, loaded.organiser)) return loaded;
  if (await isParticipant(db, id, actor.personId)) throw forbidden('只有活动组织者可以进行此操作');
  throw notFound('活动不存在');
}

export const kindLabel = (kind: string, customKindName: string | null) =>
  isBuiltinActivityKind(kind) ? ACTIVITY_KIND_LABELS[kind] : (customKindName ?? '其他');

export interface ActivityListItem {
  id: string;
  kind: string;
  customKindId: string | null;
  kindLabel: string;
  title: string;
  theme: string | null;
  organiserId: string;
  organiserName: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  isOpen: boolean;
  status: ActivityStatus;
  statusLabel: string;
  participantCount: number;
  checkedInCount: number;
  isParticipant: boolean;
}

interface ListRow {
  id: string;
  kind: string;
  custom_kind_id: string | null;
  custom_kind_name: string | null;
  title: string;
  theme: string | null;
  organiser_id: string;
  organiser_name: string;
  starts_at: Date | string;
  ends_at: Date | string;
  place: string | null;
  is_open: boolean;
  status: string;
  participant_count: number;
  checked_in_count: number;
  is_participant: boolean;
}

const iso = (d: Date | string) => new Date(d).toISOString();

function presentListRow(r: ListRow): ActivityListItem {
  return {
    id: r.id,
    kind: r.kind,
    customKindId: r.custom_kind_id,
    kindLabel: kindLabel(r.kind, r.custom_kind_name),
    title: r.title,
    theme: r.theme,
    organiserId: r.organiser_id,
    organiserName: r.organiser_name,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    place: r.place,
    isOpen: r.is_open,
    status: r.status as ActivityStatus,
    statusLabel: ACTIVITY_STATUS_LABELS[r.status as ActivityStatus] ?? r.status,
    participantCount: r.participant_count,
    checkedInCount: r.checked_in_count,
    isParticipant: r.is_participant,
  };
}

export interface ActivityFilter {
  /** Instants bounding the activity's time (overlap). */
  from?: Date;
  to?: Date;
  kind?: string;
  organiserId?: string;
  status?: string;
  q?: string;
  /** Only the actor's own participations. */
  mine?: boolean;
}

/** Activities the actor may see, newest first, filtered in SQL by the policy's scope condition. */
export async function listActivities(
  db: Db,
  actor: Actor,
  filter: ActivityFilter,
  page: { limit: number; offset: number },
): Promise<{ items: ActivityListItem[]; total: number }> {
  const me = actor.personId;
  const conds = [activityScopeCondition(actor)];
  if (filter.from) conds.push(sql`a.ends_at >= ${filter.from.toISOString()}`);
  if (filter.to) conds.push(sql`a.starts_at < ${filter.to.toISOString()}`);
  if (filter.kind) conds.push(sql`(a.kind = ${filter.kind} or a.custom_kind_id::text = ${filter.kind})`);
  if (filter.organiserId) conds.push(sql`a.organiser_id = ${filter.organiserId}`);
  if (filter.status) conds.push(sql`a.status = ${filter.status}`);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    conds.push(sql`(a.title ilike ${like} or coalesce(a.theme, '') ilike ${like})`);
  }
  if (filter.mine) {
    conds.push(
      me
        ? sql`exists (select 1 from activity_participants pm where pm.activity_id = a.id and pm.person_id = ${me})`
        : sql`false`,
    );
  }
  const where = sql.join(conds, sql` and `);
  const [count] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from activities a join org_nodes o on o.id = a.organiser_id where ${where}`,
  );
  const rows = await queryRows<ListRow>(
    db,
    sql`select a.id, a.kind, a.custom_kind_id, k.name as custom_kind_name, a.title, a.theme,
          a.organiser_id, o.name as organiser_name, a.starts_at, a.ends_at, a.place, a.is_open, a.status,
          (select count(*)::int from activity_participants p where p.activity_id = a.id) as participant_count,
          (select count(*)::int from activity_participants p where p.activity_id = a.id and p.checked_in_at is not null) as checked_in_count,
          ${me ? sql`exists (select 1 from activity_participants pm where pm.activity_id = a.id and pm.person_id = ${me})` : sql`false`} as is_participant
        from activities a
        join org_nodes o on o.id = a.organiser_id
        left join activity_kinds k on k.id = a.custom_kind_id
        where ${where}
        order by a.starts_at desc, a.id
        limit ${page.limit} offset ${page.offset}`,
  );
  return { items: rows.map(presentListRow), total: count?.n ?? 0 };
}

export interface ParticipationItem {
  activityId: string;
  title: string;
  kindLabel: string;
  theme: string | null;
  organiserName: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  status: string;
  viaGroupName: string | null;
  source: string;
  checkedInAt: string | null;
  checkinMethod: string | null;
  awards: string[];
}

/** A person's participation history across activities, newest first. */
export async function participationHistory(
  db: Db,
  parkId: string,
  personId: string,
): Promise<ParticipationItem[]> {
  const rows = await queryRows<{
    activity_id: string;
    title: string;
    kind: string;
    custom_kind_name: string | null;
    theme: string | null;
    organiser_name: string;
    starts_at: Date | string;
    ends_at: Date | string;
    place: string | null;
    status: string;
    via_group_name: string | null;
    source: string;
    checked_in_at: Date | string | null;
    checkin_method: string | null;
    awards: string[] | null;
  }>(
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
  return rows.map((r) => ({
    activityId: r.activity_id,
    title: r.title,
    kindLabel: kindLabel(r.kind, r.custom_kind_name),
    theme: r.theme,
    organiserName: r.organiser_name,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    place: r.place,
    status: r.status,
    viaGroupName: r.via_group_name,
    source: r.source,
    checkedInAt: r.checked_in_at ? iso(r.checked_in_at) : null,
    checkinMethod: r.checkin_method,
    awards: r.awards ?? [],
  }));
}
