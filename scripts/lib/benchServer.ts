/**
 * What the benchmarks share: the server in a child process (scripts/lib/benchServe.ts) with its RSS
 * sampled from outside, the bare Fastify yardstick process, a fresh PostgreSQL database, autocannon
 * runs with their figures, percentiles and number formatting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { bundle } from './serverBundle.mjs';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const POSTGRES_ADMIN_URL =
  process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

let bundled: Promise<string> | undefined;

/**
 * scripts/lib/benchServe.ts bundled by esbuild as `npm start` bundles main.ts (our code in one
 * file, packages external; scripts/lib/serverBundle.mjs), so the benchmarked server runs as in
 * production: no tsx loader thread transforming modules, none of its memory. Built once per run.
 */
function benchServeBundle(): Promise<string> {
  bundled ??= (async () => {
    const outfile = path.join(ROOT, 'dist/bench/benchServe.js');
    await bundle(path.join(ROOT, 'scripts/lib/benchServe.ts'), outfile);
    return outfile;
  })();
  return bundled;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resident memory of a process in MiB (Linux /proc; `ps` elsewhere), and its peak when known. */
export function rssOf(pid: number): { rss: number; peak: number | null } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return null;
  }
}

export interface Server {
  baseUrl: string;
  pid: number;
  /** Samples RSS every 500 ms until the returned function is called; that returns the max. */
  sampleRss(): () => number;
  rss(): number;
  stats(reset?: boolean): Promise<ServerStats>;
  stop(): Promise<void>;
}

export interface ServerStats {
  eventLoopDelayMaxMs: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMeanMs: number;
  rssMiB: number;
  heapUsedMiB: number;
}

/**
 * Starts benchServe.ts (`mode` app or hello) on a free port with `env` over this environment
 * (LOG_LEVEL as the operator would leave it: unset), its output to a log file in `logDir`; resolves
 * once it answers.
 */
export async function startServer(
  mode: 'app' | 'hello',
  env: Record<string, string>,
  logDir: string = os.tmpdir(),
): Promise<Server> {
  const port = await freePort();
  const logFile = path.join(logDir, `bench-${mode}-${port}.log`);
  const fd = fs.openSync(logFile, 'w');
  const base: Record<string, string | undefined> = { ...process.env };
  delete base.LOG_LEVEL;
  delete base.DATABASE_URL;
  const entry = await benchServeBundle();
  const proc: ChildProcess = spawn(
    process.execPath,
    [
      // BENCH_CPU_PROF=dir: a V8 CPU profile of each benchmarked server, written when it stops.
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      '--enable-source-maps',
      entry,
      mode,
    ],
    {
      cwd: ROOT,
      env: { ...base, NODE_ENV: 'production', ...env, PORT: String(port) },
      stdio: ['ignore', fd, fd],
    },
  );
  fs.closeSync(fd);
  const tail = () => {
    const text = fs.readFileSync(logFile, 'utf8');
    return text.slice(-4000);
  };
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const probe = mode === 'app' ? '/healthz' : '/';
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`bench server exited:\n${tail()}`);
    try {
      if ((await fetch(baseUrl + probe)).ok) break;
    } catch {
      // not yet listening
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`bench server did not start:\n${tail()}`);
    }
    await sleep(200);
  }
  const pid = proc.pid!;
  return {
    baseUrl,
    pid,
    rss: () => rssOf(pid)?.rss ?? NaN,
    sampleRss() {
      let max = rssOf(pid)?.rss ?? 0;
      const t = setInterval(() => (max = Math.max(max, rssOf(pid)?.rss ?? 0)), 500);
      return () => {
        clearInterval(t);
        return Math.max(max, rssOf(pid)?.rss ?? 0);
      };
    },
    async stats(reset = false) {
      const res = await fetch(`${baseUrl}/bench/stats${reset ? '?reset=1' : ''}`);
      return (await res.json()) as ServerStats;
    },
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(t);
      }
      fs.rmSync(logFile, { force: true });
    },
  };
}

/** A fresh database on the PostgreSQL server at 127.0.0.1:5432, or null when none answers. */
export async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    await admin.end().catch(() => undefined);
    return null;
  }
  const name = `cpb_bench_${process.pid}_${Date.now().toString(36)}`;
  await admin.query(`create database ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await admin.end().catch(() => undefined);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// autocannon

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  total: number;
}

/**
 * One autocannon run. `paths` are asked in turn from ONE shared rotation (not each connection
 * from the start), so `n` distinct paths asked fewer than `n` times are each asked once.
 */
/** What Chromium sends: cached portal pages answer such a client with their gzipped copy. */
export const BROWSER_HEADERS = { 'accept-encoding': 'gzip, deflate, br, zstd' };

export async function load(
  base: string,
  paths: string[],
  o: {
    connections: number;
    duration: number;
    timeout?: number;
    overallRate?: number;
    headers?: Record<string, string>;
  },
): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: base,
    connections: o.connections,
    duration: o.duration,
    timeout: o.timeout ?? 10,
    overallRate: o.overallRate,
    headers: o.headers,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length]! }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

/** A fixed-width table: the first column left-aligned, the others right-aligned. */
export function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const width = head.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  const pad = (s: string, w: number, left: boolean) => {
    const fill = ' '.repeat(Math.max(0, w - [...s].length));
    return left ? s + fill : fill + s;
  };
  return cells.map((r) => r.map((c, i) => pad(c, width[i]!, i === 0)).join('  ')).join('\n');
}

export function machine(): string {
  const cpus = os.cpus();
  return (
    `Node ${process.version}, ${cpus.length} cores (${cpus[0]?.model.trim() ?? '?'}), ` +
    `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`
  );
}
