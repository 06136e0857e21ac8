import { sql, type SQL } from 'drizzle-orm';
import type {
  DedicationDayView,
  DedicationEntryView,
  DedicationKind,
} from '../../../../common/contracts/assessment';
import type { Actor } from '../../../access/actor';
import { isParkWide, type Scope } from '../../../access/scope';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { membershipScopeCondition } from '../../members/queries';
import { canReadPerson } from '../../people/policy';
import { canHostAt, canReview, isSelf, reviewScopes } from '../policy';

/**
 * Dedication days (党员奉献日) and what members did on them. An activity marked as a dedication day
 * counts its sign-ins as 'service' entries of the activity's length (capped at a day), read from the
 * activity's participants — never copied — so a sign-in undone is an entry gone.
 */

export const DEDICATION_KIND_LABELS: Record<DedicationKind, string> = {
  homeVisit: '重点家访',
  enterpriseVisit: '走访企业',
  service: '志愿服务',
};

/** A signed-in activity's hours: its length rounded down to the half hour, at most 24. */
export const ACTIVITY_HOURS_X10 = sql`least(240, floor(extract(epoch from (a.ends_at - a.starts_at)) / 1800) * 5)::int`;

/** Where days may be seen: those at nodes the actor hosts or reviews, and their own branch's and the park's. */
function dayVisibility(actor: Actor, scopes: readonly Scope[]): SQL {
  if (isParkWide(scopes)) return sql`true`;
  const c: SQL[] = [sql`n.kind = 'generalBranch'`];
  if (actor.branchId) c.push(sql`n.id = ${actor.branchId}`);
  for (const s of scopes) {
    if (s.type === 'branch') c.push(sql`n.id = ${s.branchId}`);
    if (s.type === 'subtree') c.push(sql`n.path like ${s.path.replace(/[\\%_]/g, '\\$&') + '%'}`);
    if (s.type === 'school') c.push(sql`n.school_id = ${s.schoolId}`);
  }
  return sql`(${sql.join(c, sql` or `)})`;
}

interface RawDay {
  id: string;
  park_id: string;
  org_node_id: string;
  node_name: string;
  node_kind: string;
  node_path: string;
  node_school_id: string | null;
  title: string;
  day: string;
  description: string | null;
  activity_id: string | null;
  activity_title: string | null;
  entry_count: number;
  hours_x10: number;
  my_entries: number;
  total: number;
}

const DAY_SELECT = (
  actor: Actor,
) => sql`select d.id, d.park_id, d.org_node_id, n.name as node_name, n.kind as node_kind,
    n.path as node_path, n.school_id as node_school_id, d.title, d.day::text as day, d.description, d.activity_id,
    a.title as activity_title,
    (coalesce((select count(*) from dedication_entries e where e.day_id = d.id), 0)
      + coalesce((select count(*) from activity_participants ap where ap.activity_id = d.activity_id and ap.checked_in_at is not null), 0))::int as entry_count,
    (coalesce((select sum(e.hours_x10) from dedication_entries e where e.day_id = d.id), 0)
      + coalesce((select count(*) from activity_participants ap where ap.activity_id = d.activity_id and ap.checked_in_at is not null), 0) * coalesce(${ACTIVITY_HOURS_X10}, 0))::int as hours_x10,
    (coalesce((select count(*) from dedication_entries e where e.day_id = d.id and e.person_id = ${actor.personId ?? null}::uuid), 0)
      + coalesce((select count(*) from activity_participants ap where ap.activity_id = d.activity_id and ap.checked_in_at is not null and ap.person_id = ${actor.personId ?? null}::uuid), 0))::int as my_entries
  from dedication_days d join org_nodes n on n.id = d.org_node_id left join activities a on a.id = d.activity_id`;

const hostOf = (r: RawDay) => ({
  parkId: r.park_id,
  id: r.org_node_id,
  kind: r.node_kind,
  path: r.node_path,
  schoolId: r.node_school_id,
});

/** Members log on days of their own branch and park-wide days. */
export const canLogOn = (actor: Actor, r: { org_node_id: string; node_kind: string }) =>
  actor.personId !== null && (r.node_kind === 'generalBranch' || r.org_node_id === actor.branchId);

