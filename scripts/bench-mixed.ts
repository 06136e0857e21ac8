/**
 * `npm run bench:mixed`: the whole platform under a realistic mix of traffic, on each database
 * (embedded PGlite; PostgreSQL when a server answers on 127.0.0.1:5432, in a fresh database dropped
 * afterwards). Prints figures (a measurement, not a test; exit code 0 unless something broke).
 *
 * Data: the demo park of `seed:demo` at --scale 10 (≈ 30,000 students, 2,000 staff, one account
 * per role) and --articles 5000 realistic articles (scripts/lib/benchContent.ts) in all columns.
 * The server runs in a child process, as `npm start` runs it (its logger on, to a file).
 *
 * --users 200 simulated users, each in a closed loop (next request when the last one answered,
 * after --think ms), for --duration 60 s, each request drawn from:
 *   portal 70 %   home, column lists (pages 1–5), articles (mostly recent ones, some from the archive)
 *   search 10 %   two-word queries from the articles' vocabulary (repeats happen, as on a real site)
 *   console 15 %  signed-in accounts of several roles: people list with filters and a name search,
 *                 person details, members, newsroom articles and details, dues, activities, audit
 *   writes 5 %    through the real API with the session's CSRF token: create and edit a draft
 *                 article, record a dues payment, mark activity attendance
 * Printed: throughput, p50/p99/max per class and per action, errors, timeouts (10 s), the
 * event-loop delay measured inside the server (monitorEventLoopDelay via /bench/stats) and its RSS
 * (sampled from /proc every 500 ms), idle and peak.
 *
 * Options: --duration S (60)  --users N (200)  --think MS (0)  --warmup S (5)  --scale X (10)
 *          --articles N (5000)  --no-postgres  --no-pglite
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openPglite, openPostgres, type Database } from '../src/server/platform/db/client';
import { queryRows } from '../src/server/platform/db/rows';
import { createFieldCipher, loadMasterKey } from '../src/server/platform/crypto';
import { DEMO_PASSWORD, seedDemo, type SeedSummary } from './lib/seedDemo';
import { Rng, surname } from './lib/demoData';
import { draftArticle, searchQueries, seedBenchSite, type BenchSite } from './lib/benchContent';
import {
  fmt,
  freshPostgres,
  machine,
  percentile,
  sleep,
  startServer,
  table,
  type Server,
} from './lib/benchServer';
import { runCli, numberOption } from './lib/cli';

const args = process.argv.slice(2);
const opt = numberOption;
const DURATION = opt('duration', 60);
const USERS = opt('users', 200);
const THINK = opt('think', 0);
const WARMUP = opt('warmup', 5);
const SCALE = opt('scale', 10);
const ARTICLES = opt('articles', 5000);
const TIMEOUT_MS = 10_000;

const summary: string[] = [];
const note = (line: string) => {
  console.log(line);
  summary.push(line);
};

// ---------------------------------------------------------------------------------------------
// A signed-in browser: keeps the cookies, sends the CSRF header on writes.

class Session {
  private cookies = new Map<string, string>();
  constructor(
    readonly base: string,
    readonly username: string,
  ) {}
  async request(method: string, url: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('csrf');
    if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.base + url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const value = pair!.slice(i + 1).trim();
      if (value) this.cookies.set(pair!.slice(0, i).trim(), value);
    }
    return res;
  }
  async json<T>(method: string, url: string, body?: unknown): Promise<T> {
    const res = await this.request(method, url, body);
    const text = await res.text();
    if (!res.ok) throw new Error(`${this.username}: ${method} ${url} → ${res.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : null) as T;
  }
}

// ---------------------------------------------------------------------------------------------

interface Facts {
  seed: SeedSummary;
  site: BenchSite;
  branchId: string;
  branchMembers: string[];
}

async function seedAll(database: Database, dataDir: string): Promise<Facts> {
  const cipher = createFieldCipher(loadMasterKey(dataDir));
  let t = performance.now();
  const seed = await seedDemo(database.db, cipher, { scale: SCALE });
  console.log(
    `  seeded the demo park at scale ${SCALE} (${seed.counts.students} students, ${seed.counts.staff} staff) ` +
      `in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  t = performance.now();
  const site = await seedBenchSite(
    database.db,
    {
      parkId: seed.parkId,
      schoolIds: seed.schools.map((s) => s.id),
      schoolNames: seed.schools.map((s) => s.name),
    },
    { articles: ARTICLES },
  );
  console.log(`  seeded ${ARTICLES} articles in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const [branch] = await queryRows<{ id: string }>(
    database.db,
    sql`select ra.scope_node_id as id from role_assignments ra join accounts a on a.id = ra.account_id
        where a.username = 'secretary' and ra.role = 'branchSecretary'`,
  );
  const members = await queryRows<{ person_id: string }>(
    database.db,
    sql`select person_id from memberships where branch_id = ${branch!.id}`,
  );
  return { seed, site, branchId: branch!.id, branchMembers: members.map((m) => m.person_id) };
}

// ---------------------------------------------------------------------------------------------
// The mix

type Klass = 'portal' | 'search' | 'console' | 'write';
const CLASSES: [Klass, number][] = [
  ['portal', 70],
  ['search', 10],
  ['console', 15],
  ['write', 5],
];

interface Sample {
  klass: Klass;
  action: string;
  ms: number;
  outcome: 'ok' | 'error' | 'timeout';
  /** HTTP status, or the error's name when there was no answer. */
  status: string;
}

