import { t } from '../../locales';
import { fileNameFrom, saveBlob } from '../lib/contentDisposition';

/** The API's error shape, `{"error":{"code","message","fields"}}`, as a thrown value. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** The user is being sent elsewhere (login / change password); no message is worth showing. */
export const isRedirectError = (e: unknown) =>
  isApiError(e) &&
  ((e.status === 401 && e.code === 'UNAUTHENTICATED') || e.code === 'PASSWORD_CHANGE_REQUIRED');

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

const API = '/api';

interface AuthHandlers {
  onUnauthenticated?: () => void;
  onPasswordChangeRequired?: () => void;
}
let handlers: AuthHandlers = {};
/** The router registers where a 401 or a forced password change sends the user. */
export function setAuthHandlers(h: AuthHandlers) {
  handlers = h;
}

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function buildQuery(q?: Query): string {
  if (!q) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Turns a non-2xx response body (maybe not JSON) into an ApiError with a Chinese message. */
export function toApiError(status: number, body: unknown): ApiError {
  const err = (body as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | null)?.error;
  const code = typeof err?.code === 'string' ? err.code : `HTTP_${status}`;
  const message =
    typeof err?.message === 'string' && err.message
      ? err.message
      : (t.errors.byStatus[status] ?? (status >= 500 ? t.errors.byStatus[500]! : t.errors.unknown));
  const fields =
    err?.fields && typeof err.fields === 'object' ? (err.fields as Record<string, string>) : undefined;
  return new ApiError(status, code, message, fields);
}

function signalAuth(e: ApiError) {
  if (e.status === 401 && e.code === 'UNAUTHENTICATED') handlers.onUnauthenticated?.();
  else if (e.status === 403 && e.code === 'PASSWORD_CHANGE_REQUIRED') handlers.onPasswordChangeRequired?.();
}

function headersFor(method: string, json: boolean): Record<string, string> {
  const h: Record<string, string> = { accept: 'application/json' };
  if (json) h['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = readCookie('csrf');
    if (csrf) h['x-csrf-token'] = csrf;
  }
  return h;
}

async function send(
  method: string,
  path: string,
  opts: { query?: Query; body?: unknown; signal?: AbortSignal },
) {
  let res: Response;
  try {
    res = await fetch(API + path + buildQuery(opts.query), {
      method,
      headers: headersFor(method, opts.body !== undefined),
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK_ERROR', t.errors.network);
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    const e = toApiError(res.status, body);
    signalAuth(e);
    throw e;
  }
  return res;
}

async function json<T>(
  method: string,
  path: string,
  opts: { query?: Query; body?: unknown; signal?: AbortSignal },
) {
  const res = await send(method, path, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(res.status, 'BAD_RESPONSE', t.errors.badResponse);
  }
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => json<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => json<T>('POST', path, { body }),
  put: <T>(path: string, body?: unknown) => json<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => json<T>('PATCH', path, { body }),
  del: <T = void>(path: string) => json<T>('DELETE', path, {}),
};

export { fileNameFrom };

/**
 * Fetches a file endpoint with the session cookie (and the CSRF header for a POST), so a refusal
 * arrives as an ApiError rather than as a JSON page saved to disk. useDownload saves it.
 */
export async function fetchFile(
  path: string,
  opts: { query?: Query; method?: 'GET' | 'POST'; body?: unknown; fallbackName: string },
): Promise<{ blob: Blob; fileName: string }> {
  const res = await send(opts.method ?? 'GET', path, { query: opts.query, body: opts.body });
  const blob = await res.blob();
  return { blob, fileName: fileNameFrom(res.headers.get('content-disposition'), opts.fallbackName) };
}

/** Downloads a GET endpoint's file and saves it under its Content-Disposition name (see useDownload). */
export async function download(
  path: string,
  query: Query | undefined,
  fallbackName: string,
): Promise<string> {
  const { blob, fileName } = await fetchFile(path, { query, fallbackName });
  saveBlob(blob, fileName);
  return fileName;
}

/** Uploads one file as multipart field "file" with progress (fetch has no upload progress; XHR does). */
export function upload<T>(
  path: string,
  file: File,
  onProgress?: (percent: number) => void,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', API + path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    const csrf = readCookie('csrf');
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable && onProgress) onProgress(Math.round((ev.loaded / ev.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', t.errors.network));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as T);
      } else {
        const e = toApiError(xhr.status, body);
        signalAuth(e);
        reject(e);
      }
    };
    signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
