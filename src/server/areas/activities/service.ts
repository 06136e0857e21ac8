import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit';
import type { RequestContext } from '../../context';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import {
  activities,
  activityAwards,
  activityCheckinTokens,
  activityGroups,
  activityKinds,
  activityParticipants,
  activityPhotos,
  mediaFiles,
  orgNodes,
  people,
  portalArticles,
} from '../../platform/db/schema/index';
import {
  ACTIVITY_KIND_LABELS,
  ACTIVITY_KINDS,
  ACTIVITY_STATUS_LABELS,
  activityArticleDraft,
  activityTimesError,
  checkinTokenExpiry,
  GROUP_KINDS,
  groupExpansion,
  isBuiltinActivityKind,
  isGroupKind,
  isOrganiserKind,
  ORGANISER_KINDS,
  type ActivityStatus,
  type GroupKind,
} from './rules';
import { ORG_KIND_LABELS, type OrgKind } from '../../../common/orgTree';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../errors';
import type { Actor } from '../../access/actor';
import { canBeParticipant, canManageActivities, canManageActivityAt } from './policy';
import { canReadPerson } from '../people/policy';
import { canCreateArticle } from '../newsroom/policy';
import { createArticle } from '../newsroom/articles';
import { randomToken } from '../../platform/crypto';
import {
  isParticipant,
  kindLabel,
  loadActivity,
  loadManageableActivity,
  loadReadableActivity,
  participationHistory,
  type LoadedActivity,
} from './queries';

// ---------------------------------------------------------------- kinds

export async function listKinds(db: Db, actor: Actor) {
  const custom = await db
    .select()
    .from(activityKinds)
    .where(eq(activityKinds.parkId, actor.parkId))
    .orderBy(activityKinds.createdAt);
  return {
    builtin: ACTIVITY_KINDS.map((key) => ({ key, label: ACTIVITY_KIND_LABELS[key] })),
    custom: custom.map((k) => ({ id: k.id, name: k.name, disabled: k.disabledAt !== null })),
  };
}

export async function createKind(db: Db, ctx: RequestContext, actor: Actor, name: string) {
  if (!canManageActivities(actor)) throw forbidden('只有活动组织者可以添加活动类型');
  if ((Object.values(ACTIVITY_KIND_LABELS) as string[]).includes(name)) {
    throw conflict('DUPLICATE_KIND', `「${name}」已是内置活动类型`, { name: '与内置类型重名' });
  }
  return db.transaction(async (tx) => {
    const [dup] = await tx
      .select({ id: activityKinds.id })
      .from(activityKinds)
      .where(and(eq(activityKinds.parkId, actor.parkId), eq(activityKinds.name, name)));
    if (dup) throw conflict('DUPLICATE_KIND', `已有名为「${name}」的活动类型`, { name: '名称重复' });
    const [kind] = await tx.insert(activityKinds).values({ parkId: actor.parkId, name }).returning();
    await audit(tx, ctx, {
      action: 'activities.kind.create',
      entityType: 'activityKind',
      entityId: kind!.id,
      after: kind,
    });
    return { id: kind!.id, name: kind!.name, disabled: false };
  });
}

// ---------------------------------------------------------------- activities

export interface ActivityInput {
  kind: string;
  title: string;
  theme?: string | null;
  organiserId: string;
  startsAt: Date;
  endsAt: Date;
  place?: string | null;
  description?: string | null;
  isOpen?: boolean;
}

/** Resolves 'custom kind id' or a built-in key into the two columns. */
async function resolveKind(
  db: Db,
  actor: Actor,
  kind: string,
): Promise<{ kind: string; customKindId: string | null }> {
  if (isBuiltinActivityKind(kind)) return { kind, customKindId: null };
  const [custom] = /^[0-9a-f-]{36}$/i.test(kind)
    ? await db
        .select()
        .from(activityKinds)
        .where(and(eq(activityKinds.id, kind), eq(activityKinds.parkId, actor.parkId)))
    : [];
  if (!custom) throw badRequest('INVALID_KIND', '活动类型不存在', { kind: '请选择活动类型' });
  if (custom.disabledAt) throw badRequest('INVALID_KIND', '该活动类型已停用', { kind: '该活动类型已停用' });
  return { kind: 'custom', customKindId: custom.id };
}

