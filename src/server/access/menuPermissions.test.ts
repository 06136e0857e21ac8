import { describe, expect, it } from 'vitest';
import type { Actor } from './actor';
import { canManageActivities } from '../areas/activities/policy';
import { driveManageScopes, entryWriteScopes } from '../areas/donations/policy';
import { ROLES, type Role } from './roles';
import { hasPermission } from './scope';

/**
 * The menu-level permissions in roles.ts must say exactly what the area policies decide, so that
 * the console never shows a menu that leads nowhere, nor hides one that works.
 */
const actorWith = (role: Role): Actor => ({
  accountId: 'a',
  parkId: 'p',
  parkPath: '/p/',
  username: 'u',
  displayName: 'u',
  personId: null,
  schoolId: null,
  unitId: null,
  branchId: null,
  mustChangePassword: false,
  grants: [{ role, scopeNodeId: 'n', scopeKind: 'school', scopePath: '/p/g/n/', scopeSchoolId: 's' }],
});

describe('menu permissions agree with the area policies', () => {
  it.each(ROLES)('%s: activities.manage', (role) => {
    const actor = actorWith(role);
    expect(hasPermission(actor, 'activities.manage')).toBe(canManageActivities(actor));
  });
  it.each(ROLES)('%s: donations.manage', (role) => {
    const actor = actorWith(role);
    const runsDrives = driveManageScopes(actor).length > 0 || entryWriteScopes(actor).length > 0;
    expect(hasPermission(actor, 'donations.manage')).toBe(runsDrives);
  });
});
