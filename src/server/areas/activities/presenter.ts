import { ORG_KIND_LABELS, type OrgKind } from '../../../common/orgTree';
import type {
  ActivityAward,
  ActivityDetail,
  ActivityListItem,
  ActivityPhoto,
  CheckinActivity,
  Participant,
  Participation,
} from '../../../common/contracts/activities';
import type { activities, activityKinds } from '../../platform/db/schema/index';
import {
  ACTIVITY_KIND_LABELS,
  ACTIVITY_STATUS_LABELS,
  isBuiltinActivityKind,
  type ActivityStatus,
} from './rules';

/** Rows → the shapes of common/contracts/activities.ts. Raw SQL rows carry snake_case columns. */

export type ActivityRow = typeof activities.$inferSelect;
export type ActivityKindRow = typeof activityKinds.$inferSelect;

/** An activity with the organiser node and custom kind it was loaded with (queries.loadActivity). */
export interface LoadedActivity {
  activity: ActivityRow;
  organiser: {
    id: string;
    kind: OrgKind;
    name: string;
    path: string;
    schoolId: string | null;
    parentId: string | null;
    parkId: string;
  };
  customKindName: string | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d ? iso(d) : null);

export const kindLabel = (kind: string, customKindName: string | null) =>
  isBuiltinActivityKind(kind) ? ACTIVITY_KIND_LABELS[kind] : (customKindName ?? '其他');

const statusLabel = (status: string) => ACTIVITY_STATUS_LABELS[status as ActivityStatus] ?? status;

export const presentKind = (k: ActivityKindRow) => ({
  id: k.id,
  name: k.name,
  disabled: k.disabledAt !== null,
});

export interface ListRow {
  id: string;
  kind: string;
  custom_kind_id: string | null;
  custom_kind_name: string | null;
  title: string;
  theme: string | null;
  organiser_id: string;
  organiser_name: string;
  starts_at: Date | string;
  ends_at: Date | string;
  place: string | null;
  is_open: boolean;
  status: string;
  participant_count: number;
  checked_in_count: number;
  is_participant: boolean;
}

export function presentListRow(r: ListRow): ActivityListItem {
  return {
    id: r.id,
    kind: r.kind,
    customKindId: r.custom_kind_id,
    kindLabel: kindLabel(r.kind, r.custom_kind_name),
    title: r.title,
    theme: r.theme,
    organiserId: r.organiser_id,
    organiserName: r.organiser_name,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    place: r.place,
    isOpen: r.is_open,
    status: r.status as ActivityStatus,
    statusLabel: statusLabel(r.status),
    participantCount: r.participant_count,
    checkedInCount: r.checked_in_count,
    isParticipant: r.is_participant,
  };
}

export interface GroupRow {
  id: string;
  name: string;
  kind: string;
  person_count: number;
}

/** The full activity: fields, organiser, groups, counts, awards, photos, and what the actor may do. */
export function presentDetail(
  loaded: LoadedActivity,
  more: {
    groups: GroupRow[];
    participants: number;
    checkedIn: number;
    awards: ActivityAward[];
    photos: ActivityPhoto[];
    isParticipant: boolean;
    canManage: boolean;
  },
): ActivityDetail {
  const { activity: a, organiser } = loaded;
  return {
    id: a.id,
    kind: a.kind,
    customKindId: a.customKindId,
    kindLabel: kindLabel(a.kind, loaded.customKindName),
    title: a.title,
    theme: a.theme,
    organiserId: organiser.id,
    organiserName: organiser.name,
    organiserKind: organiser.kind,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    place: a.place,
    description: a.description,
    isOpen: a.isOpen,
    status: a.status as ActivityStatus,
    statusLabel: statusLabel(a.status),
    results: a.results,
    articleId: a.articleId,
    groups: more.groups.map((g) => ({
      id: g.id,
      name: g.name,
      kind: g.kind,
      kindLabel: ORG_KIND_LABELS[g.kind as OrgKind] ?? g.kind,
      personCount: g.person_count,
    })),
    participantCount: more.participants,
    checkedInCount: more.checkedIn,
    awards: more.awards,
    photos: more.photos,
    isParticipant: more.isParticipant,
    canManage: more.canManage,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export interface AwardRow {
  id: string;
  award: string;
  person_id: string | null;
  org_node_id: string | null;
  recipient: string;
  note: string | null;
}

export const presentAward = (r: AwardRow): ActivityAward => ({
  id: r.id,
  award: r.award,
  personId: r.person_id,
  orgNodeId: r.org_node_id,
  recipient: r.recipient,
  note: r.note,
});

/** Photos reference media files of the newsroom's media library (uploaded through its media API). */
export const photoUrl = (mediaRef: string) => `/media/${mediaRef}/large`;

export const presentPhoto = (p: { id: string; mediaRef: string; caption: string | null }): ActivityPhoto => ({
  id: p.id,
  mediaId: p.mediaRef,
  url: photoUrl(p.mediaRef),
  caption: p.caption,
});

export interface ParticipantRow {
  person_id: string;
  name: string;
  number: string;
  kind: string;
  unit_name: string | null;
  via_group_id: string | null;
  via_group_name: string | null;
  source: string;
  checked_in_at: Date | string | null;
  checkin_method: string | null;
}

export const presentParticipant = (r: ParticipantRow): Participant => ({
  personId: r.person_id,
  name: r.name,
  number: r.number,
  kind: r.kind,
  unitName: r.unit_name,
  viaGroupId: r.via_group_id,
  viaGroupName: r.via_group_name,
  source: r.source as Participant['source'],
  checkedInAt: isoOrNull(r.checked_in_at),
  checkinMethod: r.checkin_method as Participant['checkinMethod'],
});

export interface ParticipationRow {
  activity_id: string;
  title: string;
  kind: string;
  custom_kind_name: string | null;
  theme: string | null;
  organiser_name: string;
  starts_at: Date | string;
  ends_at: Date | string;
  place: string | null;
  status: string;
  via_group_name: string | null;
  source: string;
  checked_in_at: Date | string | null;
  checkin_method: string | null;
  awards: string[] | null;
}

export const presentParticipation = (r: ParticipationRow): Participation => ({
  activityId: r.activity_id,
  title: r.title,
  kindLabel: kindLabel(r.kind, r.custom_kind_name),
  theme: r.theme,
  organiserName: r.organiser_name,
  startsAt: iso(r.starts_at),
  endsAt: iso(r.ends_at),
  place: r.place,
  status: r.status,
  viaGroupName: r.via_group_name,
  source: r.source,
  checkedInAt: isoOrNull(r.checked_in_at),
  checkinMethod: r.checkin_method,
  awards: r.awards ?? [],
});

/** The activity behind a sign-in token, as the sign-in page shows it. */
export const presentCheckinActivity = (row: {
  activity_id: string;
  title: string;
  theme: string | null;
  organiser_name: string;
  starts_at: Date | string;
  ends_at: Date | string;
  place: string | null;
}): CheckinActivity => ({
  activityId: row.activity_id,
  title: row.title,
  theme: row.theme,
  organiserName: row.organiser_name,
  startsAt: iso(row.starts_at),
  endsAt: iso(row.ends_at),
  place: row.place,
});
