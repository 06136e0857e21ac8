import crypto from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { EvidenceInput, EvidenceView } from '../../../../common/contracts/assessment';
import type { Actor } from '../../../access/actor';
import type { RequestContext } from '../../../context';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../../errors';
import { audit } from '../../../platform/audit';
import type { Db } from '../../../platform/db/client';
import { assessmentEvidence, assessmentEvidenceFiles, people } from '../../../platform/db/schema/index';
import type { Storage } from '../../../platform/storage';
import type { MemberRow } from '../../members/memberRecords';
import { canReadPerson } from '../../people/policy';
import { memberSubject, readableMember, selfMember } from '../members';
import { canReview, isSelf } from '../policy';
import {
  canEditEvidence,
  canVerifyEvidence,
  getEvidence,
  readableEvidence,
  type EvidenceRow,
} from '../queries/evidence';
import { evidenceProblems, proofTypeOf } from '../rules/evidence';
import { startScoring } from '../schemes';

/**
 * Evidence (佐证材料) for the annual assessment, RULES.md §6: filed by the member or by their
 * reviewer on their behalf; verified or returned (with a reason) by the reviewer, never by the
 * member themself; verified evidence scores by the scheme and is locked. The first verification
 * of a year starts scoring, which freezes the scheme (schemes.ts).
 */

export const MAX_PROOF_BYTES = 10 * 1024 * 1024;
export const MAX_PROOFS = 10;

function assertComplete(input: EvidenceInput, year: number) {
  const fields = evidenceProblems(input, year);
  const first = Object.values(fields)[0];
  if (first) throw badRequest('EVIDENCE_INCOMPLETE', first, fields);
}

/** Coached students must be students of the park. */
async function assertStudents(tx: Db, parkId: string, ids: readonly string[]) {
  if (!ids.length) return;
  const found = await tx
    .select({ id: people.id })
    .from(people)
    .where(and(inArray(people.id, [...ids]), eq(people.parkId, parkId), eq(people.kind, 'student')));
  if (found.length !== new Set(ids).size)
    throw badRequest('INVALID_STUDENT', '所选学生不存在或不是本园区学生', {
      studentIds: '请从本园区学生中选择',
    });
}

/** Of `ids`, the students the actor may not read (people.read). */
async function hiddenStudents(tx: Db, actor: Actor, ids: readonly string[]) {
  if (!ids.length) return [];
  const rows = await tx
    .select()
    .from(people)
    .where(and(inArray(people.id, [...ids]), eq(people.parkId, actor.parkId)));
  return rows
    .filter((s) => !canReadPerson(actor, { ...s, kind: s.kind as 'staff' | 'student', branchId: null }))
    .map((s) => s.id);
}

const cleanDetails = (input: EvidenceInput) =>
  Object.fromEntries(
    Object.entries(input.details).filter(([, v]) => v !== null && v !== undefined && v !== ''),
  );

export async function createEvidence(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  input: EvidenceInput & { year: number; personId?: string },
): Promise<EvidenceView> {
  let m: MemberRow;
  if (!input.personId || isSelf(actor, input.personId)) {
    m = await selfMember(db, actor);
    if (input.kind === 'deduction') throw forbidden('扣分由支部登记，党员本人不能登记扣分');
  } else {
    m = await readableMember(db, actor, input.personId);
    if (!canReview(actor, memberSubject(m))) throw forbidden('没有权限为该党员登记材料');
  }
  assertComplete(input, input.year);
  const id = await db.transaction(async (tx) => {
    await assertStudents(tx, actor.parkId, input.studentIds);
    const [row] = await tx
      .insert(assessmentEvidence)
      .values({
        parkId: actor.parkId,
        year: input.year,
        personId: m.id,
        branchId: m.branchId,
        schoolId: m.schoolId,
        kind: input.kind,
        title: input.title,
        level: input.level ?? null,
        rank: input.rank ?? null,
        occurredOn: input.occurredOn,
        details: cleanDetails(input),
        studentIds: input.studentIds,
        recordedBy: actor.accountId,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'assessment.evidence.create',
      entityType: 'assessmentEvidence',
      entityId: row!.id,
      after: row,
    });
    return row!.id;
  });
  return getEvidence(db, actor, id);
}

