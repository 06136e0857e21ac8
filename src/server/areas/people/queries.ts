import { and, asc, count, desc, eq, inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { accounts, memberships, orgNodes, people } from '../../platform/db/schema/index';
import type { Actor } from '../../access/actor';
import type { Scope } from '../../access/scope';
import { scopeSql, type ScopeColumns } from '../../access/scopeSql';
import type { PersonDetail, PersonListItem } from '../../../common/contracts/people';
import { notFound } from '../../errors';
import { canReadMembership } from '../members/policy';
import { presentMembership } from '../members/presenter';
import { canReadPerson, canRevealPerson, canWritePerson, peopleReadScopes } from './policy';
import { personFacts, presentDetail, presentListItem } from './presenter';

/**
 * Reads of the people table. Every list takes a scope condition (peopleScopeCondition below, or
 * membershipScopeCondition in members/queries.ts) and adds its filters; all conditions are on
 * indexed columns of `people` and `memberships`, and the org-node joins are by primary key only.
 */

/** Where a person's scope facts live in the `people` table (membership via its branch). */
export const PEOPLE_COLUMNS: ScopeColumns = {
  parkId: people.parkId,
  personId: people.id,
  kind: people.kind,
  schoolId: people.schoolId,
  unitId: people.unitId,
  branchId: (branchId) =>
    sql`exists (select 1 from memberships m_scope where m_scope.person_id = ${people.id} and m_scope.branch_id = ${branchId})`,
};

/** The WHERE condition for a people query: the actor's park and the OR of the scope clauses. */
export const peopleScopeCondition = (actor: Actor, scopes: readonly Scope[]): SQL =>
  scopeSql(actor, scopes, PEOPLE_COLUMNS);

export const schoolNode = alias(orgNodes, 'school_node');
export const unitNode = alias(orgNodes, 'unit_node');
export const gradeNode = alias(orgNodes, 'grade_node');
export const branchNode = alias(orgNodes, 'branch_node');
export const groupNode = alias(orgNodes, 'group_node');

export const personSelection = {
  id: people.id,
  parkId: people.parkId,
  kind: people.kind,
  number: people.number,
  name: people.name,
  gender: people.gender,
  birthDate: people.birthDate,
  ethnicity: people.ethnicity,
  idNumberMasked: people.idNumberMasked,
  phoneMasked: people.phoneMasked,
  schoolId: people.schoolId,
  schoolName: schoolNode.name,
  unitId: people.unitId,
  unitName: unitNode.name,
  unitKind: unitNode.kind,
  gradeName: gradeNode.name,
  title: people.title,
  isCadre: people.isCadre,
  hireDate: people.hireDate,
  isLeagueMember: people.isLeagueMember,
  leagueJoinedOn: people.leagueJoinedOn,
  guardianName: people.guardianName,
  guardianPhoneMasked: people.guardianPhoneMasked,
  status: people.status,
  createdAt: people.createdAt,
  membershipId: memberships.id,
  memberStatus: memberships.status,
  branchId: memberships.branchId,
  branchName: branchNode.name,
  partyGroupId: memberships.partyGroupId,
  partyGroupName: groupNode.name,
  joinedOn: memberships.joinedOn,
  fullOn: memberships.fullOn,
  probationExtensionMonths: memberships.probationExtensionMonths,
  duesBaseFen: memberships.duesBaseFen,
  duesGroup: memberships.duesGroup,
};
/** The sensitive columns, read only for reveal and clear export. */
export const sealedSelection = {
  idNumberEnc: people.idNumberEnc,
  phoneEnc: people.phoneEnc,
  guardianPhoneEnc: people.guardianPhoneEnc,
};

function selectPeople(db: Db) {
  return db
    .select(personSelection)
    .from(people)
    .leftJoin(schoolNode, eq(schoolNode.id, people.schoolId))
    .leftJoin(unitNode, eq(unitNode.id, people.unitId))
    .leftJoin(gradeNode, eq(gradeNode.id, unitNode.parentId))
    .leftJoin(memberships, eq(memberships.personId, people.id))
    .leftJoin(branchNode, eq(branchNode.id, memberships.branchId))
    .leftJoin(groupNode, eq(groupNode.id, memberships.partyGroupId));
}

function selectPeopleSealed(db: Db) {
  return db
    .select({ ...personSelection, ...sealedSelection })
    .from(people)
    .leftJoin(schoolNode, eq(schoolNode.id, people.schoolId))
    .leftJoin(unitNode, eq(unitNode.id, people.unitId))
    .leftJoin(gradeNode, eq(gradeNode.id, unitNode.parentId))
    .leftJoin(memberships, eq(memberships.personId, people.id))
    .leftJoin(branchNode, eq(branchNode.id, memberships.branchId))
    .leftJoin(groupNode, eq(groupNode.id, memberships.partyGroupId));
}

/** A person as every read shows them: their row, school / unit / grade names and membership. */
export type PersonRow = Awaited<ReturnType<typeof selectPeople>>[number];
export type SealedPersonRow = Awaited<ReturnType<typeof selectPeopleSealed>>[number];

export async function findPerson(db: Db, parkId: string, id: string): Promise<PersonRow | undefined> {
  const [row] = await selectPeople(db).where(and(eq(people.parkId, parkId), eq(people.id, id)));
  return row;
}

export interface PeopleFilters {
  kind?: 'staff' | 'student';
  q?: string;
  schoolId?: string;
  unitId?: string;
  gradeId?: string;
  branchId?: string;
  memberStatus?: 'probationary' | 'full' | 'none';
  isCadre?: boolean;
  isLeagueMember?: boolean;
  status?: 'active' | 'left';
  /** members list: month of 入党时间 (1–12) */
  joinedMonth?: number;
}

export type PeopleSort = 'name' | 'number' | 'createdAt' | 'joinedOn';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/**
 * Search, index-friendly: 工号/学号 by prefix as typed and upper-cased (text_pattern_ops index),
 * pinyin initials by prefix (text_pattern_ops index), name by substring through the GIN index on
 * the name's characters (people_name_chars, migration 0007) with an exact strpos check.
 * A term that cannot be a number (Chinese, spaces …) matches names only. A term of three or more
 * Latin letters also matches Latin names case-insensitively; shorter ones, and terms with digits,
 * are initials or numbers being typed.
 */
export function searchCondition(q: string): SQL | undefined {
  const term = q.trim().slice(0, 50);
  if (!term) return undefined;
  const e = escapeLike(term);
  // strpos, not LIKE, for the exact check: LIKE would tempt the planner into the trigram index,
  // which cannot narrow one- or two-character terms and forces a recheck of every row.
  const byName = (caseless: boolean) =>
    caseless
      ? sql`(people_name_chars(${people.name}) @> people_name_chars(${term}) and strpos(lower(${people.name}), ${term.toLowerCase()}) > 0)`
      : sql`(people_name_chars(${people.name}) @> people_name_chars(${term}) and strpos(${people.name}, ${term}) > 0)`;
  if (!/^[A-Za-z0-9_-]+$/.test(term)) return byName(/[A-Za-z]/.test(term));
  const parts: SQL[] = [sql`${people.number} like ${e + '%'}`];
  if (term.toUpperCase() !== term)
    parts.push(sql`${people.number} like ${escapeLike(term.toUpperCase()) + '%'}`);
  if (/^[a-z]+$/i.test(term)) parts.push(sql`${people.nameInitials} like ${term.toLowerCase() + '%'}`);
  if (/^[a-z]{3,}$/i.test(term)) parts.push(byName(true));
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** A condition on the person's membership, as a semi-join (no join needed, estimates stay sound). */
const membershipWhere = (cond: SQL) =>
  sql`exists (select 1 from memberships m_f where m_f.person_id = ${people.id} and ${cond})`;

/** Filter conditions, all on `people` (membership ones as semi-joins), so any query over people can use them. */
export function filterConditions(parkId: string, f: PeopleFilters): SQL[] {
  const c: (SQL | undefined)[] = [
    f.kind ? eq(people.kind, f.kind) : undefined,
    f.q ? searchCondition(f.q) : undefined,
    f.schoolId ? eq(people.schoolId, f.schoolId) : undefined,
    f.unitId ? eq(people.unitId, f.unitId) : undefined,
    f.gradeId
      ? sql`${people.unitId} in (select g.id from org_nodes g where g.park_id = ${parkId} and g.parent_id = ${f.gradeId})`
      : undefined,
    f.branchId ? membershipWhere(sql`m_f.branch_id = ${f.branchId}`) : undefined,
    f.memberStatus === 'none'
      ? sql`not ${membershipWhere(sql`true`)}`
      : f.memberStatus
        ? membershipWhere(sql`m_f.status = ${f.memberStatus}`)
        : undefined,
    f.isCadre !== undefined ? eq(people.isCadre, f.isCadre) : undefined,
    f.isLeagueMember !== undefined ? eq(people.isLeagueMember, f.isLeagueMember) : undefined,
    f.status ? eq(people.status, f.status) : undefined,
    f.joinedMonth
      ? membershipWhere(sql`m_f.park_id = ${parkId} and extract(month from m_f.joined_on) = ${f.joinedMonth}`)
      : undefined,
  ];
  return c.filter((x): x is SQL => x !== undefined);
}

/**
 * ORDER BY for a page. With a search term the matches are few: sort them after filtering, and keep
 * the planner from walking the pinyin index in order hoping to meet 20 matches early (a search
 * for initials correlates with that order and would read most of the table). `|| ''` is that
 * fence: the same order, but not one an index can provide.
 */
function orderBy(sort: PeopleSort, order: 'asc' | 'desc', searching: boolean): SQL[] {
  const dir = order === 'desc' ? desc : asc;
  const fence = (c: AnyPgColumn) => (searching ? sql`(${c} || '')` : c);
  switch (sort) {
    case 'number':
      return [dir(fence(people.number)), dir(people.id)];
    case 'createdAt':
      return [dir(people.createdAt), dir(people.id)];
    case 'joinedOn':
      return [dir(memberships.joinedOn), dir(people.namePinyin), dir(people.id)];
    case 'name':
      return [dir(fence(people.namePinyin)), dir(people.name), dir(people.id)];
  }
}

export interface PageRequest {
  page: number;
  pageSize: number;
  sort: PeopleSort;
  order: 'asc' | 'desc';
}

/**
 * One page of people matching `scope` (from the policy) and the filters, plus the total.
 * Two steps, so the plan does not hang on estimates: the page's ids are chosen from `people`
 * alone (the members list joins `memberships`, which its scope condition reads), then only those
 * rows are joined to their org nodes and membership.
 */
export async function listPeopleRows(
  db: Db,
  parkId: string,
  scope: SQL,
  filters: PeopleFilters,
  page: PageRequest,
  opts: { onlyMembers?: boolean } = {},
): Promise<{ rows: PersonRow[]; total: number }> {
  const where = and(scope, ...filterConditions(parkId, filters));
  const order = orderBy(page.sort, page.order, !!filters.q?.trim());
  const ids = opts.onlyMembers
    ? db
        .select({ id: people.id })
        .from(people)
        .innerJoin(memberships, eq(memberships.personId, people.id))
        .where(where)
        .orderBy(...order)
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize)
    : db
        .select({ id: people.id })
        .from(people)
        .where(where)
        .orderBy(...order)
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize);
  const rows = await selectPeople(db)
    .where(inArray(people.id, ids))
    .orderBy(...orderBy(page.sort, page.order, false));
  const [totalRow] = opts.onlyMembers
    ? await db
        .select({ n: count() })
        .from(people)
        .innerJoin(memberships, eq(memberships.personId, people.id))
        .where(where)
    : await db.select({ n: count() }).from(people).where(where);
  return { rows, total: totalRow?.n ?? 0 };
}

