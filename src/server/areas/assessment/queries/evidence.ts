import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { EvidenceView } from '../../../../common/contracts/assessment';
import type { Actor } from '../../../access/actor';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { assessmentEvidence, assessmentEvidenceFiles, people } from '../../../platform/db/schema/index';
import { notFound } from '../../../errors';
import { loadMember, type MemberRow } from '../../members/memberRecords';
import { canReadPerson } from '../../people/policy';
import { memberSubject } from '../members';
import { canRead, canReview, isSelf, readScopes, reviewScopes } from '../policy';
import { presentEvidence } from '../presenter';
import { findScheme } from '../schemes';
import { scoreMembers } from './scores';
import { containing, memberScope } from './scope';

export type EvidenceRow = typeof assessmentEvidence.$inferSelect;

/** Who may change an item: its member or their reviewer, while it is not verified. */
export const canEditEvidence = (actor: Actor, row: EvidenceRow, m: MemberRow) =>
  (row.status === 'submitted' || row.status === 'returned') &&
  (canReview(actor, memberSubject(m)) || (isSelf(actor, row.personId) && row.kind !== 'deduction'));

/** Nobody verifies their own evidence, even with the permission over their branch. */
export const canVerifyEvidence = (actor: Actor, row: EvidenceRow, m: MemberRow) =>
  row.status === 'submitted' && !isSelf(actor, row.personId) && canReview(actor, memberSubject(m));

/** Presents items with what the reader may see of the coached students, the files and the points. */
export async function presentMany(
  db: Db,
  actor: Actor,
  rows: EvidenceRow[],
  members: Map<string, MemberRow>,
) {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const files = await db
    .select()
    .from(assessmentEvidenceFiles)
    .where(inArray(assessmentEvidenceFiles.evidenceId, ids))
    .orderBy(assessmentEvidenceFiles.createdAt);
  const studentIds = [...new Set(rows.flatMap((r) => r.studentIds))];
  const students = studentIds.length
    ? await db
        .select({
          id: people.id,
          parkId: people.parkId,
          name: people.name,
          kind: people.kind,
          schoolId: people.schoolId,
          unitId: people.unitId,
        })
        .from(people)
        .where(and(inArray(people.id, studentIds), eq(people.parkId, actor.parkId)))
    : [];
  const studentById = new Map(students.map((s) => [s.id, s]));
  const branchNames = new Map(
    (
      await queryRows<{ id: string; name: string }>(
        db,
        sql`select id, name from org_nodes where id in (${sql.join(
          [...new Set(rows.map((r) => r.branchId))].map((b) => sql`${b}::uuid`),
          sql`, `,
        )})`,
      )
    ).map((b) => [b.id, b.name]),
  );
  const byYear = new Map<number, string[]>();
  for (const r of rows) byYear.set(r.year, [...new Set([...(byYear.get(r.year) ?? []), r.personId])]);
  const points = new Map<string, number>();
  for (const [year, personIds] of byYear) {
    const scheme = await findScheme(db, actor.parkId, year);
    if (!scheme) continue;
    const batch = await scoreMembers(db, actor.parkId, year, personIds, scheme);
    for (const res of batch.results.values()) for (const [id, p] of res.pointsByEvidence) points.set(id, p);
  }
  return rows.map((r): EvidenceView => {
    const m = members.get(r.personId)!;
    const seen = r.studentIds
      .map((id) => studentById.get(id))
      .filter((s): s is NonNullable<typeof s> => !!s)
      .filter((s) =>
        canReadPerson(actor, {
          parkId: s.parkId,
          id: s.id,
          kind: s.kind as 'staff' | 'student',
          schoolId: s.schoolId,
          unitId: s.unitId,
          branchId: null,
        }),
      );
    return presentEvidence(r, {
      name: m.name,
      branchName: branchNames.get(r.branchId) ?? m.branchName,
      students: seen.map((s) => ({ id: s.id, name: s.name })),
      hiddenStudents: r.studentIds.length - seen.length,
      files: files
        .filter((f) => f.evidenceId === r.id)
        .map((f) => ({ id: f.id, filename: f.filename, contentType: f.contentType, size: f.size })),
      points: points.get(r.id) ?? (r.status === 'verified' ? 0 : null),
      canEdit: canEditEvidence(actor, r, m),
      canVerify: canVerifyEvidence(actor, r, m),
    });
  });
}

