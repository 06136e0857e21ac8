/**
 * A small HTTP client for the security probe: keeps the session cookie, sends the CSRF header on
 * writes, and hands back the raw body (bytes and text) so a leak check can read every answer.
 */
export interface Answer {
  status: number;
  type: string;
  bytes: Buffer;
  text: string;
  json: <T = unknown>() => T;
}

export class Http {
  private cookies = new Map<string, string>();
  constructor(
    readonly base: string,
    readonly name = 'anonymous',
  ) {}

  get signedIn(): boolean {
    return this.cookies.size > 0;
  }

  async request(
    method: string,
    url: string,
    body?: unknown,
    extra: { headers?: Record<string, string>; raw?: string | Buffer } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...extra.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('csrf');
    if (method !== 'GET' && method !== 'HEAD' && csrf) headers['x-csrf-token'] ??= csrf;
    let payload: BodyInit | undefined;
    if (extra.raw !== undefined)
      payload = typeof extra.raw === 'string' ? extra.raw : new Uint8Array(extra.raw);
    else if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] ??= 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.base + url, { method, headers, body: payload, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      const expired = /max-age=0|expires=thu, 01 jan 1970/i.test(c);
      if (value && !expired) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      bytes,
      text,
      json: <T>() => (text ? JSON.parse(text) : null) as T,
    };
  }

  /** A request that must succeed; returns the parsed JSON body. */
  async ok<T = Record<string, unknown>>(method: string, url: string, body?: unknown): Promise<T> {
    const res = await this.request(method, url, body);
    if (res.status >= 300)
      throw new Error(`${this.name}: ${method} ${url} → ${res.status} ${res.text.slice(0, 400)}`);
    return res.json<T>();
  }

  async login(username: string, password: string): Promise<this> {
    this.cookies.clear();
    await this.ok('POST', '/api/auth/login', { username, password });
    return this;
  }
}