/** Every row matching the scope and filters (for export), with the sealed numbers, capped at `limit`. */
export async function exportPeopleRows(
  db: Db,
  parkId: string,
  scope: SQL,
  filters: PeopleFilters,
  limit: number,
): Promise<SealedPersonRow[]> {
  return selectPeopleSealed(db)
    .where(and(scope, ...filterConditions(parkId, filters)))
    .orderBy(asc(people.kind), asc(schoolNode.sortOrder), asc(people.number))
    .limit(limit);
}

export async function countPeople(
  db: Db,
  scope: SQL,
  parkId: string,
  filters: PeopleFilters,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(people)
    .where(and(scope, ...filterConditions(parkId, filters)));
  return row?.n ?? 0;
}

/**
 * After a bulk load (an import, the demo seed): fresh planner statistics and visibility map for
 * the people tables. PGlite runs no autovacuum, and on PostgreSQL it would come only later;
 * without them list queries pick poor plans and counts cannot use index-only scans. Never throws.
 */
export async function refreshPeopleStats(db: Db): Promise<void> {
  await db.execute(sql`vacuum analyze people`).catch(() => undefined);
  await db.execute(sql`analyze memberships`).catch(() => undefined);
}

/**
 * Up to this many matches the people list counts exactly; past it the total is the planner's
 * estimate, rounded, and the answer says so (`totalExact: false`, the console shows "约 N 条").
 * Counting every match of a broad filter (a whole school, the park) read every matching index
 * entry on each request: the largest share of a list request's database time on the embedded
 * database, where queries run one at a time. A bounded count reads at most this many.
 */
