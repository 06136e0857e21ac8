import type { FormInstance } from 'antd';
import { isApiError } from '../api/client';

/**
 * Puts the server's `fields` messages under the matching form inputs. Keys are field paths
 * ("phone", "membership.joinedOn"); `aliases` maps server keys onto differently named inputs.
 * Returns the messages no input showed, so the caller can display them elsewhere.
 */
export function applyFieldErrors(
  form: FormInstance,
  error: unknown,
  aliases: Record<string, string> = {},
): string[] {
  if (!isApiError(error) || !error.fields) return [];
  const registered = new Set(form.getFieldsError().map((f) => f.name.join('.')));
  const unmatched: string[] = [];
  const updates: { name: (string | number)[]; errors: string[] }[] = [];
  for (const [key, msg] of Object.entries(error.fields)) {
    const target = aliases[key] ?? key;
    if (registered.has(target)) {
      updates.push({ name: target.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors: [msg] });
    } else {
      unmatched.push(msg);
    }
  }
  if (updates.length) {
    form.setFields(updates);
    form.scrollToField(updates[0]!.name, { block: 'center', behavior: 'smooth' });
  }
  return unmatched;
}
