import { describe, expect, it } from 'vitest';
import { fakeActor, nodes, otherParkNodes, PARK } from '../../../../test/support/actors';
import {
  articleCapabilities,
  articleListScope,
  canCreateArticle,
  canEditNewsletter,
  canManageSite,
  canPublishNewsletter,
  canSeeArticle,
  canUseNewsroom,
  defaultSchoolFor,
  rolesWith,
} from './policy';

const schoolA = nodes.schoolA!.id;
const schoolB = nodes.schoolB!.id;
const parkArticle = { parkId: PARK, schoolId: null };
const articleA = { parkId: PARK, schoolId: schoolA };
const articleB = { parkId: PARK, schoolId: schoolB };

const parkEditor = fakeActor([['portalEditor', 'park']]);
const editorA = fakeActor([['portalEditor', 'schoolA']]);
const reviewer = fakeActor([['portalReviewer', 'park']]);
const admin = fakeActor([['parkAdmin', 'park']]);
const teacher = fakeActor([['homeroomTeacher', 'classA1']]);

describe('portal policy', () => {
  it('gives editors edit rights in their scope only', () => {
    expect([...articleCapabilities(parkEditor, articleB)]).toEqual(['edit']);
    expect([...articleCapabilities(editorA, articleA)]).toEqual(['edit']);
    expect(articleCapabilities(editorA, articleB).size).toBe(0);
    expect(articleCapabilities(editorA, parkArticle).size).toBe(0);
    expect(canSeeArticle(editorA, articleB)).toBe(false);
  });

  it('gives reviewers edit and review park-wide, and parkAdmin the sign-off', () => {
    expect([...articleCapabilities(reviewer, articleA)].sort()).toEqual(['edit', 'review']);
    expect([...articleCapabilities(admin, articleA)]).toEqual(['signOff']);
    expect(articleCapabilities(teacher, articleA).size).toBe(0);
  });

  it('never reaches another park', () => {
    const other = fakeActor([['portalReviewer', 'park']], { tree: otherParkNodes });
    expect(articleCapabilities(other, articleA).size).toBe(0);
  });

  it('scopes console lists', () => {
    expect(articleListScope(reviewer)).toEqual({ all: true });
    expect(articleListScope(editorA)).toEqual({ all: false, schoolIds: [schoolA] });
    expect(articleListScope(teacher)).toEqual({ all: false, schoolIds: [] });
  });

  it('lets school editors create only in their school, defaulting to it', () => {
    expect(canCreateArticle(editorA, schoolA)).toBe(true);
    expect(canCreateArticle(editorA, null)).toBe(false);
    expect(canCreateArticle(editorA, schoolB)).toBe(false);
    expect(canCreateArticle(parkEditor, null)).toBe(true);
    expect(defaultSchoolFor(editorA)).toBe(schoolA);
    expect(defaultSchoolFor(parkEditor)).toBeNull();
  });

  it('keeps site settings to park-wide reviewers and sign-off holders', () => {
    expect(canManageSite(reviewer)).toBe(true);
    expect(canManageSite(admin)).toBe(true);
    expect(canManageSite(parkEditor)).toBe(false);
    expect(canEditNewsletter(parkEditor)).toBe(true);
    expect(canEditNewsletter(editorA)).toBe(false);
    expect(canPublishNewsletter(parkEditor)).toBe(false);
    expect(canUseNewsroom(editorA)).toBe(true);
    expect(canUseNewsroom(teacher)).toBe(false);
  });

  it('names the roles to notify', () => {
    expect(rolesWith('portal.review')).toEqual(['portalReviewer']);
    expect(rolesWith('portal.signoff')).toEqual(['parkAdmin']);
  });
});
