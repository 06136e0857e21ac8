import { api, type Query } from '../../shared/api/client';
import type { z } from 'zod';
import type {
  ActivityDetail,
  ActivityKindsView,
  ActivityKindView,
  ActivityAward,
  ActivityPhoto,
  AddParticipantsInput,
  AddParticipantsResult,
  ArticleDraft,
  AttendanceInput,
  CheckinTokenView,
  CreateActivityInput,
  CreatedFeed,
  FeedStatus,
  Participant,
  Participation,
  UpdateActivityInput,
  activityContracts,
} from '../../../common/contracts/activities';

export type {
  ActivityAward,
  ActivityDetail,
  ActivityKindsView,
  ActivityListItem,
  ActivityPhoto,
  ArticleDraft,
  FeedStatus,
  Participant,
  Participation,
} from '../../../common/contracts/activities';

/** The activities API (common/contracts/activities.ts), with the query keys of its reads. */

type ActivityPage = z.infer<typeof activityContracts.list.response>;
type CalendarView = z.infer<typeof activityContracts.calendar.response>;
type AddAwardBody = z.input<typeof activityContracts.addAward.body>;
type AddPhotoBody = z.input<typeof activityContracts.addPhoto.body>;

export const activityKeys = {
  /** Every activities query: invalidated after any write. */
  all: ['activities'] as const,
  kinds: ['activities', 'kinds'] as const,
  calendar: (from: string, to: string) => ['activities', 'calendar', from, to] as const,
  detail: (id: string) => ['activities', 'detail', id] as const,
  participants: (id: string) => ['activities', 'participants', id] as const,
  checkinToken: (id: string) => ['activities', 'checkin-token', id] as const,
  mine: ['activities', 'mine'] as const,
  feed: ['activities', 'feed'] as const,
};

export const activitiesApi = {
  kinds: (signal?: AbortSignal) => api.get<ActivityKindsView>('/activities/kinds', undefined, signal),
  createKind: (name: string) => api.post<ActivityKindView>('/activities/kinds', { name }),
  list: (q: Query, signal?: AbortSignal) => api.get<ActivityPage>('/activities', q, signal),
  calendar: (from: string, to: string, signal?: AbortSignal) =>
    api.get<CalendarView>('/activities/calendar', { from, to }, signal),
  get: (id: string, signal?: AbortSignal) => api.get<ActivityDetail>(`/activities/${id}`, undefined, signal),
  create: (body: CreateActivityInput) => api.post<ActivityDetail>('/activities', body),
  update: (id: string, patch: UpdateActivityInput) => api.patch<ActivityDetail>(`/activities/${id}`, patch),
  participants: (id: string, signal?: AbortSignal) =>
    api.get<{ items: Participant[] }>(`/activities/${id}/participants`, undefined, signal),
  addParticipants: (id: string, body: AddParticipantsInput) =>
    api.post<AddParticipantsResult>(`/activities/${id}/participants`, body),
  removeParticipant: (id: string, personId: string) => api.del(`/activities/${id}/participants/${personId}`),
  attendance: (id: string, body: AttendanceInput) =>
    api.post<{ updated: number }>(`/activities/${id}/attendance`, body),
  checkinToken: (id: string, signal?: AbortSignal) =>
    api.get<{ current: CheckinTokenView | null }>(`/activities/${id}/checkin-token`, undefined, signal),
  issueCheckinToken: (id: string) => api.post<CheckinTokenView>(`/activities/${id}/checkin-token`, {}),
  revokeCheckinToken: (id: string) => api.del(`/activities/${id}/checkin-token`),
  /** The QR image (an <img> source or a download link, not fetched through the client). */
  checkinQrUrl: (id: string, format: 'png' | 'svg', version?: string) =>
    `/api/activities/${id}/checkin-qr?format=${format}${version ? `&v=${encodeURIComponent(version)}` : ''}`,
  addAward: (id: string, body: AddAwardBody) => api.post<ActivityAward>(`/activities/${id}/awards`, body),
  removeAward: (id: string, awardId: string) => api.del(`/activities/${id}/awards/${awardId}`),
  addPhoto: (id: string, body: AddPhotoBody) => api.post<ActivityPhoto>(`/activities/${id}/photos`, body),
  removePhoto: (id: string, photoId: string) => api.del(`/activities/${id}/photos/${photoId}`),
  articleDraft: (id: string) => api.post<ArticleDraft>(`/activities/${id}/article-draft`, { create: true }),
  mine: (signal?: AbortSignal) => api.get<{ items: Participation[] }>('/activities/mine', undefined, signal),
  feed: (signal?: AbortSignal) => api.get<FeedStatus>('/activities/calendar-feed', undefined, signal),
  createFeed: () => api.post<CreatedFeed>('/activities/calendar-feed'),
  revokeFeed: () => api.del('/activities/calendar-feed'),
  /** Photos are uploaded to the newsroom's media library first; the activity keeps their ids. */
  mediaUploadPath: '/portal/media?purpose=image',
};
