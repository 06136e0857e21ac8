import fs from 'node:fs';
import { hash, verify } from '@node-rs/argon2';
import { badRequest } from '../../errors';
import { fromRoot } from '../../platform/paths';

// argon2id (Algorithm.Argon2id is a const enum, which isolatedModules cannot import).
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, OPTIONS as never);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal that. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = () => (dummyHash ??= hashPassword('not-a-real-password-1'));

/** The shipped list of the 1,000 most common passwords (source and licence in the file's header). */
export const COMMON_PASSWORDS_FILE = fromRoot('src/server/areas/auth/wordlists/common-passwords.txt');
let common: Set<string> | undefined;
export function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(
    fs
      .readFileSync(COMMON_PASSWORDS_FILE, 'utf8')
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l !== '' && !l.startsWith('#')),
  );
  return common;
}

/**
 * Login names shorter than this are not looked for inside a password: a two-letter username would
 * refuse every password that happens to contain those two letters, which protects nothing.
 */
const MIN_NAME_IN_PASSWORD = 3;

/**
 * THE rule for a new password, beyond the contract's shape (length, letters and digits): it may not
 * contain the account's login names (its username, its 工号/学号), ignoring case, and may not be one
 * of the 1,000 most common passwords, ignoring case. Every place that sets a password calls this:
 * changing one's password, the first administrator (setup link and ADMIN_PASSWORD), creating an
 * account with a chosen password, and the generated temporary passwords (account creation, reset).
 * Throws 400 PASSWORD_CONTAINS_USERNAME / PASSWORD_TOO_COMMON with the message on `field`.
 */
export function checkNewPassword(
  password: string,
  loginNames: readonly (string | null | undefined)[],
  field = 'password',
): void {
  const problem = passwordProblem(password, loginNames);
  if (problem) throw badRequest(problem.code, problem.message, { [field]: problem.message });
}

/** The same rule as a value: null when the password is acceptable. */
export function passwordProblem(
  password: string,
  loginNames: readonly (string | null | undefined)[],
): { code: 'PASSWORD_CONTAINS_USERNAME' | 'PASSWORD_TOO_COMMON'; message: string } | null {
  const lower = password.toLowerCase();
  for (const name of loginNames) {
    const n = name?.trim().toLowerCase();
    if (n && n.length >= MIN_NAME_IN_PASSWORD && lower.includes(n)) {
      return { code: 'PASSWORD_CONTAINS_USERNAME', message: '密码不能包含用户名或工号、学号' };
    }
  }
  if (commonPasswords().has(lower)) {
    return { code: 'PASSWORD_TOO_COMMON', message: '该密码过于常见，容易被猜中，请换一个' };
  }
  return null;
}

/** A generated password that also passes the rule (a random one fails it only by rare chance). */
export function acceptableGenerated(generate: () => string, loginNames: readonly (string | null)[]): string {
  for (;;) {
    const p = generate();
    if (!passwordProblem(p, loginNames)) return p;
  }
}