/** Loads an item for a write under a row lock, with its member; 404 when the actor cannot read it. */
async function lockEvidence(tx: Db, actor: Actor, id: string) {
  const { member } = await readableEvidence(tx, actor, id);
  const [row] = await tx.select().from(assessmentEvidence).where(eq(assessmentEvidence.id, id)).for('update');
  return { row: row!, member };
}

const notEditable = (row: EvidenceRow) =>
  row.status === 'verified'
    ? conflict('EVIDENCE_VERIFIED', '材料已审核通过并计分，不能再修改；如有错误请联系支部撤回')
    : conflict('EVIDENCE_WITHDRAWN', '材料已撤回，不能修改；请重新登记');

export async function updateEvidence(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: EvidenceInput,
): Promise<EvidenceView> {
  await db.transaction(async (tx) => {
    const { row, member } = await lockEvidence(tx, actor, id);
    if (row.status === 'verified' || row.status === 'withdrawn') throw notEditable(row);
    if (!canEditEvidence(actor, row, member)) throw forbidden('没有权限修改该材料');
    if (input.kind === 'deduction' && !canReview(actor, memberSubject(member)))
      throw forbidden('扣分由支部登记，党员本人不能登记扣分');
    assertComplete(input, row.year);
    // Coached students the editor may not see were not on their form: keep them.
    const hidden = await hiddenStudents(tx, actor, row.studentIds);
    const studentIds = [...new Set([...input.studentIds, ...hidden])];
    await assertStudents(tx, actor.parkId, input.studentIds);
    const [after] = await tx
      .update(assessmentEvidence)
      .set({
        kind: input.kind,
        title: input.title,
        level: input.level ?? null,
        rank: input.rank ?? null,
        occurredOn: input.occurredOn,
        details: cleanDetails(input),
        studentIds,
        status: 'submitted',
        returnReason: null,
        updatedAt: new Date(),
      })
      .where(eq(assessmentEvidence.id, id))
      .returning();
    await audit(tx, ctx, {
      action: 'assessment.evidence.update',
      entityType: 'assessmentEvidence',
      entityId: id,
      before: row,
      after,
    });
  });
  return getEvidence(db, actor, id);
}

export async function verifyEvidence(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const { row, member } = await lockEvidence(tx, actor, id);
    if (isSelf(actor, row.personId)) throw forbidden('不能审核本人的材料，请由支部其他负责人或党总支审核');
    if (!canReview(actor, memberSubject(member))) throw forbidden('没有权限审核该党员的材料');
    if (!canVerifyEvidence(actor, row, member))
      throw conflict(
        'EVIDENCE_NOT_PENDING',
        `该材料${row.status === 'verified' ? '已审核通过' : '不在待审核状态'}`,
      );
    await startScoring(tx, ctx, actor, row.year, 'evidence');
    await tx
      .update(assessmentEvidence)
      .set({
        status: 'verified',
        verifiedBy: actor.accountId,
        verifiedAt: new Date(),
        returnReason: null,
        updatedAt: new Date(),
      })
      .where(eq(assessmentEvidence.id, id));
    await audit(tx, ctx, {
      action: 'assessment.evidence.verify',
      entityType: 'assessmentEvidence',
      entityId: id,
      before: { status: row.status },
      after: { status: 'verified' },
    });
  });
  return getEvidence(db, actor, id);
}

export async function returnEvidence(db: Db, ctx: RequestContext, actor: Actor, id: string, reason: string) {
  await db.transaction(async (tx) => {
    const { row, member } = await lockEvidence(tx, actor, id);
    if (isSelf(actor, row.personId)) throw forbidden('不能审核本人的材料');
    if (!canReview(actor, memberSubject(member))) throw forbidden('没有权限审核该党员的材料');
    if (row.status !== 'submitted') throw conflict('EVIDENCE_NOT_PENDING', '该材料不在待审核状态，不能退回');
    await tx
      .update(assessmentEvidence)
      .set({ status: 'returned', returnReason: reason, updatedAt: new Date() })
      .where(eq(assessmentEvidence.id, id));
    await audit(tx, ctx, {
      action: 'assessment.evidence.return',
      entityType: 'assessmentEvidence',
      entityId: id,
      before: { status: row.status },
      after: { status: 'returned', returnReason: reason },
    });
  });
  return getEvidence(db, actor, id);
}

/**
 * Takes an item out of scoring: its member while it is not verified; a reviewer at any time (a
 * verified item found wrong). Withdrawn items stay on record.
 */
