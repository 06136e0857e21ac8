/**
 * `npm run bench:security [-- --quick | --full] [--postgres] [--no-crash] [--seed N]`
 *
 * A probe, not a test: prints the security figures of the project, measured against a real server
 * (HTTP on 127.0.0.1) on the embedded database, and on the PostgreSQL server too when `--postgres`
 * is given or DATABASE_URL is set (a fresh database per run on that server, dropped after):
 *   1. role × endpoint reads: every GET of /api/openapi.json (and the public site's pages) as every
 *      role, with real ids from both schools; canaries planted outside each role's reach (people of
 *      the other school, a member of another branch, unpublished drafts, another member's thought
 *      report, clear ID and phone numbers …) must never reach a role not allowed to see them;
 *   2. out-of-scope writes: every write with a record id in its path, as every scoped role, aimed at
 *      a record outside its reach with a plausible body — 0 accepted, the database unchanged;
 *   3. fuzz totals by status (malformed requests from the OpenAPI document) — 0 × 5xx;
 *   4. kill -9 rounds: the server process under concurrent acknowledged writes, killed, restarted —
 *      0 acknowledged writes missing;
 *   5. restart time after each crash (spawn → /healthz) beside a normal start.
 * Exits non-zero when a leak, an accepted out-of-scope write, a 5xx or a lost write was found.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp, type App } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { openPglite, openPostgres, type Database } from '../src/server/platform/db/client';
import { createFieldCipher } from '../src/server/platform/crypto';
import { Http } from './security/http';
import type { OpenApiDoc } from './security/openapi';
import { ACTORS, PASSWORD, plant } from './security/park';
import { probeReads, readCases } from './security/reads';
import { probeWrites, writeAttempts, WRITE_MARKER } from './security/writes';
import { probeFuzz } from './security/fuzz';
import { crashRounds, removeDir, type CrashResult } from './security/crash';
import { statusLine, table } from './security/report';
import { runCli } from './lib/cli';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
    postgres: { type: 'boolean', default: false },
    'no-crash': { type: 'boolean', default: false },
    seed: { type: 'string', default: '20261202' },
  },
});
const MODE = args.full ? 'full' : args.quick ? 'quick' : 'default';
const BUDGET = {
  quick: { readsPerOp: 2, fuzzPerOp: 8, fuzzMax: 1_500, rounds: 1, acks: 60, workers: 4 },
  default: { readsPerOp: 4, fuzzPerOp: 16, fuzzMax: 3_000, rounds: 3, acks: 150, workers: 6 },
  full: { readsPerOp: 10_000, fuzzPerOp: 40, fuzzMax: 1_000_000, rounds: 6, acks: 400, workers: 8 },
}[MODE];
const SEED = Number(args.seed);
const PG_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const WITH_PG = args.postgres || !!process.env.DATABASE_URL;

const log = (s: string) => console.log(`  · ${s}`);
const heading = (s: string) => console.log(`\n━━ ${s} ━━`);

interface DbFigures {
  db: string;
  leaks: number;
  accepted: number;
  fiveHundreds: number;
  lost: number;
  restartFailed: number;
  unchangedDb: boolean;
  crash?: CrashResult;
  notes: string[];
}

/** A fresh PostgreSQL database on the server of PG_URL; dropped by the returned function. */
async function freshPostgres(tag: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = new URL(PG_URL);
  server.pathname = '/postgres';
  const name = `cpb_sec_${tag}_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: server.toString(), connectionTimeoutMillis: 5000 });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: server.toString() });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

async function probeInProcess(label: string, database: Database, tmp: string, f: DbFigures) {
  const cipher = createFieldCipher(crypto.randomBytes(32));
  const config = loadConfig({ DATA_DIR: tmp, LOG_LEVEL: 'silent' });
  let app: App | undefined;
  try {
    await database.migrate();
    app = await buildApp({ config, database, cipher }, { logger: false });
    const base = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    const anon = new Http(base);
    const docRes = await anon.request('GET', '/api/openapi.json');
    if (docRes.status !== 200) throw new Error(`/api/openapi.json → ${docRes.status}`);
    const doc = docRes.json<OpenApiDoc>();

    let t = performance.now();
    const pp = await plant(database.db, base);
    log(
      `[${label}] park built and ${pp.canaries.length} canaries planted in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    for (const n of pp.notes) console.log(`  · ${n}`);
    for (const p of pp.problems) {
      f.notes.push(`plant: ${p}`);
      console.log(`  ! could not plant: ${p}`);
    }

    // Sign in again when a session ended (a write may end sessions); an account that cannot sign in
    // is tried once only (failed logins lock an account) and then left out.
    const cannotSignIn = new Set<string>();
    const relogin = async (name: string) => {
      if (!cannotSignIn.has(name)) {
        try {
          return await new Http(base, name).login(name, PASSWORD);
        } catch (err) {
          cannotSignIn.add(name);
          f.notes.push(`${name} could not sign in: ${(err as Error).message.slice(0, 200)}`);
        }
      }
      return new Http(base, name);
    };
    const clients = new Map<string, Http>();
    for (const a of ACTORS) {
      const http = a.username === 'anonymous' ? new Http(base) : await relogin(a.username);
      if (a.username === 'anonymous' || http.signedIn) clients.set(a.username, http);
      else console.log(`  ! ${a.username} is left out: it could not sign in`);
    }

    // 1 ─ reads
    heading(`1. role × endpoint reads [${label}]`);
    const cases = readCases(doc, pp, BUDGET.readsPerOp);
    t = performance.now();
    const reads = await probeReads(clients, cases, pp.canaries, relogin);
    log(
      `${reads.ops} GET operations (${cases.length} URLs with real ids) × ${clients.size} roles = ${reads.requests} requests in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    console.log(
      table(
        ['account', 'holds', 'requests', '2xx', 'leaks'],
        ACTORS.filter((a) => reads.perActor.has(a.username)).map((a) => {
          const m = reads.perActor.get(a.username)!;
          return [a.username, a.holds, m.requests, m.ok, m.leaks];
        }),
      ),
    );
    console.log(`  responses by status: ${statusLine(reads.byStatus)}`);
    console.log(`  canaries: ${pp.canaries.length} planted; leaks: ${reads.leaks.length}`);
    if (reads.leaks.length) {
      const seen = new Set<string>();
      const rows = reads.leaks
        .filter((l) => {
          const k = `${l.actor}|${l.op}|${l.what}`;
          return !seen.has(k) && seen.add(k);
        })
        .map((l) => [l.actor, l.op, l.status, l.what, l.url.length > 90 ? l.url.slice(0, 90) + '…' : l.url]);
      console.log(table(['LEAK: account', 'operation', 'status', 'what leaked', 'first url'], rows));
    }
    const unseenClear = reads.unseen.filter((k) => k.what.startsWith('clear '));
    const unseenOther = reads.unseen.filter((k) => !k.what.startsWith('clear '));
    console.log(
      `  masked fields: ${pp.canaries.filter((k) => k.what.startsWith('clear ')).length} clear ID/phone numbers planted; ` +
        `${reads.leaks.filter((l) => l.what.startsWith('clear ')).length} reached an account without export/reveal over them; ` +
        `${unseenClear.length} returned by no GET even to those allowed (clear values come from the audited reveal, a POST)`,
    );
    if (unseenOther.length)
      console.log(
        `  canaries no allowed account met in any read (not exercised): ${unseenOther.map((k) => k.what).join('; ')}`,
      );
    if (reads.sessionsLost.length) {
      console.log(`  ! sessions ended during reads: ${reads.sessionsLost.join(', ')}`);
      f.notes.push(`sessions ended during reads: ${reads.sessionsLost.join(', ')}`);
    }
    if (reads.adminBadRequests.length)
      console.log(
        `  reads the park admin got 400 for (parameters the probe could not fill): ${reads.adminBadRequests.length}\n    ${reads.adminBadRequests.join('\n    ')}`,
      );
    if (reads.unscanned)
      console.log(`  ${reads.unscanned} image/PDF answers were not scanned for markers (rendered text)`);
    f.leaks += reads.leaks.length;
    const read5xx = reads.fiveHundreds.filter((x) => x.status >= 500);
    f.fiveHundreds += read5xx.length;
    for (const x of reads.fiveHundreds)
      console.log(
        `  ! ${x.status} for ${x.actor}: GET ${x.url} — ${x.body.replace(/\s+/g, ' ').slice(0, 200)}`,
      );

    // 2 ─ writes
    heading(`2. out-of-scope writes [${label}]`);
    const plan = writeAttempts(doc, pp);
    t = performance.now();
    const writes = await probeWrites(database.db, clients, plan.attempts, relogin);
    log(
      `${plan.ops} write operations with a record id in the path; ${plan.attempts.length} (operation, record) pairs; ${writes.attempts} requests by scoped roles in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    const byOp = new Map<string, { tried: number; ok: number; admin: number[] }>();
    for (const a of plan.attempts) {
      const e = byOp.get(a.op) ?? { tried: 0, ok: 0, admin: [] };
      e.tried += [...clients.keys()].filter((x) => x !== 'admin' && !a.target.owners.has(x)).length;
      byOp.set(a.op, e);
    }
    for (const a of writes.accepted) byOp.get(a.op)!.ok++;
    for (const [op, st] of writes.adminReplay) byOp.get(op)!.admin = st;
    console.log(
      table(
        ['operation', 'tries', 'accepted', "owner's replay (validity of the body)"],
        [...byOp].map(([op, e]) => [op, e.tried, e.ok, e.admin.join(',')]),
      ),
    );
    console.log(`  scoped roles' answers by status: ${statusLine(writes.byStatus)}`);
    const adminOk = [...writes.adminReplay.values()].filter((s) => s.some((x) => x >= 200 && x < 300)).length;
    console.log(
      `  operations whose body the owner's replay accepted (so the refusals above were the scope check, not validation): ${adminOk} of ${writes.adminReplay.size}`,
    );
    if (plan.without.length)
      console.log(`  not aimed (no record of that kind planted): ${plan.without.join('; ')}`);
    console.log(`  accepted out-of-scope writes: ${writes.accepted.length}`);
    if (writes.accepted.length)
      console.log(
        table(
          ['ACCEPTED: account', 'operation', 'status', 'record'],
          writes.accepted.map((a) => [a.actor, a.op, a.status, a.target]),
        ),
      );
    const unchanged = writes.changedTables.length === 0 && writes.markerFound.length === 0;
    console.log(
      `  database after the scoped writes: ${unchanged ? 'unchanged' : 'CHANGED'} (digest of every table but ${writes.volatileTables.join(', ') || 'none'}, ` +
        `which change on every signed-in request; probe marker ${WRITE_MARKER} found in: ${writes.markerFound.join(', ') || 'no table'})` +
        (writes.changedTables.length ? `; changed tables: ${writes.changedTables.join(', ')}` : ''),
    );
    f.accepted += writes.accepted.length;
    f.unchangedDb &&= unchanged;
    f.fiveHundreds += writes.fiveHundreds.length;
    for (const x of writes.fiveHundreds)
      console.log(`  ! ${x.status} for ${x.actor}: ${x.url} — ${x.body.replace(/\s+/g, ' ').slice(0, 200)}`);

    // 3 ─ fuzz
    heading(`3. fuzz [${label}]`);
    t = performance.now();
    const fuzzAdmin = await relogin('admin');
    const me = (await fuzzAdmin.request('GET', '/api/auth/me')).json<{ accountId: string }>();
    const fuzz = await probeFuzz(
      doc,
      fuzzAdmin,
      new Http(base),
      // The admin's own account is left out: a fuzzed password reset would end the fuzzer's session.
      { seed: SEED, perOperation: BUDGET.fuzzPerOp, maxCases: BUDGET.fuzzMax, excludeIds: [me.accountId] },
      () => relogin('admin'),
    );
    log(
      `${fuzz.cases} malformed requests sent of ${fuzz.generated} generated (generator: ${fuzz.source}; ${BUDGET.fuzzPerOp} random cases per operation ` +
        `besides the fixed ones, seed ${SEED}; as park admin, and anonymous on the public operations) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    console.log(`  totals by status: ${statusLine(fuzz.byStatus)}`);
    console.log(`  5xx: ${fuzz.fiveHundreds.length}`);
    if (fuzz.fiveHundreds.length) {
      const seen = new Set<string>();
      const rows = fuzz.fiveHundreds
        .filter((x) => {
          const k = `${x.method} ${x.url.split('?')[0]!.replace(/[0-9a-f-]{36}/g, '{id}')} ${x.note}`;
          return !seen.has(k) && seen.add(k);
        })
        .slice(0, 40)
        .map((x) => [
          x.status,
          x.who,
          `${x.method} ${x.url.slice(0, 70)}`,
          x.note,
          x.body.replace(/\s+/g, ' ').slice(0, 80),
        ]);
      console.log(table(['5xx', 'as', 'request', 'case', 'answer'], rows));
    }
    const sampleLines = (xs: typeof fuzz.formatProblems) =>
      xs
        .slice(0, 10)
        .map(
          (x) =>
            `    ${x.status} ${x.method} ${x.url.slice(0, 90)} (${x.note.slice(0, 60)}) → ${x.body.replace(/\s+/g, ' ').slice(0, 120)}`,
        )
        .join('\n');
    if (fuzz.unsendable.length)
      console.log(
        `  cases the HTTP client could not send (not counted): ${fuzz.unsendable.length}, e.g. ${fuzz.unsendable[0]}`,
      );
    console.log(
      `  4xx not in the error format (code + Chinese message): ${fuzz.formatProblems.length}${fuzz.formatProblems.length ? '\n' + sampleLines(fuzz.formatProblems) : ''}`,
    );
    console.log(
      `  4xx refused by the database rather than the contract: ${fuzz.contractGaps.length}${fuzz.contractGaps.length ? '\n' + sampleLines(fuzz.contractGaps) : ''}`,
    );
    f.fiveHundreds += fuzz.fiveHundreds.length;
    if (!fuzz.source.startsWith('test/'))
      f.notes.push('fuzz: test/support/fuzz.ts did not exist; the built-in minimal generator was used');
  } finally {
    await app?.close();
    await database.close();
  }
}

function printCrash(c: CrashResult) {
  heading(`4–5. kill -9 rounds and restart time [${c.db}]`);
  console.log(
    table(
      [
        'round',
        'acked writes (nodes+people)',
        'in flight at kill',
        'missing after restart',
        'restart after kill -9',
      ],
      c.rounds.map((r) => [
        r.round,
        `${r.acked} (${r.ackedNodes}+${r.ackedPeople})`,
        r.inFlightAtKill,
        r.restartOk ? r.missing.length : 'n/a',
        r.restartOk ? `${r.restartMs.toFixed(0)} ms` : 'FAILED',
      ]),
    ),
  );
  for (const r of c.rounds) {
    if (r.note) console.log(`  ! round ${r.round}: ${r.note}`);
    if (r.missing.length) console.log(`  ! round ${r.round} missing: ${r.missing.slice(0, 20).join(', ')}`);
  }
  const ok = c.rounds.filter((r) => r.restartOk).map((r) => r.restartMs);
  const median = ok.length ? [...ok].sort((a, b) => a - b)[Math.floor(ok.length / 2)]! : NaN;
  console.log(
    `  start (spawn → /healthz): first start on an empty database ${c.firstStartMs.toFixed(0)} ms; ` +
      `normal start after a graceful stop ${Number.isNaN(c.normalStartMs) ? 'n/a' : c.normalStartMs.toFixed(0) + ' ms'}; ` +
      `after kill -9 median ${Number.isNaN(median) ? 'n/a' : median.toFixed(0) + ' ms'} (${ok.map((x) => x.toFixed(0)).join(', ')} ms)`,
  );
}

async function runDb(label: 'PGlite' | 'PostgreSQL'): Promise<DbFigures> {
  const f: DbFigures = {
    db: label,
    leaks: 0,
    accepted: 0,
    fiveHundreds: 0,
    lost: 0,
    restartFailed: 0,
    unchangedDb: true,
    notes: [],
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-sec-'));
  try {
    try {
      if (label === 'PGlite') await probeInProcess(label, await openPglite(path.join(tmp, 'probe')), tmp, f);
      else {
        const pgdb = await freshPostgres('probe');
        try {
          await probeInProcess(label, await openPostgres(pgdb.url), tmp, f);
        } finally {
          await pgdb.drop();
        }
      }
    } catch (err) {
      f.notes.push(`in-process probe stopped: ${(err as Error).stack?.slice(0, 800)}`);
      console.log(`  ! [${label}] probe stopped: ${(err as Error).stack}`);
      f.fiveHundreds += 0;
      f.restartFailed++; // counts as a failure of the run: figures are incomplete
    }
    if (args['no-crash']) return f;
    try {
      const crashOpts = {
        db: label,
        rounds: BUDGET.rounds,
        acksBeforeKill: BUDGET.acks,
        workers: BUDGET.workers,
        log,
      };
      let c: CrashResult;
      if (label === 'PGlite') {
        c = await crashRounds({ ...crashOpts, env: { DATA_DIR: path.join(tmp, 'crash'), DATABASE_URL: '' } });
      } else {
        const pgdb = await freshPostgres('crash');
        try {
          c = await crashRounds({
            ...crashOpts,
            env: { DATA_DIR: path.join(tmp, 'crash'), DATABASE_URL: pgdb.url },
          });
        } finally {
          await pgdb.drop();
        }
      }
      f.crash = c;
      printCrash(c);
      f.lost += c.rounds.reduce((n, r) => n + r.missing.length, 0);
      f.restartFailed += c.rounds.filter((r) => !r.restartOk).length;
    } catch (err) {
      f.notes.push(`kill -9 rounds stopped: ${(err as Error).message.slice(0, 800)}`);
      console.log(`  ! [${label}] kill -9 rounds stopped: ${(err as Error).message}`);
      f.restartFailed++;
    }
  } finally {
    removeDir(tmp);
  }
  return f;
}

async function main() {
  const cpus = os.cpus();
  const started = performance.now();
  console.log(
    `bench:security (${MODE}) — Node ${process.version}, ${cpus.length} cores, ${os.platform()} ${os.release()}; ` +
      `databases: PGlite${WITH_PG ? ` + PostgreSQL (${new URL(PG_URL).host})` : ''}`,
  );
  const all: DbFigures[] = [await runDb('PGlite')];
  if (WITH_PG) all.push(await runDb('PostgreSQL'));

  heading('summary');
  console.log(
    table(
      [
        'database',
        'leaks',
        'accepted out-of-scope writes',
        'db unchanged',
        '5xx',
        'lost acked writes',
        'failed restarts/stops',
        'restart after kill -9 (median)',
        'normal start',
      ],
      all.map((f) => {
        const ok = f.crash?.rounds.filter((r) => r.restartOk).map((r) => r.restartMs) ?? [];
        const median = ok.length ? [...ok].sort((a, b) => a - b)[Math.floor(ok.length / 2)]! : NaN;
        return [
          f.db,
          f.leaks,
          f.accepted,
          f.unchangedDb ? 'yes' : 'NO',
          f.fiveHundreds,
          f.crash ? f.lost : 'n/a',
          f.restartFailed,
          Number.isNaN(median) ? 'n/a' : `${median.toFixed(0)} ms`,
          f.crash && !Number.isNaN(f.crash.normalStartMs) ? `${f.crash.normalStartMs.toFixed(0)} ms` : 'n/a',
        ];
      }),
    ),
  );
  for (const f of all) for (const n of f.notes) console.log(`  note [${f.db}]: ${n}`);
  const bad = all.some(
    (f) => f.leaks || f.accepted || !f.unchangedDb || f.fiveHundreds || f.lost || f.restartFailed,
  );
  const sum = (k: 'leaks' | 'accepted' | 'fiveHundreds' | 'lost') => all.reduce((n, f) => n + f[k], 0);
  console.log(
    `\nbench:security ${bad ? 'FAIL' : 'PASS'}: ${sum('leaks')} leaks, ${sum('accepted')} accepted out-of-scope writes, ` +
      `${sum('fiveHundreds')} × 5xx, ${sum('lost')} lost acknowledged writes (${all.map((f) => f.db).join(' + ')}; ${MODE}, ` +
      `${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
  return bad ? 1 : 0;
}

runCli(main, 2);
