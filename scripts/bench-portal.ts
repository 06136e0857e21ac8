/**
 * `npm run bench:portal`: how fast the public site serves, and how soon a change is visible.
 * Prints figures (it is a measurement, not a test; the exit code is 0 unless something broke).
 *
 * On each database (embedded PGlite; PostgreSQL when a server answers on 127.0.0.1:5432, in a
 * fresh database dropped afterwards), with a site of realistic content (scripts/lib/benchContent.ts:
 * 5,000 articles of 1,500–3,000 Chinese characters in all twelve columns, pictures in a third):
 *
 * 1. Cached pages against a yardstick: a bare Fastify hello world in a SEPARATE process, asked
 *    alternately with each page (A, B, A, B …) over --rounds 3, so that a busy neighbour weighs on
 *    both alike. For each page the ratio page ÷ hello of every round; min and median are printed.
 *    The in-app hello route (/bench/hello: the app's hooks and plugins, no page) is a row too.
 *    Target: home ≥ 0.5 of the bare hello world, p99 ≤ 50 ms, no errors.
 * 2. Uncached search: --search-queries distinct two-word queries from the articles' vocabulary,
 *    each asked at most once, 100 connections. Meanwhile a second autocannon instance in its own
 *    process asks for the cached home page, /healthz and a static asset at a fixed rate: their p99
 *    shows whether the database blocks the event loop (target ≤ 50 ms). The event-loop delay
 *    measured inside the server is printed beside them.
 * 3. Uncached article pages: all articles in rotation (more than the page cache holds).
 * 4. Memory: the server's RSS idle after the first renders and its peak under load.
 * 5. Publish-to-visible latency with two app instances on one PostgreSQL: a publish and an edit are
 *    committed with the portal-changed notification, as the newsroom's publish path does, and both
 *    instances are polled until the change shows. Target: within 1 s.
 *
 * Options: --articles N (5000)  --duration S per cached target, split over the rounds (12)
 *          --rounds N (3)  --connections N (100)  --uncached-duration S (15)
 *          --search-queries N (3200)  --no-postgres  --no-pglite
 */
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openPglite, openPostgres, type Database, type Db } from '../src/server/platform/db/client';
import { queryRows } from '../src/server/platform/db/rows';
import { portalChanged } from '../src/server/areas/site/cache';
import { insertArticles } from '../test/support/portalSeed';
import { createBenchPark, searchQueries, seedBenchSite, type BenchSite } from './lib/benchContent';
import {
  BROWSER_HEADERS,
  ROOT,
  fmt,
  freshPostgres,
  load,
  machine,
  median,
  startServer,
  table,
  type LoadResult,
  type Server,
} from './lib/benchServer';
import { runCli, numberOption } from './lib/cli';

const args = process.argv.slice(2);
const opt = numberOption;
const ARTICLES = opt('articles', 5000);
const DURATION = opt('duration', 12);
const ROUNDS = opt('rounds', 3);
const CONNECTIONS = opt('connections', 100);
const UNCACHED_DURATION = opt('uncached-duration', 15);
const SEARCH_QUERIES = opt('search-queries', 3200);

const summary: string[] = [];
const note = (line: string) => {
  console.log(line);
  summary.push(line);
};

