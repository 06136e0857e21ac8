import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, screenshot, type TestBrowser } from './support/browser';
import { startServer, type TestServer } from './support/server';

// The smallest browser check: the real server starts on a fresh embedded database, Debian's
// chromium reaches it, and the console's login page renders in Chinese.
describe('smoke: server and browser', () => {
  let server: TestServer;
  let b: TestBrowser;

  beforeAll(async () => {
    server = await startServer();
    b = await launchBrowser({ baseUrl: server.baseUrl });
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('answers /healthz on the embedded database', async () => {
    const res = await b.page.goto('/healthz');
    expect(res?.status()).toBe(200);
    expect(await res?.json()).toEqual({ status: 'ok', database: 'pglite' });
  });

  it('serves the OpenAPI document and its reference page', async () => {
    const res = await b.page.goto('/api/openapi.json');
    expect(res?.status()).toBe(200);
    const doc = (await res?.json()) as { openapi: string; info: { title: string }; paths: object };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('校园党建 API');
    expect(Object.keys(doc.paths)).toContain('/api/auth/login');

    const docs = await b.page.goto('/api/docs');
    expect(docs?.status()).toBe(200);
    await b.page.locator('.swagger-ui').first().waitFor();
    await screenshot(b.page, 'smoke-api-docs');
  });

  it('shows the console login page in Chinese at /admin', async () => {
    const errors = collectPageErrors(b.page);
    await b.page.goto('/admin');
    await b.page.getByTestId('login-form').waitFor();
    await expect.poll(() => b.page.getByText('登录管理后台').count()).toBeGreaterThan(0);
    expect(await b.page.getByTestId('login-submit').innerText()).toMatch(/登\s*录/);
    expect(await b.page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await screenshot(b.page, 'smoke-login');
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
