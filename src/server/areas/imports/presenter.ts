import type {
  ImportError,
  ImportJob,
  ImportKind,
  ImportStatus,
  OrgImportPreviewRow,
} from '../../../common/contracts/imports';
import type { importJobs } from '../../platform/db/schema/index';
import { progress } from './progress';

export type JobRow = typeof importJobs.$inferSelect;

/** An import job as the API shows it (contracts/imports.ts), with the live progress of a running commit. */
export function presentJob(job: JobRow): ImportJob {
  const live = job.status === 'committing' ? progress.get(job.id) : undefined;
  const status = job.status as ImportStatus;
  const placed = status === 'validated' || status === 'committing' || status === 'committed';
  // An org job keeps its preview beside the rows it will write, until the commit clears both.
  const preview = (job.rows as { preview?: OrgImportPreviewRow[] } | null)?.preview;
  return {
    id: job.id,
    kind: job.kind as ImportKind,
    fileName: job.fileName,
    status,
    totalRows: job.totalRows,
    toCreate: job.toCreate,
    toUpdate: job.toUpdate,
    unchanged: placed ? Math.max(0, job.totalRows - job.toCreate - job.toUpdate) : 0,
    errors: job.errors as ImportError[],
    progress: live ?? { done: job.progressDone, total: job.progressTotal },
    ...(preview ? { preview } : {}),
    createdAt: job.createdAt.toISOString(),
    committedAt: job.committedAt?.toISOString() ?? null,
  };
}
