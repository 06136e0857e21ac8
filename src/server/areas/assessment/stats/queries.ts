import { and, eq, inArray, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { StatsFigures, StatsRow, StatsView } from '../../../../common/contracts/assessmentStats';
import { LEVELS } from '../../../../common/contracts/assessment';
import type { Actor } from '../../../access/actor';
import { isParkWide, type Scope } from '../../../access/scope';
import { scopeSql } from '../../../access/scopeSql';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import {
  assessmentEvidence,
  assessmentSelfEvaluations,
  dedicationEntries,
  orgNodes,
  vanguardPosts,
} from '../../../platform/db/schema/index';
import { reviewScopes } from '../policy';

/**
 * The assessment's year in figures (考核统计) for the park, each school and each branch, this year
 * and the year before. Every source row is grouped by the branch and school it was recorded under
 * that year — the snapshot columns of evidence and dedication entries, the branch of a post or a
 * self-evaluation (and that branch's school) — so a member who moved keeps last year's figures
 * where they were earned. Only rows in the reader's `assessment.review` reach are read (scopeSql
 * over those same snapshot columns), and the totals are computed over those rows with the same
 * DISTINCT counts, never added up from the groups: a member with honours in two branches is one
 * honoured member of the park.
 */

/** Branches directly under the general branch have no school: their school group is this. */
export const NO_SCHOOL_NAME = '园区直属';

/** The scope facts of a source, for scopeSql: its park and its year's branch and school. */
const columnsOf = (parkId: SQLWrapper, branchId: SQLWrapper, schoolId: SQLWrapper) => ({
  parkId,
  branchId,
  schoolId,
});

/**
 * One row per counted fact: which year, school and branch it belongs to, what it is, whose it
 * is, what it counts (an evidence id, a student), a level or kind, and hours in tenths.
 */
function factsSql(actor: Actor, scopes: readonly Scope[], years: [number, number]): SQL {
  const e = assessmentEvidence;
  const inEvidence = scopeSql(actor, scopes, columnsOf(e.parkId, e.branchId, e.schoolId));
  const verified = sql`${e.year} in (${years[0]}, ${years[1]}) and ${e.status} = 'verified' and ${inEvidence}`;
  const p = vanguardPosts;
  const inPosts = scopeSql(actor, scopes, columnsOf(p.parkId, p.branchId, orgNodes.schoolId));
  const s = assessmentSelfEvaluations;
  const inSelf = scopeSql(actor, scopes, columnsOf(s.parkId, s.branchId, orgNodes.schoolId));
  const d = dedicationEntries;
  const inDedication = scopeSql(actor, scopes, columnsOf(d.parkId, d.branchId, d.schoolId));
  return sql`
    select ${e.year} as year, ${e.schoolId} as school_id, ${e.branchId} as branch_id,
           case ${e.kind} when 'titlePromotion' then 'title' else ${e.kind} end as fact,
           ${e.personId} as person_id, ${e.id}::text as item, ${e.level} as level, 0 as amount
      from ${e}
     where ${verified}
       and (${e.kind} in ('honour', 'coaching', 'titlePromotion') or (${e.kind} = 'paper' and ${e.level} is not null))
    union all
    select ${e.year}, ${e.schoolId}, ${e.branchId}, 'student', ${e.personId}, 'id:' || sid::text, null, 0
      from ${e} cross join lateral unnest(${e.studentIds}) as coached(sid)
     where ${verified} and ${e.kind} = 'coaching'
    union all
    select ${e.year}, ${e.schoolId}, ${e.branchId}, 'student', ${e.personId}, 'name:' || btrim(named.name), null, 0
      from ${e} cross join lateral jsonb_array_elements_text(
             case when jsonb_typeof(${e.details} -> 'studentNames') = 'array'
                  then ${e.details} -> 'studentNames' else '[]'::jsonb end) as named(name)
     where ${verified} and ${e.kind} = 'coaching' and btrim(named.name) <> ''
    union all
    select ${p.year}, ${orgNodes.schoolId}, ${p.branchId}, 'post', ${p.personId}, ${p.id}::text, null, 0
      from ${p} join ${orgNodes} on ${orgNodes.id} = ${p.branchId}
     where ${p.year} in (${years[0]}, ${years[1]}) and ${p.status} = 'approved' and ${inPosts}
    union all
    select ${s.year}, ${orgNodes.schoolId}, ${s.branchId}, 'self', ${s.personId}, ${s.id}::text, null, 0
      from ${s} join ${orgNodes} on ${orgNodes.id} = ${s.branchId}
     where ${s.year} in (${years[0]}, ${years[1]}) and ${inSelf}
    union all
    select ${d.year}, ${d.schoolId}, ${d.branchId}, 'dedication', ${d.personId}, ${d.id}::text, ${d.kind}, ${d.hoursX10}
      from ${d}
     where ${d.year} in (${years[0]}, ${years[1]}) and ${inDedication}`;
}

interface RawFigures {
  year: number;
  school_id: string | null;
  branch_id: string | null;
  /** grouping(school_id, branch_id): 3 the total, 1 a school, 0 a branch. */
  g: number;
  honoured: number;
  coaching_members: number;
  coached_students: number;
  paper_members: number;
  awarded_papers: number;
  title_promotions: number;
  posts: number;
  self_evaluations: number;
  hours_x10: number;
  home_visits: number;
  enterprise_visits: number;
}

async function figures(db: Db, actor: Actor, scopes: readonly Scope[], years: [number, number]) {
  return queryRows<RawFigures>(
    db,
    sql`with facts as (${factsSql(actor, scopes, years)})
        select year, school_id, branch_id, grouping(school_id, branch_id)::int as g,
               count(distinct person_id) filter (where fact = 'honour')::int as honoured,
               count(distinct person_id) filter (where fact = 'coaching')::int as coaching_members,
               count(distinct item) filter (where fact = 'student')::int as coached_students,
               count(distinct person_id) filter (where fact = 'paper')::int as paper_members,
               count(distinct item) filter (where fact = 'paper')::int as awarded_papers,
               count(distinct person_id) filter (where fact = 'title')::int as title_promotions,
               count(*) filter (where fact = 'post')::int as posts,
               count(distinct person_id) filter (where fact = 'self')::int as self_evaluations,
               coalesce(sum(amount) filter (where fact = 'dedication'), 0)::int as hours_x10,
               count(*) filter (where fact = 'dedication' and level = 'homeVisit')::int as home_visits,
               count(*) filter (where fact = 'dedication' and level = 'enterpriseVisit')::int as enterprise_visits
          from facts
         group by grouping sets ((year), (year, school_id), (year, school_id, branch_id))`,
  );
}

interface RawLevel {
  year: number;
  school_id: string | null;
  branch_id: string | null;
  g: number;
  /** 1 + the level's index in LEVELS (school … nation); 0 for an honour without a level. */
  r: number;
  n: number;
}

/**
 * Honoured members by the highest level of their honours in each group, so that the levels add up
 * to the honoured members ("19 名，其中省级 3 名、市级 16 名"): a member with a city and a
 * province honour counts once, as province. Two steps per grouping: each member's highest level
 * in the group, then members per level.
 */
async function honourLevels(db: Db, actor: Actor, scopes: readonly Scope[], years: [number, number]) {
  const e = assessmentEvidence;
  const levels = sql`array[${sql.join(
    LEVELS.map((l) => sql`${l}`),
    sql`, `,
  )}]::text[]`;
  return queryRows<RawLevel>(
    db,
    sql`with honours as (
          select ${e.year} as year, ${e.schoolId} as school_id, ${e.branchId} as branch_id,
                 ${e.personId} as person_id, coalesce(array_position(${levels}, ${e.level}), 0) as r
            from ${e}
           where ${e.year} in (${years[0]}, ${years[1]}) and ${e.status} = 'verified' and ${e.kind} = 'honour'
             and ${scopeSql(actor, scopes, columnsOf(e.parkId, e.branchId, e.schoolId))}
        ), top as (
          select year, school_id, branch_id, grouping(school_id, branch_id)::int as g, person_id, max(r) as r
            from honours
           group by grouping sets ((year, person_id), (year, school_id, person_id),
                                   (year, school_id, branch_id, person_id))
        )
        select year, school_id, branch_id, g, r, count(*)::int as n
          from top
         group by year, school_id, branch_id, g, r`,
  );
}

export const emptyFigures = (): StatsFigures => ({
  honouredMembers: 0,
  honouredByLevel: { school: 0, county: 0, city: 0, province: 0, nation: 0 },
  coachingMembers: 0,
  coachedStudents: 0,
  paperMembers: 0,
  awardedPapers: 0,
  titlePromotions: 0,
  vanguardPosts: 0,
  selfEvaluations: 0,
  dedicationHours: 0,
  homeVisits: 0,
  enterpriseVisits: 0,
});

const toFigures = (r: RawFigures): StatsFigures => ({
  honouredMembers: Number(r.honoured),
  honouredByLevel: emptyFigures().honouredByLevel,
  coachingMembers: Number(r.coaching_members),
  coachedStudents: Number(r.coached_students),
  paperMembers: Number(r.paper_members),
  awardedPapers: Number(r.awarded_papers),
  titlePromotions: Number(r.title_promotions),
  vanguardPosts: Number(r.posts),
  selfEvaluations: Number(r.self_evaluations),
  dedicationHours: Number(r.hours_x10) / 10,
  homeVisits: Number(r.home_visits),
  enterpriseVisits: Number(r.enterprise_visits),
});

interface NodeInfo {
  id: string;
  kind: string;
  name: string;
  schoolId: string | null;
  sortOrder: number;
}

const nodeFields = {
  id: orgNodes.id,
  kind: orgNodes.kind,
  name: orgNodes.name,
  schoolId: orgNodes.schoolId,
  sortOrder: orgNodes.sortOrder,
};

/**
 * The schools and branches in the reader's reach today, so that a branch that recorded nothing
 * still shows its zeros (reach judged over the same facts as the data: a branch by its id, a
 * school's nodes by their school).
 */
async function nodesInReach(db: Db, actor: Actor, scopes: readonly Scope[]): Promise<NodeInfo[]> {
  return db
    .select(nodeFields)
    .from(orgNodes)
    .where(
      and(
        inArray(orgNodes.kind, ['school', 'branch']),
        isNull(orgNodes.disabledAt),
        scopeSql(actor, scopes, {
          parkId: orgNodes.parkId,
          schoolId: orgNodes.schoolId,
          branchId: (v) => sql`(${orgNodes.kind} = 'branch' and ${orgNodes.id} = ${v})`,
        }),
      ),
    );
}

async function nodesById(db: Db, parkId: string, ids: string[]): Promise<NodeInfo[]> {
  if (ids.length === 0) return [];
  return db
    .select(nodeFields)
    .from(orgNodes)
    .where(and(eq(orgNodes.parkId, parkId), inArray(orgNodes.id, ids)));
}

/** The node a clause is held over: the general branch for the park, else the school, subtree or branch. */
function scopeNodeId(s: Scope): string | null {
  switch (s.type) {
    case 'subtree':
      return s.path.split('/').filter(Boolean).at(-1) ?? null;
    case 'school':
      return s.schoolId;
    case 'branch':
      return s.branchId;
    default:
      return null;
  }
}

async function scopeName(db: Db, actor: Actor, scopes: readonly Scope[]): Promise<string> {
  if (isParkWide(scopes)) {
    const [gb] = await db
      .select({ name: orgNodes.name })
      .from(orgNodes)
      .where(and(eq(orgNodes.parkId, actor.parkId), eq(orgNodes.kind, 'generalBranch')))
      .orderBy(orgNodes.sortOrder, orgNodes.name)
      .limit(1);
    return gb?.name ?? '园区党总支';
  }
  const ids = [...new Set(scopes.map(scopeNodeId).filter((x): x is string => x !== null))];
  const names = new Map((await nodesById(db, actor.parkId, ids)).map((n) => [n.id, n.name]));
  return (
    ids
      .map((id) => names.get(id) ?? '')
      .filter(Boolean)
      .join('、') || '所辖党组织'
  );
}

/** The statistics of `year` (and the year before) over the reader's reach. */
export async function assessmentStats(db: Db, actor: Actor, year: number): Promise<StatsView> {
  const scopes = reviewScopes(actor);
  const previousYear = year - 1;
  const [raw, levels, reach, name] = await Promise.all([
    figures(db, actor, scopes, [year, previousYear]),
    honourLevels(db, actor, scopes, [year, previousYear]),
    nodesInReach(db, actor, scopes),
    scopeName(db, actor, scopes),
  ]);

  const nodes = new Map(reach.map((n) => [n.id, n]));
  const wanted = new Set<string>();
  for (const r of raw) for (const id of [r.school_id, r.branch_id]) if (id && !nodes.has(id)) wanted.add(id);
  for (const n of reach) if (n.schoolId && !nodes.has(n.schoolId)) wanted.add(n.schoolId);
  for (const n of await nodesById(db, actor.parkId, [...wanted])) nodes.set(n.id, n);

  type Pair = { current: StatsFigures; previous: StatsFigures };
  const pair = (): Pair => ({ current: emptyFigures(), previous: emptyFigures() });
  const total = pair();
  const schools = new Map<string, Pair & { schoolId: string | null }>();
  const branches = new Map<string, Pair & { schoolId: string | null; branchId: string }>();
  const schoolPair = (schoolId: string | null) => {
    const key = schoolId ?? '';
    let p = schools.get(key);
    if (!p) schools.set(key, (p = { ...pair(), schoolId }));
    return p;
  };
  const branchPair = (schoolId: string | null, branchId: string) => {
    // A branch is shown under the school it was in that year: keyed by both.
    const key = `${schoolId ?? ''}|${branchId}`;
    let p = branches.get(key);
    if (!p) branches.set(key, (p = { ...pair(), schoolId, branchId }));
    return p;
  };

  for (const n of reach) {
    if (n.kind === 'school') schoolPair(n.id);
    else {
      schoolPair(n.schoolId);
      branchPair(n.schoolId, n.id);
    }
  }
  const groupOf = (r: { g: number; school_id: string | null; branch_id: string | null }) =>
    Number(r.g) === 3
      ? total
      : Number(r.g) === 1
        ? schoolPair(r.school_id)
        : r.branch_id
          ? branchPair(r.school_id, r.branch_id)
          : null;
  const side = (r: { year: number }) => (Number(r.year) === year ? 'current' : 'previous');
  for (const r of raw) {
    const target = groupOf(r);
    if (target) target[side(r)] = toFigures(r);
  }
  for (const r of levels) {
    const level = LEVELS[Number(r.r) - 1];
    const target = groupOf(r);
    if (level && target) target[side(r)].honouredByLevel[level] = Number(r.n);
  }

  const schoolName = (id: string | null) => (id ? (nodes.get(id)?.name ?? '') : NO_SCHOOL_NAME);
  const order = (id: string | null) => {
    const n = id ? nodes.get(id) : undefined;
    // Schools in the tree's order, the general branch's own branches last.
    return [id ? 0 : 1, n?.sortOrder ?? 0, n?.name ?? ''] as const;
  };
  const compare = (a: readonly [number, number, string], b: readonly [number, number, string]) =>
    a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2], 'zh-CN');

  const schoolRows: StatsRow[] = [...schools.values()]
    .sort((a, b) => compare(order(a.schoolId), order(b.schoolId)))
    .map((p) => ({
      id: p.schoolId,
      name: schoolName(p.schoolId),
      schoolId: p.schoolId,
      schoolName: schoolName(p.schoolId),
      current: p.current,
      previous: p.previous,
    }));
  const branchRows: StatsRow[] = [...branches.values()]
    .sort(
      (a, b) =>
        compare(order(a.schoolId), order(b.schoolId)) || compare(order(a.branchId), order(b.branchId)),
    )
    .map((p) => ({
      id: p.branchId,
      name: nodes.get(p.branchId)?.name ?? '',
      schoolId: p.schoolId,
      schoolName: schoolName(p.schoolId),
      current: p.current,
      previous: p.previous,
    }));

  return {
    year,
    previousYear,
    scopeName: name,
    parkWide: isParkWide(scopes),
    total,
    schools: schoolRows,
    branches: branchRows,
  };
}
