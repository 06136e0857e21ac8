import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { NominationStatus, NominationView } from '../../../../common/contracts/assessment';
import { todayInShanghai } from '../../../../common/dates';
import { calendarKnows } from '../../../../common/workingDays';
import type { Actor } from '../../../access/actor';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { vanguardPublicity } from '../../../platform/db/schema/index';
import { managesAssessment, reviewScopes } from '../policy';
import { memberScope } from './scope';

export const NOMINATION_STATUS_LABELS: Record<NominationStatus, string> = {
  proposed: '支部已推荐',
  approved: '党总支已批准',
  rejected: '未批准',
  awarded: '已授牌',
  withdrawn: '已摘牌',
};

export interface RawNomination {
  id: string;
  park_id: string;
  year: number;
  person_id: string;
  name: string;
  person_kind: string;
  branch_id: string;
  branch_name: string;
  school_name: string | null;
  post: string;
  score_x10: number;
  band: string;
  reason: string;
  status: NominationStatus;
  decision_note: string | null;
  proposed_at: Date | string;
  decided_at: Date | string | null;
  awarded_at: Date | string | null;
  withdrawn_at: Date | string | null;
  withdraw_reason: string | null;
  open_objections: number;
  semester_scores: { semester: string; score_x10: number }[] | null;
  total: number;
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

const SELECT = sql`select n.id, n.park_id, n.year, n.person_id, people.name, people.kind as person_kind,
    n.branch_id, branch.name as branch_name, school.name as school_name, p.post, n.score_x10, n.band, n.reason,
    n.status, n.decision_note, n.proposed_at, n.decided_at, n.awarded_at, n.withdrawn_at, n.withdraw_reason,
    (select count(*) from vanguard_objections o where o.nomination_id = n.id and o.status = 'open')::int as open_objections,
    (select json_agg(json_build_object('semester', s.semester, 'score_x10', s.score_x10) order by s.semester)
       from vanguard_semester_scores s where s.nomination_id = n.id) as semester_scores,
    count(*) over ()::int as total
  from vanguard_nominations n
    join people on people.id = n.person_id
    join memberships on memberships.person_id = n.person_id
    join vanguard_posts p on p.id = n.post_id
    join org_nodes branch on branch.id = n.branch_id
    left join org_nodes school on school.id = branch.school_id`;

export function presentNomination(actor: Actor, r: RawNomination): NominationView {
  return {
    id: r.id,
    year: r.year,
    personId: r.person_id,
    name: r.name,
    branchId: r.branch_id,
    branchName: r.branch_name,
    post: r.post,
    score: r.score_x10 / 10,
    band: r.band,
    reason: r.reason,
    status: r.status,
    statusLabel: NOMINATION_STATUS_LABELS[r.status],
    decisionNote: r.decision_note,
    proposedAt: iso(r.proposed_at)!,
    decidedAt: iso(r.decided_at),
    awardedAt: iso(r.awarded_at),
    withdrawnAt: iso(r.withdrawn_at),
    withdrawReason: r.withdraw_reason,
    openObjections: r.open_objections,
    semesterScores: (r.semester_scores ?? []).map((s) => ({ semester: s.semester, score: s.score_x10 / 10 })),
    canDecide: r.status === 'proposed' && managesAssessment(actor),
  };
}

export async function findPublicity(db: Db, parkId: string, year: number) {
  const [row] = await db
    .select()
    .from(vanguardPublicity)
    .where(and(eq(vanguardPublicity.parkId, parkId), eq(vanguardPublicity.year, year)));
  return row ?? null;
}

export function presentPublicity(row: NonNullable<Awaited<ReturnType<typeof findPublicity>>>) {
  return {
    year: row.year,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    workingDays: row.workingDays,
    status: row.status as 'open' | 'closed',
    ended: todayInShanghai() > row.endsOn,
    closedAt: row.closedAt?.toISOString() ?? null,
    calendarNote: calendarKnows(Number(row.startsOn.slice(0, 4)))
      ? null
      : `系统尚无 ${row.startsOn.slice(0, 4)} 年法定节假日安排，工作日仅按周末计算，请核对`,
  };
}

/** Nominations the actor reviews (all of the park for the general branch). */
export async function listNominations(
  db: Db,
  actor: Actor,
  q: { year: number; status?: string; branchId?: string; page: number; pageSize: number },
) {
  const c: SQL[] = [
    sql`n.park_id = ${actor.parkId}`,
    sql`n.year = ${q.year}`,
    memberScope(actor, reviewScopes(actor)),
  ];
  if (q.status) c.push(sql`n.status = ${q.status}`);
  if (q.branchId) c.push(sql`n.branch_id = ${q.branchId}`);
  const rows = await queryRows<RawNomination>(
    db,
    sql`${SELECT} where ${sql.join(c, sql` and `)}
        order by (n.status = 'proposed') desc, school.name nulls first, branch.name, n.score_x10 desc, n.id
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const pub = await findPublicity(db, actor.parkId, q.year);
  return {
    items: rows.map((r) => presentNomination(actor, r)),
    total: rows[0]?.total ?? 0,
    page: q.page,
    pageSize: q.pageSize,
    publicity: pub ? presentPublicity(pub) : null,
  };
}

/** One nomination by id in the actor's park (no scope: callers check), or null. */
export async function loadNomination(db: Db, parkId: string, id: string): Promise<RawNomination | null> {
  const [r] = await queryRows<RawNomination>(db, sql`${SELECT} where n.id = ${id} and n.park_id = ${parkId}`);
  return r ?? null;
}

/** The nominations of a year in given states, in the order of the plaque list. */
export async function nominationsOfYear(db: Db, parkId: string, year: number, statuses: NominationStatus[]) {
  return queryRows<RawNomination>(
    db,
    sql`${SELECT} where n.park_id = ${parkId} and n.year = ${year}
          and n.status in (${sql.join(
            statuses.map((s) => sql`${s}`),
            sql`, `,
          )})
        order by school.name nulls first, branch.name, n.score_x10 desc, n.id`,
  );
}