async function main() {
  console.log(
    `「校园党建」 portal benchmark: ${ARTICLES} articles, ${CONNECTIONS} connections\n${machine()}\n`,
  );
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-bench-portal-'));
  const hello = await startServer('hello', {}, tmp);
  try {
    if (!args.includes('--no-pglite')) {
      const dataDir = path.join(tmp, 'pglite');
      fs.mkdirSync(dataDir);
      const t0 = performance.now();
      const database = await openPglite(dataDir);
      await database.migrate();
      const site = await seed(database);
      await database.close();
      console.log(`[PGlite] seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      await throughput('PGlite', { DATA_DIR: dataDir }, site, hello, tmp);
    }
    if (!args.includes('--no-postgres')) {
      const pgdb = await freshPostgres();
      if (!pgdb) note('\n[PostgreSQL] skipped (no server on 127.0.0.1:5432)');
      else {
        try {
          const dataDir = path.join(tmp, 'pg-data');
          fs.mkdirSync(dataDir);
          const t0 = performance.now();
          const database = await openPostgres(pgdb.url);
          await database.migrate();
          const site = await seed(database);
          console.log(`[PostgreSQL] seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
          await throughput('PostgreSQL', { DATA_DIR: dataDir, DATABASE_URL: pgdb.url }, site, hello, tmp);
          await publishLatency(database.db, pgdb.url, dataDir, site, tmp);
          await database.close();
        } finally {
          await pgdb.drop();
        }
      }
    }
  } finally {
    await hello.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\n── summary (${new Date().toISOString()}; ${machine()}) ──`);
  for (const line of summary) console.log(line);
}

async function seed(database: Database): Promise<BenchSite> {
  const park = await createBenchPark(database.db);
  return seedBenchSite(database.db, park, { articles: ARTICLES });
}

// ---------------------------------------------------------------------------------------------

/** Failed answers and connection errors other than timeouts (autocannon counts those among errors). */
const errorsOf = (r: LoadResult) => r.errors - r.timeouts + r.non2xx;

/**
 * Waits until the server answers /healthz promptly again: after a burst of slow requests it may
 * still be working through requests whose clients gave up, which would weigh on the next phase.
 */
async function settle(base: string) {
  const deadline = performance.now() + 120_000;
  let quick = 0;
  while (quick < 3 && performance.now() < deadline) {
    const t = performance.now();
    try {
      await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5000) }).then((r) => r.arrayBuffer());
      quick = performance.now() - t < 50 ? quick + 1 : 0;
    } catch {
      quick = 0;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return performance.now() - deadline + 120_000;
}

async function throughput(
  label: string,
  env: Record<string, string>,
  site: BenchSite,
  hello: Server,
  tmp: string,
) {
  const server = await startServer('app', env, tmp);
  try {
    const base = server.baseUrl;
    const rotating = site.articleIds.slice(0, 200).map((id) => `/article/${id}`);
    // Asked as a browser asks (Accept-Encoding: cached pages are then sent gzipped), the home page
    // also without it. The bare hello world gets the same header (its 11 bytes are never compressed).
    const browser = BROWSER_HEADERS;
    const targets: { name: string; paths: string[]; headers?: Record<string, string> }[] = [
      { name: 'in-app /bench/hello', paths: ['/bench/hello'], headers: browser },
      { name: 'home /', paths: ['/'], headers: browser },
      { name: 'home / (no Accept-Encoding)', paths: ['/'] },
      { name: 'column /column/news', paths: ['/column/news'], headers: browser },
      { name: 'column page 3', paths: ['/column/news?page=3'], headers: browser },
      { name: 'article (200 rotating)', paths: rotating, headers: browser },
    ];
    // First renders (cache misses), every column once, and the JIT.
    let t0 = performance.now();
    const homeHtml = await expectOk(base + '/');
    for (const slug of Object.keys(site.columns)) await expectOk(`${base}/column/${slug}`);
    for (const t of targets) for (const p of t.paths) await expectOk(base + p);
    console.log(
      `[${label}] first render of ${rotating.length + 16} pages: ${Math.round(performance.now() - t0)} ms`,
    );
    const staticPath = /\/static\/portal\.css\?v=[^"'\s>]+/.exec(homeHtml)?.[0] ?? '/static/portal.css';
    await expectOk(base + staticPath);
    await load(hello.baseUrl, ['/'], { connections: CONNECTIONS, duration: 2 });
    for (const t of targets)
      await load(base, t.paths, { connections: CONNECTIONS, duration: 2, headers: t.headers });
    const idle = server.rss();
    const peakRss = server.sampleRss();

    // 1. Interleaved A/B against the bare hello world.
    const slice = Math.max(2, Math.round(DURATION / ROUNDS));
    const runs = new Map<string, { r: LoadResult; ratio: number }[]>();
    const bare: LoadResult[] = [];
    t0 = performance.now();
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of targets) {
        const a = await load(hello.baseUrl, ['/'], {
          connections: CONNECTIONS,
          duration: slice,
          headers: t.headers,
        });
        const b = await load(base, t.paths, {
          connections: CONNECTIONS,
          duration: slice,
          headers: t.headers,
        });
        bare.push(a);
        runs.set(t.name, [...(runs.get(t.name) ?? []), { r: b, ratio: b.rps / a.rps }]);
      }
    }
    const rows = [
      [
        'bare Fastify hello (own process)',
        fmt(median(bare.map((x) => x.rps))),
        fmt(median(bare.map((x) => x.p50))),
        fmt(median(bare.map((x) => x.p99))),
        bare.reduce((n, x) => n + errorsOf(x) + x.timeouts, 0),
        '1',
        '1',
        '',
      ],
      ...targets.map((t) => {
        const list = runs.get(t.name)!;
        const ratios = list.map((x) => x.ratio);
        const errors = list.reduce((n, x) => n + errorsOf(x.r) + x.r.timeouts, 0);
        const p99 = median(list.map((x) => x.r.p99));
        const ok = t.name === 'home /' ? median(ratios) >= 0.5 && p99 <= 50 && !errors : p99 <= 50 && !errors;
        // The in-app hello route is there to tell the app's per-request cost from a page's.
        const verdict = t.name.startsWith('in-app') ? '' : ok ? 'ok' : 'BELOW TARGET';
        return [
          t.name,
          fmt(median(list.map((x) => x.r.rps))),
          fmt(median(list.map((x) => x.r.p50))),
          fmt(p99),
          errors,
          fmt(Math.min(...ratios), 2),
          fmt(median(ratios), 2),
          verdict,
        ];
      }),
    ];
    note(
      `\n[${label}] cached pages vs a bare Fastify hello world in its own process, ${CONNECTIONS} connections, ` +
        `${ROUNDS} interleaved A/B rounds of ${slice} s (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
    note(
      table(['target', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'ratio min', 'ratio median', 'verdict'], rows),
    );
    note(
      'target: home ≥ 0.5 of the bare hello world; every page p99 ≤ 50 ms, 0 errors (medians over rounds)',
    );

    // 2. Uncached search, with the probe of pages that need no database.
    const queries = searchQueries(SEARCH_QUERIES).map((q) => `/search?q=${encodeURIComponent(q)}`);
    await server.stats(true);
    const probe = startProbe(
      base,
      { 'cached home /': '/', '/healthz': '/healthz', [`static ${staticPath.split('?')[0]}`]: staticPath },
      UNCACHED_DURATION - 2,
    );
    await probe.ready;
    const search = await load(base, queries, {
      connections: CONNECTIONS,
      duration: UNCACHED_DURATION,
    });
    const probed = await probe.result;
    const drained = await settle(base);
    const loop = await server.stats(true);
    note(
      `\n[${label}] uncached search: ${queries.length} distinct two-word queries (each asked at most once), ` +
        `${CONNECTIONS} connections, ${UNCACHED_DURATION} s`,
    );
    note(
      table(
        ['target', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'timeouts', 'requests'],
        [
          [
            'search (uncached)',
            fmt(search.rps, 1),
            fmt(search.p50),
            fmt(search.p99),
            fmt(search.max),
            errorsOf(search),
            search.timeouts,
            search.total,
          ],
          ...Object.entries(probed).map(([name, r]) => [
            `  meanwhile ${name} (40 req/s)`,
            fmt(r.rps, 1),
            r.total ? fmt(r.p50) : 'no answer',
            r.total ? fmt(r.p99) : 'no answer',
            r.total ? fmt(r.max) : '—',
            errorsOf(r),
            r.timeouts,
            r.total,
          ]),
        ],
      ),
    );
    if (search.total > queries.length)
      note(`  (the rotation wrapped: ${search.total - queries.length} requests asked a query again)`);
    // A probe that got no answer at all within the run has no p99: it failed.
    const probeP99 = Math.max(
      ...Object.values(probed).map((r) => (r.total === 0 || r.timeouts > 0 ? Infinity : r.p99)),
    );
    note(
      `  event-loop delay inside the server during the run: max ${loop.eventLoopDelayMaxMs} ms, ` +
        `p99 ${loop.eventLoopDelayP99Ms} ms;  pages without database work p99 ≤ 50 ms: ` +
        `${probeP99 <= 50 ? 'ok' : 'BELOW TARGET'}`,
    );
    note(
      `  the server answered /healthz promptly again ${(drained / 1000).toFixed(1)} s after the run ended`,
    );

    // 3. Uncached article pages: every article in turn, starting after the ones cached above.
    const all = site.articleIds.map((id) => `/article/${id}`);
    const articles = await load(base, [...all.slice(200), ...all.slice(0, 200)], {
      connections: CONNECTIONS,
      duration: UNCACHED_DURATION,
    });
    await settle(base);
    const loop2 = await server.stats(true);
    note(
      `\n[${label}] uncached article pages: ${all.length} articles in rotation, ${CONNECTIONS} connections, ` +
        `${UNCACHED_DURATION} s`,
    );
    note(
      table(
        ['target', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'timeouts', 'requests'],
        [
          [
            'article (uncached)',
            fmt(articles.rps, 1),
            fmt(articles.p50),
            fmt(articles.p99),
            fmt(articles.max),
            errorsOf(articles),
            articles.timeouts,
            articles.total,
          ],
        ],
      ),
    );
    note(`  event-loop delay max ${loop2.eventLoopDelayMaxMs} ms, p99 ${loop2.eventLoopDelayP99Ms} ms`);
    note(
      `\n[${label}] server RSS: idle ${fmt(idle)} MiB (after the first renders), peak under load ${peakRss()} MiB`,
    );
  } finally {
    await server.stop();
  }
}

