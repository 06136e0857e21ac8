import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, LEGACY_AUDIT_ACTIONS, currentAuditAction } from '../../../common/auditActions';
import { t } from '../../locales';
import { AUDIT_AREAS } from './AuditPage';

describe('audit page labels', () => {
  it('labels every registered action and nothing else', () => {
    expect(Object.keys(t.audit.actions).sort()).toEqual([...AUDIT_ACTIONS].sort());
  });

  it('names every area of the registry in words (the action filter’s groups)', () => {
    expect(AUDIT_AREAS.length).toBeGreaterThan(10);
    for (const area of AUDIT_AREAS) expect(t.audit.areas[area], area).toBeTruthy();
  });

  it('labels rows written under the older names through the registry', () => {
    for (const old of Object.keys(LEGACY_AUDIT_ACTIONS)) {
      expect(t.audit.actions[currentAuditAction(old)], old).toBeTruthy();
    }
  });
});
