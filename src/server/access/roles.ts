/**
 * Roles and the permissions each grants. A role is always held over a scope node; what that
 * node means for each permission is decided in scope.ts. This table is the one place to read
 * "who may do what"; per-area files (people.ts, org.ts …) apply it to a subject.
 */
export const ROLES = [
  'parkAdmin',
  'schoolAdmin',
  'branchSecretary',
  'portalEditor',
  'portalReviewer',
  'leagueCommittee',
  'homeroomTeacher',
  'mentor',
  'member',
  'student',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'org.read',
  'org.write',
  'people.read',
  'people.write',
  'people.import',
  'people.export',
  /** See and export clear ID and phone numbers. Every use is audited. */
  'people.reveal',
  'members.read',
  'members.write',
  'accounts.read',
  'accounts.write',
  'audit.read',
  'portal.edit',
  'portal.review',
  /** Menu-level: runs activities somewhere (the exact reach is policies/activities.ts). */
  'activities.manage',
  /** Menu-level: runs donation drives or books gifts somewhere (the exact reach is policies/donations.ts). */
  'donations.manage',
  /** Second-level sign-off of approved articles (党总支签发), when the park turns it on. */
  'portal.signoff',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  parkAdmin: [
    'org.read',
    'org.write',
    'people.read',
    'people.write',
    'people.import',
    'people.export',
    'people.reveal',
    'members.read',
    'members.write',
    'accounts.read',
    'accounts.write',
    'audit.read',
    'portal.signoff',
    'activities.manage',
    'donations.manage',
  ],
  schoolAdmin: [
    'org.read',
    'org.write',
    'people.read',
    'people.write',
    'people.import',
    'people.export',
    'people.reveal',
    'members.read',
    'members.write',
    'accounts.read',
    'accounts.write',
    'activities.manage',
    'donations.manage',
  ],
  branchSecretary: [
    'org.read',
    'people.read',
    'members.read',
    'members.write',
    'activities.manage',
    'donations.manage',
  ],
  portalEditor: ['portal.edit'],
  portalReviewer: ['portal.edit', 'portal.review'],
  leagueCommittee: ['org.read', 'people.read', 'activities.manage', 'donations.manage'],
  homeroomTeacher: ['org.read', 'people.read', 'donations.manage'],
  mentor: ['people.read'],
  member: ['members.read'],
  student: [],
};

/** Which node kind each role is assigned over; assigning it elsewhere is refused. */
export const ROLE_SCOPE_KINDS: Record<Role, readonly string[]> = {
  parkAdmin: ['park'],
  schoolAdmin: ['school'],
  branchSecretary: ['branch'],
  portalEditor: ['park', 'school'],
  portalReviewer: ['park'],
  leagueCommittee: ['leagueCommittee'],
  homeroomTeacher: ['class'],
  mentor: ['park', 'school'],
  member: ['branch'],
  student: ['class'],
};

export const ROLE_LABELS: Record<Role, string> = {
  parkAdmin: '园区管理员',
  schoolAdmin: '学校管理员',
  branchSecretary: '支部书记',
  portalEditor: '网站编辑',
  portalReviewer: '网站审核',
  leagueCommittee: '校团委',
  homeroomTeacher: '班主任',
  mentor: '德育导师',
  member: '党员',
  student: '学生',
};
