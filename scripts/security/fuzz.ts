/**
 * Section 3: malformed requests from the OpenAPI document, counted by status; a 5xx is a finding.
 * Uses test/support/fuzz.ts (the tests' generator) when it exists, with a larger budget than the
 * tests give it; otherwise a minimal generator of the same kind built here.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Http } from './http';
import { operations, sample, type OpenApiDoc } from './openapi';

export interface FuzzCase {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Raw body text/bytes, sent as is. */
  raw?: string | Buffer;
  /** Or a value sent as JSON. */
  json?: unknown;
  note?: string;
}

export interface FuzzResult {
  source: string;
  /** Cases the generator gave (before the budget). */
  generated: number;
  cases: number;
  byStatus: Map<number, number>;
  fiveHundreds: FuzzLine[];
  /** 4xx answers not in the project's error format (checkResponse of test/support/fuzz.ts). */
  formatProblems: FuzzLine[];
  /** 4xx the database refused rather than the contract (INVALID_CHARACTERS …). */
  contractGaps: FuzzLine[];
  /** Cases the HTTP client could not send at all. */
  unsendable: string[];
}

export interface FuzzLine {
  who: string;
  method: string;
  url: string;
  status: number;
  note: string;
  body: string;
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const SHARED = path.join(ROOT, 'test/support/fuzz.ts');

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BAD_IDS = [
  'not-a-uuid',
  '0',
  '-1',
  "1' or '1'='1",
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  'x'.repeat(300),
  '9'.repeat(40),
  '00000000-0000-0000-0000-00000000000g',
  '%F0%9F%98%80',
];
const BAD_SCALARS: unknown[] = [
  null,
  true,
  -1,
  1.5,
  1e308,
  '1e999',
  '',
  ' ',
  'x'.repeat(100_000),
  '\u0000',
  '\ud800',
  '2025-02-30',
  '9999-99-99',
  '<script>alert(1)</script>',
  [],
  {},
  [[[[]]]],
  { $gt: '' },
  '--',
  'NaN',
  '0x10',
];
/** encodeURIComponent, but a lone surrogate goes out as its raw (invalid) UTF-8 bytes. */
const encodeLoose = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
};
const deep = (n: number): unknown => (n === 0 ? 1 : { a: deep(n - 1) });