function startProbe(base: string, paths: Record<string, string>, duration: number) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(ROOT, 'scripts/lib/benchProbe.ts'),
      JSON.stringify({ base, paths, duration, delay: 1 }),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  let onReady: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('ready')) onReady();
  });
  const result = new Promise<Record<string, LoadResult>>((resolve, reject) =>
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code === 0 && line) resolve(JSON.parse(line) as Record<string, LoadResult>);
      else reject(new Error(`probe exited ${code}: ${out}`));
    }),
  );
  return { ready, result };
}

// ---------------------------------------------------------------------------------------------

async function publishLatency(db: Db, url: string, dataDir: string, site: BenchSite, tmp: string) {
  const servers: Server[] = [];
  try {
    servers.push(
      await startServer('app', { DATA_DIR: dataDir, DATABASE_URL: url }, tmp),
      await startServer('app', { DATA_DIR: dataDir, DATABASE_URL: url }, tmp),
    );
    const publish: number[] = [];
    const edit: number[] = [];
    for (let i = 0; i < 10; i++) {
      // Both instances have the home page and the article cached.
      const [articleId] = await insertArticles(db, site.parkId, site.columns, [
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
        await portalChanged(tx, site.parkId);
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
        await portalChanged(tx, site.parkId);
      });
      edit.push(
        await untilVisible(
          servers.map((s) => `${s.baseUrl}/article/${articleId}`),
          edited,
          editStart,
        ),
      );
    }
    const f = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return `min ${s[0]!.toFixed(1)} ms, median ${median(s).toFixed(1)} ms, max ${s[s.length - 1]!.toFixed(1)} ms`;
    };
    note(`\n[PostgreSQL] publish-to-visible, two app instances on one database (${ARTICLES} articles)`);
    note(
      `publish (home page, both instances): ${f(publish)}  ${Math.max(...publish) <= 1000 ? 'ok' : 'BELOW TARGET'}`,
    );
    note(
      `edit (article page, both instances): ${f(edit)}  ${Math.max(...edit) <= 1000 ? 'ok' : 'BELOW TARGET'}`,
    );
    note('target: visible on every instance within 1000 ms');
  } finally {
    for (const s of servers) await s.stop();
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

async function expectOk(url: string): Promise<string> {
  const res = await fetch(url);
  const text = await res.text();
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return text;
}

runCli(main);