async function loadOrganiser(db: Db, actor: Actor, organiserId: string) {
  const [node] = await db
    .select()
    .from(orgNodes)
    .where(and(eq(orgNodes.id, organiserId), eq(orgNodes.parkId, actor.parkId)));
  if (!node) throw badRequest('INVALID_ORGANISER', '组织单位不存在', { organiserId: '请选择组织单位' });
  if (!isOrganiserKind(node.kind)) {
    const allowed = ORGANISER_KINDS.map((k) => ORG_KIND_LABELS[k]).join('、');
    throw unprocessable('INVALID_ORGANISER', `活动的组织单位只能是${allowed}`, {
      organiserId: `组织单位只能是${allowed}`,
    });
  }
  if (node.disabledAt) {
    throw unprocessable('INVALID_ORGANISER', `组织单位「${node.name}」已停用`, {
      organiserId: '该单位已停用',
    });
  }
  if (!canManageActivityAt(actor, node)) throw forbidden('没有权限以该单位名义组织活动');
  return node;
}

function assertTimes(startsAt: Date, endsAt: Date) {
  const err = activityTimesError(startsAt, endsAt);
  if (err) throw badRequest('VALIDATION_FAILED', err.message, { [err.field]: err.message });
}

export async function createActivity(db: Db, ctx: RequestContext, actor: Actor, input: ActivityInput) {
  assertTimes(input.startsAt, input.endsAt);
  const id = await db.transaction(async (tx) => {
    const organiser = await loadOrganiser(tx, actor, input.organiserId);
    const kind = await resolveKind(tx, actor, input.kind);
    const [row] = await tx
      .insert(activities)
      .values({
        parkId: actor.parkId,
        ...kind,
        title: input.title,
        theme: input.theme ?? null,
        organiserId: organiser.id,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        place: input.place ?? null,
        description: input.description ?? null,
        isOpen: input.isOpen ?? false,
        createdBy: actor.accountId,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'activities.activity.create',
      entityType: 'activity',
      entityId: row!.id,
      after: row,
    });
    return row!.id;
  });
  return getActivity(db, actor, id);
}

export interface ActivityPatch {
  kind?: string;
  title?: string;
  theme?: string | null;
  organiserId?: string;
  startsAt?: Date;
  endsAt?: Date;
  place?: string | null;
  description?: string | null;
  isOpen?: boolean;
  status?: ActivityStatus;
  results?: string | null;
}

export async function updateActivity(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  patch: ActivityPatch,
) {
  await db.transaction(async (tx) => {
    const { activity: before } = await loadManageableActivity(tx, actor, id);
    const set: Partial<typeof activities.$inferInsert> = { updatedAt: new Date() };
    if (patch.kind !== undefined) Object.assign(set, await resolveKind(tx, actor, patch.kind));
    if (patch.organiserId !== undefined && patch.organiserId !== before.organiserId) {
      set.organiserId = (await loadOrganiser(tx, actor, patch.organiserId)).id;
    }
    for (const key of ['title', 'theme', 'place', 'description', 'isOpen', 'status', 'results'] as const) {
      if (patch[key] !== undefined) (set as Record<string, unknown>)[key] = patch[key];
    }
    const startsAt = patch.startsAt ?? before.startsAt;
    const endsAt = patch.endsAt ?? before.endsAt;
    if (patch.startsAt || patch.endsAt) {
      assertTimes(startsAt, endsAt);
      set.startsAt = startsAt;
      set.endsAt = endsAt;
    }
    const [after] = await tx.update(activities).set(set).where(eq(activities.id, id)).returning();
    await audit(tx, ctx, {
      action: 'activities.activity.update',
      entityType: 'activity',
      entityId: id,
      before,
      after,
    });
  });
  return getActivity(db, actor, id);
}

/** The full activity: fields, organiser, groups, counts, awards, photos, and what the actor may do. */
export async function getActivity(db: Db, actor: Actor, id: string) {
  const loaded = await loadReadableActivity(db, actor, id);
  return presentActivity(db, actor, loaded);
}

