import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackupStream } from '../../../src/server/platform/backup/dump';
import { readTar } from '../../../src/server/platform/backup/tar';
import { createLocalStorage } from '../../../src/server/platform/storage/local';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';
import { YEAR, addScheme, addVoters, clientFor, openPaperOf, rowsOf } from './appraisalHelpers';

/**
 * The secret ballot, shown on a real database (docs/assessment.md, "Secret ballots"): ten voters
 * cast their papers one after another, in a known order, and the round is closed. Then EVERY table
 * and every audit row is read, and nothing links a voter to a ballot: no ballot value equals or is
 * derived from any voter, account or session identifier; no other row holds a ballot id, a paper's
 * hash or a receipt code; every paper names the same members (none says whose it is by leaving its
 * voter out); no ballot carries a time; and neither where a ballot row sits nor which transaction
 * wrote it follows the order of voting. Before closing the same checks are run to show they do see
 * the links a careless design would leave (row order and the writing transaction of an open round).
 */

let t: TestApp;
let park: Park;
let secretaryA: Client;
let roundId: string;
const R = '/api/assessment/appraisal';

interface Cast {
  personId: string;
  accountId: string;
  receipt: string;
  paperHash: string;
}
/** The papers in the order they were cast. */
const casts: Cast[] = [];

const rows = <T>(q: ReturnType<typeof sql>) => rowsOf<T>(t, q);
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const md5 = (s: string) => crypto.createHash('md5').update(s).digest('hex');

/** Which cast (index in voting order) each ballot row belongs to, in physical (ctid) order. */
async function physicalOrder(): Promise<number[]> {
  const byHash = new Map(casts.map((c, i) => [c.paperHash, i]));
  const ballots = await rows<{ paper_hash: string }>(
    sql`select paper_hash from appraisal_ballots where round_id = ${roundId} order by ctid`,
  );
  return ballots.map((b) => byHash.get(b.paper_hash)!);
}

/** Neighbouring rows from the same paper: P·(S−1) when papers are written in blocks, ~S−1 shuffled. */
const sameNeighbours = (order: number[]) => order.filter((x, i) => i > 0 && order[i - 1] === x).length;