interface Action {
  name: string;
  run(rng: Rng): Promise<Response>;
}

async function buildMix(base: string, facts: Facts) {
  const { seed, site } = facts;
  const login = async (username: string) => {
    const s = new Session(base, username);
    await s.json('POST', '/api/auth/login', { username, password: DEMO_PASSWORD });
    return s;
  };
  const sessions: Record<string, Session[]> = {};
  for (const [username, n] of [
    ['parkadmin', 3],
    ['schooladmin', 3],
    ['secretary', 3],
    ['editor', 3],
    ['teacher', 2],
  ] as const) {
    sessions[username] = [];
    for (let i = 0; i < n; i++) sessions[username].push(await login(username));
  }
  const as = (rng: Rng, u: string) => rng.pick(sessions[u]!);

  // What the writes need: a month of dues computed for the secretary's branch, an activity of
  // the branch with its members as participants.
  const secretary = sessions.secretary![0]!;
  const now = new Date();
  const prev = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15));
  const month = prev.toISOString().slice(0, 7);
  const today = now.toISOString().slice(0, 10);
  await secretary.json('POST', '/api/dues/compute', { month });
  const dues = await secretary.json<{ items: { personId: string; dueFen: number }[] }>(
    'GET',
    `/api/dues/months?month=${month}&pageSize=100`,
  );
  const payable = dues.items.filter((i) => i.dueFen > 0).map((i) => i.personId);
  const activity = await secretary.json<{ id: string }>('POST', '/api/activities', {
    kind: 'themedDay',
    title: '基准测试主题党日',
    organiserId: facts.branchId,
    startsAt: new Date(Date.now() + 3600_000).toISOString(),
    endsAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
    place: '三楼会议室',
  });
  await secretary.json('POST', `/api/activities/${activity.id}/participants`, { groupIds: [facts.branchId] });
  const editor = sessions.editor![0]!;
  const columnIds = Object.entries(site.columns)
    .filter(([slug]) => slug !== 'about' && slug !== 'downloads')
    .map(([, id]) => id);
  const drafts: string[] = [];

  const listSlugs = Object.keys(site.columns).filter((s) => s !== 'about');
  const queries = searchQueries(4000);
  const schoolIds = seed.schools.map((s) => s.id);
  const personIds = (
    await sessions.parkadmin![0]!.json<{ items: { id: string }[] }>(
      'GET',
      `/api/people?kind=student&pageSize=100`,
    )
  ).items.map((p) => p.id);
  const articleIds = site.articleIds;
  const page = (rng: Rng) =>
    rng.weighted([
      [1, 50],
      [2, 20],
      [3, 12],
      [4, 10],
      [5, 8],
    ] as const);
  const get = (s: Session, url: string) => s.request('GET', url);
  const anon = new Session(base, 'visitor');

  const mix: Record<Klass, [Action, number][]> = {
    portal: [
      [{ name: 'home', run: () => get(anon, '/') }, 20],
      [
        {
          name: 'column list',
          run: (rng) => {
            // The download column holds a dozen items: one page.
            const slug = rng.pick(listSlugs);
            const p = slug === 'downloads' ? 1 : page(rng);
            return get(anon, `/column/${slug}${p > 1 ? `?page=${p}` : ''}`);
          },
        },
        35,
      ],
      [
        {
          name: 'article',
          // Most readers read what is new; some come from search engines to old articles.
          run: (rng) =>
            get(anon, `/article/${rng.chance(0.6) ? articleIds[rng.int(0, 199)] : rng.pick(articleIds)}`),
        },
        45,
      ],
    ],
    search: [
      [
        {
          name: 'search',
          run: (rng) => get(anon, `/search?q=${encodeURIComponent(rng.pick(queries))}`),
        },
        1,
      ],
    ],
    console: [
      [
        {
          name: 'people list (school + name search)',
          run: (rng) =>
            get(
              as(rng, 'parkadmin'),
              `/api/people?kind=student&schoolId=${rng.pick(schoolIds)}&q=${encodeURIComponent(surname(rng))}&page=${page(rng)}&pageSize=20`,
            ),
        },
        20,
      ],
      [
        {
          name: 'people list (school admin, filters)',
          run: (rng) =>
            get(
              as(rng, 'schooladmin'),
              `/api/people?kind=student&isLeagueMember=${rng.chance(0.5)}&sort=number&page=${page(rng)}&pageSize=20`,
            ),
        },
        10,
      ],
      [
        {
          name: 'people list (homeroom teacher)',
          run: (rng) => get(as(rng, 'teacher'), `/api/people?kind=student&page=1&pageSize=50`),
        },
        5,
      ],
      [
        {
          name: 'person detail',
          run: (rng) => get(as(rng, 'parkadmin'), `/api/people/${rng.pick(personIds)}`),
        },
        10,
      ],
      [
        {
          name: 'members list',
          run: (rng) =>
            get(
              rng.chance(0.5) ? as(rng, 'parkadmin') : as(rng, 'secretary'),
              `/api/members?page=${page(rng)}&pageSize=20${rng.chance(0.3) ? `&q=${encodeURIComponent(surname(rng))}` : ''}`,
            ),
        },
        15,
      ],
      [
        {
          name: 'newsroom articles list',
          run: (rng) =>
            get(as(rng, 'editor'), `/api/portal/articles?queue=all&page=${page(rng)}&pageSize=20`),
        },
        12,
      ],
      [
        {
          name: 'newsroom article detail',
          run: (rng) => get(as(rng, 'editor'), `/api/portal/articles/${rng.pick(articleIds)}`),
        },
        8,
      ],
      [
        {
          name: 'dues month',
          run: (rng) => get(as(rng, 'secretary'), `/api/dues/months?month=${month}&pageSize=20`),
        },
        6,
      ],
      [
        {
          name: 'activities list',
          run: (rng) => get(as(rng, 'secretary'), `/api/activities?page=1&pageSize=20`),
        },
        6,
      ],
      [
        {
          name: 'audit log',
          run: (rng) => get(as(rng, 'parkadmin'), `/api/audit?page=${page(rng)}&pageSize=20`),
        },
        8,
      ],
    ],
    write: [
      [
        {
          name: 'create draft article',
          run: async (rng) => {
            const res = await as(rng, 'editor').request('POST', '/api/portal/articles', {
              ...draftArticle(rng),
              columnIds: [rng.pick(columnIds)],
            });
            if (res.ok) {
              const body = (await res.clone().json()) as { id: string };
              drafts.push(body.id);
            }
            return res;
          },
        },
        35,
      ],
      [
        {
          name: 'edit draft article',
          run: (rng) => {
            if (!drafts.length)
              return editor.request('POST', '/api/portal/articles', {
                ...draftArticle(rng),
                columnIds: [columnIds[0]],
              });
            const d = draftArticle(rng);
            return as(rng, 'editor').request('PATCH', `/api/portal/articles/${rng.pick(drafts)}`, {
              title: d.title,
              bodyHtml: d.bodyHtml,
            });
          },
        },
        25,
      ],
      [
        {
          name: 'record dues payment',
          run: (rng) =>
            as(rng, 'secretary').request('POST', '/api/dues/payments', {
              personId: rng.pick(payable),
              months: [month],
              amount: '0.01',
              paidOn: today,
              method: 'cash',
            }),
        },
        20,
      ],
      [
        {
          name: 'activity attendance',
          run: (rng) =>
            as(rng, 'secretary').request('POST', `/api/activities/${activity.id}/attendance`, {
              personIds: [rng.pick(facts.branchMembers)],
              present: rng.chance(0.7),
            }),
        },
        20,
      ],
    ],
  };
  return mix;
}

