import { describe, expect, it } from 'vitest';
import { ALLOWED_PARENTS, ORG_KINDS, ORG_KIND_LABELS, canPlace, childPath, wouldCycle } from './orgTree';

describe('org tree shape', () => {
  it('puts a class only under a grade and a party group only under a branch', () => {
    expect(canPlace('class', 'grade')).toBe(true);
    expect(canPlace('class', 'school')).toBe(false);
    expect(canPlace('partyGroup', 'branch')).toBe(true);
    expect(canPlace('partyGroup', 'school')).toBe(false);
    expect(canPlace('leagueBranch', 'leagueCommittee')).toBe(true);
  });

  it('has exactly one root kind, the park', () => {
    expect(ORG_KINDS.filter((k) => canPlace(k, null))).toEqual(['park']);
    expect(ALLOWED_PARENTS.park).toEqual([]);
  });

  it('labels every kind in Chinese and every parent is a known kind', () => {
    for (const k of ORG_KINDS) {
      expect(ORG_KIND_LABELS[k]).toMatch(/\p{Script=Han}/u);
      for (const p of ALLOWED_PARENTS[k]) expect(ORG_KINDS).toContain(p);
    }
  });

  it('builds paths that never match a sibling by prefix', () => {
    const parent = '/park/gb/';
    expect(childPath(parent, 'a1')).toBe('/park/gb/a1/');
    expect(childPath(parent, 'a12').startsWith(childPath(parent, 'a1'))).toBe(false);
  });

  it('detects a move into the node itself or its subtree', () => {
    expect(wouldCycle('/p/a/', '/p/a/')).toBe(true);
    expect(wouldCycle('/p/a/', '/p/a/b/')).toBe(true);
    expect(wouldCycle('/p/a/', '/p/b/')).toBe(false);
  });
});
