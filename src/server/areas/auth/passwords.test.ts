import { describe, expect, it } from 'vitest';
import { acceptableGenerated, commonPasswords, passwordProblem } from './passwords';

describe('the common-password list', () => {
  it('ships the 1,000 most common passwords, lower case, most common first', () => {
    const list = commonPasswords();
    expect(list.size).toBe(1000);
    expect([...list].slice(0, 3)).toEqual(['123456', 'password', '12345678']);
    for (const p of list) expect(p).toBe(p.toLowerCase());
  });
});

describe('passwordProblem', () => {
  it('refuses a password containing a login name of three or more characters, ignoring case', () => {
    expect(passwordProblem('league1234', ['league'])?.code).toBe('PASSWORD_CONTAINS_USERNAME');
    expect(passwordProblem('xxLeAgUe99', ['league'])?.code).toBe('PASSWORD_CONTAINS_USERNAME');
    expect(passwordProblem('Ts2025001ab', [null, 's2025001'])?.code).toBe('PASSWORD_CONTAINS_USERNAME');
    // Two letters are too short to mean anything.
    expect(passwordProblem('police2026x', ['li'])).toBeNull();
  });

  it('refuses a common password, ignoring case', () => {
    expect(passwordProblem('Password1', ['admin'])?.code).toBe('PASSWORD_TOO_COMMON');
    expect(passwordProblem('Harbor7Lantern', ['admin'])).toBeNull();
  });

  it('draws generated passwords until one passes', () => {
    const draws = ['abc1234xyz', 'qwerty123', 'Good2Draw9'];
    expect(acceptableGenerated(() => draws.shift()!, ['abc'])).toBe('Good2Draw9');
    expect(draws).toEqual([]);
  });
});