async function presentActivity(db: Db, actor: Actor, loaded: LoadedActivity) {
  const { activity: a, organiser } = loaded;
  const groups = await queryRows<{ id: string; name: string; kind: string; person_count: number }>(
    db,
    sql`select n.id, n.name, n.kind, g.person_count from activity_groups g join org_nodes n on n.id = g.org_node_id
        where g.activity_id = ${a.id} order by g.created_at, n.name`,
  );
  const [counts] = await queryRows<{ participants: number; checked_in: number }>(
    db,
    sql`select count(*)::int as participants, count(checked_in_at)::int as checked_in
        from activity_participants where activity_id = ${a.id}`,
  );
  return {
    id: a.id,
    kind: a.kind,
    customKindId: a.customKindId,
    kindLabel: kindLabel(a.kind, loaded.customKindName),
    title: a.title,
    theme: a.theme,
    organiserId: organiser.id,
    organiserName: organiser.name,
    organiserKind: organiser.kind,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    place: a.place,
    description: a.description,
    isOpen: a.isOpen,
    status: a.status as ActivityStatus,
    statusLabel: ACTIVITY_STATUS_LABELS[a.status as ActivityStatus] ?? a.status,
    results: a.results,
    articleId: a.articleId,
    groups: groups.map((g) => ({
      id: g.id,
      name: g.name,
      kind: g.kind,
      kindLabel: ORG_KIND_LABELS[g.kind as OrgKind] ?? g.kind,
      personCount: g.person_count,
    })),
    participantCount: counts?.participants ?? 0,
    checkedInCount: counts?.checked_in ?? 0,
    awards: await listAwards(db, a.id),
    photos: await listPhotos(db, a.id),
    isParticipant: await isParticipant(db, a.id, actor.personId),
    canManage: canManageActivityAt(actor, organiser),
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

// ---------------------------------------------------------------- participants

export async function listParticipants(db: Db, actor: Actor, id: string) {
  await loadManageableActivity(db, actor, id);
  const rows = await queryRows<{
    person_id: string;
    name: string;
    number: string;
    kind: string;
    unit_name: string | null;
    via_group_id: string | null;
    via_group_name: string | null;
    source: string;
    checked_in_at: Date | string | null;
    checkin_method: string | null;
  }>(
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
  return {
    items: rows.map((r) => ({
      personId: r.person_id,
      name: r.name,
      number: r.number,
      kind: r.kind,
      unitName: r.unit_name,
      viaGroupId: r.via_group_id,
      viaGroupName: r.via_group_name,
      source: r.source,
      checkedInAt: r.checked_in_at ? new Date(r.checked_in_at).toISOString() : null,
      checkinMethod: r.checkin_method,
    })),
  };
}

/** The active people a group node expands to at this moment. */
async function expandGroup(db: Db, parkId: string, node: { id: string; kind: GroupKind; path: string }) {
  const how = groupExpansion(node.kind);
  const where =
    how === 'branchMembers'
      ? sql`exists (select 1 from memberships m where m.person_id = pe.id and m.branch_id = ${node.id})`
      : how === 'partyGroupMembers'
        ? sql`exists (select 1 from memberships m where m.person_id = pe.id and m.party_group_id = ${node.id})`
        : how === 'school'
          ? sql`pe.school_id = ${node.id}`
          : sql`pe.unit_id in (select id from org_nodes where path like ${node.path + '%'})`;
  return queryRows<{ id: string; school_id: string | null; park_id: string }>(
    db,
    sql`select pe.id, pe.school_id, pe.park_id from people pe
        where pe.park_id = ${parkId} and pe.status = 'active' and ${where}`,
  );
}

export interface AddParticipantsInput {
  personIds?: string[];
  groupIds?: string[];
}

/**
 * Adds people one by one and whole groups (expanded to their people now; the group is remembered
 * on the activity and on each participant it brought). People already on the list are skipped.
 * Everyone added must be in the organiser's school (any school for a general-branch activity).
 */
export async function addParticipants(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: AddParticipantsInput,
) {
  return db.transaction(async (tx) => {
    const { activity, organiser } = await loadManageableActivity(tx, actor, id);
    const wanted = new Map<string, string | null>(); // personId → via group
    const groupsAdded: { id: string; name: string; personCount: number }[] = [];
    const outside: string[] = [];

    for (const groupId of input.groupIds ?? []) {
      const [node] = await tx
        .select()
        .from(orgNodes)
        .where(and(eq(orgNodes.id, groupId), eq(orgNodes.parkId, actor.parkId)));
      if (!node) throw badRequest('INVALID_GROUP', '所选班级或支部不存在', { groupIds: '所选单位不存在' });
      if (!isGroupKind(node.kind)) {
        const allowed = GROUP_KINDS.map((k) => ORG_KIND_LABELS[k]).join('、');
        throw unprocessable('INVALID_GROUP', `只能按${allowed}整体添加`, {
          groupIds: `只能按${allowed}整体添加`,
        });
      }
      if (organiser.schoolId !== null && node.schoolId !== organiser.schoolId) {
        throw unprocessable('OUTSIDE_ORGANISER', `「${node.name}」不在本活动组织单位所在学校`, {
          groupIds: '只能添加本校的班级或支部',
        });
      }
      const persons = await expandGroup(tx, actor.parkId, { id: node.id, kind: node.kind, path: node.path });
      for (const p of persons) if (!wanted.has(p.id)) wanted.set(p.id, node.id);
      const [existing] = await tx
        .select({ id: activityGroups.id })
        .from(activityGroups)
        .where(and(eq(activityGroups.activityId, id), eq(activityGroups.orgNodeId, node.id)));
      if (existing) {
        await tx
          .update(activityGroups)
          .set({ personCount: persons.length })
          .where(eq(activityGroups.id, existing.id));
      } else {
        await tx.insert(activityGroups).values({
          parkId: actor.parkId,
          activityId: id,
          orgNodeId: node.id,
          personCount: persons.length,
          addedBy: actor.accountId,
        });
      }
      groupsAdded.push({ id: node.id, name: node.name, personCount: persons.length });
    }

    const single = [...new Set(input.personIds ?? [])];
    if (single.length) {
      const found = await tx
        .select({ id: people.id, parkId: people.parkId, schoolId: people.schoolId, name: people.name })
        .from(people)
        .where(and(eq(people.parkId, actor.parkId), inArray(people.id, single)));
      if (found.length !== single.length) {
        throw badRequest('INVALID_PERSON', '所选人员不存在', { personIds: '所选人员不存在' });
      }
      for (const p of found) {
        if (!canBeParticipant(organiser, p)) outside.push(p.name);
        else wanted.set(p.id, null);
      }
      if (outside.length) {
        throw unprocessable(
          'OUTSIDE_ORGANISER',
          `${outside.join('、')}不在本活动组织单位所在学校，不能添加`,
          {
            personIds: '只能添加本校人员',
          },
        );
      }
    }

    const already = new Set(
      (
        await tx
          .select({ personId: activityParticipants.personId })
          .from(activityParticipants)
          .where(eq(activityParticipants.activityId, id))
      ).map((r) => r.personId),
    );
    const rows = [...wanted]
      .filter(([personId]) => !already.has(personId))
      .map(([personId, viaGroupId]) => ({
        parkId: actor.parkId,
        activityId: id,
        personId,
        viaGroupId,
        source: 'invited',
      }));
    for (let i = 0; i < rows.length; i += 500) {
      await tx
        .insert(activityParticipants)
        .values(rows.slice(i, i + 500))
        .onConflictDoNothing();
    }
    await audit(tx, ctx, {
      action: 'activities.participant.add',
      entityType: 'activity',
      entityId: activity.id,
      after: { personIds: rows.map((r) => r.personId), groups: groupsAdded },
    });
    return { added: rows.length, skipped: wanted.size - rows.length, groups: groupsAdded };
  });
}

export async function removeParticipant(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  personId: string,
) {
  await db.transaction(async (tx) => {
    await loadManageableActivity(tx, actor, id);
    const [removed] = await tx
      .delete(activityParticipants)
      .where(and(eq(activityParticipants.activityId, id), eq(activityParticipants.personId, personId)))
      .returning();
    if (!removed) throw notFound('该人员不在参加名单中');
    await audit(tx, ctx, {
      action: 'activities.participant.remove',
      entityType: 'activity',
      entityId: id,
      before: removed,
    });
  });
}

/** The organiser ticks (or unticks) people as present. They must be on the list already. */
export async function markAttendance(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: { personIds: string[]; present: boolean },
) {
  return db.transaction(async (tx) => {
    await loadManageableActivity(tx, actor, id);
    const ids = [...new Set(input.personIds)];
    const onList = await tx
      .select({ personId: activityParticipants.personId })
      .from(activityParticipants)
      .where(and(eq(activityParticipants.activityId, id), inArray(activityParticipants.personId, ids)));
    if (onList.length !== ids.length) {
      throw unprocessable('NOT_A_PARTICIPANT', '只能为参加名单中的人员签到，请先添加参加人员', {
        personIds: '有人员不在参加名单中',
      });
    }
    const updated = await tx
      .update(activityParticipants)
      .set(
        input.present
          ? {
              checkedInAt: sql`coalesce(${activityParticipants.checkedInAt}, now())`,
              checkinMethod: sql`coalesce(${activityParticipants.checkinMethod}, 'organiser')`,
              checkedInBy: sql`coalesce(${activityParticipants.checkedInBy}, ${actor.accountId}::uuid)`,
            }
          : { checkedInAt: null, checkinMethod: null, checkedInBy: null },
      )
      .where(and(eq(activityParticipants.activityId, id), inArray(activityParticipants.personId, ids)))
      .returning({ personId: activityParticipants.personId });
    await audit(tx, ctx, {
      action: input.present ? 'activities.attendance.markPresent' : 'activities.attendance.markAbsent',
      entityType: 'activity',
      entityId: id,
      after: { personIds: ids },
    });
    return { updated: updated.length };
  });
}

// ---------------------------------------------------------------- QR sign-in tokens

export async function issueCheckinToken(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  minutes?: number,
) {
  return db.transaction(async (tx) => {
    const { activity } = await loadManageableActivity(tx, actor, id);
    if (activity.status === 'cancelled')
      throw conflict('ACTIVITY_CANCELLED', '该活动已取消，不能生成签到二维码');
    // A new code replaces the old one: revoke whatever is still valid.
    await tx
      .update(activityCheckinTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(activityCheckinTokens.activityId, id), isNull(activityCheckinTokens.revokedAt)));
    const token = randomToken(24);
    const expiresAt = checkinTokenExpiry(new Date(), activity.endsAt, minutes);
    const [row] = await tx
      .insert(activityCheckinTokens)
      .values({ parkId: actor.parkId, activityId: id, token, expiresAt, createdBy: actor.accountId })
      .returning();
    await audit(tx, ctx, {
      action: 'activities.checkinToken.issue',
      entityType: 'activity',
      entityId: id,
      after: { tokenId: row!.id, expiresAt },
    });
    return { token, expiresAt: expiresAt.toISOString() };
  });
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

export async function revokeCheckinTokens(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    await loadManageableActivity(tx, actor, id);
    const revoked = await tx
      .update(activityCheckinTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(activityCheckinTokens.activityId, id), isNull(activityCheckinTokens.revokedAt)))
      .returning({ id: activityCheckinTokens.id });
    await audit(tx, ctx, {
      action: 'activities.checkinToken.revoke',
      entityType: 'activity',
      entityId: id,
      after: { revoked: revoked.length },
    });
  });
}

