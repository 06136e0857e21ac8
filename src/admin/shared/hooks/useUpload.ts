import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, isApiError, upload } from '../api/client';
import { showError } from '../lib/feedback';
import { t } from '../../locales';

/**
 * The codes an upload can fail with, as src/server/platform/http/files.ts readUpload /
 * readUploadStream (413 is PAYLOAD_TOO_LARGE on every route) and the areas' parsers send them. The checks made here before sending use the same codes, so a caller handles
 * one set whichever side refused.
 */
export const UPLOAD_ERRORS = {
  tooLarge: ['PAYLOAD_TOO_LARGE'],
  badType: ['UNSUPPORTED_MEDIA_TYPE', 'UNSUPPORTED_FILE_TYPE', 'INVALID_MEDIA'],
  unreadable: ['INVALID_UPLOAD', 'INVALID_FILE', 'EMPTY_FILE', 'FILE_REQUIRED'],
} as const;

export interface UploadOptions<T> {
  /** Where the file is posted (under /api); a function when it depends on the file. */
  path: string | ((file: File) => string);
  /** Refused before sending when larger; the same limit the route gives readUpload. */
  maxBytes?: number;
  /** Extensions ('.xlsx') or MIME types ('image/png', 'image/*') accepted; checked before sending. */
  accept?: string[];
  onSuccess?: (result: T, file: File) => void;
  /** Called with the refusal; without it the error is shown as a message (unless `quiet`). */
  onError?: (error: ApiError, file: File) => void;
  /** Leave the error to `error` (e.g. shown inline) instead of a message. */
  quiet?: boolean;
}

export interface UploadState<T> {
  /** Sends the file; resolves to the result, or undefined when refused or cancelled. */
  start: (file: File) => Promise<T | undefined>;
  /** Aborts the upload in flight. */
  cancel: () => void;
  /** Clears error and progress. */
  reset: () => void;
  uploading: boolean;
  /** 0–100 while uploading. */
  percent: number;
  fileName: string | null;
  error: ApiError | null;
}

const mb = (bytes: number) => Math.max(1, Math.round(bytes / 1024 / 1024));

/** The refusal the server would give, decided before sending (size, type, empty file). */
export function checkFile(file: File, opts: Pick<UploadOptions<unknown>, 'maxBytes' | 'accept'>) {
  if (opts.accept?.length) {
    const name = file.name.toLowerCase();
    const type = file.type.toLowerCase();
    const ok = opts.accept.some((a) => {
      const x = a.toLowerCase();
      if (x.startsWith('.')) return name.endsWith(x);
      if (x.endsWith('/*')) return type.startsWith(x.slice(0, -1));
      return type === x;
    });
    if (!ok) return new ApiError(415, 'UNSUPPORTED_FILE_TYPE', t.files.badType(opts.accept.join('、')));
  }
  if (file.size === 0) return new ApiError(400, 'EMPTY_FILE', t.files.empty);
  if (opts.maxBytes !== undefined && file.size > opts.maxBytes) {
    return new ApiError(413, 'PAYLOAD_TOO_LARGE', t.files.tooLarge(mb(opts.maxBytes)));
  }
  return null;
}

/** A 413 from a proxy in front of the API has no JSON body: give it the API's code and wording. */
export function normalizeUploadError(e: unknown, maxBytes?: number): ApiError {
  if (isApiError(e)) {
    if (e.status === 413 && e.code === 'HTTP_413') {
      return new ApiError(
        413,
        'PAYLOAD_TOO_LARGE',
        maxBytes ? t.files.tooLarge(mb(maxBytes)) : t.errors.byStatus[413]!,
      );
    }
    return e;
  }
  return new ApiError(0, 'UPLOAD_FAILED', (e as Error)?.message || t.errors.unknown);
}

/**
 * One multipart upload (field `file`) with progress, checks before sending and the API's error
 * codes. Use with antd Upload as `beforeUpload={(f) => { void start(f); return false; }}`.
 */
export function useUpload<T>(opts: UploadOptions<T>): UploadState<T> {
  const [state, setState] = useState<{
    uploading: boolean;
    percent: number;
    fileName: string | null;
    error: ApiError | null;
  }>({ uploading: false, percent: 0, fileName: null, error: null });
  const abort = useRef<AbortController | null>(null);
  const optsRef = useRef(opts);
  useEffect(() => {
    optsRef.current = opts;
  });
  // Leaving the page cancels an upload in flight.
  useEffect(() => () => abort.current?.abort(), []);

  const start = useCallback(async (file: File): Promise<T | undefined> => {
    const o = optsRef.current;
    const fail = (error: ApiError) => {
      setState({ uploading: false, percent: 0, fileName: file.name, error });
      if (o.onError) o.onError(error, file);
      else if (!o.quiet) showError(error);
      return undefined;
    };
    const refused = checkFile(file, o);
    if (refused) return fail(refused);
    abort.current?.abort();
    const ctrl = new AbortController();
    abort.current = ctrl;
    setState({ uploading: true, percent: 0, fileName: file.name, error: null });
    try {
      const path = typeof o.path === 'function' ? o.path(file) : o.path;
      const result = await upload<T>(
        path,
        file,
        (percent) => setState((s) => (s.uploading ? { ...s, percent } : s)),
        ctrl.signal,
      );
      setState({ uploading: false, percent: 100, fileName: file.name, error: null });
      o.onSuccess?.(result, file);
      return result;
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') {
        setState({ uploading: false, percent: 0, fileName: null, error: null });
        return undefined;
      }
      return fail(normalizeUploadError(e, o.maxBytes));
    } finally {
      if (abort.current === ctrl) abort.current = null;
    }
  }, []);

  const cancel = useCallback(() => abort.current?.abort(), []);
  const reset = useCallback(
    () => setState({ uploading: false, percent: 0, fileName: null, error: null }),
    [],
  );
  return { start, cancel, reset, ...state };
}
