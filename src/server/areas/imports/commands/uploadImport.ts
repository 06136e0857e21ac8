import crypto from 'node:crypto';
import type { Db } from '../../../platform/db/client';
import { importJobs } from '../../../platform/db/schema/index';
import type { ImportError, ImportJob } from '../../../../common/contracts/imports';
import { forbidden } from '../../../errors';
import type { FieldCipher } from '../../../platform/crypto';
import type { Actor } from '../../../access/actor';
import { canImportPeople, type PersonKind } from '../../people/policy';
import { columnFor, IMPORT_COLUMNS } from '../columns';
import { readSheet } from '../parse';
import { presentJob } from '../presenter';
import { validateSheet } from '../validate';

/**
 * Spreadsheet import of staff and students, in two steps.
 *
 * 1. Upload: every row is parsed and validated (fields, org names, permission, duplicates inside the
 *    file and against the database). Any error → the job is 'invalid' with a per-row report and
 *    nothing can be written. Otherwise 'validated', holding the normalised rows (sensitive numbers
 *    already sealed) and the create / update counts.
 * 2. Commit: one transaction upserts every row keyed by (park, kind, 工号/学号), in multi-row
 *    batches, and writes one audit row for the import. All or nothing.
 *
 * Progress while committing lives in memory of the instance doing it (progress.ts): the
 * writing transaction cannot publish it in the database before it commits, and on PGlite a second
 * connection does not exist. GET /imports/:id merges it in; another instance sees the job's stored
 * progress (0 until the commit ends). On PGlite the single connection is held by the commit, so a
 * poll is answered only once the commit is done.
 */

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const MAX_REPORTED_ERRORS = 1000;

/** Parses and validates an uploaded file and stores the outcome as an import job. */
export async function uploadImport(
  db: Db,
  cipher: FieldCipher,
  actor: Actor,
  kind: PersonKind,
  file: { fileName: string; buffer: Buffer },
): Promise<ImportJob> {
  if (!canImportPeople(actor)) throw forbidden('没有导入人员的权限');
  const columns = IMPORT_COLUMNS[kind];
  const sheet = await readSheet(file.buffer, file.fileName, (cells) =>
    cells.some((c) => columnFor(kind, c)?.field === 'number'),
  );
  const { errors, stored, toCreate, toUpdate } = await validateSheet(db, cipher, actor, kind, columns, sheet);
  const fileSha256 = crypto.createHash('sha256').update(file.buffer).digest('hex');
  const invalid = errors.length > 0;
  const [job] = await db
    .insert(importJobs)
    .values({
      parkId: actor.parkId,
      kind,
      createdBy: actor.accountId,
      fileName: file.fileName.slice(0, 200),
      fileSha256,
      status: invalid ? 'invalid' : 'validated',
      totalRows: sheet.rows.length,
      toCreate: invalid ? 0 : toCreate,
      toUpdate: invalid ? 0 : toUpdate,
      errors: reportable(errors),
      rows: invalid ? null : stored,
      progressDone: 0,
      progressTotal: sheet.rows.length,
    })
    .returning();
  return presentJob(job!);
}

/** At most MAX_REPORTED_ERRORS errors, and a line saying how many there were in all. */
export function reportable(errors: ImportError[]): ImportError[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  return [
    ...errors.slice(0, MAX_REPORTED_ERRORS),
    { row: 0, column: '', message: `共 ${errors.length} 处错误，仅列出前 ${MAX_REPORTED_ERRORS} 处` },
  ];
}