export const PEOPLE_COUNT_EXACT_UP_TO = 1000;

/** An org node's name by primary key: a scalar subquery is planned apart, a join adds to the join search. */
const nodeName = (id: SQLWrapper) => sql<string | null>`(select n.name from org_nodes n where n.id = ${id})`;

/** Two significant digits: an estimate should not look like a count. */
export const roughly = (n: number) => {
  if (n < 100) return Math.round(n);
  const unit = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / unit) * unit;
};

/**
 * Counts the matches of `where`, reading at most one more than PEOPLE_COUNT_EXACT_UP_TO. The
 * matches are a MATERIALIZED CTE, which PostgreSQL plans for reading every row (the best plan for
 * the filter, e.g. a bitmap of the school index) yet runs only as far as the LIMIT pulls. A plain
 * `limit` subquery let the planner bet on a sequential scan meeting 1,001 matches early; with one
 * school's rows at the end of the table it read two thirds of it first (EXPLAIN ANALYZE: 21 ms of
 * 27 on PostgreSQL for a school + League filter).
 */
const boundedCountSql = (where: SQL | undefined) =>
  sql<number>`(with matches as materialized (select 1 from ${people} where ${where ?? sql`true`})
    select count(*) from (select 1 from matches limit ${PEOPLE_COUNT_EXACT_UP_TO + 1}) bounded)`;

