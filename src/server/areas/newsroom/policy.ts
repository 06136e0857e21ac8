import type { Capability } from './rules';
import type { Actor } from '../../access/actor';
import {
  hasPermission,
  reachesPark,
  schoolsOf,
  scopesFor,
  subjectInScope,
  type Scope,
} from '../../access/scope';
import type { Permission } from '../../access/roles';
export { rolesWith } from '../../access/roles';

/**
 * Portal policy. Editors (portal.edit) work in their scope: the park, or one school (its articles
 * are those tagged with that school). Reviewers (portal.review) are park-wide; the general
 * branch's sign-off (portal.signoff, held by parkAdmin) is the optional second level.
 * Site-wide settings (columns, hero, music, showcase, sign-off switch) belong to park-wide reviewers
 * and sign-off holders; newsletters are composed by park-wide editors and published by reviewers.
 */

export interface ArticleSubject {
  parkId: string;
  /** The school an article is tagged with; null for a park-level article. */
  schoolId: string | null;
}

const PORTAL_PERMISSIONS: readonly Permission[] = [
  'portal.edit',
  'portal.review',
  'portal.signoff',
  'portal.site',
];

const subject = (a: ArticleSubject) => ({ parkId: a.parkId, schoolId: a.schoolId });

/** What the actor may do to this article in the workflow (domain/editorial.ts). */
export function articleCapabilities(actor: Actor, article: ArticleSubject): Set<Capability> {
  const caps = new Set<Capability>();
  const s = subject(article);
  if (subjectInScope(scopesFor(actor, 'portal.edit'), s, actor)) caps.add('edit');
  if (subjectInScope(scopesFor(actor, 'portal.review'), s, actor)) caps.add('review');
  if (subjectInScope(scopesFor(actor, 'portal.signoff'), s, actor)) caps.add('signOff');
  return caps;
}

/** May the actor see this article (any state) in the console? */
export const canSeeArticle = (actor: Actor, article: ArticleSubject) =>
  articleCapabilities(actor, article).size > 0;

/**
 * Which articles the actor's console lists reach, for SQL: every article of the park, those of some
 * schools, or none.
 */
export type ArticleListScope = { all: true } | { all: false; schoolIds: string[] };

export function articleListScope(actor: Actor): ArticleListScope {
  const scopes: Scope[] = PORTAL_PERMISSIONS.flatMap((p) => scopesFor(actor, p));
  if (scopes.some((s) => s.type === 'park')) return { all: true };
  return { all: false, schoolIds: schoolsOf(scopes) };
}

/** May the actor create an article tagged with `schoolId` (null: park-level)? */
export const canCreateArticle = (actor: Actor, schoolId: string | null) =>
  subjectInScope(scopesFor(actor, 'portal.edit'), { parkId: actor.parkId, schoolId }, actor);

/** The school a new article gets when the editor names none: their only school, for a school editor. */
export function defaultSchoolFor(actor: Actor): string | null {
  const scope = scopesFor(actor, 'portal.edit');
  if (scope.some((s) => s.type === 'park')) return null;
  const schools = [
    ...new Set(scope.flatMap((s) => (s.type === 'subtree' && s.schoolId ? [s.schoolId] : []))),
  ];
  return schools.length === 1 ? schools[0]! : null;
}

/** Columns, portal settings, showcase. */
export const canManageSite = (actor: Actor) => reachesPark(actor, 'portal.site');

/** Compose and edit newsletter issues. */
export const canEditNewsletter = (actor: Actor) => reachesPark(actor, 'portal.edit') || canManageSite(actor);

/** Publish or withdraw a newsletter issue (it shows on the public site). */
export const canPublishNewsletter = (actor: Actor) => canManageSite(actor);

/** Upload media and use the newsroom at all. */
export const canUseNewsroom = (actor: Actor) =>
  PORTAL_PERMISSIONS.some((p) => scopesFor(actor, p).length > 0);

/**
 * Upload a file. The newsroom uploads anything; those who run organisational life (activity
 * photos, symposium photos, meeting attachments) upload images and attachments too.
 */
export const canUploadMedia = (actor: Actor, purpose: string) =>
  canUseNewsroom(actor) ||
  ((purpose === 'image' || purpose === 'attachment') &&
    (['activities.manage', 'members.write'] as const).some((p) => hasPermission(actor, p)));

/** View statistics: anyone in the newsroom. */
export const canViewPortalStats = canUseNewsroom;
