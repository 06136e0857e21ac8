import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openPglite } from '../../src/server/platform/db/client';
import { createLocalStorage, localStorageRoot } from '../../src/server/platform/storage';
import { createFieldCipher, loadMasterKey } from '../../src/server/platform/crypto';
import { DEMO_PASSWORD, seedDemo, type SeedSummary } from '../../scripts/lib/seedDemo';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface TestServer {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  port: number;
  dataDir: string;
  /**
   * A park administrator: the one created at start (ADMIN_USERNAME / ADMIN_PASSWORD), or with
   * `seed`, the demo park's `parkadmin`.
   */
  admin: { username: string; password: string };
  /** With `seed`: the demo park (schools, classes, demo accounts; password DEMO_PASSWORD). */
  demo: SeedSummary | null;
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  /** SIGTERM, wait for the graceful exit, remove the data directory. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra environment for the server (e.g. PARK_NAME). */
  env?: Record<string, string>;
  /**
   * Fill the database with the demo park first (scripts/lib/seedDemo.ts) at this scale, e.g. 0.05
   * for a small park (3 schools, 9 classes, ~150 students). The demo accounts then exist, so no
   * first administrator is created: log in as `admin` (parkadmin / DEMO_PASSWORD).
   */
  seed?: number;
  /** Runs against the fresh DATA_DIR before the server starts (after `seed`). */
  prepare?: (dataDir: string) => Promise<void>;
  /** Milliseconds to wait for /healthz. */
  timeoutMs?: number;
}

export const ADMIN = { username: 'e2eadmin', password: 'E2ePassw0rd' };

/** A port that was free a moment ago on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real server (`node --import tsx src/server/main.ts`) on a temporary DATA_DIR with an
 * embedded database, a free loopback port and a first park administrator; resolves once /healthz
 * answers. Always call stop() (afterAll).
 */
export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-e2e-'));
  const demo = opts.seed ? await seedInto(dataDir, opts.seed) : null;
  if (opts.prepare) await opts.prepare(dataDir);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: '',
      ENCRYPTION_KEY: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  // A hang guard, not a speed check: on a loaded two-core machine a start that compiles through
  // tsx can take a minute or more. The loop ends as soon as /healthz answers or the child exits.
  const guardMs = opts.timeoutMs ?? 240_000;
  const deadline = Date.now() + guardMs;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the server exited with code ${child.exitCode} before it was ready:\n${log}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer /healthz within ${guardMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const admin = demo ? { username: 'parkadmin', password: DEMO_PASSWORD } : ADMIN;
  return { baseUrl, port, dataDir, admin, demo, output: () => log, stop };
}

/** The demo park in a fresh embedded database in `dataDir`, with the key the server will read. */
export async function seedInto(dataDir: string, scale: number): Promise<SeedSummary> {
  const cipher = createFieldCipher(loadMasterKey(dataDir));
  const database = await openPglite(dataDir);
  try {
    await database.migrate();
    // The server's default storage (a folder in DATA_DIR): the portal's pictures and music.
    const storage = createLocalStorage(localStorageRoot(dataDir));
    return await seedDemo(database.db, cipher, { scale, storage: () => storage });
  } finally {
    await database.close();
  }
}
