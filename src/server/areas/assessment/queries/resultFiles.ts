import { and, desc, eq, sql } from 'drizzle-orm';
import { todayInShanghai } from '../../../../common/dates';
import type { Actor } from '../../../access/actor';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { vanguardNominations, vanguardObjections } from '../../../platform/db/schema/index';
import { notFound } from '../../../errors';
import { certificatesPdf, plaqueListPdf } from '../certificates';
import { presentObjection } from '../commands/results';
import { memberScope } from './scope';
import { reviewScopes } from '../policy';
import { nominationsOfYear } from './results';

/** The general branch's name as it signs certificates (the park's general-branch node). */
async function issuerOf(db: Db, parkId: string) {
  const [r] = await queryRows<{ name: string }>(
    db,
    sql`select name from org_nodes where park_id = ${parkId} and kind = 'generalBranch' order by sort_order limit 1`,
  );
  return r?.name ?? '党总支';
}

/** Certificates of the awarded vanguards the actor reviews (one, when `id` is given). */
export async function certificatesFile(db: Db, actor: Actor, year: number, id?: string) {
  const ids = new Set(
    (
      await queryRows<{ id: string }>(
        db,
        sql`select n.id from vanguard_nominations n join memberships on memberships.person_id = n.person_id
              join people on people.id = n.person_id
            where n.park_id = ${actor.parkId} and n.year = ${year} and n.status = 'awarded'
              and ${memberScope(actor, reviewScopes(actor))} ${id ? sql`and n.id = ${id}` : sql``}`,
      )
    ).map((r) => r.id),
  );
  const rows = (await nominationsOfYear(db, actor.parkId, year, ['awarded'])).filter((r) => ids.has(r.id));
  if (!rows.length)
    throw notFound(id ? '未找到该先锋岗的证书（须已授牌）' : `${year} 年度还没有已授牌的先锋岗`);
  const issuer = await issuerOf(db, actor.parkId);
  const issuedOn = rows[0]!.awarded_at
    ? new Date(rows[0]!.awarded_at).toISOString().slice(0, 10)
    : todayInShanghai();
  const body = await certificatesPdf(
    rows.map((r) => ({ name: r.name, post: r.post, year, issuer, issuedOn })),
    `${year} 年度党员先锋岗荣誉证书`,
  );
  return {
    type: 'application/pdf',
    fileName: rows.length === 1 ? `${year}年度先锋岗证书-${rows[0]!.name}.pdf` : `${year}年度先锋岗证书.pdf`,
    body: Buffer.from(body),
  };
}

export async function plaqueListFile(db: Db, actor: Actor, year: number) {
  const rows = await nominationsOfYear(db, actor.parkId, year, ['awarded']);
  const issuer = await issuerOf(db, actor.parkId);
  const body = await plaqueListPdf(
    rows.map((r) => ({
      name: r.name,
      school: r.school_name,
      branch: r.branch_name,
      post: r.post,
      score: r.score_x10 / 10,
      band: r.band,
    })),
    `${year} 年度党员先锋岗挂牌名单`,
    issuer,
    todayInShanghai(),
  );
  return { type: 'application/pdf', fileName: `${year}年度先锋岗挂牌名单.pdf`, body: Buffer.from(body) };
}

export async function listObjections(db: Db, actor: Actor, q: { year: number; status?: string }) {
  const rows = await db
    .select({
      o: vanguardObjections,
      name: sql<string>`(select name from people where id = ${vanguardNominations.personId})`,
    })
    .from(vanguardObjections)
    .innerJoin(vanguardNominations, eq(vanguardNominations.id, vanguardObjections.nominationId))
    .where(
      and(
        eq(vanguardObjections.parkId, actor.parkId),
        eq(vanguardNominations.year, q.year),
        q.status ? eq(vanguardObjections.status, q.status) : undefined,
      ),
    )
    .orderBy(sql`(${vanguardObjections.status} = 'open') desc`, desc(vanguardObjections.createdAt));
  return { items: rows.map((r) => presentObjection(r.o, r.name)) };
}
