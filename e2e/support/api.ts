import { DEMO_PASSWORD } from '../../scripts/lib/seedDemo';

/** A signed-in API session for setting up a browser test's state (cookie + CSRF header). */
export interface ApiSession {
  get<T = unknown>(path: string): Promise<T>;
  send<T = unknown>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/**
 * Logs in through POST /api/auth/login with Node's fetch and keeps the session and CSRF cookies.
 * Every call must succeed (2xx): a failure throws with the server's answer, so a test's setup
 * never silently does nothing.
 */
export async function apiAs(
  baseUrl: string,
  username: string,
  password = DEMO_PASSWORD,
): Promise<ApiSession> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`login ${username}: ${login.status} ${await login.text()}`);
  const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const cookie = cookies.join('; ');
  const csrf = cookies.find((c) => c.startsWith('csrf='))?.slice('csrf='.length) ?? '';
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        cookie,
        ...(method === 'GET' ? {} : { 'x-csrf-token': csrf }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} as ${username}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }
  return {
    get: (path) => call('GET', path),
    send: (method, path, body) => call(method, path, body ?? {}),
  };
}
