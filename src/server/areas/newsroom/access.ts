import type { Permission } from '../../access/roles';

/** Who may call the newsroom's routes at all (config.access); policy.ts decides about each record. */

/** Anyone in the newsroom (policy.ts canUseNewsroom). */
export const NEWSROOM: readonly Permission[] = [
  'portal.edit',
  'portal.review',
  'portal.signoff',
  'portal.site',
];
/** Whoever may take part in an article's workflow. */
export const EDITORIAL: readonly Permission[] = ['portal.edit', 'portal.review', 'portal.signoff'];
/** Newsletter issues are composed by editors and site managers (policy.ts canEditNewsletter). */
export const NEWSLETTER: readonly Permission[] = ['portal.edit', 'portal.site'];
/** Those who run organisational life upload photos and attachments too (policy.ts canUploadMedia). */
export const UPLOAD: readonly Permission[] = [...NEWSROOM, 'activities.manage', 'members.write'];
