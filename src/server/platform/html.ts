/**
 * The one HTML text escaper of the server: for element content and attribute values (quoted with
 * either quote). The same five entities are valid XML, so feeds and sitemaps use it too.
 */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