/**
 * The people list's total from a bounded count: that count when it is within the bound, else the
 * planner's estimate of the same condition (EXPLAIN: planned, no rows read), rounded, never below
 * what the pages shown so far prove.
 */
async function peopleTotal(
  db: Db,
  where: SQL | undefined,
  bounded: number,
  seen: number,
): Promise<{ total: number; totalExact: boolean }> {
  const bound = PEOPLE_COUNT_EXACT_UP_TO;
  if (bounded <= bound) return { total: bounded, totalExact: true };
  const plan = await queryRows<{ 'QUERY PLAN': unknown }>(
    db,
    sql`explain (format json) select 1 from ${people} where ${where ?? sql`true`}`,
  );
  const raw = plan[0]?.['QUERY PLAN'];
  const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: { 'Plan Rows': number } }];
  const estimate = Number(doc[0]?.Plan['Plan Rows'] ?? 0);
  return { total: Math.max(roughly(estimate), bound + 1, seen), totalExact: false };
}

/**
 * The people list: one page of those the actor may read, masked. One statement reads the page and
 * its bounded count: the page's rows are chosen from `people` alone (the derived table with its
 * LIMIT keeps the plan from hanging on join estimates), then only those rows get their org names
 * (scalar subqueries by primary key) and membership. The selection is what a list row shows,
 * never the ciphertexts or the detail fields. Measured with EXPLAIN ANALYZE on both databases,
 * planning the former seven-join statement cost more than running it.
 */
