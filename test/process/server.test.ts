import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** The real server as a child process: first start, setup link, graceful stop, restart on the same data. */
interface Running {
  child: ChildProcess;
  base: string;
  output: () => string;
}

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-server-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function start(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 150_000);
    const check = () => {
      const m = /ready in \d+ ms on pglite: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        // the setup link is printed right after the ready line
        setTimeout(() => resolve({ child, base: m[1]!, output: () => out }), 200);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

function stop(r: Running): Promise<number | null> {
  return new Promise((resolve) => {
    r.child.removeAllListeners('exit');
    r.child.on('exit', (code) => resolve(code));
    r.child.kill('SIGTERM');
  });
}

async function login(base: string, username: string, password: string) {
  return fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

// Each test starts real processes; on a loaded two-core machine that takes a while.
describe('server process', { timeout: 180_000 }, () => {
  it('creates the first administrator from the environment, stops cleanly and keeps its data', async () => {
    const dataDir = tempDir();
    const first = await start({ DATA_DIR: dataDir, ADMIN_USERNAME: 'chief', ADMIN_PASSWORD: 'Hq2026pwRed' });
    expect(await (await fetch(`${first.base}/healthz`)).json()).toEqual({ status: 'ok', database: 'pglite' });
    expect((await login(first.base, 'chief', 'Hq2026pwRed')).status).toBe(200);
    expect(await stop(first)).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(true);

    const second = await start({ DATA_DIR: dataDir });
    expect(second.output()).not.toContain('/admin/setup?token=');
    expect((await login(second.base, 'chief', 'Hq2026pwRed')).status).toBe(200);
    expect(await stop(second)).toBe(0);
  });

  it('prints a one-time setup link when there is no account, and the link works once', async () => {
    const running = await start({ DATA_DIR: tempDir() });
    try {
      const token = /\/admin\/setup\?token=([\w-]+)/.exec(running.output())?.[1];
      expect(token).toBeTruthy();
      expect((await fetch(`${running.base}/api/setup/${token}`)).status).toBe(200);
      // No park yet: the public site says so instead of answering 404.
      const before = await fetch(`${running.base}/`);
      expect(before.status).toBe(200);
      expect(await before.text()).toContain('尚未完成初始化');
      const body = {
        token,
        parkName: '测试园区',
        username: 'founder',
        displayName: '园区管理员',
        password: 'Found3rPass',
      };
      const post = () =>
        fetch(`${running.base}/api/setup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await post()).status).toBe(200);
      expect((await login(running.base, 'founder', 'Found3rPass')).status).toBe(200);
      // Now the park exists: the portal's home page, with its default columns.
      const after = await fetch(`${running.base}/`);
      expect(after.status).toBe(200);
      const home = await after.text();
      expect(home).not.toContain('尚未完成初始化');
      expect(home).toContain('党建动态');
      const again = await post();
      expect(again.status).toBe(404);
      expect((await again.json()).error.code).toBe('SETUP_NOT_AVAILABLE');
    } finally {
      await stop(running);
    }
  });

  it('refuses to start on invalid configuration, naming the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: { ...process.env, PORT: 'eighty', DATA_DIR: tempDir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stderr!.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(out).toMatch(/配置错误[\s\S]*PORT/);
  });
});
