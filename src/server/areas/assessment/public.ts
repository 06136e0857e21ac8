import { sql } from 'drizzle-orm';
import { publicName } from '../../../common/privacy';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';

/**
 * What the portal shows of the assessment: approved vanguard posts (亮身份、亮职责、亮承诺) of
 * members who agreed to show them (RULES.md §6), by branch. Names go through `publicName` like
 * every public name (a student member is masked).
 */
export interface PublicPost {
  name: string;
  branchName: string;
  schoolName: string | null;
  post: string;
  duties: string;
  pledge: string;
}

export async function publicVanguardPosts(db: Db, parkId: string, year: number): Promise<PublicPost[]> {
  const rows = await queryRows<{
    name: string;
    kind: string;
    branch_name: string;
    school_name: string | null;
    post: string;
    duties: string;
    pledge: string;
  }>(
    db,
    sql`select people.name, people.kind, branch.name as branch_name, school.name as school_name,
          p.post, p.duties, p.pledge
        from vanguard_posts p
          join people on people.id = p.person_id
          join org_nodes branch on branch.id = p.branch_id
          left join org_nodes school on school.id = branch.school_id
        where p.park_id = ${parkId} and p.year = ${year} and p.status = 'approved' and p.show_on_portal
          and people.status = 'active'
        order by school.name nulls first, branch.name, p.decided_at, p.id`,
  );
  return rows.map((r) => ({
    name: publicName({ name: r.name, kind: r.kind }),
    branchName: r.branch_name,
    schoolName: r.school_name,
    post: r.post,
    duties: r.duties,
    pledge: r.pledge,
  }));
}

/** The years that have approved posts to show, newest first (the page's year links). */
export async function publicVanguardYears(db: Db, parkId: string): Promise<number[]> {
  const rows = await queryRows<{ year: number }>(
    db,
    sql`select distinct year from vanguard_posts
        where park_id = ${parkId} and status = 'approved' and show_on_portal order by year desc`,
  );
  return rows.map((r) => r.year);
}

/** The latest 公示 of the park (for the link from the 党员先锋岗 page), or null. */
export async function latestPublicity(
  db: Db,
  parkId: string,
): Promise<{ year: number; open: boolean } | null> {
  const [r] = await queryRows<{ year: number; status: string }>(
    db,
    sql`select year, status from vanguard_publicity where park_id = ${parkId} order by year desc limit 1`,
  );
  return r ? { year: r.year, open: r.status === 'open' } : null;
}
