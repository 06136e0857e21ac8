/**
 * `npm run bench:portal`: how fast the public site serves, and how soon a change is visible.
 * Prints figures (it is a measurement, not a test; the exit code is 0 unless something broke).
 *
 * 1. Throughput: a fresh embedded database with 5,000 published articles, the real server in a
 *    child process, autocannon with 100 connections against a bare hello-world route of the same
 *    server, the home page, a column page and article pages (rotating over 200 articles).
 *    Target: each page ≥ half the hello-world requests/s, p99 ≤ 50 ms, no errors.
 * 2. Publish-to-visible latency with two app instances on one PostgreSQL (when a server answers
 *    on 127.0.0.1:5432; a fresh database, dropped afterwards): a publish and an edit are committed
 *    with the portal-changed notification, as the newsroom's publish path does, and both
 *    instances are polled until the change shows. Target: within 1 s.
 *
 * Options: --articles N (5000)  --duration S per target (10, in --rounds 3 interleaved slices)
 *          --connections N (100)  --no-postgres
 * The child mode (--serve) runs one server with the extra /bench/hello route.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/server/app';
import { createPark } from '../src/server/areas/auth/bootstrap';
import { loadConfig } from '../src/server/config';
import { openDatabase, openPglite, openPostgres, type Db } from '../src/server/platform/db/client';
import { queryRows } from '../src/server/platform/db/rows';
import { orgNodes } from '../src/server/platform/db/schema/index';
import { childPath } from '../src/common/orgTree';
import { createFieldCipher } from '../src/server/platform/crypto';
import { portalChanged } from '../src/server/areas/site/cache';
import { insertArticles, seedColumns, type SeedArticle } from '../test/support/portalSeed';

const ROOT = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};

if (args.includes('--serve')) {
  await serve();
} else {
  await main();
}

/** Child: the real app (as main.ts builds it) plus a hello-world route, listening on PORT. */
async function serve() {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'error' });
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  await database.migrate();
  const app = await buildApp(
    { config, database, cipher: createFieldCipher(crypto.randomBytes(32)) },
    {
      logger: false,
    },
  );
  app.get('/bench/hello', { schema: { hide: true } }, async () => 'hello world');
  await app.listen({ port: config.PORT, host: '127.0.0.1' });
  const stop = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

