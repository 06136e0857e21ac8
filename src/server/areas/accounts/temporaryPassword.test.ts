import { describe, expect, it } from 'vitest';
import { password as passwordSchema } from '../../../common/contracts/auth';
import { generateTemporaryPassword } from './temporaryPassword';

describe('temporary passwords', () => {
  it('are 10 readable characters that satisfy the password rules', () => {
    for (let i = 0; i < 500; i++) {
      const p = generateTemporaryPassword();
      expect(p).toHaveLength(10);
      expect(p).toMatch(/^[A-Za-z2-9]+$/);
      expect(p).not.toMatch(/[0O1lI]/);
      expect(passwordSchema.safeParse(p).success).toBe(true);
    }
  });

  it('differ from one another', () => {
    const seen = new Set(Array.from({ length: 200 }, () => generateTemporaryPassword()));
    expect(seen.size).toBe(200);
  });
});
