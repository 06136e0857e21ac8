import { z } from 'zod';
import { file, id } from '../schemas';
import { ORG_KINDS } from '../orgTree';
import { PERSON_KINDS } from './people';

/** Spreadsheet import of staff, students and the organisation tree: request and response shapes of /api/imports. */

export const IMPORT_STATUSES = ['validated', 'invalid', 'committing', 'committed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** What a file imports: people of one kind, or nodes of the organisation tree. */
export const IMPORT_KINDS = [...PERSON_KINDS, 'org'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const importError = z.object({
  row: z.number(),
  column: z.string(),
  message: z.string(),
  /** A stable UPPER_SNAKE reason, where the check has one (the org tree import). */
  code: z.string().optional(),
});
export type ImportError = z.infer<typeof importError>;

/** One row of an org tree file as it will be written: a new node, or one the tree already has. */
export const orgImportPreviewRow = z.object({
  row: z.number(),
  name: z.string(),
  kind: z.enum(ORG_KINDS),
  kindLabel: z.string(),
  /** The parent's path of names from the park down, e.g. 某园区 / 某园区党总支 / 青溪职业技术学校. */
  parentPath: z.string(),
  action: z.enum(['create', 'unchanged']),
});
export type OrgImportPreviewRow = z.infer<typeof orgImportPreviewRow>;

/** An import job: the validation report of an upload, then the outcome of its commit. */
export const importJob = z.object({
  id: z.string(),
  kind: z.enum(IMPORT_KINDS),
  fileName: z.string(),
  status: z.enum(IMPORT_STATUSES),
  totalRows: z.number(),
  toCreate: z.number(),
  toUpdate: z.number(),
  /** Rows that name what exists already (the org tree: same name, kind and parent): nothing to write. */
  unchanged: z.number(),
  errors: z.array(importError),
  progress: z.object({ done: z.number(), total: z.number() }),
  /** The org tree import, until it is committed: every row and what the commit will do with it. */
  preview: z.array(orgImportPreviewRow).optional(),
  createdAt: z.string(),
  committedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof importJob>;

const kindParams = z.object({ kind: z.enum(PERSON_KINDS, '类别只能是 staff 或 student') });
const jobParams = z.object({ id: id('导入任务编号') });
const templateQuery = z.object({
  format: z.enum(['xlsx', 'csv'], '格式只能是 xlsx 或 csv').default('xlsx'),
});

export const importsContracts = {
  template: { params: kindParams, querystring: templateQuery, response: file },
  upload: { params: kindParams, response: importJob },
  /** The organisation tree: GET /imports/templates/org and POST /imports/org. */
  orgTemplate: { querystring: templateQuery, response: file },
  orgUpload: { response: importJob },
  get: { params: jobParams, response: importJob },
  commit: { params: jobParams, response: importJob },
};
