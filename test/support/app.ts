import crypto from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import type { Database } from '../../src/server/platform/db/client';
import { createFieldCipher, type FieldCipher } from '../../src/server/platform/crypto';
import { createTestDatabase } from './db';

export interface TestApp {
  app: App;
  database: Database;
  cipher: FieldCipher;
  close(): Promise<void>;
}

/** The real application on a fresh database (see db.ts), with no socket: call app.inject(). */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const cipher = createFieldCipher(crypto.randomBytes(32));
  const config = loadConfig({ DATA_DIR: '.test-data/unused', LOG_LEVEL: 'silent', ...env });
  const app = await buildApp({ config, database, cipher }, { logger: false });
  await app.ready();
  return {
    app,
    database,
    cipher,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A signed-in user agent: keeps the session cookie and sends the CSRF header on writes. */
export class Client {
  private cookies = new Map<string, string>();
  csrfToken = '';
  constructor(private readonly app: App) {}

  async request(opts: InjectOptions): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string>) };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrfToken && opts.method && opts.method !== 'GET') headers['x-csrf-token'] ??= this.csrfToken;
    const res = await this.app.inject({ ...opts, headers });
    for (const c of res.cookies as { name: string; value: string; expires?: Date }[]) {
      if (!c.value || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const csrf = this.cookies.get('csrf');
    if (csrf) this.csrfToken = csrf;
    return res;
  }

  get = (url: string) => this.request({ method: 'GET', url });
  post = (url: string, payload?: unknown) =>
    this.request({ method: 'POST', url, payload: payload as object });
  patch = (url: string, payload?: unknown) =>
    this.request({ method: 'PATCH', url, payload: payload as object });
  put = (url: string, payload?: unknown) => this.request({ method: 'PUT', url, payload: payload as object });
  delete = (url: string) => this.request({ method: 'DELETE', url });

  async login(username: string, password: string): Promise<this> {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    return this;
  }
}

export const asClient = (app: App) => new Client(app);