export async function listPeople(
  db: Db,
  actor: Actor,
  filters: PeopleFilters,
  page: PageRequest,
): Promise<{ items: PersonListItem[]; total: number; totalExact: boolean; page: number; pageSize: number }> {
  const scope = peopleScopeCondition(actor, peopleReadScopes(actor));
  const where = and(scope, ...filterConditions(actor.parkId, filters));
  const sort = page.sort === 'joinedOn' ? 'name' : page.sort; // joinedOn is the members list's
  const offset = (page.page - 1) * page.pageSize;
  const dir = page.order === 'desc' ? desc : asc;
  const orderOf = (c: {
    number: AnyPgColumn;
    id: AnyPgColumn;
    createdAt: AnyPgColumn;
    namePinyin: AnyPgColumn;
    name: AnyPgColumn;
  }) =>
    sort === 'number'
      ? [dir(c.number), dir(c.id)]
      : sort === 'createdAt'
        ? [dir(c.createdAt), dir(c.id)]
        : [dir(c.namePinyin), dir(c.name), dir(c.id)];
  // A search's matches are few and sorted after filtering (orderBy above), so they are read once,
  // into a CTE both the page and the count take from: the name search's bitmap scan, the costliest
  // step, ran twice before. The CTE holds the sort keys only (a number prefix can match a whole
  // intake). Without a search the page is read in index order and the count from an index on its
  // own, each stopping early. Either way the page is ids first; only its rows are read whole.
  const matches = db.$with('matches').as(
    db
      .select({
        id: people.id,
        number: people.number,
        name: people.name,
        namePinyin: people.namePinyin,
        createdAt: people.createdAt,
      })
      .from(people)
      .where(where),
  );
  const searching = !!filters.q?.trim();
  const chosen = searching
    ? db
        .select({ id: matches.id })
        .from(matches)
        .orderBy(...orderOf(matches))
        .limit(page.pageSize)
        .offset(offset)
        .as('chosen')
    : db
        .select({ id: people.id })
        .from(people)
        .where(where)
        .orderBy(...orderBy(sort, page.order, false))
        .limit(page.pageSize)
        .offset(offset)
        .as('chosen');
  const boundedTotal = searching
    ? sql<number>`(select count(*) from (select 1 from ${sql.identifier('matches')} limit ${PEOPLE_COUNT_EXACT_UP_TO + 1}) bounded)`
    : boundedCountSql(where);
  const rows = await (searching ? db.with(matches) : db)
    .select({
      id: people.id,
      kind: people.kind,
      number: people.number,
      name: people.name,
      gender: people.gender,
      schoolId: people.schoolId,
      schoolName: nodeName(people.schoolId),
      unitId: people.unitId,
      unitName: nodeName(people.unitId),
      title: people.title,
      isCadre: people.isCadre,
      isLeagueMember: people.isLeagueMember,
      idNumberMasked: people.idNumberMasked,
      phoneMasked: people.phoneMasked,
      memberStatus: memberships.status,
      branchName: nodeName(memberships.branchId),
      status: people.status,
      // An uncorrelated subquery: run once per statement, so the page and its count are one round trip.
      boundedTotal,
    })
    .from(chosen)
    .innerJoin(people, eq(people.id, chosen.id))
    .leftJoin(memberships, eq(memberships.personId, people.id))
    .orderBy(...orderOf(people));
  // A page past the last has no row to carry the count: count on its own then.
  const bounded =
    rows.length > 0
      ? Number(rows[0]!.boundedTotal)
      : page.page === 1
        ? 0
        : Number(
            (await queryRows<{ n: number | string }>(db, sql`select ${boundedCountSql(where)} as n`))[0]?.n ??
              0,
          );
  const seen = offset + rows.length + (rows.length === page.pageSize ? 1 : 0);
  const { total, totalExact } = await peopleTotal(db, where, bounded, seen);
  return { items: rows.map(presentListItem), total, totalExact, page: page.page, pageSize: page.pageSize };
}

/** A person the actor may read, or 404 (existence itself is private). */
export async function loadReadablePerson(db: Db, actor: Actor, id: string): Promise<PersonRow> {
  const row = await findPerson(db, actor.parkId, id);
  if (!row || !canReadPerson(actor, personFacts(row))) throw notFound('人员不存在或无权查看');
  return row;
}

/** A person's page: the record, their membership when the actor may see it, their account. */
export async function getPerson(db: Db, actor: Actor, id: string): Promise<PersonDetail> {
  const row = await loadReadablePerson(db, actor, id);
  const facts = personFacts(row);
  const [account] = await db
    .select({ id: accounts.id, username: accounts.username })
    .from(accounts)
    .where(and(eq(accounts.personId, id), eq(accounts.parkId, actor.parkId)))
    .limit(1);
  return presentDetail(row, {
    membership: canReadMembership(actor, facts) ? presentMembership(row) : null,
    account: account ?? null,
    canReveal: canRevealPerson(actor, facts),
    canEdit: canWritePerson(actor, facts),
  });
}
