import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { orgNodes } from '../../../platform/db/schema/index';
import { ALLOWED_PARENTS, ORG_KIND_LABELS, canPlace, type OrgKind } from '../../../../common/orgTree';
import { conflict, unprocessable } from '../../../errors';
import type { OrgNode } from '../presenter';

/** Checks shared by creating and moving a node: where it may hang, and that its name is free there. */
export async function assertPlacement(tx: Db, kind: OrgKind, parent: OrgNode) {
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

export async function assertNameFree(db: Db, parentId: string, name: string, exceptId?: string) {
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
