/** Shapes of the activities API (src/server/modules/activities/routes.ts). */
export interface ActivityListItem {
  id: string;
  kind: string;
  customKindId: string | null;
  kindLabel: string;
  title: string;
  theme: string | null;
  organiserId: string;
  organiserName: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  isOpen: boolean;
  status: 'planned' | 'held' | 'cancelled';
  statusLabel: string;
  participantCount: number;
  checkedInCount: number;
  isParticipant: boolean;
}

export interface ActivityDetail extends Omit<ActivityListItem, 'participantCount' | 'checkedInCount'> {
  organiserKind: string;
  description: string | null;
  results: string | null;
  articleId: string | null;
  groups: { id: string; name: string; kind: string; kindLabel: string; personCount: number }[];
  participantCount: number;
  checkedInCount: number;
  awards: {
    id: string;
    award: string;
    personId: string | null;
    orgNodeId: string | null;
    recipient: string;
    note: string | null;
  }[];
  photos: { id: string; mediaId: string; url: string; caption: string | null }[];
  canManage: boolean;
}

export interface Participant {
  personId: string;
  name: string;
  number: string;
  kind: string;
  unitName: string | null;
  viaGroupId: string | null;
  viaGroupName: string | null;
  source: 'invited' | 'walkIn';
  checkedInAt: string | null;
  checkinMethod: 'qr' | 'organiser' | null;
}

export interface Kinds {
  builtin: { key: string; label: string }[];
  custom: { id: string; name: string; disabled: boolean }[];
}

export interface Participation {
  activityId: string;
  title: string;
  kindLabel: string;
  theme: string | null;
  organiserName: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  status: string;
  viaGroupName: string | null;
  source: string;
  checkedInAt: string | null;
  checkinMethod: string | null;
  awards: string[];
}

export interface ArticleDraft {
  title: string;
  summary: string;
  bodyHtml: string;
  coverMediaId: string | null;
  created: boolean;
  article: { id: string; link: string } | null;
  notice: string | null;
}
