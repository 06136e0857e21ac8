import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServerBundle } from '../../scripts/lib/serverBundle.mjs';

/**
 * `npm start` (scripts/start.mjs) must never leave its server behind: whatever stops the launcher —
 * SIGTERM, SIGINT, SIGHUP, or a SIGKILL no handler can see — the server child goes too.
 */
const root = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-start-'));
const leftovers: number[] = [];

afterAll(() => {
  // A failing case must not leave a server running on the machine.
  for (const pid of leftovers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

beforeAll(async () => {
  // Built here, outside the cases: the launcher runs it with --no-build.
  await ensureServerBundle({ log: () => undefined });
}, 120_000);

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Gone = no such process, or a zombie waiting for a parent (init) to reap it: it runs nothing. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there is none
  }
}

/** Polls `check` until it holds; the bound is only a hang guard for a loaded machine. */
async function waitFor(what: string, check: () => boolean | Promise<boolean>, output: () => string) {
  const deadline = Date.now() + 150_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output()}`);
    await sleep(50);
  }
}

function descendantsOf(pid: number): number[] {
  return childrenOf(pid).flatMap((c) => [c, ...descendantsOf(c)]);
}

async function startLauncher(
  command: [string, string[]] = [process.execPath, ['scripts/start.mjs', '--no-build']],
): Promise<{ launcher: ChildProcess; server: number; output: () => string }> {
  const port = await freePort();
  const launcher = spawn(command[0], command[1], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  leftovers.push(launcher.pid!);
  let out = '';
  launcher.stdout!.on('data', (d) => (out += d));
  launcher.stderr!.on('data', (d) => (out += d));
  const output = () => out;
  await waitFor(
    '/healthz',
    async () => {
      if (launcher.exitCode !== null) throw new Error(`the launcher exited:\n${out}`);
      try {
        return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
      } catch {
        return false;
      }
    },
    output,
  );
  const server = descendantsOf(launcher.pid!).find((pid) =>
    fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/server/main.js'),
  );
  expect(server, 'the server runs under the launcher').toBeGreaterThan(0);
  leftovers.push(server!);
  return { launcher, server: server!, output };
}

describe('npm start (scripts/start.mjs)', { timeout: 200_000 }, () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`passes ${signal} on and exits with its server`, async () => {
      const { launcher, server, output } = await startLauncher();
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        launcher.on('exit', (code, sig) => resolve({ code, signal: sig })),
      );
      launcher.kill(signal);
      // The server closes gracefully (exit 0) and the launcher exits with its code.
      expect(await exited).toEqual({ code: 0, signal: null });
      await waitFor(`server ${server} to go`, () => !alive(server), output);
      expect(output()).toContain(`${signal}: closing`);
    });
  }

  it('takes its server down when the launcher itself is killed with SIGKILL', async () => {
    const { launcher, server, output } = await startLauncher();
    const exited = new Promise<string | null>((resolve) => launcher.on('exit', (_code, sig) => resolve(sig)));
    launcher.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // Orphaned, the server sees its IPC channel close and shuts down on its own.
    await waitFor(`server ${server} to go`, () => !alive(server), output);
    expect(output()).toContain('launcher gone: closing');
  });

  it('stops when `npm start` itself is killed by its PID (npm exits without passing SIGTERM on)', async () => {
    const { launcher, server, output } = await startLauncher(['npm', ['start', '--', '--no-build']]);
    const below = descendantsOf(launcher.pid!);
    leftovers.push(...below);
    expect(below).toContain(server);
    launcher.kill('SIGTERM');
    // Re-parented, the launcher stops its server gracefully and exits; nothing is left running.
    await waitFor(`server ${server} to go`, () => !alive(server), output);
    await waitFor('every process below npm to go', () => below.every((pid) => !alive(pid)), output);
    expect(output()).toContain('SIGTERM: closing');
  });
});
