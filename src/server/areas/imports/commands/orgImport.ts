import crypto from 'node:crypto';
import type { Db } from '../../../platform/db/client';
import { importJobs, orgNodes } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import type { ImportError, ImportJob, OrgImportPreviewRow } from '../../../../common/contracts/imports';
import { orgContracts } from '../../../../common/contracts/org';
import { ORG_KIND_LABELS } from '../../../../common/orgTree';
import { forbidden, unprocessable } from '../../../errors';
import { canWriteOrgNode } from '../../org/policy';
import { columnIn } from '../columns';
import {
  IMPORTABLE_ORG_KINDS,
  ORG_IMPORT_COLUMNS,
  PATH_SEPARATOR,
  orgKindOf,
  type OrgImportField,
} from '../orgColumns';
import { planOrgImport, type OrgImportInput, type OrgPlan, type PlannedOrgNode } from '../orgPlan';
import { readSheet, type Cell, type SheetData } from '../parse';
import { canImportOrg } from '../policy';
import { presentJob, type JobRow } from '../presenter';
import { loadOrgNodes } from '../queries';
import { plainText } from '../values';
import { ImportConflict } from './conflict';
import { reportable } from './uploadImport';

/**
 * The organisation tree from a spreadsheet, on the imports area's two steps (uploadImport.ts):
 * the upload reads every row, places it against the tree and the rest of the file (orgPlan.ts) and
 * stores the report and a preview; the commit (commitImport.ts → writeOrgRows) places the rows
 * again against the tree as it is then, inside the transaction, and creates the new nodes exactly
 * as the org area's create command does (newNodeValues), one audit row per node.
 */

/** A park's tree is hundreds of nodes; a file far larger than that is a mistake, not a tree. */
export const MAX_ORG_IMPORT_ROWS = 2000;

interface StoredOrgRows {
  /** The file's header for each column, so the commit reports errors under the same names. */
  columns: Partial<Record<OrgImportField, string>>;
  input: OrgImportInput[];
  preview: OrgImportPreviewRow[];
}

const nameSchema = orgContracts.create.body.shape.name;
const codeSchema = orgContracts.create.body.shape.code;
const MAX_SORT_ORDER = 100_000;

/** Parses and checks an org tree file and stores the outcome as an import job; writes no node. */
export async function uploadOrgImport(
  db: Db,
  actor: Actor,
  file: { fileName: string; buffer: Buffer },
): Promise<ImportJob> {
  if (!canImportOrg(actor)) throw forbidden('没有导入组织架构的权限');
  const sheet = await readSheet(file.buffer, file.fileName, (cells) =>
    cells.some((c) => columnIn(ORG_IMPORT_COLUMNS, c)?.field === 'kind'),
  );
  if (sheet.rows.length > MAX_ORG_IMPORT_ROWS)
    throw unprocessable(
      'TOO_MANY_ROWS',
      `组织架构一次最多导入 ${MAX_ORG_IMPORT_ROWS} 行，请把文件拆分后分批导入`,
    );
  const { errors, stored, toCreate } = await checkOrgSheet(db, actor, sheet);
  const invalid = errors.length > 0;
  const [job] = await db
    .insert(importJobs)
    .values({
      parkId: actor.parkId,
      kind: 'org',
      createdBy: actor.accountId,
      fileName: file.fileName.slice(0, 200),
      fileSha256: crypto.createHash('sha256').update(file.buffer).digest('hex'),
      status: invalid ? 'invalid' : 'validated',
      totalRows: sheet.rows.length,
      toCreate: invalid ? 0 : toCreate,
      toUpdate: 0,
      errors: reportable(errors),
      rows: invalid ? null : stored,
      progressDone: 0,
      progressTotal: sheet.rows.length,
    })
    .returning();
  return presentJob(job!);
}

