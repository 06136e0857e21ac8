import { describe, expect, it } from 'vitest';
import { auditSearchScope, canReadAuditEntry } from './policy';
import { OTHER_PARK, PARK, fakeActor, otherParkNodes } from '../../../../test/support/actors';

describe('audit trail', () => {
  it('a park admin searches its own park’s trail', () => {
    const admin = fakeActor([['parkAdmin', 'park']]);
    expect(auditSearchScope(admin)).toEqual({ parkId: PARK });
    expect(canReadAuditEntry(admin, { parkId: PARK })).toBe(true);
    expect(canReadAuditEntry(admin, { parkId: OTHER_PARK })).toBe(false);
    expect(canReadAuditEntry(admin, { parkId: null })).toBe(false);
  });

  it('nobody below park level searches it', () => {
    for (const actor of [
      fakeActor([['schoolAdmin', 'schoolA']]),
      fakeActor([['branchSecretary', 'branchA']]),
      fakeActor([['homeroomTeacher', 'classA1']]),
      fakeActor([['portalReviewer', 'park']]),
      fakeActor([], { personId: 'someone' }),
    ]) {
      expect(auditSearchScope(actor)).toBeNull();
      expect(canReadAuditEntry(actor, { parkId: PARK })).toBe(false);
    }
  });

  it('an admin of another park searches only that park', () => {
    const foreign = fakeActor([['parkAdmin', 'park']], { tree: otherParkNodes });
    expect(auditSearchScope(foreign)).toEqual({ parkId: OTHER_PARK });
    expect(canReadAuditEntry(foreign, { parkId: PARK })).toBe(false);
  });
});
