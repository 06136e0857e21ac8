import { isDataRace } from '../../../platform/db/errors';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { importJobs, people } from '../../../platform/db/schema/index';
import { queryRows } from '../../../platform/db/rows';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { ImportError, ImportJob, ImportKind } from '../../../../common/contracts/imports';
import { AppError, conflict } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { subjectInScope } from '../../../access/scope';
import { peopleImportScopes, personSubject, type PersonKind } from '../../people/policy';
import { numberLabel } from '../../people/fields';
import { refreshPeopleStats } from '../../people/queries';
import type { ImportField } from '../columns';
import { presentJob, type JobRow } from '../presenter';
import { progress } from '../progress';
import { findExisting, jsonList, loadJob } from '../queries';
import type { ImportRow, StoredRows } from '../validate';
import { ImportConflict } from './conflict';
import { writeOrgRows } from './orgImport';

const BATCH_SIZE = 500;
const ANALYZE_AFTER_ROWS = 1000;

/** Columns changed on an existing person: only those the file had; an empty cell keeps the old value. */
function updateSet(fields: ImportField[]): Record<string, SQL> {
  const keep = (name: string) => sql.raw(`coalesce(excluded.${name}, "people"."${name}")`);
  const set: Record<string, SQL> = {
    name: sql.raw('excluded.name'),
    namePinyin: sql.raw('excluded.name_pinyin'),
    nameInitials: sql.raw('excluded.name_initials'),
    schoolId: sql.raw('excluded.school_id'),
    // A new unit, or none when the person moves school without one; otherwise the current unit.
    unitId: sql.raw(
      'case when excluded.unit_id is not null then excluded.unit_id when excluded.school_id is distinct from "people"."school_id" then null else "people"."unit_id" end',
    ),
    updatedAt: sql`now()`,
  };
  const plain: Partial<Record<ImportField, [string, string][]>> = {
    gender: [['gender', 'gender']],
    birthDate: [['birthDate', 'birth_date']],
    ethnicity: [['ethnicity', 'ethnicity']],
    title: [['title', 'title']],
    hireDate: [['hireDate', 'hire_date']],
    leagueJoinedOn: [['leagueJoinedOn', 'league_joined_on']],
    guardianName: [['guardianName', 'guardian_name']],
    idNumber: [
      ['idNumberEnc', 'id_number_enc'],
      ['idNumberHash', 'id_number_hash'],
      ['idNumberMasked', 'id_number_masked'],
    ],
    phone: [
      ['phoneEnc', 'phone_enc'],
      ['phoneHash', 'phone_hash'],
      ['phoneMasked', 'phone_masked'],
    ],
    guardianPhone: [
      ['guardianPhoneEnc', 'guardian_phone_enc'],
      ['guardianPhoneMasked', 'guardian_phone_masked'],
    ],
  };
  for (const f of fields) {
    for (const [prop, col] of plain[f] ?? []) set[prop] = keep(col);
  }
  // An ID number also fixes birth date and gender (derived when their columns are absent).
  if (fields.includes('idNumber')) {
    set.gender ??= keep('gender');
    set.birthDate ??= keep('birth_date');
  }
  if (fields.includes('isCadre')) set.isCadre = sql.raw('excluded.is_cadre');
  if (fields.includes('isLeagueMember')) {
    set.isLeagueMember = sql.raw('excluded.is_league_member');
    // No longer a League member: no 入团日期 either.
    set.leagueJoinedOn = sql.raw(
      'case when excluded.is_league_member then coalesce(excluded.league_joined_on, "people"."league_joined_on") end',
    );
  }
  return set;
}

