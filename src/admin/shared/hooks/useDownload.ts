import { useCallback, useState } from 'react';
import { fetchFile, type Query } from '../api/client';
import { fileNameFrom, saveBlob } from '../lib/contentDisposition';
import { showError, showSuccess } from '../lib/feedback';
import { t } from '../../locales';

export { fileNameFrom };

export interface DownloadRequest {
  /** The endpoint under /api. */
  path: string;
  query?: Query;
  /** POST (with the CSRF header) for exports that take a body; GET otherwise. */
  method?: 'GET' | 'POST';
  body?: unknown;
  /** The name used when the response carries no Content-Disposition file name. */
  fallbackName: string;
}

export interface DownloadOptions {
  /** Show "已下载 <name>" when done. */
  announce?: boolean;
  /** Leave errors to the caller (the promise rejects) instead of showing a message. */
  quiet?: boolean;
}

/**
 * Fetches a file with the session (and CSRF for a POST) and saves it under the name its
 * Content-Disposition gives. A refusal is an ApiError with the server's message, not a saved
 * error page. `busy` is true while any download of this hook is running.
 */
export function useDownload(opts: DownloadOptions = {}) {
  const [running, setRunning] = useState(0);
  const { announce, quiet } = opts;
  const download = useCallback(
    async (req: DownloadRequest): Promise<string | undefined> => {
      setRunning((n) => n + 1);
      try {
        const { blob, fileName } = await fetchFile(req.path, req);
        saveBlob(blob, fileName);
        if (announce) showSuccess(t.files.downloaded(fileName));
        return fileName;
      } catch (e) {
        if (quiet) throw e;
        showError(e);
        return undefined;
      } finally {
        setRunning((n) => n - 1);
      }
    },
    [announce, quiet],
  );
  return { download, busy: running > 0 };
}
