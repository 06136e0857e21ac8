import { describe, expect, it } from 'vitest';
import type { Permission } from '../../common/permissions';
import { HOME_PATH, visibleNav } from './nav';

const holding =
  (...ps: Permission[]) =>
  (p: Permission) =>
    ps.includes(p);

describe('console menu', () => {
  it('shows only what the permissions allow, plus the personal pages', () => {
    const paths = visibleNav(holding('org.read', 'people.read')).map((i) => i.path);
    expect(paths).toEqual(['/workbench', '/org', '/people', '/mine', '/profile', '/password']);
    expect(visibleNav(holding()).map((i) => i.path)).toEqual([
      '/workbench',
      '/mine',
      '/profile',
      '/password',
    ]);
    // Personal pages that need a role (my political birthday) stay hidden without it.
    const mine = visibleNav(holding()).find((i) => i.path === '/mine')!;
    expect(mine.children!.map((c) => c.path)).toEqual(['/activities/mine', '/donations/mine']);
  });

  it('gives a park administrator every area', () => {
    const all = visibleNav(
      holding(
        'org.read',
        'people.read',
        'members.read',
        'members.write',
        'people.import',
        'accounts.read',
        'audit.read',
        'portal.signoff',
        'activities.manage',
        'donations.drives',
      ),
    ).map((i) => i.path);
    expect(all).toEqual([
      '/workbench',
      '/org',
      '/people',
      '/members',
      '/imports',
      '/accounts',
      '/audit',
      '/portal',
      '/orglife',
      '/activities',
      '/donations',
      '/mine',
      '/profile',
      '/password',
    ]);
  });

  it('shows each newsroom role the site pages it can use, and no others', () => {
    const portal = (...ps: Permission[]) =>
      visibleNav(holding(...ps))
        .find((i) => i.path === '/portal')
        ?.children?.map((c) => c.path);
    // Park admin: signs off and runs the site (columns, newsletter, display window, settings).
    expect(portal('portal.signoff', 'portal.site')).toEqual([
      '/portal/articles',
      '/portal/columns',
      '/portal/newsletters',
      '/portal/showcase',
      '/portal/settings',
      '/portal/stats',
    ]);
    // Editor: writes articles and newsletter issues; the site's settings are not theirs.
    expect(portal('portal.edit')).toEqual(['/portal/articles', '/portal/newsletters', '/portal/stats']);
    // Reviewer: everything of the site.
    expect(portal('portal.edit', 'portal.review', 'portal.site')).toHaveLength(6);
    expect(portal('people.read')).toBeUndefined();
  });

  it('sends "/" to the workbench, whatever the user holds', () => {
    expect(HOME_PATH).toBe('/workbench');
    expect(visibleNav(holding())[0]!.path).toBe(HOME_PATH);
  });

  it("lists the member's own dues among the personal pages", () => {
    const mine = visibleNav(holding('members.read')).find((i) => i.path === '/mine')!;
    expect(mine.children!.map((c) => c.path)).toEqual([
      '/orglife/me',
      '/dues/mine',
      '/assessment/mine',
      '/assessment/appraisal/mine',
      '/assessment/dedication/mine',
      '/activities/mine',
      '/donations/mine',
    ]);
  });
});
