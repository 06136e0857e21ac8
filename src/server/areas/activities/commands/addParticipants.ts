import { and, eq, inArray, sql } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { activityGroups, activityParticipants, orgNodes, people } from '../../../platform/db/schema/index';
import type { AddParticipantsInput } from '../../../../common/contracts/activities';
import { ORG_KIND_LABELS } from '../../../../common/orgTree';
import { badRequest, unprocessable } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { canBeParticipant } from '../policy';
import { loadManageableActivity } from '../queries';
import { GROUP_KINDS, groupExpansion, isGroupKind, type GroupKind } from '../rules';

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
