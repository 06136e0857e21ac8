import { PERMISSIONS, ROLES, type Permission, type Role } from '../../common/permissions';

export { PERMISSIONS, ROLES, ROLE_LABELS, type Permission, type Role } from '../../common/permissions';

/**
 * How far a role held over one org node reaches with a permission:
 * - `park`: everything of the park;
 * - `subtree`: the org subtree under the node (by path), and the people of the node's school;
 * - `school`: everyone of the school the node sits in;
 * - `schoolStudents`: the students (and classes) of that school;
 * - `unit`: the people of the node itself (a class or a department);
 * - `branch`: the members of the node as a Party branch;
 * - `self`: only the holder's own record — the role gives the work (a menu, a self-service page)
 *   but no reach over anyone else (a member's own Party records; a mentor until the mentors area
 *   gives mentors their mentees).
 * A grant held over the park node itself reaches the park (except `self`, which never grows).
 */
export type Reach = 'park' | 'subtree' | 'school' | 'schoolStudents' | 'unit' | 'branch' | 'self';

/**
 * THE grant table: for each permission, what each role reaches with it. A role missing from a row
 * does not hold that permission. This is the only place that says "who may do what"; area policies
 * ask access/scope.ts (`scopesFor`, `can`) and lists compile the same answer to SQL (scopeSql.ts).
 * RULES.md §1–§5 and docs/architecture.md ("Access") explain the choices.
 */
export const GRANTS: Record<Permission, Partial<Record<Role, Reach>>> = {
  // The org tree is read park-wide by everyone who works in the console.
  'org.read': {
    parkAdmin: 'park',
    schoolAdmin: 'park',
    branchSecretary: 'park',
    leagueCommittee: 'park',
    homeroomTeacher: 'park',
  },
  'org.write': { parkAdmin: 'park', schoolAdmin: 'subtree' },
  'people.read': {
    parkAdmin: 'park',
    schoolAdmin: 'subtree',
    branchSecretary: 'school',
    leagueCommittee: 'schoolStudents',
    homeroomTeacher: 'unit',
  },
  'people.write': { parkAdmin: 'park', schoolAdmin: 'subtree' },
  'people.import': { parkAdmin: 'park', schoolAdmin: 'subtree' },
  'people.export': { parkAdmin: 'park', schoolAdmin: 'subtree' },
  'people.reveal': { parkAdmin: 'park', schoolAdmin: 'subtree' },
  // Membership, and with it organisational life and Party dues (RULES §4–§5).
  'members.read': { parkAdmin: 'park', schoolAdmin: 'subtree', branchSecretary: 'branch', member: 'self' },
  'members.write': { parkAdmin: 'park', schoolAdmin: 'subtree', branchSecretary: 'branch' },
  'accounts.read': { parkAdmin: 'park', schoolAdmin: 'subtree' },
  'accounts.write': { parkAdmin: 'park', schoolAdmin: 'subtree' },
  // A trail filtered by a partial scope would still show the shape of writes elsewhere.
  'audit.read': { parkAdmin: 'park' },
  'portal.edit': { portalEditor: 'subtree', portalReviewer: 'subtree' },
  'portal.review': { portalReviewer: 'subtree' },
  'portal.signoff': { parkAdmin: 'park' },
  'portal.site': { parkAdmin: 'park', portalReviewer: 'subtree' },
  'activities.manage': {
    parkAdmin: 'park',
    schoolAdmin: 'subtree',
    branchSecretary: 'subtree',
    leagueCommittee: 'subtree',
  },
  'donations.drives': { parkAdmin: 'park', schoolAdmin: 'subtree', branchSecretary: 'subtree' },
  // Judged by whom a gift is from, as recorded on the entry; nobody books their own gift.
  'donations.entries': {
    parkAdmin: 'park',
    schoolAdmin: 'school',
    branchSecretary: 'branch',
    homeroomTeacher: 'unit',
    leagueCommittee: 'schoolStudents',
  },
  // The annual assessment (RULES.md §5–§6): the general branch sets the scheme and decides
  // park-wide; a branch decides its own members' posts and evidence and runs its appraisal rounds.
  // Members file their own through self-service (checked to be a member), not through a grant.
  'assessment.manage': { parkAdmin: 'park' },
  'assessment.review': { parkAdmin: 'park', schoolAdmin: 'subtree', branchSecretary: 'branch' },
  // The moral-education mentor's work (RULES.md §7): held over oneself until the mentors area
  // gives mentors reach over their own classes and students; it puts the mentor's page on the
  // workbench, and nothing else.
  'mentors.work': { mentor: 'self' },
  // A backup holds every record of the instance, clear of any scope: park administrators only.
  'platform.backup': { parkAdmin: 'park' },
};

/**
 * What every signed-in person holds over their own record (self reach), whatever their roles:
 * they read their own person and membership records and may see their own clear numbers.
 */
export const SELF_GRANTS: ReadonlySet<Permission> = new Set(['people.read', 'members.read', 'people.reveal']);

/** Which node kinds each role is assigned over; assigning it elsewhere is refused. */
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

/**
 * Administrator roles: only a park-wide account manager hands them out or manages their holders.
 * `LAST_ADMIN_ROLE` is the role a park must never lose its last holder of.
 */
export const ADMIN_ROLES: ReadonlySet<Role> = new Set(['parkAdmin', 'schoolAdmin']);
export const LAST_ADMIN_ROLE: Role = 'parkAdmin';
/** The role the first account of a new park is given (bootstrap, setup). */
export const FIRST_ACCOUNT_ROLE: Role = 'parkAdmin';

/** The permissions a role holds (anywhere): the grant table read by role. */
export const permissionsOfRole = (role: Role): Permission[] =>
  PERMISSIONS.filter((p) => GRANTS[p][role] !== undefined);

/** The roles that grant a permission (to find whom to notify: reviewers, sign-off holders). */
export const rolesWith = (p: Permission): Role[] => ROLES.filter((r) => GRANTS[p][r] !== undefined);

/** The roles that grant a permission with exactly this reach (e.g. who runs a branch's members). */
export const rolesReaching = (p: Permission, reach: Reach): Role[] =>
  ROLES.filter((r) => GRANTS[p][r] === reach);