function presentDay(actor: Actor, r: RawDay): DedicationDayView {
  return {
    id: r.id,
    orgNodeId: r.org_node_id,
    orgNodeName: r.node_name,
    title: r.title,
    day: r.day,
    description: r.description,
    activityId: r.activity_id,
    activityTitle: r.activity_title,
    entryCount: r.entry_count,
    hours: r.hours_x10 / 10,
    myEntries: r.my_entries,
    canManage: canHostAt(actor, hostOf(r)),
    canLog: canLogOn(actor, r),
  };
}

export async function listDedicationDays(
  db: Db,
  actor: Actor,
  q: { year: number; orgNodeId?: string; page: number; pageSize: number },
) {
  const c: SQL[] = [
    sql`d.park_id = ${actor.parkId}`,
    sql`d.day between ${`${q.year}-01-01`}::date and ${`${q.year}-12-31`}::date`,
    dayVisibility(actor, reviewScopes(actor)),
  ];
  if (q.orgNodeId) c.push(sql`d.org_node_id = ${q.orgNodeId}`);
  const rows = await queryRows<RawDay>(
    db,
    sql`select x.*, count(*) over ()::int as total from (${DAY_SELECT(actor)} where ${sql.join(c, sql` and `)}) x
        order by x.day desc, x.id limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const total = rows[0]?.total ?? 0;
  return { items: rows.map((r) => presentDay(actor, r)), total, page: q.page, pageSize: q.pageSize };
}

/** One day the actor may see, or null. */
export async function findVisibleDay(db: Db, actor: Actor, id: string) {
  const [r] = await queryRows<RawDay>(
    db,
    sql`${DAY_SELECT(actor)} where d.id = ${id} and d.park_id = ${actor.parkId} and ${dayVisibility(actor, reviewScopes(actor))}`,
  );
  return r ? { raw: r, view: presentDay(actor, r), host: hostOf(r) } : null;
}

interface RawEntry {
  id: string | null;
  day_id: string;
  day_title: string;
  day: string;
  person_id: string;
  name: string;
  park_id: string;
  kind_p: 'staff' | 'student';
  school_id: string | null;
  unit_id: string | null;
  member_branch_id: string | null;
  branch_name: string;
  kind: DedicationKind;
  student_id: string | null;
  student_name: string | null;
  student_kind: 'staff' | 'student' | null;
  student_school_id: string | null;
  student_unit_id: string | null;
  subject: string | null;
  content: string | null;
  outcome: string | null;
  hours_x10: number;
  source: 'member' | 'activity';
  photos: string[];
  total: number;
}

/** Member entries and activity sign-ins as one list (the same columns). */
const ENTRIES = sql`(
  select e.id, e.day_id, d.title as day_title, d.day::text as day, e.person_id, e.park_id, e.branch_id,
    e.kind, e.student_id, e.subject, e.content, e.outcome, e.hours_x10, 'member' as source, e.photos, e.year, e.created_at
  from dedication_entries e join dedication_days d on d.id = e.day_id
  union all
  select null, d.id, d.title, d.day::text, ap.person_id, d.park_id, m.branch_id,
    'service', null, a.title, null, null, ${ACTIVITY_HOURS_X10}, 'activity', '{}'::text[], extract(year from d.day)::int, ap.checked_in_at
  from dedication_days d join activities a on a.id = d.activity_id
    join activity_participants ap on ap.activity_id = a.id and ap.checked_in_at is not null
    join memberships m on m.person_id = ap.person_id
) x`;

const ENTRY_SELECT = sql`select x.id, x.day_id, x.day_title, x.day, x.person_id, people.name, people.park_id,
    people.kind as kind_p, people.school_id, people.unit_id, memberships.branch_id as member_branch_id,
    b.name as branch_name, x.kind, x.student_id, s.name as student_name, s.kind as student_kind,
    s.school_id as student_school_id, s.unit_id as student_unit_id, x.subject, x.content, x.outcome,
    x.hours_x10, x.source, x.photos, count(*) over ()::int as total
  from ${ENTRIES}
    join people on people.id = x.person_id
    join memberships on memberships.person_id = x.person_id
    join org_nodes b on b.id = x.branch_id
    left join people s on s.id = x.student_id`;

export async function listDedicationEntries(
  db: Db,
  actor: Actor,
  q: { year: number; dayId?: string; personId?: string; kind?: string; page: number; pageSize: number },
): Promise<{ items: DedicationEntryView[]; total: number; page: number; pageSize: number }> {
  const scopes = reviewScopes(actor);
  const own = actor.personId ? sql`x.person_id = ${actor.personId}` : sql`false`;
  const reach = scopes.length ? sql`(${own} or ${membershipScopeCondition(actor, scopes)})` : own;
  const c: SQL[] = [sql`x.park_id = ${actor.parkId}`, sql`x.year = ${q.year}`, reach];
  if (q.dayId) c.push(sql`x.day_id = ${q.dayId}`);
  if (q.personId) c.push(sql`x.person_id = ${q.personId}`);
  if (q.kind) c.push(sql`x.kind = ${q.kind}`);
  const rows = await queryRows<RawEntry>(
    db,
    sql`${ENTRY_SELECT} where ${sql.join(c, sql` and `)}
        order by x.day desc, x.created_at desc, x.id
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  return {
    items: rows.map((r) => presentEntry(actor, r)),
    total: rows[0]?.total ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

function presentEntry(actor: Actor, r: RawEntry): DedicationEntryView {
  const seesStudent =
    r.student_id !== null &&
    canReadPerson(actor, {
      parkId: r.park_id,
      id: r.student_id,
      kind: r.student_kind ?? 'student',
      schoolId: r.student_school_id,
      unitId: r.student_unit_id,
      branchId: null,
    });
  const restricted = r.student_id !== null && !seesStudent;
  const reviewer = canReview(actor, {
    parkId: r.park_id,
    personId: r.person_id,
    kind: r.kind_p,
    schoolId: r.school_id,
    unitId: r.unit_id,
    branchId: r.member_branch_id,
  });
  return {
    id: r.id,
    dayId: r.day_id,
    dayTitle: r.day_title,
    day: r.day,
    personId: r.person_id,
    name: r.name,
    branchName: r.branch_name,
    kind: r.kind,
    kindLabel: DEDICATION_KIND_LABELS[r.kind],
    student: seesStudent ? { id: r.student_id!, name: r.student_name! } : null,
    restricted,
    subject: restricted ? null : r.subject,
    content: restricted ? null : r.content,
    outcome: restricted ? null : r.outcome,
    hours: r.hours_x10 / 10,
    source: r.source,
    photos:
      r.id && !restricted
        ? r.photos.map((k) => ({ key: k, url: `/api/assessment/dedication-entries/${r.id}/photos/${k}` }))
        : [],
    canEdit: r.source === 'member' && (isSelf(actor, r.person_id) || reviewer),
  };
}

/** One member entry with what its writes need, or null. */
export async function findEntry(db: Db, actor: Actor, entryId: string) {
  const list = await queryRows<RawEntry>(
    db,
    sql`${ENTRY_SELECT} where x.id = ${entryId} and x.park_id = ${actor.parkId}`,
  );
  const r = list[0];
  if (!r) return null;
  const view = presentEntry(actor, r);
  const readable =
    isSelf(actor, r.person_id) ||
    canReview(actor, {
      parkId: r.park_id,
      personId: r.person_id,
      kind: r.kind_p,
      schoolId: r.school_id,
      unitId: r.unit_id,
      branchId: r.member_branch_id,
    });
  return readable ? { view, photos: r.photos, personId: r.person_id } : null;
}

/** Dedication totals of the year per member, for the scheme's dedication aspects. */
export async function dedicationTotals(db: Db, parkId: string, year: number, personIds: readonly string[]) {
  const out = new Map<string, { homeVisits: number; enterpriseVisits: number; serviceHours: number }>();
  if (!personIds.length) return out;
  const rows = await queryRows<{ person_id: string; kind: DedicationKind; n: number; hours_x10: number }>(
    db,
    sql`select x.person_id, x.kind, count(*)::int as n, sum(x.hours_x10)::int as hours_x10 from ${ENTRIES}
        where x.park_id = ${parkId} and x.year = ${year}
          and x.person_id in (${sql.join(
            personIds.map((p) => sql`${p}::uuid`),
            sql`, `,
          )})
        group by x.person_id, x.kind`,
  );
  for (const r of rows) {
    const t = out.get(r.person_id) ?? { homeVisits: 0, enterpriseVisits: 0, serviceHours: 0 };
    if (r.kind === 'homeVisit') t.homeVisits += r.n;
    else if (r.kind === 'enterpriseVisit') t.enterpriseVisits += r.n;
    else t.serviceHours += r.hours_x10 / 10;
    out.set(r.person_id, t);
  }
  return out;
}