// ---------------------------------------------------------------- awards and photos

async function listAwards(db: Db, activityId: string) {
  const rows = await queryRows<{
    id: string;
    award: string;
    person_id: string | null;
    org_node_id: string | null;
    recipient: string;
    note: string | null;
  }>(
    db,
    sql`select w.id, w.award, w.person_id, w.org_node_id, coalesce(pe.name, n.name) as recipient, w.note
        from activity_awards w
        left join people pe on pe.id = w.person_id
        left join org_nodes n on n.id = w.org_node_id
        where w.activity_id = ${activityId}
        order by w.sort_order, w.created_at`,
  );
  return rows.map((r) => ({
    id: r.id,
    award: r.award,
    personId: r.person_id,
    orgNodeId: r.org_node_id,
    recipient: r.recipient,
    note: r.note,
  }));
}

export async function addAward(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: { award: string; personId?: string; orgNodeId?: string; note?: string | null; sortOrder?: number },
) {
  if (!input.personId === !input.orgNodeId) {
    throw badRequest('VALIDATION_FAILED', '请选择获奖人或获奖集体（二选一）', {
      personId: '请选择获奖人或获奖集体',
    });
  }
  return db.transaction(async (tx) => {
    const { organiser } = await loadManageableActivity(tx, actor, id);
    if (input.personId) {
      const [p] = await tx
        .select({ id: people.id, parkId: people.parkId, schoolId: people.schoolId })
        .from(people)
        .where(and(eq(people.id, input.personId), eq(people.parkId, actor.parkId)));
      if (!p || !canBeParticipant(organiser, p)) {
        throw badRequest('INVALID_PERSON', '获奖人不存在或不在本校', { personId: '获奖人不存在' });
      }
    } else {
      const [n] = await tx
        .select({ id: orgNodes.id })
        .from(orgNodes)
        .where(and(eq(orgNodes.id, input.orgNodeId!), eq(orgNodes.parkId, actor.parkId)));
      if (!n) throw badRequest('INVALID_GROUP', '获奖集体不存在', { orgNodeId: '获奖集体不存在' });
    }
    const [row] = await tx
      .insert(activityAwards)
      .values({
        parkId: actor.parkId,
        activityId: id,
        award: input.award,
        personId: input.personId ?? null,
        orgNodeId: input.orgNodeId ?? null,
        note: input.note ?? null,
        sortOrder: input.sortOrder ?? 0,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'activities.award.add',
      entityType: 'activityAward',
      entityId: row!.id,
      after: row,
    });
    return (await listAwards(tx, id)).find((w) => w.id === row!.id)!;
  });
}