/** Writes a validated job in one transaction: all rows or none. */
export async function commitImport(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
): Promise<ImportJob> {
  const job = await loadJob(db, actor, id);
  // Claim the job atomically, so two clicks (or two instances) never write it twice.
  const [claimed] = await db
    .update(importJobs)
    .set({ status: 'committing', updatedAt: new Date() })
    .where(
      and(
        eq(importJobs.id, job.id),
        sql`(${importJobs.status} = 'validated' or (${importJobs.status} = 'committing' and ${importJobs.updatedAt} < now() - interval '15 minutes'))`,
      ),
    )
    .returning();
  if (!claimed) {
    const message =
      job.status === 'invalid'
        ? '该文件有错误，不能导入：请修改后重新上传'
        : job.status === 'committed'
          ? '该文件已经导入过了'
          : job.status === 'committing'
            ? '该文件正在导入中'
            : '该导入任务已失败，请重新上传文件';
    throw conflict('IMPORT_NOT_COMMITTABLE', message);
  }
  const kind = claimed.kind as ImportKind;
  const total = claimed.totalRows;
  progress.set(id, { done: 0, total });
  const onProgress = (done: number) => progress.set(id, { done, total });
  try {
    const committed = await db.transaction(async (tx) => {
      const written =
        kind === 'org'
          ? await writeOrgRows(tx, ctx, actor, claimed, onProgress)
          : await writePeople(tx, ctx, actor, claimed, kind, onProgress);
      const [done] = await tx
        .update(importJobs)
        .set({
          status: 'committed',
          rows: null,
          toCreate: written.created,
          toUpdate: written.updated,
          progressDone: total,
          progressTotal: total,
          committedAt: new Date(),
          updatedAt: new Date(),
        })
        .where(eq(importJobs.id, id))
        .returning();
      return done!;
    });
    if (kind !== 'org' && total >= ANALYZE_AFTER_ROWS) await refreshPeopleStats(db);
    return presentJob(committed);
  } catch (caught) {
    // The transaction rolled back: nothing of the file was written. Say why, and close the job.
    const err = isDataRace(caught)
      ? new AppError(
          409,
          'IMPORT_CONFLICT',
          '上传后组织架构或人员数据已有变化，未导入任何数据，请重新上传文件',
        )
      : caught;
    const message =
      err instanceof AppError ? err.message : '写入数据库时出错，未导入任何数据，请稍后重新上传';
    const errors = err instanceof ImportConflict ? err.errors : [{ row: 0, column: '', message }];
    await db
      .update(importJobs)
      .set({ status: 'failed', rows: null, errors, progressDone: 0, updatedAt: new Date() })
      .where(eq(importJobs.id, id));
    if (err instanceof AppError) throw err;
    throw new AppError(500, 'IMPORT_FAILED', message);
  } finally {
    progress.delete(id);
  }
}

/** Upserts a people job's rows keyed by (park, kind, 工号/学号) in multi-row batches; one audit row for the file. */
async function writePeople(
  tx: Db,
  ctx: RequestContext,
  actor: Actor,
  claimed: JobRow,
  kind: PersonKind,
  onProgress: (done: number) => void,
) {
  const stored = claimed.rows as StoredRows | null;
  const rows = stored?.rows ?? [];
  await assertStillValid(tx, actor, kind, rows);
  const set = updateSet(stored?.fields ?? []);
  const created: string[] = [];
  const updated: string[] = [];
  for (let i = 0; i < rows.length; i += BATCH_SIZE) {
    const batch = rows.slice(i, i + BATCH_SIZE);
    const written = await tx
      .insert(people)
      .values(batch.map(({ row: _row, existingId: _e, ...r }) => ({ ...r, parkId: actor.parkId, kind })))
      .onConflictDoUpdate({ target: [people.parkId, people.kind, people.number], set })
      .returning({ number: people.number, inserted: sql<boolean>`(xmax::text = '0')` });
    for (const w of written) (w.inserted ? created : updated).push(w.number);
    onProgress(Math.min(i + BATCH_SIZE, rows.length));
  }
  await audit(tx, ctx, {
    action: 'imports.job.commit',
    entityType: 'importJob',
    entityId: claimed.id,
    after: {
      kind,
      fileName: claimed.fileName,
      fileSha256: claimed.fileSha256,
      uploadedBy: claimed.createdBy,
      totalRows: rows.length,
      created: created.length,
      updated: updated.length,
      createdNumbers: created,
      updatedNumbers: updated,
    },
  });
  return { created: created.length, updated: updated.length };
}

/** Between upload and commit someone may have taken a 工号/学号 or ID number: check again, in the transaction. */
async function assertStillValid(tx: Db, actor: Actor, kind: PersonKind, rows: ImportRow[]) {
  const label = numberLabel(kind);
  const hashes = rows.map((r) => r.idNumberHash).filter((h): h is string => !!h);
  const errors: ImportError[] = [];
  if (hashes.length) {
    const holders = await queryRows<{ hash: string; kind: string; number: string }>(
      tx,
      sql`select id_number_hash as hash, kind, number from people
          where park_id = ${actor.parkId} and id_number_hash in ${jsonList(hashes)}`,
    );
    const byHash = new Map(holders.map((h) => [h.hash, h]));
    for (const r of rows) {
      const h = r.idNumberHash ? byHash.get(r.idNumberHash) : undefined;
      if (h && (h.kind !== kind || h.number !== r.number))
        errors.push({ row: r.row, column: '身份证号', message: '该身份证号已登记在其他人员名下' });
    }
  }
  const created = rows.filter((r) => !r.existingId).map((r) => r.number);
  if (created.length) {
    const taken = await findExisting(tx, actor.parkId, kind, created);
    const scopes = peopleImportScopes(actor);
    for (const r of rows) {
      const ex = taken.get(r.number);
      const subject = ex
        ? personSubject({
            parkId: actor.parkId,
            id: ex.id,
            kind,
            schoolId: ex.schoolId,
            unitId: ex.unitId,
            branchId: ex.branchId,
          })
        : null;
      if (subject && !subjectInScope(scopes, subject, actor))
        errors.push({ row: r.row, column: label, message: `该${label}已被其他学校的人员使用` });
    }
  }
  if (errors.length)
    throw new ImportConflict(
      errors,
      '上传后数据已有变化（工号/学号或身份证号被占用），未导入任何数据，请重新上传文件',
    );
}