async function checkOrgSheet(db: Db, actor: Actor, sheet: SheetData) {
  const errors: ImportError[] = [];
  const at = new Map<OrgImportField, number>();
  const columns: Partial<Record<OrgImportField, string>> = {};
  sheet.header.cells.forEach((cell, index) => {
    const col = columnIn(ORG_IMPORT_COLUMNS, cell.text);
    if (!col) return;
    if (at.has(col.field))
      errors.push({
        row: sheet.header.number,
        column: cell.text,
        message: `「${col.header}」列重复`,
        code: 'DUPLICATE_COLUMN',
      });
    else {
      at.set(col.field, index);
      columns[col.field] = cell.text;
    }
  });
  const looksLikePeople = sheet.header.cells.some((c) =>
    ['工号', '学号'].includes(c.text.replace(/\s|\*/g, '')),
  );
  for (const col of ORG_IMPORT_COLUMNS.filter((c) => c.required && !at.has(c.field)))
    errors.push({
      row: sheet.header.number,
      column: col.header,
      message: `缺少「${col.header}」列${looksLikePeople ? '（这似乎是人员名单，请在对应的导入入口上传）' : '，请使用下载的模板'}`,
      code: 'MISSING_COLUMN',
    });
  const empty = { columns, input: [], preview: [] } satisfies StoredOrgRows;
  if (errors.length) return { errors, stored: empty, toCreate: 0 };
  if (!sheet.rows.length) {
    errors.push({ row: sheet.header.number + 1, column: '', message: '表格中没有数据行', code: 'NO_ROWS' });
    return { errors, stored: empty, toCreate: 0 };
  }

  const column = (f: OrgImportField) => columns[f] ?? ORG_IMPORT_COLUMNS.find((c) => c.field === f)!.header;
  const blank: Cell = { text: '', numeric: false };
  const input: OrgImportInput[] = [];
  for (const r of sheet.rows) {
    const text = (f: OrgImportField) => {
      const index = at.get(f);
      return index === undefined ? '' : plainText(r.cells[index] ?? blank);
    };
    const err = (f: OrgImportField, code: string, message: string) =>
      errors.push({ row: r.number, column: column(f), message, code });

    const name = text('name');
    let nameOk = true;
    if (!name) {
      err('name', 'NAME_REQUIRED', '请填写名称');
      nameOk = false;
    } else if (PATH_SEPARATOR.test(name)) {
      err('name', 'NAME_HAS_SLASH', '名称中不能含有“/”（“/”用来分隔上级的路径）');
      nameOk = false;
    } else {
      const checked = nameSchema.safeParse(name);
      if (!checked.success) {
        err('name', name.length > 100 ? 'NAME_TOO_LONG' : 'NAME_INVALID', checked.error.issues[0]!.message);
        nameOk = false;
      }
    }

    const kindText = text('kind');
    const kind = kindText ? orgKindOf(kindText) : undefined;
    const importable = kind && (IMPORTABLE_ORG_KINDS as readonly string[]).includes(kind);
    if (!kindText) err('kind', 'KIND_REQUIRED', '请填写类型');
    else if (!kind)
      err(
        'kind',
        'KIND_UNKNOWN',
        `类型「${kindText}」不正确，只能填写：${IMPORTABLE_ORG_KINDS.map((k) => ORG_KIND_LABELS[k]).join(' / ')}`,
      );
    else if (!importable)
      err('kind', 'KIND_NOT_IMPORTABLE', `${ORG_KIND_LABELS[kind]}由系统建立，不能导入；请把它留作上级`);

    const code = text('code');
    const codeChecked = codeSchema.safeParse(code);
    if (!codeChecked.success) err('code', 'CODE_INVALID', codeChecked.error.issues[0]!.message);

    const sortText = text('sortOrder');
    let sortOrder = 0;
    if (sortText) {
      if (/^\d+$/.test(sortText) && Number(sortText) <= MAX_SORT_ORDER) sortOrder = Number(sortText);
      else err('sortOrder', 'SORT_ORDER_INVALID', `排序须为 0 到 ${MAX_SORT_ORDER} 之间的整数`);
    }

    const parent = text('parent')
      .split(PATH_SEPARATOR)
      .map((s) => s.trim())
      .filter(Boolean);
    // A row without a usable name cannot be anyone's parent; its error is reported above.
    if (nameOk)
      input.push({
        row: r.number,
        name,
        kind: importable ? kind : null,
        parent,
        code: code || null,
        sortOrder,
      });
  }

  const plan = await placeRows(db, actor, input, column);
  errors.push(...plan.errors);
  errors.sort((a, b) => a.row - b.row);
  const preview: OrgImportPreviewRow[] = plan.nodes
    .map((n) => ({
      row: n.row,
      name: n.name,
      kind: n.kind,
      kindLabel: ORG_KIND_LABELS[n.kind],
      parentPath: n.parentNames.join(' / '),
      action: n.action,
    }))
    .sort((a, b) => a.row - b.row);
  return {
    errors,
    stored: { columns, input, preview } satisfies StoredOrgRows,
    toCreate: plan.nodes.filter((n) => n.action === 'create').length,
  };
}

