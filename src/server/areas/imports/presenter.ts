import type { ImportError, ImportJob, ImportStatus } from '../../../common/contracts/imports';
import type { importJobs } from '../../platform/db/schema/index';
import type { PersonKind } from '../people/policy';
import { progress } from './progress';

export type JobRow = typeof importJobs.$inferSelect;

/** An import job as the API shows it (contracts/imports.ts), with the live progress of a running commit. */
export function presentJob(job: JobRow): ImportJob {
  const live = job.status === 'committing' ? progress.get(job.id) : undefined;
  return {
    id: job.id,
    kind: job.kind as PersonKind,
    fileName: job.fileName,
    status: job.status as ImportStatus,
    totalRows: job.totalRows,
    toCreate: job.toCreate,
    toUpdate: job.toUpdate,
    errors: job.errors as ImportError[],
    progress: live ?? { done: job.progressDone, total: job.progressTotal },
    createdAt: job.createdAt.toISOString(),
    committedAt: job.committedAt?.toISOString() ?? null,
  };
}
