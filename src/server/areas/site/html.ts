import { escapeHtml } from '../../platform/html';

/**
 * A tiny HTML template tag with automatic escaping: esc`<p>${text}</p>`. Every interpolated value is
 * escaped unless it is a SafeHtml (the output of another esc`` call, or a body the newsroom
 * sanitized on save that we mark with trustedHtml). Arrays are joined; null, undefined and false
 * render as nothing. (Named `esc`, not `html`, so that prettier leaves the markup as written.)
 */

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** The platform's one escaper, also for the templates' callers (the portal test seed). */
export { escapeHtml };

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function esc(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/**
 * Marks HTML as safe to insert as is. Only for article bodies, which platform/sanitize.ts cleaned with its
 * allow-list before they were stored (the schema promises `body_html` is never unsanitized).
 */
export const trustedHtml = (sanitized: string): SafeHtml => new SafeHtml(sanitized);

/** Escapes text for XML (RSS, sitemap): the same five entities are valid there. */
export const escapeXml = escapeHtml;

/** At most `n` characters (code points), with an ellipsis when cut. */
export function truncate(s: string, n: number): string {
  const chars = Array.from(s);
  return chars.length <= n ? s : `${chars.slice(0, n).join('')}…`;
}
