import { sql, type SQL } from 'drizzle-orm';
import type { PostView } from '../../../../common/contracts/assessment';
import type { Actor } from '../../../access/actor';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { vanguardPosts } from '../../../platform/db/schema/index';
import { and, eq } from 'drizzle-orm';
import { loadMember } from '../../members/memberRecords';
import { canReview, reviewScopes } from '../policy';
import { presentPost } from '../presenter';
import { containing, memberScope } from './scope';

type PostRow = typeof vanguardPosts.$inferSelect;

interface RawPost {
  id: string;
  park_id: string;
  year: number;
  person_id: string;
  branch_id: string;
  post: string;
  duties: string;
  pledge: string;
  status: string;
  return_reason: string | null;
  show_on_portal: boolean;
  decided_by: string | null;
  decided_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  name: string;
  branch_name: string;
  kind: 'staff' | 'student';
  school_id: string | null;
  unit_id: string | null;
  member_branch_id: string;
  total: number;
}

const toDate = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));

const toRow = (r: RawPost): PostRow => ({
  id: r.id,
  parkId: r.park_id,
  year: r.year,
  personId: r.person_id,
  branchId: r.branch_id,
  post: r.post,
  duties: r.duties,
  pledge: r.pledge,
  status: r.status,
  returnReason: r.return_reason,
  showOnPortal: r.show_on_portal,
  decidedBy: r.decided_by,
  decidedAt: toDate(r.decided_at),
  createdAt: toDate(r.created_at)!,
  updatedAt: toDate(r.updated_at)!,
});

/** The posts of the members the actor reviews, submitted ones first. */
export async function listPosts(
  db: Db,
  actor: Actor,
  q: { year: number; branchId?: string; status?: string; q?: string; page: number; pageSize: number },
) {
  const c: SQL[] = [
    sql`vanguard_posts.park_id = ${actor.parkId}`,
    sql`vanguard_posts.year = ${q.year}`,
    memberScope(actor, reviewScopes(actor)),
  ];
  if (q.branchId) c.push(sql`memberships.branch_id = ${q.branchId}`);
  if (q.status) c.push(sql`vanguard_posts.status = ${q.status}`);
  if (q.q) c.push(sql`people.name like ${containing(q.q)}`);
  const rows = await queryRows<RawPost>(
    db,
    sql`select vanguard_posts.*, people.name, branch.name as branch_name, people.kind, people.school_id,
          people.unit_id, memberships.branch_id as member_branch_id, count(*) over ()::int as total
        from vanguard_posts
          join people on people.id = vanguard_posts.person_id
          join memberships on memberships.person_id = vanguard_posts.person_id
          join org_nodes branch on branch.id = vanguard_posts.branch_id
        where ${sql.join(c, sql` and `)}
        order by (vanguard_posts.status = 'submitted') desc, vanguard_posts.updated_at desc, vanguard_posts.id
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  return {
    items: rows.map((r) =>
      presentPost(toRow(r), { name: r.name, branchName: r.branch_name }, canReview(actor, subjectOf(r))),
    ),
    total: rows[0]?.total ?? (q.page > 1 ? await countPosts(db, c) : 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

async function countPosts(db: Db, c: SQL[]) {
  const [r] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from vanguard_posts
          join people on people.id = vanguard_posts.person_id
          join memberships on memberships.person_id = vanguard_posts.person_id
        where ${sql.join(c, sql` and `)}`,
  );
  return r?.n ?? 0;
}

const subjectOf = (r: RawPost) => ({
  parkId: r.park_id,
  personId: r.person_id,
  kind: r.kind,
  schoolId: r.school_id,
  unitId: r.unit_id,
  branchId: r.member_branch_id,
});

/** One member's post for a year, or null. */
export async function findPost(
  db: Db,
  parkId: string,
  year: number,
  personId: string,
): Promise<PostRow | null> {
  const [row] = await db
    .select()
    .from(vanguardPosts)
    .where(
      and(
        eq(vanguardPosts.parkId, parkId),
        eq(vanguardPosts.year, year),
        eq(vanguardPosts.personId, personId),
      ),
    );
  return row ?? null;
}

export type { PostView };

/** The actor's own post for a year, and whether they are a Party member at all (self-service). */
export async function myPost(db: Db, actor: Actor, year: number) {
  const m = actor.personId ? await loadMember(db, actor.parkId, actor.personId) : null;
  if (!m) return { post: null, isMember: false };
  const row = await findPost(db, actor.parkId, year, m.id);
  return {
    post: row ? presentPost(row, { name: m.name, branchName: m.branchName }, false) : null,
    isMember: true,
  };
}