/** The built-in generator: per operation, a seeded choice among malformed variants. */
export function builtinCases(doc: OpenApiDoc, opts: { seed: number; perOperation: number }): FuzzCase[] {
  const rand = rng(opts.seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const today = new Date().toISOString().slice(0, 10);
  const out: FuzzCase[] = [];
  for (const op of operations(doc)) {
    const validBody = () =>
      op.body
        ? (sample(op.body, '', {
            uuid: () => undefined,
            text: '模糊测试',
            today,
            year: Number(today.slice(0, 4)),
            optional: () => true,
          }) as Record<string, unknown>)
        : undefined;
    const pathWith = (bad: boolean) => {
      let p = op.path;
      for (const name of op.pathParams) p = p.replace(`{${name}}`, bad ? pick(BAD_IDS) : crypto.randomUUID());
      return p;
    };
    const gens: (() => FuzzCase)[] = [];
    if (op.pathParams.length)
      gens.push(() => ({ method: op.method, url: pathWith(true), note: 'bad path id' }));
    for (const q of op.query)
      gens.push(() => ({
        method: op.method,
        url: `${pathWith(false)}?${encodeURIComponent(q.name)}=${encodeLoose(String(pick(BAD_SCALARS as string[]) ?? ''))}&${encodeURIComponent(q.name)}=2`,
        note: `bad query ${q.name}`,
      }));
    gens.push(() => ({
      method: op.method,
      url: `${pathWith(false)}?page=-1&pageSize=1000000&sort=${encodeURIComponent('name;drop table people')}&order=sideways&__proto__[x]=1`,
      note: 'bad paging',
    }));
    if (op.method !== 'GET') {
      gens.push(() => ({
        method: op.method,
        url: pathWith(false),
        raw: pick(['{', '{"a":', 'null', '[]', '"x"', '42', '\u0000', '{"__proto__":{"admin":true}}']),
        headers: { 'content-type': 'application/json' },
        note: 'broken JSON',
      }));
      gens.push(() => ({
        method: op.method,
        url: pathWith(false),
        raw: 'a=1&b=2',
        headers: {
          'content-type': pick([
            'text/plain',
            'application/x-www-form-urlencoded',
            'application/xml',
            'multipart/form-data; boundary=zzz',
            'application/json; charset=utf-16',
          ]),
        },
        note: 'wrong content type',
      }));
      gens.push(() => ({ method: op.method, url: pathWith(false), json: deep(2000), note: 'deep nesting' }));
      gens.push(() => ({
        method: op.method,
        url: pathWith(false),
        raw: JSON.stringify({ x: 'y'.repeat(3_000_000) }),
        headers: { 'content-type': 'application/json' },
        note: 'large body',
      }));
      const props = Object.keys(op.body?.properties ?? {});
      for (const prop of props)
        gens.push(() => {
          const b = validBody() ?? {};
          b[prop] = pick(BAD_SCALARS);
          return { method: op.method, url: pathWith(false), json: b, note: `bad field ${prop}` };
        });
      if (op.body)
        gens.push(() => {
          const b = validBody() ?? {};
          return {
            method: op.method,
            url: pathWith(false),
            json: { ...b, constructor: { prototype: { polluted: 1 } }, extra: pick(BAD_SCALARS) },
            note: 'extra fields',
          };
        });
    }
    for (let i = 0; i < opts.perOperation && gens.length; i++) out.push(pick(gens)());
  }
  return out;
}

/** What the probe uses of test/support/fuzz.ts (typed here: the file may not exist yet). */
interface SharedCase {
  operation?: string;
  case?: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
}
interface SharedOp {
  key: string;
  path: string;
  authenticated: boolean;
}
interface SharedFuzz {
  fuzzCases: (
    doc: unknown,
    opts: { seed: number; perOperation: number; ids?: unknown; skip?: (op: SharedOp) => boolean },
  ) => SharedCase[];
  harvestIds?: (
    doc: unknown,
    get: (url: string) => Promise<unknown>,
    exclude?: Iterable<string>,
  ) => Promise<unknown>;
  checkResponse?: (status: number, contentType: unknown, body: string) => string | null;
}

async function loadShared(): Promise<SharedFuzz | null> {
  if (!fs.existsSync(SHARED)) return null;
  const mod = (await import(SHARED)) as Partial<SharedFuzz>;
  return typeof mod.fuzzCases === 'function' ? (mod as SharedFuzz) : null;
}

const toCase = (c: SharedCase): FuzzCase => ({
  method: c.method.toUpperCase(),
  url: c.url,
  headers: c.headers,
  raw: c.payload,
  note: [c.operation, c.case].filter(Boolean).join(' — '),
});

/** Operations the signed-in fuzzer leaves alone: they would end its own session or lock its IP. */
const SIGNED_IN_SKIP = /^\/api\/(auth\/(login|logout|logout-all|password)|setup)/;

/** Codes the error handler gives a value the database refused: the contract should have refused it first. */
const CONTRACT_GAPS = /"code":"(INVALID_CHARACTERS|INVALID_VALUE|VALUE_TOO_LARGE)"/;

/** Every k-th case, so a budget keeps a spread over all operations. */
function within<T>(list: T[], max: number): T[] {
  if (list.length <= max) return list;
  const step = list.length / max;
  return Array.from({ length: max }, (_, i) => list[Math.floor(i * step)]!);
}

export async function probeFuzz(
  doc: OpenApiDoc,
  admin: Http,
  anonymous: Http,
  opts: { seed: number; perOperation: number; maxCases: number; excludeIds: string[] },
  relogin: () => Promise<Http>,
): Promise<FuzzResult> {
  const shared = await loadShared().catch((err: Error) => {
    console.log(
      `  · test/support/fuzz.ts could not be loaded (${err.message}); using the built-in generator`,
    );
    return null;
  });
  let adminCases: FuzzCase[];
  let anonCases: FuzzCase[];
  if (shared) {
    const ids = shared.harvestIds
      ? await shared.harvestIds(doc, async (url) => (await admin.request('GET', url)).json(), opts.excludeIds)
      : undefined;
    adminCases = shared
      .fuzzCases(doc, {
        seed: opts.seed,
        perOperation: opts.perOperation,
        ids,
        skip: (op) => SIGNED_IN_SKIP.test(op.path),
      })
      .map(toCase);
    anonCases = shared
      .fuzzCases(doc, {
        seed: opts.seed + 1,
        perOperation: opts.perOperation,
        ids,
        skip: (op) => op.authenticated,
      })
      .map(toCase);
  } else {
    const all = builtinCases(doc, opts);
    adminCases = all.filter((c) => !SIGNED_IN_SKIP.test(c.url.split('?')[0]!));
    anonCases = all.filter((c) =>
      /^\/api\/(auth\/login|setup|donations\/public|activities\/(feed|checkin))/.test(c.url),
    );
  }
  const generated = adminCases.length + anonCases.length;
  const budgetAdmin = Math.round((opts.maxCases * adminCases.length) / Math.max(1, generated));
  adminCases = within(adminCases, budgetAdmin);
  anonCases = within(anonCases, opts.maxCases - adminCases.length);
  const r: FuzzResult = {
    source: shared ? 'test/support/fuzz.ts' : 'built-in minimal generator (scripts/security/fuzz.ts)',
    generated,
    cases: 0,
    byStatus: new Map(),
    fiveHundreds: [],
    formatProblems: [],
    contractGaps: [],
    unsendable: [],
  };
  const run = async (who: string, initial: Http, cases: FuzzCase[]) => {
    let http = initial;
    for (const fc of cases) {
      let res: { status: number; text: string; type: string };
      try {
        res = await http.request(fc.method, fc.url, fc.json, { headers: fc.headers, raw: fc.raw });
      } catch (err) {
        // fetch itself refuses some requests (a body on GET, a raw control character in the URL):
        // they never reached the server, so they are counted apart.
        r.unsendable.push(`${fc.method} ${fc.url.slice(0, 80)}: ${(err as Error).message.slice(0, 80)}`);
        continue;
      }
      r.cases++;
      r.byStatus.set(res.status, (r.byStatus.get(res.status) ?? 0) + 1);
      const line = {
        who,
        method: fc.method,
        url: fc.url.slice(0, 160),
        status: res.status,
        note: fc.note ?? '',
        body: res.text.slice(0, 200),
      };
      if (res.status >= 500) r.fiveHundreds.push(line);
      else if (res.status >= 400) {
        const problem = shared?.checkResponse?.(res.status, res.type, res.text);
        if (problem) r.formatProblems.push(line);
        else if (CONTRACT_GAPS.test(res.text)) r.contractGaps.push(line);
      }
      if (res.status === 401 && who !== 'anonymous') {
        const me = await http.request('GET', '/api/auth/me');
        if (me.status !== 200) http = await relogin();
      }
    }
  };
  await run('admin', admin, adminCases);
  await run('anonymous', anonymous, anonCases);
  return r;
}
