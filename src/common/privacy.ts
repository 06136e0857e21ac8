/**
 * How a person's name appears on a public page (the portal, the public API, feeds): the one rule
 * every public presenter uses. Much of the platform's data is about minors, so a student is shown
 * masked (白*嘉 for 白某嘉, 白* for a two-character name) unless a guardian has consented to the full
 * name; staff and classes (collectives) are shown as they are. Anonymity (a donor's choice per gift)
 * is decided before this: an anonymous donor's name never reaches the page at all. Pure: no IO.
 */

export const PUBLIC_NAME_RULE = {
  ruleVersion: 1,
  source:
    '《未成年人保护法》第四条（保护未成年人隐私权和个人信息）；本平台规则：学生姓名在公开页面脱敏，监护人同意后方可公开全名',
  scope: 'local',
} as const;

/** The mask character. */
export const MASK = '*';

export interface PublicPerson {
  name: string;
  /** 'student' (treated as a minor), 'staff', or null / undefined for a collective (a class). */
  kind?: string | null;
  /** A guardian agreed to show the student's full name (donation entries carry it). */
  guardianConsent?: boolean | null;
}

/**
 * Masks a name: the first character kept, the last kept when there are three or more, every other
 * character a `*` (白某嘉 → 白*嘉, 欧阳娜娜 → 欧**娜, 白嘉 → 白*, 白 → *). Counts characters, not
 * UTF-16 units, so rare characters outside the BMP stay whole.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return MASK;
  if (chars.length === 2) return chars[0] + MASK;
  return chars[0] + MASK.repeat(chars.length - 2) + chars[chars.length - 1];
}

/** Is this person a minor for the purpose of public pages? Students are; staff and collectives not. */
export const isMinor = (p: Pick<PublicPerson, 'kind'>) => p.kind === 'student';

/** The name to print on a public page for `p` (see the module comment). */
export function publicName(p: PublicPerson): string {
  if (isMinor(p) && !p.guardianConsent) return maskName(p.name);
  return p.name;
}