async function main() {
  const articles = opt('articles', 5000);
  const duration = opt('duration', 10);
  const connections = opt('connections', 100);
  console.log(
    `「校园党建」 portal benchmark: ${articles} articles, ${connections} connections, ${duration} s per target\n`,
  );

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-bench-'));
  let child: Server | null = null;
  try {
    // 1. Seed an embedded database, then serve it from a child process.
    let t0 = performance.now();
    const database = await openPglite(dataDir);
    await database.migrate();
    const seeded = await seedPark(database.db, articles);
    await database.close();
    console.log(`seeded ${articles} published articles in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    child = await startServer({ DATA_DIR: dataDir });
    const base = child.baseUrl;
    const articlePaths = seeded.articleIds.slice(0, 200).map((id) => `/article/${id}`);
    const targets: { name: string; paths: string[] }[] = [
      { name: 'hello world', paths: ['/bench/hello'] },
      { name: 'home /', paths: ['/'] },
      { name: 'column /column/news', paths: ['/column/news'] },
      { name: 'column page 3', paths: ['/column/news?page=3'] },
      { name: 'article (200 rotating)', paths: articlePaths },
    ];
    // Warm up: first renders (cache misses) and the JIT.
    t0 = performance.now();
    for (const t of targets) for (const p of t.paths) await expectOk(base + p);
    console.log(
      `first render of ${targets.reduce((n, t) => n + t.paths.length, 0)} pages: ${Math.round(performance.now() - t0)} ms`,
    );
    for (const t of targets) await run(base, t.paths, connections, 2);

    // Interleaved rounds, so that a busy neighbour on the machine weighs on every target alike;
    // each figure is the median over the rounds.
    const rounds = opt('rounds', 3);
    const slice = Math.max(3, Math.round(duration / rounds));
    const runs = new Map<string, Omit<Result, 'name'>[]>();
    for (let r = 0; r < rounds; r++) {
      for (const t of targets) {
        const list = runs.get(t.name) ?? [];
        list.push(await run(base, t.paths, connections, slice));
        runs.set(t.name, list);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const results: Result[] = targets.map((t) => {
      const list = runs.get(t.name)!;
      return {
        name: t.name,
        rps: median(list.map((x) => x.rps)),
        p50: median(list.map((x) => x.p50)),
        p99: median(list.map((x) => x.p99)),
        errors: list.reduce((n, x) => n + x.errors, 0),
        total: list.reduce((n, x) => n + x.total, 0),
      };
    });
    printThroughput(results);
    await child.stop();
    child = null;

    // 2. Two instances on one PostgreSQL.
    if (!args.includes('--no-postgres')) await publishLatency(articles);
  } finally {
    await child?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  total: number;
}

async function run(base: string, paths: string[], connections: number, duration: number) {
  const result = await autocannon({
    url: base,
    connections,
    duration,
    requests: paths.map((p) => ({ method: 'GET' as const, path: p })),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    total: result.requests.total,
  };
}

function printThroughput(results: Result[]) {
  const hello = results[0]!;
  console.log('\nthroughput (autocannon)');
  console.log('target                      req/s    p50 ms  p99 ms  errors  vs hello  verdict');
  for (const r of results) {
    const ratio = r.rps / hello.rps;
    const ok = r === hello ? r.errors === 0 : ratio >= 0.5 && r.p99 <= 50 && r.errors === 0;
    console.log(
      `${r.name.padEnd(26)} ${r.rps.toFixed(0).padStart(7)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(7)} ${String(r.errors).padStart(7)} ${(ratio * 100).toFixed(0).padStart(8)}%  ${ok ? 'ok' : 'BELOW TARGET'}`,
    );
  }
  console.log('target: ≥ 50% of hello world, p99 ≤ 50 ms, 0 errors (medians over the interleaved rounds)');
}

async function publishLatency(articles: number) {
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  try {
    await admin.connect();
  } catch {
    console.log('\npublish-to-visible on PostgreSQL: skipped (no server on 127.0.0.1:5432)');
    return;
  }
  const name = `cpb_bench_${process.pid}_${Date.now().toString(36)}`;
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  const servers: Server[] = [];
  try {
    await admin.query(`create database ${name}`);
    const database = await openPostgres(url);
    await database.migrate();
    const seeded = await seedPark(database.db, articles);
    const db = database.db;
    servers.push(await startServer({ DATABASE_URL: url }), await startServer({ DATABASE_URL: url }));
    console.log(`\npublish-to-visible, two app instances on one PostgreSQL (${articles} articles)`);
    const publish: number[] = [];
    const edit: number[] = [];
    for (let i = 0; i < 10; i++) {
      // Both instances have the home page and the article cached.
      const [articleId] = await insertArticles(db, seeded.parkId, seeded.columns, [
        { title: `待发布 ${i}`, columns: ['news'], status: 'draft' },
      ]);
      for (const s of servers) await expectOk(`${s.baseUrl}/`);
      const title = `基准测试：发布 ${i} ${crypto.randomUUID().slice(0, 8)}`;
      const start = performance.now();
      await db.transaction(async (tx) => {
        await queryRows(
          tx,
          sql`update portal_articles set status = 'published', published_at = now(), title = ${title}
              where id = ${articleId}`,
        );
        await portalChanged(tx, seeded.parkId);
      });
      publish.push(
        await untilVisible(
          servers.map((s) => `${s.baseUrl}/`),
          title,
          start,
        ),
      );

      for (const s of servers) await expectOk(`${s.baseUrl}/article/${articleId}`);
      const edited = `基准测试：修改 ${i} ${crypto.randomUUID().slice(0, 8)}`;
      const editStart = performance.now();
      await db.transaction(async (tx) => {
        await queryRows(tx, sql`update portal_articles set title = ${edited} where id = ${articleId}`);
        await portalChanged(tx, seeded.parkId);
      });
      edit.push(
        await untilVisible(
          servers.map((s) => `${s.baseUrl}/article/${articleId}`),
          edited,
          editStart,
        ),
      );
    }
    await database.close();
    const fmt = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return `min ${s[0]!.toFixed(1)} ms, median ${s[Math.floor(s.length / 2)]!.toFixed(1)} ms, max ${s[s.length - 1]!.toFixed(1)} ms`;
    };
    console.log(
      `publish (home page, both instances): ${fmt(publish)}  ${Math.max(...publish) <= 1000 ? 'ok' : 'BELOW TARGET'}`,
    );
    console.log(
      `edit (article page, both instances): ${fmt(edit)}  ${Math.max(...edit) <= 1000 ? 'ok' : 'BELOW TARGET'}`,
    );
    console.log('target: visible on every instance within 1000 ms');
  } finally {
    for (const s of servers) await s.stop();
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
  }
}

/** Polls every URL until each shows `text`; the time from `start` until the last one did. */
async function untilVisible(urls: string[], text: string, start: number): Promise<number> {
  const pending = new Set(urls);
  while (pending.size) {
    for (const u of [...pending]) {
      const body = await (await fetch(u)).text();
      if (body.includes(text)) pending.delete(u);
    }
    if (performance.now() - start > 10_000)
      throw new Error(`not visible after 10 s: ${[...pending].join(', ')}`);
    if (pending.size) await new Promise((r) => setTimeout(r, 5));
  }
  return performance.now() - start;
}

/** A park with two schools, the default columns and `n` published articles spread over them. */
async function seedPark(db: Db, n: number) {
  const { parkId, generalBranchId } = await createPark(db, '基准测试园区');
  const [gb] = await db
    .select()
    .from(orgNodes)
    .where(sql`${orgNodes.id} = ${generalBranchId}`);
  const schools: string[] = [];
  for (const s of ['第一中学', '第二中学', '职业学校']) {
    const id = crypto.randomUUID();
    await db.insert(orgNodes).values({
      id,
      parkId,
      parentId: generalBranchId,
      kind: 'school',
      name: s,
      path: childPath(gb!.path, id),
      schoolId: id,
    });
    schools.push(id);
  }
  const columns = await seedColumns(db, parkId);
  const slugs = Object.keys(columns).filter((s) => s !== 'about' && s !== 'downloads');
  const paragraph =
    '园区党总支坚持以党建引领学校发展，组织党员教师深入学习党的理论，开展主题党日、志愿服务和结对帮扶活动，推动党建工作与教育教学深度融合。';
  const now = Date.now();
  const list: SeedArticle[] = Array.from({ length: n }, (_, i) => ({
    title: `${['主题党日', '党员先锋岗', '理论学习', '志愿服务', '师德建设'][i % 5]}活动报道（第${i + 1}篇）`,
    summary: paragraph.slice(0, 60),
    bodyHtml: `<p>${paragraph}</p><p>${paragraph}</p><h2>活动内容</h2><p>${paragraph}</p>`,
    columns: [...new Set([slugs[i % slugs.length]!, ...(i % 7 === 0 ? ['news'] : [])])],
    schoolId: i % 4 === 3 ? null : schools[i % 3]!,
    pinned: i < 5,
    publishedAt: new Date(now - i * 3600_000),
  }));
  const articleIds = await insertArticles(db, parkId, columns, list, 250);
  // Planner statistics, as a maintained database has them (PostgreSQL's autovacuum; PGlite has
  // none and needs a periodic ANALYZE).
  await db.execute(sql`analyze`);
  return { parkId, columns, articleIds };
}

interface Server {
  baseUrl: string;
  stop(): Promise<void>;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  let log = '';
  const proc: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'scripts/bench-portal.ts'), '--serve'],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: os.tmpdir(), ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  proc.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`bench server exited:\n${log}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      // not yet listening
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`bench server did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

async function expectOk(url: string) {
  const res = await fetch(url);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