export async function removeAward(db: Db, ctx: RequestContext, actor: Actor, id: string, awardId: string) {
  await db.transaction(async (tx) => {
    await loadManageableActivity(tx, actor, id);
    const [removed] = await tx
      .delete(activityAwards)
      .where(and(eq(activityAwards.id, awardId), eq(activityAwards.activityId, id)))
      .returning();
    if (!removed) throw notFound('获奖记录不存在');
    await audit(tx, ctx, {
      action: 'activities.award.remove',
      entityType: 'activityAward',
      entityId: awardId,
      before: removed,
    });
  });
}

/** Photos reference media files of the portal's media library (uploaded through its media API). */
export const photoUrl = (mediaRef: string) => `/media/${mediaRef}/large`;

async function listPhotos(db: Db, activityId: string) {
  const rows = await db
    .select()
    .from(activityPhotos)
    .where(eq(activityPhotos.activityId, activityId))
    .orderBy(activityPhotos.sortOrder, activityPhotos.createdAt);
  return rows.map((p) => ({ id: p.id, mediaId: p.mediaRef, url: photoUrl(p.mediaRef), caption: p.caption }));
}

export async function addPhoto(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: { mediaId: string; caption?: string | null; sortOrder?: number },
) {
  return db.transaction(async (tx) => {
    await loadManageableActivity(tx, actor, id);
    const [media] = await tx
      .select({ id: mediaFiles.id, purpose: mediaFiles.purpose })
      .from(mediaFiles)
      .where(and(eq(mediaFiles.id, input.mediaId), eq(mediaFiles.parkId, actor.parkId)));
    if (!media) throw badRequest('INVALID_MEDIA', '照片文件不存在，请先上传', { mediaId: '照片文件不存在' });
    if (media.purpose !== 'image')
      throw badRequest('INVALID_MEDIA', '只能添加图片', { mediaId: '只能添加图片' });
    const [row] = await tx
      .insert(activityPhotos)
      .values({
        parkId: actor.parkId,
        activityId: id,
        mediaRef: media.id,
        caption: input.caption ?? null,
        sortOrder: input.sortOrder ?? 0,
        createdBy: actor.accountId,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'activities.photo.add',
      entityType: 'activityPhoto',
      entityId: row!.id,
      after: row,
    });
    return { id: row!.id, mediaId: row!.mediaRef, url: photoUrl(row!.mediaRef), caption: row!.caption };
  });
}

