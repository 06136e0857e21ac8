import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { activities, activityKinds, activityPhotos, orgNodes } from '../../platform/db/schema/index';
import { scopeSql } from '../../access/scopeSql';
import type { ActivityListQuery } from '../../../common/contracts/activities';
import type { OrgKind } from '../../../common/orgTree';
import { badRequest, forbidden, notFound } from '../../errors';
import type { Actor } from '../../access/actor';
import { ACTIVITY_KIND_LABELS, ACTIVITY_KINDS } from './rules';
import { activityManageScopes, canManageActivityAt, canReadActivity } from './policy';
import {
  presentAward,
  presentDetail,
  presentKind,
  presentListRow,
  presentPhoto,
  type AwardRow,
  type GroupRow,
  type ListRow,
  type LoadedActivity,
} from './presenter';

/** Reads of activities: loading one with its access checks, the scoped list and calendar, the detail. */

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

/**
 * The WHERE condition for a query over `activities a` joined to `org_nodes o` (the organiser):
 * the actor's park and (a managed subtree, or the actor takes part).
 */
export function activityScopeCondition(
  actor: Actor,
  opts: { includeOwn: boolean } = { includeOwn: true },
): SQL {
  const own =
    opts.includeOwn && actor.personId
      ? [
          sql`exists (select 1 from activity_participants p_scope where p_scope.activity_id = a.id and p_scope.person_id = ${actor.personId})`,
        ]
      : [];
  return scopeSql(actor, activityManageScopes(actor), { parkId: sql`a.park_id`, path: sql`o.path` }, own);
}

// ---------------------------------------------------------------- kinds

export async function listKinds(db: Db, actor: Actor) {
  const custom = await db
    .select()
    .from(activityKinds)
    .where(eq(activityKinds.parkId, actor.parkId))
    .orderBy(activityKinds.createdAt);
  return {
    builtin: ACTIVITY_KINDS.map((key) => ({ key, label: ACTIVITY_KIND_LABELS[key] })),
    custom: custom.map(presentKind),
  };
}

// ---------------------------------------------------------------- lists

/** The start of a calendar day in Asia/Shanghai (UTC+8, no daylight saving) as an instant. */
const shanghaiDayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
const nextDay = (day: string) => new Date(shanghaiDayStart(day).getTime() + 86_400_000);

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

/** Activities the actor may see, newest first, filtered in SQL by the scope condition. */
async function findActivities(
  db: Db,
  actor: Actor,
  filter: ActivityFilter,
  page: { limit: number; offset: number },
) {
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

/** One page of the activities the actor may see; `from`/`to` are whole days, Beijing time. */
export async function listActivities(db: Db, actor: Actor, q: ActivityListQuery) {
  const { items, total } = await findActivities(
    db,
    actor,
    {
      from: q.from ? shanghaiDayStart(q.from) : undefined,
      to: q.to ? nextDay(q.to) : undefined,
      kind: q.kind,
      organiserId: q.organiserId,
      status: q.status,
      q: q.q || undefined,
      mine: q.mine === 'true',
    },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** The calendar view: activities overlapping the days `from`..`to` (both included), earliest first. */
export async function listCalendar(db: Db, actor: Actor, range: { from: string; to: string }) {
  const from = shanghaiDayStart(range.from);
  const to = nextDay(range.to);
  if (to <= from)
    throw badRequest('VALIDATION_FAILED', '结束日期不能早于开始日期', { to: '结束日期不能早于开始日期' });
  if (to.getTime() - from.getTime() > 400 * 86_400_000) {
    throw badRequest('VALIDATION_FAILED', '日历一次最多查询 400 天', { to: '日期范围过大' });
  }
  const { items } = await findActivities(db, actor, { from, to }, { limit: 2000, offset: 0 });
  return {
    from: range.from,
    to: range.to,
    items: items.sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
  };
}

// ---------------------------------------------------------------- one activity

export async function listAwards(db: Db, activityId: string) {
  const rows = await queryRows<AwardRow>(
    db,
    sql`select w.id, w.award, w.person_id, w.org_node_id, coalesce(pe.name, n.name) as recipient, w.note
        from activity_awards w
        left join people pe on pe.id = w.person_id
        left join org_nodes n on n.id = w.org_node_id
        where w.activity_id = ${activityId}
        order by w.sort_order, w.created_at`,
  );
  return rows.map(presentAward);
}

export async function listPhotos(db: Db, activityId: string) {
  const rows = await db
    .select()
    .from(activityPhotos)
    .where(eq(activityPhotos.activityId, activityId))
    .orderBy(activityPhotos.sortOrder, activityPhotos.createdAt);
  return rows.map(presentPhoto);
}

/** The detail of an activity already loaded (and checked) for the actor. */
export async function detailOf(db: Db, actor: Actor, loaded: LoadedActivity) {
  const id = loaded.activity.id;
  const groups = await queryRows<GroupRow>(
    db,
    sql`select n.id, n.name, n.kind, g.person_count from activity_groups g join org_nodes n on n.id = g.org_node_id
        where g.activity_id = ${id} order by g.created_at, n.name`,
  );
  const [counts] = await queryRows<{ participants: number; checked_in: number }>(
    db,
    sql`select count(*)::int as participants, count(checked_in_at)::int as checked_in
        from activity_participants where activity_id = ${id}`,
  );
  return presentDetail(loaded, {
    groups,
    participants: counts?.participants ?? 0,
    checkedIn: counts?.checked_in ?? 0,
    awards: await listAwards(db, id),
    photos: await listPhotos(db, id),
    isParticipant: await isParticipant(db, id, actor.personId),
    canManage: canManageActivityAt(actor, loaded.organiser),
  });
}

/** The full activity, if the actor may read it. */
export async function getActivity(db: Db, actor: Actor, id: string) {
  return detailOf(db, actor, await loadReadableActivity(db, actor, id));
}
