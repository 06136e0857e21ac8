import { and, asc, eq, like, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { memberships, orgNodes, people, roleAssignments } from '../../platform/db/schema/index';
import { audit } from '../../platform/audit';
import { queryRows } from '../../platform/db/rows';
import type { RequestContext } from '../../context';
import {
  ALLOWED_PARENTS,
  ORG_KIND_LABELS,
  canPlace,
  childPath,
  wouldCycle,
  type OrgKind,
} from '../../../common/orgTree';
import { conflict, forbidden, notFound, unprocessable } from '../../errors';
import type { Actor } from '../../access/actor';
import { canReadOrg, canWriteOrgNode, isOwnScopeNode } from './policy';

export type OrgNode = typeof orgNodes.$inferSelect;

export function presentNode(n: OrgNode, counts?: { people: number; members: number }) {
  return {
    id: n.id,
    parentId: n.parentId,
    kind: n.kind as OrgKind,
    kindLabel: ORG_KIND_LABELS[n.kind as OrgKind] ?? n.kind,
    name: n.name,
    code: n.code,
    sortOrder: n.sortOrder,
    schoolId: n.schoolId,
    disabled: n.disabledAt !== null,
    peopleCount: counts?.people ?? 0,
    memberCount: counts?.members ?? 0,
  };
}

export async function getNode(db: Db, actor: Actor, id: string): Promise<OrgNode> {
  const [node] = await db
    .select()
    .from(orgNodes)
    .where(and(eq(orgNodes.id, id), eq(orgNodes.parkId, actor.parkId)));
  if (!node) throw notFound('组织节点不存在');
  return node;
}

/** The park's whole tree as a flat list (parents before children), with people counts per node. */
export async function listTree(db: Db, actor: Actor, opts: { includeDisabled: boolean }) {
  if (!canReadOrg(actor)) throw forbidden();
  const nodes = await db
    .select()
    .from(orgNodes)
    .where(
      and(
        eq(orgNodes.parkId, actor.parkId),
        // A disabled node hides its whole subtree, so the list never holds a child without its parent.
        opts.includeDisabled
          ? undefined
          : sql`not exists (select 1 from org_nodes d where d.park_id = ${actor.parkId}
              and d.disabled_at is not null and ${orgNodes.path} like d.path || '%')`,
      ),
    )
    .orderBy(asc(sql`length(${orgNodes.path})`), asc(orgNodes.sortOrder), asc(orgNodes.name));
  const peopleCounts = await db
    .select({ id: people.unitId, n: sql<number>`count(*)::int` })
    .from(people)
    .where(and(eq(people.parkId, actor.parkId), eq(people.status, 'active')))
    .groupBy(people.unitId);
  const memberCounts = await db
    .select({ id: memberships.branchId, n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(eq(memberships.parkId, actor.parkId))
    .groupBy(memberships.branchId);
  const pc = new Map(peopleCounts.map((r) => [r.id, r.n]));
  const mc = new Map(memberCounts.map((r) => [r.id, r.n]));
  return nodes.map((n) => presentNode(n, { people: pc.get(n.id) ?? 0, members: mc.get(n.id) ?? 0 }));
}

async function assertPlacement(tx: Db, kind: OrgKind, parent: OrgNode) {
  // The parent, or any node above it, being disabled closes the whole branch to new children.
  const [disabled] = await tx
    .select({ name: orgNodes.name })
    .from(orgNodes)
    .where(
      and(
        eq(orgNodes.parkId, parent.parkId),
        sql`${orgNodes.disabledAt} is not null`,
        sql`${parent.path} like ${orgNodes.path} || '%'`,
      ),
    )
    .limit(1);
  if (disabled)
    throw unprocessable('PARENT_DISABLED', `上级节点「${disabled.name}」已停用`, {
      parentId: '上级节点已停用',
    });
  if (!canPlace(kind, parent.kind as OrgKind)) {
    const allowed = ALLOWED_PARENTS[kind].map((k) => ORG_KIND_LABELS[k]).join('、');
    throw unprocessable(
      'INVALID_PARENT',
      `${ORG_KIND_LABELS[kind]}只能设在${allowed}之下，不能设在${ORG_KIND_LABELS[parent.kind as OrgKind]}之下`,
      { parentId: `${ORG_KIND_LABELS[kind]}只能设在${allowed}之下` },
    );
  }
}

async function assertNameFree(db: Db, parentId: string, name: string, exceptId?: string) {
  const [dup] = await db
    .select({ id: orgNodes.id })
    .from(orgNodes)
    .where(
      and(
        eq(orgNodes.parentId, parentId),
        eq(orgNodes.name, name),
        exceptId ? sql`${orgNodes.id} <> ${exceptId}` : undefined,
      ),
    );
  if (dup) throw conflict('DUPLICATE_NAME', `同一上级下已有名为「${name}」的节点`, { name: '名称重复' });
}

export interface CreateNodeInput {
  parentId: string;
  kind: OrgKind;
  name: string;
  code?: string | null;
  sortOrder?: number;
}

export async function createNode(db: Db, ctx: RequestContext, actor: Actor, input: CreateNodeInput) {
  return db.transaction(async (tx) => {
    const parent = await getNode(tx, actor, input.parentId);
    if (!canWriteOrgNode(actor, parent)) throw forbidden('没有权限在此节点下添加');
    await assertPlacement(tx, input.kind, parent);
    await assertNameFree(tx, parent.id, input.name);
    const id = crypto.randomUUID();
    const [node] = await tx
      .insert(orgNodes)
      .values({
        id,
        parkId: actor.parkId,
        parentId: parent.id,
        kind: input.kind,
        name: input.name,
        code: input.code ?? null,
        sortOrder: input.sortOrder ?? 0,
        path: childPath(parent.path, id),
        schoolId: input.kind === 'school' ? id : parent.schoolId,
      })
      .returning();
    await audit(tx, ctx, { action: 'org.node.create', entityType: 'orgNode', entityId: id, after: node });
    return presentNode(node!);
  });
}

export interface UpdateNodeInput {
  name?: string;
  code?: string | null;
  sortOrder?: number;
  parentId?: string;
  disabled?: boolean;
}

export async function updateNode(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: UpdateNodeInput,
) {
  return db.transaction(async (tx) => {
    const node = await getNode(tx, actor, id);
    if (!canWriteOrgNode(actor, node)) throw forbidden('没有权限修改此节点');
    if (node.kind === 'park' && (input.parentId || input.disabled)) {
      throw unprocessable('PARK_IMMOVABLE', '园区根节点不能移动或停用');
    }
    const patch: Partial<OrgNode> = { updatedAt: new Date() };
    if (input.name !== undefined && input.name !== node.name) {
      if (node.parentId) await assertNameFree(tx, node.parentId, input.name, node.id);
      patch.name = input.name;
    }
    if (input.code !== undefined) patch.code = input.code;
    if (input.sortOrder !== undefined) patch.sortOrder = input.sortOrder;
    if (input.disabled && isOwnScopeNode(actor, node.id)) {
      throw unprocessable('OWN_SCOPE_NODE', '不能停用自己角色所在的节点，请由上级管理员操作');
    }
    if (input.disabled !== undefined)
      patch.disabledAt = input.disabled ? (node.disabledAt ?? new Date()) : null;

    if (input.parentId && input.parentId !== node.parentId) {
      const parent = await getNode(tx, actor, input.parentId);
      if (!canWriteOrgNode(actor, parent)) throw forbidden('没有权限移动到该节点下');
      if (wouldCycle(node.path, parent.path)) {
        throw unprocessable('MOVE_CYCLE', '不能把节点移到它自己或它的下级之下', {
          parentId: '不能移到自身下级',
        });
      }
      await assertPlacement(tx, node.kind as OrgKind, parent);
      await assertNameFree(tx, parent.id, input.name ?? node.name, node.id);
      const newPath = childPath(parent.path, node.id);
      const newSchoolId = node.kind === 'school' ? node.id : parent.schoolId;
      // Re-root the whole subtree: paths, and the school every node (and person in it) belongs to.
      await tx
        .update(orgNodes)
        .set({
          path: sql`${newPath} || substr(${orgNodes.path}, ${node.path.length + 1})`,
          ...(newSchoolId !== node.schoolId ? { schoolId: newSchoolId } : {}),
        })
        .where(and(eq(orgNodes.parkId, actor.parkId), like(orgNodes.path, `${node.path}%`)));
      if (newSchoolId !== node.schoolId) {
        await tx.execute(sql`update people set school_id = ${newSchoolId}, updated_at = now()
          where unit_id in (select id from org_nodes where path like ${newPath + '%'})`);
      }
      patch.parentId = parent.id;
    }
    const [after] = await tx.update(orgNodes).set(patch).where(eq(orgNodes.id, id)).returning();
    await audit(tx, ctx, {
      action: 'org.node.update',
      entityType: 'orgNode',
      entityId: id,
      before: node,
      after,
    });
    return presentNode(after!);
  });
}

/** Deletes an empty node. A node that holds anything (children, people, members, roles) can only be disabled. */
export async function deleteNode(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const node = await getNode(tx, actor, id);
    if (!canWriteOrgNode(actor, node)) throw forbidden('没有权限删除此节点');
    if (node.kind === 'park') throw unprocessable('PARK_IMMOVABLE', '园区根节点不能删除');
    const [usage] = await queryRows<{ children: number; people: number; members: number; roles: number }>(
      tx,
      sql`
      select
        (select count(*)::int from org_nodes where parent_id = ${id}) as children,
        (select count(*)::int from people where unit_id = ${id} or school_id = ${id}) as people,
        (select count(*)::int from memberships where branch_id = ${id} or party_group_id = ${id}) as members,
        (select count(*)::int from role_assignments where scope_node_id = ${id}) as roles`,
    );
    if (usage && (usage.children || usage.people || usage.members || usage.roles)) {
      throw conflict('NODE_IN_USE', `「${node.name}」下还有下级节点、人员或角色，不能删除，只能停用`);
    }
    await tx.delete(roleAssignments).where(eq(roleAssignments.scopeNodeId, id));
    await tx.delete(orgNodes).where(eq(orgNodes.id, id));
    await audit(tx, ctx, { action: 'org.node.delete', entityType: 'orgNode', entityId: id, before: node });
  });
}