export async function removePhoto(db: Db, ctx: RequestContext, actor: Actor, id: string, photoId: string) {
  await db.transaction(async (tx) => {
    await loadManageableActivity(tx, actor, id);
    const [removed] = await tx
      .delete(activityPhotos)
      .where(and(eq(activityPhotos.id, photoId), eq(activityPhotos.activityId, id)))
      .returning();
    if (!removed) throw notFound('照片不存在');
    await audit(tx, ctx, {
      action: 'activities.photo.remove',
      entityType: 'activityPhoto',
      entityId: photoId,
      before: removed,
    });
  });
}

// ---------------------------------------------------------------- article draft

/**
 * One click turns an activity into a portal article draft: the content (title, summary, body HTML
 * of escaped text and the photos, cover = first photo, tags, source, school) is built here; when
 * the actor may write portal articles for that school (policies/portal canCreateArticle) and
 * `create` is on, the newsroom's createArticle makes it a draft article (status 'draft', for the
 * editors' review flow) and the activity remembers it. Otherwise only the content is returned, to
 * hand to an editor. An activity makes at most one article: asking again returns the first.
 */
export async function articleDraft(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  opts: { create: boolean } = { create: true },
) {
  const loaded = await loadManageableActivity(db, actor, id);
  const detail = await presentActivity(db, actor, loaded);
  const draft = activityArticleDraft({
    title: detail.title,
    kindLabel: detail.kindLabel,
    theme: detail.theme,
    organiserName: detail.organiserName,
    startsAt: loaded.activity.startsAt,
    place: detail.place,
    description: detail.description,
    results: detail.results,
    participantCount: detail.participantCount,
    checkedInCount: detail.checkedInCount,
    groups: detail.groups.map((g) => g.name),
    awards: detail.awards.map((w) => ({ award: w.award, recipient: w.recipient })),
    photos: detail.photos.map((p) => ({ url: p.url, caption: p.caption })),
  });
  const content = {
    ...draft,
    coverMediaId: detail.photos[0]?.mediaId ?? null,
    schoolId: loaded.organiser.schoolId,
    tags: [detail.kindLabel, ...(detail.theme ? [detail.theme] : [])],
    source: detail.organiserName,
    activityId: id,
  };
  const articleRef = (articleId: string) => ({ id: articleId, link: `/admin/portal/articles/${articleId}` });

  if (loaded.activity.articleId) {
    const [existing] = await db
      .select({ id: portalArticles.id })
      .from(portalArticles)
      .where(eq(portalArticles.id, loaded.activity.articleId));
    if (existing)
      return {
        ...content,
        created: false,
        article: articleRef(existing.id),
        notice: '该活动已生成过文章草稿',
      };
  }
  const mayCreate = opts.create && canCreateArticle(actor, content.schoolId);
  return db.transaction(async (tx) => {
    let article: { id: string; link: string } | null = null;
    if (mayCreate) {
      const created = await createArticle(tx, ctx, actor, {
        title: content.title,
        summary: content.summary,
        bodyHtml: content.bodyHtml,
        coverMediaId: content.coverMediaId,
        source: content.source,
        schoolId: content.schoolId,
        tags: content.tags,
      });
      article = articleRef(created.id);
      await tx
        .update(activities)
        .set({ articleId: created.id, updatedAt: new Date() })
        .where(eq(activities.id, id));
    }
    await audit(tx, ctx, {
      action: 'activities.articleDraft.create',
      entityType: 'activity',
      entityId: id,
      after: { title: draft.title, articleId: article?.id ?? null },
    });
    return {
      ...content,
      created: article !== null,
      article,
      notice: article
        ? '已生成网站文章草稿，请到网站文章中编辑并提交审核'
        : opts.create
          ? '您没有该校网站文章的编辑权限：已生成草稿内容，可复制给网站编辑'
          : null,
    };
  });
}

// ---------------------------------------------------------------- history

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

export { loadActivity };
