/**
 * Sections 4 and 5: the real server as a process (dist/server/main.js, what `npm start` runs),
 * concurrent acknowledged writes as the park admin, kill -9 in the middle, restart, and count the
 * acknowledged writes found and missing; the restart time after each crash beside a normal start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureServerBundle } from '../lib/serverBundle.mjs';
import { Http } from './http';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ADMIN = { username: 'crashadmin', password: 'Crash2026pw!' };

export interface CrashRound {
  round: number;
  acked: number;
  ackedNodes: number;
  ackedPeople: number;
  missing: string[];
  inFlightAtKill: number;
  restartMs: number;
  restartOk: boolean;
  note: string;
}

export interface CrashResult {
  db: string;
  firstStartMs: number;
  normalStartMs: number;
  rounds: CrashRound[];
  output: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

interface Proc {
  child: ChildProcess;
  base: string;
  out: () => string;
  ms: number;
}

async function startServer(bundle: string, env: Record<string, string>, timeoutMs = 120_000): Promise<Proc> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let out = '';
  const t = performance.now();
  const child = spawn(process.execPath, [bundle], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ENCRYPTION_KEY: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = t + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `server exited (${child.exitCode ?? child.signalCode}) before /healthz answered:\n${out.slice(-2000)}`,
      );
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return { child, base, out: () => out, ms: performance.now() - t };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not answer /healthz within ${timeoutMs} ms:\n${out.slice(-2000)}`);
}

const exited = (c: ChildProcess) =>
  c.exitCode !== null || c.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((r) => c.once('exit', () => r()));

async function kill9(p: Proc) {
  const done = exited(p.child);
  p.child.kill('SIGKILL');
  await done;
}

async function stop(p: Proc) {
  const done = exited(p.child);
  p.child.kill('SIGTERM');
  await done;
}

/** Puts concurrent writes on the server until told to stop; returns what was acknowledged. */
function load(base: string, parentId: string, schoolId: string, round: number, workers: number) {
  const acked = { nodes: new Set<string>(), people: new Set<string>() };
  let inFlight = 0;
  let stopped = false;
  let n = 0;
  const run = async (w: number) => {
    const http = await new Http(base, `load${w}`).login(ADMIN.username, ADMIN.password);
    while (!stopped) {
      const i = n++;
      inFlight++;
      try {
        if (i % 2 === 0) {
          const res = await http.request('POST', '/api/org/nodes', {
            parentId,
            kind: 'department',
            name: `探针部门r${round}-${i}`,
          });
          if (res.status === 201 || res.status === 200) acked.nodes.add(res.json<{ id: string }>().id);
        } else {
          const res = await http.request('POST', '/api/people', {
            kind: 'staff',
            number: `K${round}${String(i).padStart(6, '0')}`,
            name: `探针教师${round}-${i}`,
            schoolId,
          });
          if (res.status === 201 || res.status === 200) acked.people.add(res.json<{ id: string }>().id);
        }
      } catch {
        // the connection broke: the server is gone; this write was never acknowledged
        if (!stopped) await new Promise((r) => setTimeout(r, 5));
      } finally {
        inFlight--;
      }
    }
  };
  const all = Array.from({ length: workers }, (_, w) => run(w).catch(() => undefined));
  return {
    acked,
    get inFlight() {
      return inFlight;
    },
    stop: async () => {
      stopped = true;
      await Promise.all(all);
    },
  };
}

export async function crashRounds(opts: {
  db: 'PGlite' | 'PostgreSQL';
  env: Record<string, string>;
  rounds: number;
  acksBeforeKill: number;
  workers: number;
  log: (s: string) => void;
}): Promise<CrashResult> {
  const bundle = await ensureServerBundle({ log: opts.log });
  const env = { ...opts.env, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password };
  let p = await startServer(bundle, env);
  const result: CrashResult = { db: opts.db, firstStartMs: p.ms, normalStartMs: NaN, rounds: [], output: '' };
  try {
    const admin = await new Http(p.base, 'crashadmin').login(ADMIN.username, ADMIN.password);
    const tree = await admin.ok<unknown>('GET', '/api/org/tree');
    const gb = findKind(tree, 'generalBranch');
    if (!gb) throw new Error(`no general branch in /api/org/tree: ${JSON.stringify(tree).slice(0, 300)}`);
    const school = await admin.ok<{ id: string }>('POST', '/api/org/nodes', {
      parentId: gb,
      kind: 'school',
      name: '探针学校',
    });
    const allAcked = { nodes: new Set<string>(), people: new Set<string>() };
    for (let round = 1; round <= opts.rounds; round++) {
      const l = load(p.base, school.id, school.id, round, opts.workers);
      const t = performance.now();
      // Kill once enough writes were acknowledged (or after 20 s, whatever came first), mid-load.
      while (l.acked.nodes.size + l.acked.people.size < opts.acksBeforeKill && performance.now() - t < 20_000)
        await new Promise((r) => setTimeout(r, 5));
      const inFlightAtKill = l.inFlight;
      await kill9(p);
      await l.stop();
      for (const id of l.acked.nodes) allAcked.nodes.add(id);
      for (const id of l.acked.people) allAcked.people.add(id);
      const r: CrashRound = {
        round,
        acked: l.acked.nodes.size + l.acked.people.size,
        ackedNodes: l.acked.nodes.size,
        ackedPeople: l.acked.people.size,
        missing: [],
        inFlightAtKill,
        restartMs: NaN,
        restartOk: false,
        note: '',
      };
      result.rounds.push(r);
      try {
        p = await startServer(bundle, env);
      } catch (err) {
        r.note = `restart failed: ${(err as Error).message.slice(0, 600)}`;
        return result;
      }
      r.restartMs = p.ms;
      r.restartOk = true;
      // Every write acknowledged so far (this round and the earlier ones) must be there.
      const check = await new Http(p.base, 'check').login(ADMIN.username, ADMIN.password);
      const ids = new Set<string>();
      collectIds(await check.ok<unknown>('GET', '/api/org/tree'), ids);
      for (const id of allAcked.nodes) if (!ids.has(id)) r.missing.push(`org node ${id}`);
      for (const id of allAcked.people) {
        const res = await check.request('GET', `/api/people/${id}`);
        if (res.status !== 200) r.missing.push(`person ${id} (${res.status})`);
      }
    }
    await stop(p);
    p = await startServer(bundle, env);
    result.normalStartMs = p.ms;
  } finally {
    result.output = p.out().slice(-3000);
    await stop(p).catch(() => undefined);
  }
  return result;
}

function findKind(tree: unknown, kind: string): string | null {
  if (Array.isArray(tree)) {
    for (const x of tree) {
      const f = findKind(x, kind);
      if (f) return f;
    }
    return null;
  }
  if (tree && typeof tree === 'object') {
    const o = tree as Record<string, unknown>;
    if (o.kind === kind && typeof o.id === 'string') return o.id;
    for (const v of Object.values(o)) {
      const f = findKind(v, kind);
      if (f) return f;
    }
  }
  return null;
}

function collectIds(tree: unknown, ids: Set<string>) {
  if (Array.isArray(tree)) tree.forEach((x) => collectIds(x, ids));
  else if (tree && typeof tree === 'object') {
    const o = tree as Record<string, unknown>;
    if (typeof o.id === 'string') ids.add(o.id);
    Object.values(o).forEach((v) => collectIds(v, ids));
  }
}

export const removeDir = (d: string) => fs.rmSync(d, { recursive: true, force: true });
