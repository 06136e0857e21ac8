import type { SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { memberships, people } from '../../platform/db/schema/index';
import type { Actor } from '../../access/actor';
import type { Scope } from '../../access/scope';
import { scopeSql, type ScopeColumns } from '../../access/scopeSql';
import { todayInShanghai } from '../../../common/dates';
import type { MemberListItem } from '../../../common/contracts/members';
import { membersReadScopes } from './policy';
import { presentMemberItem } from '../people/presenter';
import { listPeopleRows, type PageRequest, type PeopleFilters } from '../people/queries';

/** Reads of Party memberships. A member's records as other areas load them are in memberRecords.ts. */

/** Where a membership's scope facts live: `memberships` joined to `people` on the person id. */
export const MEMBERSHIP_COLUMNS: ScopeColumns = {
  parkId: memberships.parkId,
  personId: memberships.personId,
  kind: people.kind,
  schoolId: people.schoolId,
  unitId: people.unitId,
  branchId: memberships.branchId,
};

/** The WHERE condition for a query over `memberships` joined to `people`. */
export const membershipScopeCondition = (actor: Actor, scopes: readonly Scope[]): SQL =>
  scopeSql(actor, scopes, MEMBERSHIP_COLUMNS);

/** The members list: one page of the Party members the actor may see, with their memberships. */
export async function listMembers(
  db: Db,
  actor: Actor,
  filters: PeopleFilters,
  page: PageRequest,
): Promise<{ items: MemberListItem[]; total: number; page: number; pageSize: number }> {
  const scope = membershipScopeCondition(actor, membersReadScopes(actor));
  const { rows, total } = await listPeopleRows(db, actor.parkId, scope, filters, page, { onlyMembers: true });
  const today = todayInShanghai();
  return {
    items: rows.map((r) => presentMemberItem(r, today)),
    total,
    page: page.page,
    pageSize: page.pageSize,
  };
}
