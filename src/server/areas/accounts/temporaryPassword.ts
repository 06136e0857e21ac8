import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const LETTERS = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const ALPHABET = LETTERS + DIGITS;

/**
 * A random temporary password (default 10 characters) from an unambiguous alphabet (no 0/O, 1/l/I),
 * holding at least one letter and one digit so that it passes `passwordSchema`. Handed out once;
 * the account must change it at its next login.
 */
export function generateTemporaryPassword(length = 10): string {
  const chars = Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  // Guarantee both classes at distinct random positions.
  const letterAt = randomInt(length);
  let digitAt = randomInt(length - 1);
  if (digitAt >= letterAt) digitAt++;
  chars[letterAt] = LETTERS[randomInt(LETTERS.length)]!;
  chars[digitAt] = DIGITS[randomInt(DIGITS.length)]!;
  return chars.join('');
}