/** Every action once, in turn: a mix that fails here would only measure error pages. */
async function checkMix(mix: Record<Klass, [Action, number][]>) {
  const rng = new Rng(1);
  for (const [klass, actions] of Object.entries(mix))
    for (const [a] of actions) {
      const res = await a.run(rng);
      const text = await res.text();
      if (!res.ok) throw new Error(`${klass} / ${a.name} → ${res.status} ${text.slice(0, 300)}`);
    }
}

async function drive(
  mix: Record<Klass, [Action, number][]>,
  seconds: number,
  seedBase: number,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  const end = performance.now() + seconds * 1000;
  const weighted = Object.fromEntries(
    Object.entries(mix).map(([k, list]) => [k, list.map(([a, w]) => [a, w] as const)]),
  ) as Record<Klass, (readonly [Action, number])[]>;
  const user = async (u: number) => {
    const rng = new Rng(seedBase + u);
    // Users do not all start in the same millisecond.
    await sleep(rng.int(0, 500));
    while (performance.now() < end) {
      const klass = rng.weighted(CLASSES);
      const action = rng.weighted(weighted[klass]);
      const t = performance.now();
      let outcome: Sample['outcome'] = 'ok';
      let status = '';
      try {
        const res = await action.run(rng);
        await res.arrayBuffer();
        status = String(res.status);
        if (!res.ok) outcome = 'error';
      } catch (err) {
        status = (err as Error).name;
        outcome = status === 'TimeoutError' ? 'timeout' : 'error';
      }
      samples.push({ klass, action: action.name, ms: performance.now() - t, outcome, status });
      if (THINK) await sleep(rng.int(0, 2 * THINK));
    }
  };
  await Promise.all(Array.from({ length: USERS }, (_, u) => user(u)));
  return samples;
}

