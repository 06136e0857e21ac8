/**
 * The names of roles and permissions: shared by the server (access/roles.ts decides what each role
 * reaches with each permission) and the console (which draws menus and buttons from what /auth/me
 * says the user holds). Names only: who holds what lives in src/server/access/roles.ts.
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
  /** Second-level sign-off of approved articles (党总支签发), when the park turns it on. */
  'portal.signoff',
  /** Columns, site settings and the showcase (the site as a whole, not one article). */
  'portal.site',
  /** Run activities organised at a node (edit, participants, sign-in, awards, photos). */
  'activities.manage',
  /** Run donation drives and special-dues campaigns organised at a node. */
  'donations.drives',
  /** Record and reverse gifts from the people (and classes) reached. */
  'donations.entries',
  /** The park's annual assessment: schemes, park-wide appraisal rounds, vanguard-post approval (党总支). */
  'assessment.manage',
  /** A branch's assessment work: posts and evidence to decide, appraisal rounds, scores (支部). */
  'assessment.review',
  /** A moral-education mentor's own work: pairings, talks and visits (the mentors area). */
  'mentors.work',
  /** Download a backup of the whole instance (npm run backup). Every backup is audited. */
  'platform.backup',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
