/**
 * Section 2: every write of the OpenAPI document with a record id in its path, aimed by every
 * scoped account at records outside its reach, with a plausible body (the schema's required
 * fields, text fields carrying a probe marker, ids from the actor's own side of the park). No
 * answer may be 2xx, and the database must be unchanged afterwards (table digests and a search
 * for the probe marker). The park admin then replays each request once: a 2xx there shows the
 * body was valid, so the refusals above came from the scope check and not from validation.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/server/platform/db/client';
import { queryRows } from '../../src/server/platform/db/rows';
import type { Http } from './http';
import { operations, sample, type OpenApiDoc, type Operation } from './openapi';
import { NOT_AN_ID, paramValue } from './params';
import type { ProbePark, Target } from './park';

export interface WriteAttempt {
  op: string;
  method: string;
  url: string;
  body: unknown;
  multipart: boolean;
  target: Target;
}

export interface WriteResult {
  ops: number;
  opsWithoutTarget: string[];
  attempts: number;
  byStatus: Map<number, number>;
  accepted: { actor: string; op: string; url: string; status: number; target: string }[];
  fiveHundreds: { actor: string; url: string; status: number; body: string }[];
  changedTables: string[];
  volatileTables: string[];
  markerFound: string[];
  adminReplay: Map<string, number[]>;
}

export const WRITE_MARKER = 'WRPROBE' + Math.random().toString(36).slice(2, 8).toUpperCase();

export function writeAttempts(
  doc: OpenApiDoc,
  pp: ProbePark,
): { attempts: WriteAttempt[]; ops: number; without: string[] } {
  const attempts: WriteAttempt[] = [];
  const without: string[] = [];
  let ops = 0;
  for (const op of operations(doc)) {
    if (op.method === 'GET') continue;
    const idParams = op.pathParams.filter((p) => !NOT_AN_ID.has(p));
    if (!idParams.length) continue;
    ops++;
    const primary = paramValue(op.path, idParams[0]!, pp.year);
    const kind = 'kind' in primary ? primary.kind : '';
    const targets = pp.targets.filter((t) => t.kind === kind);
    if (!targets.length) {
      without.push(`${op.method} ${op.path} (no ${kind} planted)`);
      continue;
    }
    for (const t of targets) attempts.push(attemptFor(op, t, pp, idParams[0]!));
  }
  return { attempts, ops, without };
}

function attemptFor(op: Operation, t: Target, pp: ProbePark, primary: string): WriteAttempt {
  let url = op.path;
  for (const p of op.pathParams) {
    let v: string;
    if (p === primary) v = t.id;
    else if (t.related?.[p]) v = t.related[p]!;
    else {
      const pv = paramValue(op.path, p, pp.year);
      v = 'values' in pv ? pv.values[0]! : ([...(pp.pools.get(pv.kind) ?? [])][0] ?? crypto.randomUUID());
    }
    url = url.replace(`{${p}}`, encodeURIComponent(v));
  }
  const multipart = !!op.bodyType?.startsWith('multipart/');
  const body =
    op.body && !multipart
      ? sample(op.body, '', {
          uuid: (f) => pp.bodyIds[f],
          text: `探针写入 ${WRITE_MARKER}`,
          today: pp.today,
          year: pp.year,
        })
      : undefined;
  return { op: `${op.method} ${op.path}`, method: op.method, url, body, multipart, target: t };
}

function formFor(): FormData {
  const f = new FormData();
  f.append('file', new Blob([`姓名,金额\n探针${WRITE_MARKER},1\n`], { type: 'text/csv' }), 'probe.csv');
  return f;
}

/** A digest of every table's rows (count + md5 over the sorted row texts). */
export async function digest(db: Db): Promise<Map<string, string>> {
  const tables = await queryRows<{ t: string }>(
    db,
    sql`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const out = new Map<string, string>();
  for (const { t } of tables) {
    const [row] = await queryRows<{ n: number; h: string }>(
      db,
      sql.raw(
        `select count(*)::int as n, coalesce(md5(string_agg(md5(x::text), '' order by md5(x::text))), '') as h from "${t}" x`,
      ),
    );
    out.set(t, `${row!.n}:${row!.h}`);
  }
  return out;
}

export async function tablesContaining(db: Db, needle: string): Promise<string[]> {
  const tables = await queryRows<{ t: string }>(
    db,
    sql`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  const hits: string[] = [];
  for (const { t } of tables) {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql.raw(`select count(*)::int as n from "${t}" x where x::text like '%${needle}%'`),
    );
    if (row!.n > 0) hits.push(`${t} (${row!.n} rows)`);
  }
  return hits;
}