export async function withdrawEvidence(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const { row, member } = await lockEvidence(tx, actor, id);
    if (row.status === 'withdrawn') throw conflict('EVIDENCE_WITHDRAWN', '材料已撤回');
    const reviewer = canReview(actor, memberSubject(member));
    if (!reviewer && !(isSelf(actor, row.personId) && row.status !== 'verified'))
      throw row.status === 'verified'
        ? conflict('EVIDENCE_VERIFIED', '材料已审核通过并计分，只能由支部撤回')
        : forbidden('没有权限撤回该材料');
    await tx
      .update(assessmentEvidence)
      .set({ status: 'withdrawn', updatedAt: new Date() })
      .where(eq(assessmentEvidence.id, id));
    await audit(tx, ctx, {
      action: 'assessment.evidence.withdraw',
      entityType: 'assessmentEvidence',
      entityId: id,
      before: { status: row.status },
      after: { status: 'withdrawn' },
    });
  });
  return getEvidence(db, actor, id);
}

export async function addProof(
  db: Db,
  storage: Storage,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  upload: { fileName: string; buffer: Buffer },
) {
  const type = proofTypeOf(upload.buffer);
  if (!type) throw new AppError(415, 'UNSUPPORTED_FILE_TYPE', '佐证附件只能是 PDF、JPG 或 PNG 文件');
  const key = `assessment/evidence/${crypto.randomUUID()}`;
  await storage.put(key, upload.buffer);
  try {
    await db.transaction(async (tx) => {
      const { row, member } = await lockEvidence(tx, actor, id);
      if (row.status === 'verified' || row.status === 'withdrawn') throw notEditable(row);
      if (!canEditEvidence(actor, row, member)) throw forbidden('没有权限为该材料上传附件');
      const [{ n } = { n: 0 }] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(assessmentEvidenceFiles)
        .where(eq(assessmentEvidenceFiles.evidenceId, id));
      if (n >= MAX_PROOFS) throw conflict('TOO_MANY_FILES', `每份材料最多 ${MAX_PROOFS} 个附件`);
      const [f] = await tx
        .insert(assessmentEvidenceFiles)
        .values({
          parkId: actor.parkId,
          evidenceId: id,
          storageKey: key,
          filename: upload.fileName.slice(0, 200),
          contentType: type,
          size: upload.buffer.length,
          createdBy: actor.accountId,
        })
        .returning();
      await audit(tx, ctx, {
        action: 'assessment.evidence.fileAdd',
        entityType: 'assessmentEvidence',
        entityId: id,
        after: { fileId: f!.id, filename: f!.filename, size: f!.size },
      });
    });
  } catch (err) {
    await storage.delete(key).catch(() => undefined);
    throw err;
  }
  return getEvidence(db, actor, id);
}

export async function removeProof(
  db: Db,
  storage: Storage,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  fileId: string,
) {
  const key = await db.transaction(async (tx) => {
    const { row, member } = await lockEvidence(tx, actor, id);
    if (row.status === 'verified' || row.status === 'withdrawn') throw notEditable(row);
    if (!canEditEvidence(actor, row, member)) throw forbidden('没有权限删除该材料的附件');
    const [f] = await tx
      .delete(assessmentEvidenceFiles)
      .where(and(eq(assessmentEvidenceFiles.id, fileId), eq(assessmentEvidenceFiles.evidenceId, id)))
      .returning();
    if (!f) throw notFound('未找到该附件');
    await audit(tx, ctx, {
      action: 'assessment.evidence.fileRemove',
      entityType: 'assessmentEvidence',
      entityId: id,
      before: { fileId: f.id, filename: f.filename },
    });
    return f.storageKey;
  });
  await storage.delete(key).catch(() => undefined);
  return getEvidence(db, actor, id);
}

/** A proof file the actor may read (whoever reads the evidence). */
export async function proofFile(db: Db, storage: Storage, actor: Actor, id: string, fileId: string) {
  await readableEvidence(db, actor, id);
  const [f] = await db
    .select()
    .from(assessmentEvidenceFiles)
    .where(and(eq(assessmentEvidenceFiles.id, fileId), eq(assessmentEvidenceFiles.evidenceId, id)));
  const body = f ? await storage.read(f.storageKey) : null;
  if (!f || !body) throw notFound('未找到该附件');
  return { type: f.contentType, fileName: f.filename, body };
}