function report(label: string, samples: Sample[], seconds: number) {
  const row = (name: string, list: Sample[]) => {
    const ms = list.map((s) => s.ms).sort((a, b) => a - b);
    return [
      name,
      list.length,
      fmt(list.length / seconds, 1),
      fmt(percentile(ms, 50), 1),
      fmt(percentile(ms, 99), 1),
      fmt(ms[ms.length - 1] ?? NaN, 0),
      list.filter((s) => s.outcome === 'error').length,
      list.filter((s) => s.outcome === 'timeout').length,
    ];
  };
  // A request that timed out counts with the time it waited (TIMEOUT_MS): it is what the user saw.
  const head = ['class / action', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'timeouts'];
  const rows: (string | number)[][] = [row('all', samples)];
  for (const [klass] of CLASSES) {
    const list = samples.filter((s) => s.klass === klass);
    rows.push(row(`${klass} (${Math.round((list.length / samples.length) * 100)} %)`, list));
    const actions = [...new Set(list.map((s) => s.action))];
    for (const a of actions)
      rows.push(
        row(
          `  ${a}`,
          list.filter((s) => s.action === a),
        ),
      );
  }
  note(table(head, rows));
  const failed = new Map<string, number>();
  for (const s of samples)
    if (s.outcome !== 'ok')
      failed.set(`${s.action} ${s.status}`, (failed.get(`${s.action} ${s.status}`) ?? 0) + 1);
  if (failed.size) note(`  failures: ${[...failed].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
}

async function runOn(label: string, database: Database, env: Record<string, string>, dataDir: string) {
  console.log(`\n[${label}] seeding`);
  await database.migrate();
  const facts = await seedAll(database, dataDir);
  await database.close();
  const server: Server = await startServer('app', { ...env, DATA_DIR: dataDir, ENCRYPTION_KEY: '' }, dataDir);
  try {
    const mix = await buildMix(server.baseUrl, facts);
    await checkMix(mix);
    if (WARMUP > 0) await drive(mix, WARMUP, 1000);
    await sleep(1000);
    const idle = server.rss();
    await server.stats(true);
    const peak = server.sampleRss();
    const t = performance.now();
    const samples = await drive(mix, DURATION, 5000);
    const seconds = (performance.now() - t) / 1000;
    const peakRss = peak();
    const stats = await server.stats(true);
    note(
      `\n[${label}] ${USERS} users for ${DURATION} s (think ${THINK} ms), ${facts.seed.counts.students} students, ` +
        `${ARTICLES} articles: ${samples.length} requests, ${fmt(samples.length / seconds, 1)} req/s`,
    );
    report(label, samples, seconds);
    note(`  (latencies include timed-out requests at the ${TIMEOUT_MS / 1000} s they waited)`);
    note(
      `  event-loop delay inside the server: max ${stats.eventLoopDelayMaxMs} ms, p99 ${stats.eventLoopDelayP99Ms} ms, ` +
        `mean ${stats.eventLoopDelayMeanMs} ms;  RSS idle ${fmt(idle)} MiB, peak ${peakRss} MiB`,
    );
  } finally {
    await server.stop();
  }
}

async function main() {
  console.log(`「校园党建」 mixed benchmark\n${machine()}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-bench-mixed-'));
  try {
    if (!args.includes('--no-pglite')) {
      const dataDir = path.join(tmp, 'pglite');
      fs.mkdirSync(dataDir);
      await runOn('PGlite', await openPglite(dataDir), {}, dataDir);
    }
    if (!args.includes('--no-postgres')) {
      const pgdb = await freshPostgres();
      if (!pgdb) note('\n[PostgreSQL] skipped (no server on 127.0.0.1:5432)');
      else {
        try {
          const dataDir = path.join(tmp, 'pg-data');
          fs.mkdirSync(dataDir);
          await runOn('PostgreSQL', await openPostgres(pgdb.url), { DATABASE_URL: pgdb.url }, dataDir);
        } finally {
          await pgdb.drop();
        }
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\n── summary (${new Date().toISOString()}; ${machine()}) ──`);
  for (const line of summary) console.log(line);
}

runCli(main);