/**
 * Tables that change without any write being accepted: sessions (last seen), failed-login counts,
 * page-view counters (flushed in the background from earlier site reads), job leases.
 */
const BOOKKEEPING = ['sessions', 'login_throttle', 'portal_daily_views', 'job_leases'];

const diff = (a: Map<string, string>, b: Map<string, string>) =>
  [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));

export async function probeWrites(
  db: Db,
  clients: Map<string, Http>,
  attempts: WriteAttempt[],
  relogin: (name: string) => Promise<Http>,
): Promise<Omit<WriteResult, 'ops' | 'opsWithoutTarget'>> {
  // Which tables change from merely being signed in and reading (sessions): calibrate first.
  const d0 = await digest(db);
  for (const http of clients.values()) await http.request('GET', '/api/auth/me');
  const d1 = await digest(db);
  const volatileTables = [...new Set([...diff(d0, d1), ...BOOKKEEPING])];

  const byStatus = new Map<number, number>();
  const accepted: WriteResult['accepted'] = [];
  const fiveHundreds: WriteResult['fiveHundreds'] = [];
  let count = 0;
  for (const [name, initial] of clients) {
    if (name === 'admin') continue;
    let http = initial;
    for (const a of attempts) {
      if (a.target.owners.has(name)) continue;
      let res = await http.request(a.method, a.url, a.multipart ? formFor() : a.body);
      if (res.status === 401 && name !== 'anonymous') {
        http = await relogin(name);
        clients.set(name, http);
        res = await http.request(a.method, a.url, a.multipart ? formFor() : a.body);
      }
      count++;
      byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
      if (res.status >= 200 && res.status < 300)
        accepted.push({ actor: name, op: a.op, url: a.url, status: res.status, target: a.target.label });
      if (res.status >= 500)
        fiveHundreds.push({
          actor: name,
          url: `${a.method} ${a.url}`,
          status: res.status,
          body: res.text.slice(0, 300),
        });
    }
  }
  for (const http of clients.values()) await http.request('GET', '/api/auth/me');
  const d2 = await digest(db);
  const changedTables = diff(d1, d2).filter((t) => !volatileTables.includes(t));
  const markerFound = await tablesContaining(db, WRITE_MARKER);

  // The owner's replay (the park admin, or the park-wide editor for articles): was each body good
  // enough to pass validation, so that the refusals above came from the scope check?
  const adminReplay = new Map<string, number[]>();
  const ordered = [...attempts].sort((x, y) => Number(x.method === 'DELETE') - Number(y.method === 'DELETE'));
  for (const a of ordered) {
    const who = a.target.replayAs ?? 'admin';
    let owner = clients.get(who)!;
    let res = await owner.request(a.method, a.url, a.multipart ? formFor() : a.body);
    if (res.status === 401) {
      owner = await relogin(who);
      clients.set(who, owner);
      res = await owner.request(a.method, a.url, a.multipart ? formFor() : a.body);
    }
    if (res.status >= 500)
      fiveHundreds.push({
        actor: `${who} (replay)`,
        url: `${a.method} ${a.url}`,
        status: res.status,
        body: res.text.slice(0, 300),
      });
    adminReplay.set(a.op, [...(adminReplay.get(a.op) ?? []), res.status]);
  }
  return {
    attempts: count,
    byStatus,
    accepted,
    fiveHundreds,
    changedTables,
    volatileTables,
    markerFound,
    adminReplay,
  };
}
