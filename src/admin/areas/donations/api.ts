import { api, type Query } from '../../shared/api/client';
import type {
  CreateDriveInput,
  DrivePage,
  DriveTotals,
  DriveType,
  DriveView,
  EntryPage,
  EntryView,
  MyGifts,
  RecordEntryBody,
  UpdateDriveInput,
} from '../../../common/contracts/donations';

export type {
  DonorCategory,
  DriveListItem,
  DriveTotals,
  DriveType,
  DriveView,
  EntryView,
  GroupTotal,
  ImportReport,
  MyGift,
} from '../../../common/contracts/donations';

/** The donations API (common/contracts/donations.ts), with the query keys of its reads. */

export const donationKeys = {
  /** Every donations query: invalidated after any write. */
  all: ['donations'] as const,
  drives: (type: DriveType) => ['donations', 'drives', type] as const,
  drive: (id: string) => ['donations', 'drive', id] as const,
  totals: (id: string) => ['donations', 'totals', id] as const,
  entries: (id: string) => ['donations', 'entries', id] as const,
  mine: ['donations', 'mine'] as const,
};

export const donationsApi = {
  drives: (q: Query, signal?: AbortSignal) => api.get<DrivePage>('/donations/drives', q, signal),
  drive: (id: string, signal?: AbortSignal) =>
    api.get<DriveView>(`/donations/drives/${id}`, undefined, signal),
  createDrive: (body: CreateDriveInput) => api.post<DriveView>('/donations/drives', body),
  updateDrive: (id: string, patch: UpdateDriveInput) =>
    api.patch<DriveView>(`/donations/drives/${id}`, patch),
  closeDrive: (id: string) => api.post<DriveView>(`/donations/drives/${id}/close`),
  totals: (id: string, signal?: AbortSignal) =>
    api.get<DriveTotals>(`/donations/drives/${id}/totals`, undefined, signal),
  entries: (id: string, q: Query, signal?: AbortSignal) =>
    api.get<EntryPage>(`/donations/drives/${id}/entries`, q, signal),
  recordEntry: (driveId: string, body: RecordEntryBody) =>
    api.post<EntryView>(`/donations/drives/${driveId}/entries`, body),
  reverseEntry: (entryId: string, reason: string) =>
    api.post<EntryView>(`/donations/entries/${entryId}/reverse`, { reason }),
  setGuardianConsent: (entryId: string, guardianConsent: boolean) =>
    api.put<EntryView>(`/donations/entries/${entryId}/guardian-consent`, { guardianConsent }),
  mine: (signal?: AbortSignal) => api.get<MyGifts>('/donations/mine', undefined, signal),
  /** Paths of the file endpoints, for useDownload / useUpload. */
  templatePath: (driveId: string) => `/donations/drives/${driveId}/import-template`,
  importPath: (driveId: string, dryRun: boolean) => `/donations/drives/${driveId}/import?dryRun=${dryRun}`,
};
