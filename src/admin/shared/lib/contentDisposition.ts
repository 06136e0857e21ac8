/**
 * The file name a download should be saved under, from its Content-Disposition header (what
 * src/server/platform/http/files.ts contentDisposition() writes: an ASCII `filename` and the real,
 * often Chinese, name in RFC 5987 `filename*`). `filename*` wins; `fallback` when neither is usable.
 */
export function fileNameFrom(disposition: string | null | undefined, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:"?([\w!#$&+.^`|~-]+)'[\w-]*')?([^;]+)/i.exec(disposition);
  if (star?.[2]) {
    const charset = (star[1] ?? 'UTF-8').toUpperCase();
    const raw = star[2].trim().replace(/^"|"$/g, '');
    if (charset === 'UTF-8') {
      try {
        const name = safeName(decodeURIComponent(raw));
        if (name) return name;
      } catch {
        /* a malformed escape: try the plain name */
      }
    }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/i.exec(disposition);
  const value = plain?.[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain?.[2];
  return safeName(value?.trim() ?? '') || fallback;
}

/** A name the browser may save: no folders, no control characters. */
function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return (name.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
}

/** Saves a blob under `name` through a temporary object URL and link. */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