/** One item the actor may read (404 otherwise) with its member. */
export async function readableEvidence(db: Db, actor: Actor, id: string) {
  const [row] = await db
    .select()
    .from(assessmentEvidence)
    .where(and(eq(assessmentEvidence.id, id), eq(assessmentEvidence.parkId, actor.parkId)));
  const m = row ? await loadMember(db, actor.parkId, row.personId) : null;
  if (!row || !m || !canRead(actor, memberSubject(m))) throw notFound('未找到该佐证材料');
  return { row, member: m };
}

export async function getEvidence(db: Db, actor: Actor, id: string): Promise<EvidenceView> {
  const { row, member } = await readableEvidence(db, actor, id);
  return (await presentMany(db, actor, [row], new Map([[member.id, member]])))[0]!;
}

/** Evidence of the members the actor reads (their own for a member), pending first, newest first. */
export async function listEvidence(
  db: Db,
  actor: Actor,
  q: {
    year: number;
    personId?: string;
    branchId?: string;
    status?: string;
    kind?: string;
    q?: string;
    page: number;
    pageSize: number;
  },
) {
  const c: SQL[] = [
    sql`assessment_evidence.park_id = ${actor.parkId}`,
    sql`assessment_evidence.year = ${q.year}`,
    memberScope(actor, readScopes(actor)),
  ];
  if (q.personId) c.push(sql`assessment_evidence.person_id = ${q.personId}`);
  if (q.branchId) c.push(sql`memberships.branch_id = ${q.branchId}`);
  if (q.status) c.push(sql`assessment_evidence.status = ${q.status}`);
  if (q.kind) c.push(sql`assessment_evidence.kind = ${q.kind}`);
  if (q.q)
    c.push(sql`(assessment_evidence.title like ${containing(q.q)} or people.name like ${containing(q.q)})`);
  const where = sql.join(c, sql` and `);
  const from = sql`assessment_evidence join memberships on memberships.person_id = assessment_evidence.person_id
    join people on people.id = assessment_evidence.person_id`;
  const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${from} where ${where}`,
  );
  const ids = await queryRows<{ id: string }>(
    db,
    sql`select assessment_evidence.id from ${from} where ${where}
        order by (assessment_evidence.status = 'submitted') desc, assessment_evidence.created_at desc, assessment_evidence.id
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const rows = ids.length
    ? await db
        .select()
        .from(assessmentEvidence)
        .where(
          inArray(
            assessmentEvidence.id,
            ids.map((i) => i.id),
          ),
        )
    : [];
  const order = new Map(ids.map((r, i) => [r.id, i]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const members = new Map<string, MemberRow>();
  for (const p of new Set(rows.map((r) => r.personId))) {
    const m = await loadMember(db, actor.parkId, p);
    if (m) members.set(p, m);
  }
  return { items: await presentMany(db, actor, rows, members), total: n, page: q.page, pageSize: q.pageSize };
}

/**
 * The evidence waiting for the actor's verification (not their own): a count and the first few,
 * in one query — for the workbench, which needs neither files nor points.
 */
export async function verificationQueue(db: Db, actor: Actor, year: number, limit = 5) {
  const rows = await queryRows<{
    id: string;
    title: string;
    kind: EvidenceView['kind'];
    name: string;
    total: number;
  }>(
    db,
    sql`select assessment_evidence.id, assessment_evidence.title, assessment_evidence.kind, people.name,
          count(*) over ()::int as total
        from assessment_evidence join memberships on memberships.person_id = assessment_evidence.person_id
          join people on people.id = assessment_evidence.person_id
        where assessment_evidence.park_id = ${actor.parkId} and assessment_evidence.year = ${year}
          and assessment_evidence.status = 'submitted'
          and assessment_evidence.person_id is distinct from ${actor.personId}::uuid
          and ${memberScope(actor, reviewScopes(actor))}
        order by assessment_evidence.created_at desc, assessment_evidence.id
        limit ${limit}`,
  );
  return { total: rows[0]?.total ?? 0, items: rows };
}
