import { z } from 'zod';
import { file, id } from '../schemas';
import { PERSON_KINDS } from './people';

/** Spreadsheet import of staff and students: request and response shapes of /api/imports. */

export const IMPORT_STATUSES = ['validated', 'invalid', 'committing', 'committed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const importError = z.object({ row: z.number(), column: z.string(), message: z.string() });
export type ImportError = z.infer<typeof importError>;

/** An import job: the validation report of an upload, then the outcome of its commit. */
export const importJob = z.object({
  id: z.string(),
  kind: z.enum(PERSON_KINDS),
  fileName: z.string(),
  status: z.enum(IMPORT_STATUSES),
  totalRows: z.number(),
  toCreate: z.number(),
  toUpdate: z.number(),
  errors: z.array(importError),
  progress: z.object({ done: z.number(), total: z.number() }),
  createdAt: z.string(),
  committedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof importJob>;

const kindParams = z.object({ kind: z.enum(PERSON_KINDS, '类别只能是 staff 或 student') });
const jobParams = z.object({ id: id('导入任务编号') });

export const importsContracts = {
  template: {
    params: kindParams,
    querystring: z.object({ format: z.enum(['xlsx', 'csv'], '格式只能是 xlsx 或 csv').default('xlsx') }),
    response: file,
  },
  upload: { params: kindParams, response: importJob },
  get: { params: jobParams, response: importJob },
  commit: { params: jobParams, response: importJob },
};
