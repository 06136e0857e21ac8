import { ORG_KIND_LABELS, type OrgKind } from '../../../common/orgTree';
import type { OrgNodeView } from '../../../common/contracts/org';
import type { orgNodes } from '../../platform/db/schema/index';

export type OrgNode = typeof orgNodes.$inferSelect;

/** A tree node as the API shows it (common/contracts/org.ts). */
export function presentNode(n: OrgNode, counts?: { people: number; members: number }): OrgNodeView {
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