/** Pearson correlation of row position against the voting order of each row's paper. */
function correlation(order: number[]): number {
  const n = order.length;
  const xs = order.map((_, i) => i);
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const mx = mean(xs);
  const my = mean(order);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (order[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (order[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** For each voter, the transaction ids their voting wrote (their roll row, their audit row). */
async function voterTransactions(): Promise<Set<string>> {
  const roll = await rows<{ x: string }>(
    sql`select xmin::text as x from appraisal_voters where round_id = ${roundId} and voted`,
  );
  const audits = await rows<{ x: string }>(
    sql`select xmin::text as x from audit_log where action = 'assessment.ballot.cast' and entity_id = ${roundId}`,
  );
  return new Set([...roll, ...audits].map((r) => r.x));
}

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  secretaryA = await asClient(t.app).login('secretaryA', PASSWORD);
  await addScheme(t.database.db, park);
  await addVoters(t, park, 'A', 8);
  const opened = await secretaryA.post(`${R}/rounds`, {
    year: YEAR,
    orgNodeId: park.nodes.branchA!.id,
    title: '保密性检验',
  });
  expect(opened.statusCode, opened.body).toBe(201);
  roundId = opened.json().id;
  const roll = await rows<{ person_id: string }>(
    sql`select person_id from appraisal_voters where round_id = ${roundId} and exclusion is null order by person_id`,
  );
  expect(roll).toHaveLength(10);
  const GRADES = ['excellent', 'qualified', 'basic', 'unqualified'];
  for (const [i, v] of roll.entries()) {
    const client = await clientFor(t, park, v.person_id);
    const p = await openPaperOf(client, roundId);
    const res = await client.post(`${R}/rounds/${roundId}/ballots`, {
      confirm: true,
      ballots: p.subjects.map((s, j) => ({ subjectId: s.personId, grade: GRADES[(i * 3 + j) % 4] })),
    });
    expect(res.statusCode, res.body).toBe(201);
    const [a] = await rows<{ id: string }>(sql`select id from accounts where person_id = ${v.person_id}`);
    const receipt = res.json().receipt as string;
    casts.push({ personId: v.person_id, accountId: a!.id, receipt, paperHash: sha256(receipt) });
  }
});
afterAll(() => t.close());

describe('while the round is open', () => {
  it('the checks below do see a link where one exists: rows in voting order, written by the voters’ transactions', async () => {
    const order = await physicalOrder();
    expect(order).toHaveLength(100);
    // Papers lie in blocks (90 neighbours share a paper; a row or two may land on a page with room).
    expect(sameNeighbours(order)).toBeGreaterThan(80);
    expect(correlation(order)).toBeGreaterThan(0.9);
    const written = await rows<{ x: string }>(
      sql`select distinct xmin::text as x from appraisal_ballots where round_id = ${roundId}`,
    );
    const voters = await voterTransactions();
    expect(written.filter((w) => voters.has(w.x))).toHaveLength(10);
  });
});

describe('after the round is closed', () => {
  let tables: string[];

  beforeAll(async () => {
    const closed = await secretaryA.post(`${R}/rounds/${roundId}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    tables = (
      await rows<{ table_name: string }>(
        sql`select table_name from information_schema.tables
            where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
      )
    ).map((r) => r.table_name);
    expect(tables).toContain('appraisal_ballots');
    expect(tables).toContain('audit_log');
    expect(tables).toContain('sessions');
  });

  it('a ballot has no voter and no time: its columns are the round, the member, the judgement, the paper’s hash', async () => {
    const cols = await rows<{ table_name: string; column_name: string; data_type: string }>(
      sql`select table_name, column_name, data_type from information_schema.columns
          where table_schema = 'public' and table_name in ('appraisal_ballots', 'appraisal_voters')
          order by table_name, ordinal_position`,
    );
    const ballots = cols.filter((c) => c.table_name === 'appraisal_ballots').map((c) => c.column_name);
    expect(ballots.sort()).toEqual(['grade', 'id', 'paper_hash', 'round_id', 'scores', 'subject_id']);
    // Neither the ballots nor the roll hold a time finer than the round's own.
    expect(cols.filter((c) => /time|date|interval/.test(c.data_type))).toEqual([]);
    expect(
      cols
        .filter((c) => c.table_name === 'appraisal_voters')
        .map((c) => c.column_name)
        .sort(),
    ).toEqual(['exclusion', 'park_id', 'person_id', 'round_id', 'voted']);
  });

  it('every paper names the same members, so none says whose it is by whom it leaves out', async () => {
    const papers = await rows<{ paper_hash: string; subjects: string }>(
      sql`select paper_hash, string_agg(subject_id::text, ',' order by subject_id) as subjects
          from appraisal_ballots where round_id = ${roundId} group by paper_hash`,
    );
    expect(papers).toHaveLength(10);
    const all = (
      await rows<{ person_id: string }>(
        sql`select person_id from appraisal_subjects where round_id = ${roundId} order by person_id`,
      )
    )
      .map((r) => r.person_id)
      .join(',');
    expect(new Set(papers.map((p) => p.subjects))).toEqual(new Set([all]));
  });

  it('no ballot value equals or derives from a voter’s person, account, session or request', async () => {
    const voterPeople = casts.map((c) => c.personId);
    const voterAccounts = casts.map((c) => c.accountId);
    const ids: string[] = [...voterPeople, ...voterAccounts];
    for (const r of await rows<{ id: string; token_hash: string; csrf_token: string }>(
      sql`select id, token_hash, csrf_token from sessions where account_id = any(${`{${voterAccounts.join(',')}}`}::uuid[])`,
    ))
      ids.push(r.id, r.token_hash, r.csrf_token);
    for (const r of await rows<{ id: string; request_id: string | null; ip: string | null }>(
      sql`select id::text as id, request_id, ip from audit_log where actor_account_id = any(${`{${voterAccounts.join(',')}}`}::uuid[])`,
    ))
      ids.push(r.id, ...(r.request_id ? [r.request_id] : []));
    for (const r of await rows<{ username: string }>(
      sql`select username from accounts where id = any(${`{${voterAccounts.join(',')}}`}::uuid[])`,
    ))
      ids.push(r.username);
    expect(ids.length).toBeGreaterThan(40);
    const derived = new Set<string>();
    for (const x of ids) {
      for (const v of [x, `${roundId}${x}`, `${x}${roundId}`, `${roundId}:${x}`, `${x}:${roundId}`]) {
        derived.add(v.toLowerCase());
        derived.add(sha256(v));
        derived.add(md5(v));
      }
    }
    const ballots = await rows<Record<string, unknown>>(
      sql`select * from appraisal_ballots where round_id = ${roundId}`,
    );
    expect(ballots).toHaveLength(100);
    // subject_id is the member appraised — every voter is one, on every paper alike (the test above);
    // round_id is the round's. What could carry a voter is the rest.
    for (const b of ballots)
      for (const col of ['id', 'paper_hash', 'grade', 'scores']) {
        const v = b[col] === null ? null : typeof b[col] === 'string' ? b[col] : JSON.stringify(b[col]);
        if (v === null) continue;
        expect(derived.has(v.toLowerCase()), `${col} = ${v}`).toBe(false);
        // Substrings only of identifiers long enough to mean something (not the audit's row numbers).
        for (const x of ids.filter((i) => i.length >= 16))
          expect(v.toLowerCase().includes(x.toLowerCase()), `${col} contains ${x}`).toBe(false);
      }
  });

  it('no row of any other table holds a ballot id, a paper’s hash or a receipt code', async () => {
    const ballots = await rows<{ id: string; paper_hash: string }>(
      sql`select id, paper_hash from appraisal_ballots where round_id = ${roundId}`,
    );
    const secrets = [
      ...ballots.map((b) => b.id),
      ...casts.map((c) => c.paperHash),
      ...casts.map((c) => c.receipt),
      ...casts.map((c) => c.receipt.replace(/-/g, '')),
    ];
    let scanned = 0;
    for (const table of tables.filter((x) => x !== 'appraisal_ballots')) {
      const all = await rows<{ j: string }>(
        sql`select row_to_json(x)::text as j from ${sql.identifier(table)} x`,
      );
      scanned += all.length;
      for (const { j } of all) {
        const lower = j.toLowerCase();
        for (const s of secrets)
          expect(lower.includes(s.toLowerCase()), `${table}: ${j.slice(0, 200)}`).toBe(false);
      }
    }
    expect(scanned).toBeGreaterThan(100);
  });

  it('the audit trail names each voter and the round, and nothing of the paper', async () => {
    const audits = await rows<{
      actor_account_id: string;
      entity_type: string;
      entity_id: string;
      before: unknown;
      after: unknown;
    }>(
      sql`select actor_account_id, entity_type, entity_id, before, after from audit_log
          where action = 'assessment.ballot.cast' order by id`,
    );
    expect(audits.map((a) => a.actor_account_id)).toEqual(casts.map((c) => c.accountId));
    for (const a of audits) {
      expect(a.entity_type).toBe('appraisalRound');
      expect(a.entity_id).toBe(roundId);
      expect(a.before).toBeNull();
      expect(a.after).toEqual({ voted: true });
    }
    // No audit row anywhere mentions a grade given on a paper.
    const graded = await rows<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action <> 'assessment.appraisalRound.finalize'
          and (coalesce(after::text, '') ~ '"grade"|excellent|unqualified' or coalesce(before::text, '') ~ '"grade"|excellent|unqualified')`,
    );
    expect(graded[0]!.n).toBe(0);
  });

  it('where a ballot row sits does not follow the order of voting', async () => {
    const order = await physicalOrder();
    expect(order).toHaveLength(100);
    // Shuffled, about S − 1 = 9 neighbours share a paper (in blocks: 90); 45 is far out of reach by chance.
    expect(sameNeighbours(order)).toBeLessThan(45);
    expect(Math.abs(correlation(order))).toBeLessThan(0.5);
    // Nor does the ids' order.
    const byHash = new Map(casts.map((c, i) => [c.paperHash, i]));
    const byId = (
      await rows<{ paper_hash: string }>(
        sql`select paper_hash from appraisal_ballots where round_id = ${roundId} order by id`,
      )
    ).map((b) => byHash.get(b.paper_hash)!);
    expect(sameNeighbours(byId)).toBeLessThan(45);
  });

  it('a backup of the instance holds the ballots in no voting order either', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-appraisal-backup-'));
    try {
      const stream = await createBackupStream({
        database: t.database,
        storage: createLocalStorage(path.join(tmp, 'media')),
        masterKey: crypto.randomBytes(32),
        withKey: false,
        tmpDir: tmp,
      });
      let lines: string[] = [];
      for await (const entry of readTar(Readable.from(stream.pipe(zlib.createGunzip())))) {
        const chunks: Buffer[] = [];
        for await (const c of entry.body) chunks.push(c);
        if (entry.name === 'db/appraisal_ballots.jsonl')
          lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
      }
      const byHash = new Map(casts.map((c, i) => [c.paperHash, i]));
      const order = lines.map((l) => byHash.get((JSON.parse(l) as { paper_hash: string }).paper_hash)!);
      expect(order).toHaveLength(100);
      expect(sameNeighbours(order)).toBeLessThan(45);
      expect(Math.abs(correlation(order))).toBeLessThan(0.5);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('every ballot was written by the closing transaction, none by a voter’s', async () => {
    const written = await rows<{ x: string }>(
      sql`select distinct xmin::text as x from appraisal_ballots where round_id = ${roundId}`,
    );
    expect(written).toHaveLength(1);
    const voters = await voterTransactions();
    expect(voters.size).toBe(10);
    expect(voters.has(written[0]!.x)).toBe(false);
    const [close] = await rows<{ x: string }>(
      sql`select xmin::text as x from audit_log where action = 'assessment.appraisalRound.close' and entity_id = ${roundId}`,
    );
    expect(written[0]!.x).toBe(close!.x);
  });

  it('no answer of the API carries a ballot id, a paper’s hash or someone else’s receipt', async () => {
    const ballots = await rows<{ id: string }>(
      sql`select id from appraisal_ballots where round_id = ${roundId}`,
    );
    const secrets = [...ballots.map((b) => b.id), ...casts.map((c) => c.paperHash)];
    const answers = [
      await secretaryA.get(`${R}/rounds/${roundId}`),
      await secretaryA.get(`${R}/rounds?year=${YEAR}`),
      await secretaryA.get(`${R}/rounds/${roundId}/turnout`),
    ];
    const admin = await asClient(t.app).login('admin', PASSWORD);
    const trail = await admin.get('/api/audit?pageSize=100');
    expect(trail.statusCode, trail.body).toBe(200);
    expect(trail.body).toContain('assessment.ballot.cast');
    answers.push(trail, await admin.get(`${R}/rounds/${roundId}`));
    for (const c of casts) {
      const client = await clientFor(t, park, c.personId);
      answers.push(await client.get(`${R}/papers/mine`), await client.get('/api/workbench'));
    }
    for (const a of answers) {
      for (const s of secrets) expect(a.body.includes(s)).toBe(false);
      for (const c of casts) expect(a.body.includes(c.receipt)).toBe(false);
    }
  });
});
