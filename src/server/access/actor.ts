import type { OrgKind } from '../../common/orgTree';
import type { Role } from './roles';

/** A role held over one node of the org tree, with what the policies need to know of that node. */
export interface RoleGrant {
  role: Role;
  scopeNodeId: string;
  scopeKind: OrgKind;
  scopePath: string;
  /** The school the scope node sits in, or null for park-level nodes. */
  scopeSchoolId: string | null;
}

/** The signed-in user as the policies see them. Built once per request from the session. */
export interface Actor {
  accountId: string;
  parkId: string;
  parkPath: string;
  username: string;
  displayName: string;
  personId: string | null;
  /** The person's own school, unit (class / department) and Party branch, when they have them. */
  schoolId: string | null;
  unitId: string | null;
  branchId: string | null;
  grants: RoleGrant[];
  mustChangePassword: boolean;
}
