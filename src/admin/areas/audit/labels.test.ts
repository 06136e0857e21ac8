import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, LEGACY_AUDIT_ACTIONS, currentAuditAction } from '../../../common/auditActions';
import { t } from '../../locales';

describe('audit page labels', () => {
  it('labels every registered action and nothing else', () => {
    expect(Object.keys(t.audit.actions).sort()).toEqual([...AUDIT_ACTIONS].sort());
  });

  it('labels rows written under the older names through the registry', () => {
    for (const old of Object.keys(LEGACY_AUDIT_ACTIONS)) {
      expect(t.audit.actions[currentAuditAction(old)], old).toBeTruthy();
    }
  });
});