/** The rows placed against the park's tree as `db` sees it, each checked where the actor may write. */
async function placeRows(
  db: Db,
  actor: Actor,
  input: OrgImportInput[],
  column: (f: OrgImportField) => string,
): Promise<OrgPlan> {
  return planOrgImport(input, await loadOrgNodes(db, actor.parkId), {
    parkId: actor.parkId,
    canWrite: (path) => canWriteOrgNode(actor, { parkId: actor.parkId, path }),
    column,
  });
}

const BATCH_SIZE = 500;

/**
 * The commit of an org job, inside its transaction: the rows are placed again against the tree as
 * it is now (someone may have added, moved or disabled nodes since the upload), then every new node
 * is inserted, parents before children, with one audit row each.
 */
export async function writeOrgRows(
  tx: Db,
  ctx: RequestContext,
  actor: Actor,
  job: JobRow,
  onProgress: (done: number) => void,
): Promise<{ created: number; updated: number }> {
  const stored = job.rows as StoredOrgRows | null;
  const input = stored?.input ?? [];
  const column = (f: OrgImportField) =>
    stored?.columns[f] ?? ORG_IMPORT_COLUMNS.find((c) => c.field === f)!.header;
  const plan = await placeRows(tx, actor, input, column);
  if (plan.errors.length)
    throw new ImportConflict(plan.errors, '上传后组织架构已有变化，未导入任何数据，请重新上传文件');
  const created = plan.nodes.filter((n) => n.action === 'create');
  // Level by level (paths are ids of one length, so the path's length is the depth): parents first.
  const levels = new Map<number, PlannedOrgNode[]>();
  for (const n of created) levels.set(n.path.length, [...(levels.get(n.path.length) ?? []), n]);
  let done = 0;
  for (const depth of [...levels.keys()].sort((x, y) => x - y)) {
    const level = levels.get(depth)!;
    for (let i = 0; i < level.length; i += BATCH_SIZE) {
      const batch = level.slice(i, i + BATCH_SIZE);
      const rows = await tx
        .insert(orgNodes)
        .values(
          batch.map((n) => ({
            id: n.id,
            parkId: actor.parkId,
            parentId: n.parentId,
            kind: n.kind,
            name: n.name,
            code: n.code,
            sortOrder: n.sortOrder,
            path: n.path,
            schoolId: n.schoolId,
          })),
        )
        .returning();
      for (const node of rows)
        await audit(tx, ctx, {
          action: 'org.node.import',
          entityType: 'orgNode',
          entityId: node.id,
          after: { ...node, importJobId: job.id, fileName: job.fileName },
        });
      done += batch.length;
      onProgress(done);
    }
  }
  return { created: created.length, updated: 0 };
}
