import type { z } from 'zod';
import type { ImportJob, ImportKind, importsContracts } from '../../../common/contracts/imports';
import { api, download, upload } from '../../shared/api/client';

/** The imports area's calls (/api/imports); types are the server's contracts. */
type C = typeof importsContracts;
export type {
  ImportError,
  ImportJob,
  ImportKind,
  ImportStatus,
  OrgImportPreviewRow,
} from '../../../common/contracts/imports';
export type TemplateFormat = z.input<C['template']['querystring']>['format'];

export const importsApi = {
  /** Saves the import template (staff, students or the org tree); resolves to the file name. */
  template: (kind: ImportKind, format: NonNullable<TemplateFormat>, fallbackName: string) =>
    download(`/imports/templates/${kind}`, { format }, fallbackName),
  /** Uploads a file for checking (nothing is written yet). */
  upload: (kind: ImportKind, file: File, onProgress?: (percent: number) => void, signal?: AbortSignal) =>
    upload<ImportJob>(`/imports/${kind}`, file, onProgress, signal),
  get: (id: string) => api.get<ImportJob>(`/imports/${id}`),
  commit: (id: string) => api.post<ImportJob>(`/imports/${id}/commit`),
};
