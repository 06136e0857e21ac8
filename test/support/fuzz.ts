import crypto from 'node:crypto';
import fc from 'fast-check';

/**
 * Malformed requests for every operation of an OpenAPI document (GET /api/openapi.json), for the
 * fuzz suite (test/fuzz/openapi.test.ts) and the security benchmark. Everything is derived from
 * the document, so a route added later is fuzzed without editing anything here:
 *
 *   const doc = (await app.inject({ url: '/api/openapi.json' })).json();
 *   const ids = await harvestIds(doc, (url) => client.get(url).then((r) => r.json()));
 *   for (const r of fuzzCases(doc, { seed: 20261202, perOperation: 12, ids })) {
 *     const res = await app.inject(r);                // r: { method, url, headers, payload }
 *     const problem = checkResponse(res.statusCode, res.headers['content-type'], res.body);
 *     if (problem) throw new Error(`${describeCase(r)}: ${problem}`);
 *   }
 *
 * Each case is a plain request description (method, url with its query string, headers, payload
 * as a string or Buffer) that app.inject() and an HTTP client alike can send. The same seed gives
 * the same cases, in the same order.
 */

type Schema = {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: unknown;
  additionalProperties?: boolean | Schema;
};

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface OperationObject {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: unknown[];
  summary?: string;
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, OperationObject>>;
}

/** One operation of the document. */
export interface Operation {
  /** 'PATCH /api/org/nodes/{id}' */
  key: string;
  method: string;
  path: string;
  params: Parameter[];
  query: Parameter[];
  /** The JSON body schema, when the operation takes one. */
  body: Schema | null;
  /** Takes a multipart upload (declared, or its summary says so). */
  multipart: boolean;
  /** Needs a session (security: [{ session: [] }]): without one the answer must be 401. */
  authenticated: boolean;
}

/** A request to send; `case` says what is malformed in it. */
export interface FuzzCase {
  operation: string;
  case: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** The malformation sits in the URL itself (%ff, overlong): refused before any route is found. */
  urlLevel: boolean;
}

export interface FuzzOptions {
  /** fast-check seed: the same seed gives the same cases. */
  seed: number;
  /** Random cases per operation, on top of the fixed ones (default 10). */
  perOperation?: number;
  /** Real ids for path and body fields (see harvestIds); random UUIDs where none is known. */
  ids?: IdPool;
  /** Leave operations out (e.g. ones that end the session). */
  skip?: (op: Operation) => boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the document, in document order. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) {
      if (!METHODS.includes(m)) continue;
      const parameters = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      ops.push({
        key: `${m.toUpperCase()} ${path}`,
        method: m.toUpperCase(),
        path,
        params: parameters.filter((p) => p.in === 'path'),
        query: parameters.filter((p) => p.in === 'query'),
        body: content['application/json']?.schema ?? null,
        multipart: 'multipart/form-data' in content || /multipart/i.test(op.summary ?? ''),
        authenticated: (op.security ?? []).length > 0,
      });
    }
  }
  return ops;
}

// ---------------------------------------------------------------- real ids

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids seen in list responses: by the list's path (its items' `id`) and by field name (`personId`). */
export interface IdPool {
  byPath: Map<string, string[]>;
  byName: Map<string, string[]>;
  /** Never used (e.g. the signed-in account's own id, so a fuzzed reset does not lock it out). */
  exclude: Set<string>;
}

export const emptyIdPool = (): IdPool => ({ byPath: new Map(), byName: new Map(), exclude: new Set() });

const push = (m: Map<string, string[]>, k: string, v: string) => {
  const list = m.get(k) ?? [];
  if (!list.includes(v) && list.length < 20) list.push(v);
  m.set(k, list);
};

function collect(pool: IdPool, path: string, value: unknown, key: string, depth = 0) {
  if (depth > 6 || value === null || value === undefined) return;
  if (typeof value === 'string') {
    if (!UUID.test(value) || pool.exclude.has(value)) return;
    if (key === 'id' && depth <= 3) push(pool.byPath, path, value);
    push(pool.byName, key, value);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value.slice(0, 20)) collect(pool, path, v, key, depth + 1);
    return;
  }
  if (typeof value === 'object')
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      collect(pool, path, v, k, depth + 1);
}

/**
 * Calls every GET operation without path parameters (lists, trees, settings) through `get` and
 * collects the UUIDs of their answers, so path parameters can name existing records.
 */
export async function harvestIds(
  doc: OpenApiDoc,
  get: (url: string) => Promise<unknown>,
  exclude: Iterable<string> = [],
): Promise<IdPool> {
  const pool = emptyIdPool();
  for (const id of exclude) pool.exclude.add(id);
  for (const op of operationsOf(doc)) {
    if (op.method !== 'GET' || op.params.length > 0) continue;
    if (op.query.some((q) => q.required)) continue;
    try {
      collect(pool, op.path, await get(op.path), '');
    } catch {
      // a list that cannot be read (a file download, an error) has no ids to give
    }
  }
  return pool;
}

function idFor(pool: IdPool | undefined, path: string, name: string, rnd: () => number): string {
  const pick = (list: string[] | undefined) =>
    list && list.length ? list[Math.floor(rnd() * list.length)] : undefined;
  if (pool) {
    if (name !== 'id') {
      const named = pick(pool.byName.get(name));
      if (named) return named;
    }
    // `/api/a/b/{id}/c` → the ids of GET /api/a/b, then of GET /api/a …
    const prefix = path.split('/{')[0] ?? path;
    for (let p = prefix; p.split('/').length > 2; p = p.slice(0, p.lastIndexOf('/'))) {
      const found = pick(pool.byPath.get(p));
      if (found) return found;
      for (const [lp, ids] of pool.byPath) if (lp.startsWith(`${p}/`) && ids.length) return pick(ids)!;
    }
  }
  return crypto.randomUUID();
}

// ---------------------------------------------------------------- valid-looking values

const isType = (s: Schema, t: string) => s.type === t || (Array.isArray(s.type) && s.type.includes(t));
const looksLikeDay = (name: string) => /(^|[a-z])(On|Date|date|day)$|^(from|to|asOf|date|day)$/.test(name);

/** A value of the schema's shape (with real ids where known): the base a mutation is applied to. */
function sampleValue(s: Schema | undefined, name: string, ctx: Ctx, depth = 0): unknown {
  if (!s || depth > 5) return 'x';
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return sampleValue(alt.find((a) => !isType(a, 'null')) ?? alt[0], name, ctx, depth + 1);
  if (s.allOf?.length) return sampleValue(s.allOf[0], name, ctx, depth + 1);
  if (isType(s, 'object') || s.properties) {
    const out: Record<string, unknown> = {};
    for (const k of s.required ?? []) out[k] = sampleValue(s.properties?.[k], k, ctx, depth + 1);
    return out;
  }
  if (isType(s, 'array')) {
    const n = Math.max(s.minItems ?? 0, 0);
    return Array.from({ length: n }, () => sampleValue(s.items, name, ctx, depth + 1));
  }
  if (isType(s, 'integer') || isType(s, 'number'))
    return Math.max(s.minimum ?? 1, Math.min(1, s.maximum ?? 1));
  if (isType(s, 'boolean')) return false;
  if (s.format === 'uuid') return idFor(ctx.ids, ctx.path, name, ctx.rnd);
  if (s.format === 'date-time') return '2026-03-01T08:00:00+08:00';
  if (s.format === 'email') return 'fuzz@example.com';
  if (s.pattern) {
    try {
      return fc.sample(fc.stringMatching(new RegExp(s.pattern)), { seed: ctx.seed, numRuns: 1 })[0];
    } catch {
      return 'x';
    }
  }
  if (looksLikeDay(name)) return '2026-03-01';
  return '测试'.padEnd(Math.max(s.minLength ?? 2, 2), '试').slice(0, s.maxLength ?? 50);
}

// ---------------------------------------------------------------- malformed values

const HUGE = 'x'.repeat(20_000);
/** Values no field should take, each refused with a 4xx (never a 500). */
export const BAD_VALUES: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 31,
  2 ** 53 + 2,
  1e308,
  -1e308,
  '',
  ' ',
  HUGE,
  '\u0000',
  'a\u0000b',
  '\u0007\u001b[31m\u007f',
  '\ud800',
  '\u202e\u200b',
  '𠀀😀',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '0000-01-01T00:00:00Z',
  '2026-02-30T10:00:00+08:00',
  '9999-12-31',
  '275760-09-13',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '0x10',
  '00000000-0000-0000-0000-000000000000',
  "' OR 1=1 --",
  '%ff%fe',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  {},
  [],
  [null],
  { $gt: '' },
  [HUGE.slice(0, 500), 1, {}],
];

/** Query values (strings only): the bad values above, as a query string carries them. */
const badQuery = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Path segments, raw in the URL (not encoded again): the first two never reach a route. */
const BAD_SEGMENTS: { raw: string; urlLevel: boolean }[] = [
  { raw: '%ff%fe', urlLevel: true },
  { raw: 'a'.repeat(300), urlLevel: true },
  { raw: 'not-a-uuid', urlLevel: false },
  { raw: '%00', urlLevel: false },
  { raw: '-1', urlLevel: false },
  { raw: '1e309', urlLevel: false },
  { raw: '00000000-0000-0000-0000-000000000000', urlLevel: false },
  { raw: '%E2%80%AE%20', urlLevel: false },
];

const decodes = (s: string) => {
  try {
    decodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
};

function encodeQueryValue(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80'; // a lone surrogate: what it would be as (invalid) UTF-8
  }
}

// ---------------------------------------------------------------- building requests

interface Ctx {
  ids?: IdPool;
  path: string;
  rnd: () => number;
  seed: number;
}

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hash = (s: string) => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
};

interface Parts {
  segments: Record<string, string>;
  query: [string, string][];
  body: unknown;
  /** A raw body with its content type, instead of `body` as JSON. */
  raw?: { type: string; payload: string | Buffer };
  urlLevel?: boolean;
}

function baseParts(op: Operation, ctx: Ctx): Parts {
  const segments: Record<string, string> = {};
  for (const p of op.params)
    segments[p.name] = encodeURIComponent(String(sampleValue(p.schema, p.name, ctx)));
  const query: [string, string][] = [];
  for (const q of op.query) if (q.required) query.push([q.name, String(sampleValue(q.schema, q.name, ctx))]);
  const body = op.body ? sampleValue(op.body, '', ctx) : undefined;
  return { segments, query, body };
}

function toCase(op: Operation, name: string, parts: Parts): FuzzCase {
  const path = op.path.replace(/\{([^}]+)\}/g, (_m, k: string) => parts.segments[k] ?? 'x');
  const qs = parts.query.map(([k, v]) => `${encodeQueryValue(k)}=${encodeQueryValue(v)}`).join('&');
  const url = qs ? `${path}?${qs}` : path;
  const headers: Record<string, string> = {};
  let payload: string | Buffer | undefined;
  if (parts.raw) {
    headers['content-type'] = parts.raw.type;
    payload = parts.raw.payload;
  } else if (parts.body !== undefined && op.method !== 'GET' && op.method !== 'DELETE') {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(parts.body);
  }
  return {
    operation: op.key,
    case: name,
    method: op.method,
    url,
    headers,
    payload,
    urlLevel: !!parts.urlLevel,
  };
}

/** Sets a value at a dotted path inside a JSON value (creating objects on the way). */
function setAt(root: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const obj = root && typeof root === 'object' && !Array.isArray(root) ? { ...(root as object) } : {};
  const [head, ...rest] = path as [string, ...string[]];
  (obj as Record<string, unknown>)[head] = setAt((obj as Record<string, unknown>)[head], rest, value);
  return obj;
}

/** The dotted paths of a body schema's fields (nested objects and array items, a few levels down). */
function fieldPaths(s: Schema | null | undefined, prefix: string[] = [], depth = 0): string[][] {
  if (!s || depth > 3) return [];
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return alt.flatMap((a) => fieldPaths(a, prefix, depth + 1));
  const out: string[][] = [];
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    out.push([...prefix, k]);
    out.push(...fieldPaths(v, [...prefix, k], depth + 1));
  }
  return out;
}

const boundary = 'fuzzboundary';
const multipart = (parts: string) => Buffer.from(parts.replace(/\n/g, '\r\n'));

/** Broken and odd bodies every write must refuse with a 4xx. */
const RAW_BODIES: { name: string; type: string; payload: string | Buffer }[] = [
  { name: 'invalid JSON', type: 'application/json', payload: '{"a":' },
  { name: 'empty JSON body', type: 'application/json', payload: '' },
  { name: 'JSON array body', type: 'application/json', payload: '[1,2]' },
  { name: 'JSON string body', type: 'application/json', payload: '"x"' },
  { name: 'JSON null body', type: 'application/json', payload: 'null' },
  { name: 'prototype pollution', type: 'application/json', payload: '{"__proto__":{"isAdmin":true}}' },
  {
    name: 'constructor pollution',
    type: 'application/json',
    payload: '{"constructor":{"prototype":{"x":1}}}',
  },
  { name: 'deep nesting', type: 'application/json', payload: '['.repeat(5000) + ']'.repeat(5000) },
  { name: 'JSON with odd charset', type: 'application/json; charset=utf-16', payload: '{}' },
  { name: 'text/plain body', type: 'text/plain', payload: 'hello' },
  { name: 'xml body', type: 'application/xml', payload: '<a/>' },
  { name: 'form body', type: 'application/x-www-form-urlencoded', payload: 'a=1&b=%ff' },
  { name: 'content type garbage', type: ';;;=/', payload: 'x' },
  { name: 'multipart without boundary', type: 'multipart/form-data', payload: 'garbage' },
  { name: 'multipart garbage', type: 'multipart/form-data; boundary=x', payload: 'garbage' },
  {
    name: 'multipart without closing boundary',
    type: `multipart/form-data; boundary=${boundary}`,
    payload: multipart(
      `--${boundary}\nContent-Disposition: form-data; name="file"; filename="a.png"\nContent-Type: image/png\n\n\x89PNG\r\n`,
    ),
  },
  {
    name: 'multipart with a broken part header',
    type: `multipart/form-data; boundary=${boundary}`,
    payload: multipart(`--${boundary}\nContent-Disposition\n\nx\n--${boundary}--\n`),
  },
  {
    name: 'multipart without a file',
    type: `multipart/form-data; boundary=${boundary}`,
    payload: multipart(
      `--${boundary}\nContent-Disposition: form-data; name="other"\n\nvalue\n--${boundary}--\n`,
    ),
  },
  {
    name: 'multipart with a garbage file',
    type: `multipart/form-data; boundary=${boundary}`,
    payload: multipart(
      `--${boundary}\nContent-Disposition: form-data; name="file"; filename="a\u0000b.xlsx"\nContent-Type: application/octet-stream\n\nPK\u0003\u0004garbage\n--${boundary}--\n`,
    ),
  },
  {
    name: 'multipart with two files',
    type: `multipart/form-data; boundary=${boundary}`,
    payload: multipart(
      `--${boundary}\nContent-Disposition: form-data; name="file"; filename="a.csv"\n\na,b\n--${boundary}\nContent-Disposition: form-data; name="file"; filename="b.csv"\n\nc,d\n--${boundary}--\n`,
    ),
  },
];

/**
 * The malformed requests of every operation: fixed ones (each bad path segment, a bad value in
 * each query parameter, an unknown and a missing field, every broken body) and `perOperation`
 * random ones from fast-check (one to three bad values at random places of an otherwise
 * well-formed request).
 */
export function fuzzCases(doc: OpenApiDoc, opts: FuzzOptions): FuzzCase[] {
  const perOperation = opts.perOperation ?? 10;
  const cases: FuzzCase[] = [];
  for (const [opIndex, op] of operationsOf(doc).entries()) {
    if (opts.skip?.(op)) continue;
    const opSeed = (opts.seed ^ hash(op.key)) >>> 0;
    const ctx: Ctx = { ids: opts.ids, path: op.path, rnd: mulberry32(opSeed), seed: opSeed };
    const base = () => baseParts(op, ctx);
    const hasBody = op.method !== 'GET' && op.method !== 'DELETE';

    // Path parameters, one at a time.
    for (const p of op.params)
      for (const seg of BAD_SEGMENTS) {
        const parts = base();
        parts.segments[p.name] = seg.raw;
        parts.urlLevel = seg.urlLevel;
        cases.push(toCase(op, `path ${p.name}=${seg.raw.slice(0, 20)}`, parts));
      }

    // Query parameters: a few bad values each, a repeated one, an unknown one, a missing one.
    for (const q of op.query) {
      for (const v of ['\u0000', HUGE, '2026-02-30', '1e309', '%ff']) {
        const parts = base();
        parts.query = parts.query.filter(([k]) => k !== q.name);
        parts.query.push([q.name, v]);
        cases.push(toCase(op, `query ${q.name}=${JSON.stringify(v.slice(0, 12))}`, parts));
      }
      const twice = base();
      twice.query.push([q.name, 'a'], [q.name, 'b']);
      cases.push(toCase(op, `query ${q.name} repeated`, twice));
      if (q.required) {
        const missing = base();
        missing.query = missing.query.filter(([k]) => k !== q.name);
        cases.push(toCase(op, `query ${q.name} missing`, missing));
      }
    }
    {
      const unknown = base();
      unknown.query.push(['fuzzUnknown', '\u0000'], ['__proto__', 'x']);
      cases.push(toCase(op, 'unknown query parameters', unknown));
    }

    if (hasBody) {
      if (op.body) {
        const unknown = base();
        unknown.body = { ...(unknown.body as object), fuzzUnknown: 'a\u0000', ['constructor']: 1 };
        cases.push(toCase(op, 'unknown body fields', unknown));
        for (const field of op.body.required ?? []) {
          const missing = base();
          const b = { ...(missing.body as Record<string, unknown>) };
          delete b[field];
          missing.body = b;
          cases.push(toCase(op, `body ${field} missing`, missing));
        }
        // NUL in every field, an impossible date in every date-like one: the two findings that
        // reached the database.
        for (const path of fieldPaths(op.body))
          for (const v of looksLikeDay(path.at(-1) ?? '') ? ['a\u0000b', '2026-02-30'] : ['a\u0000b']) {
            const parts = base();
            parts.body = setAt(parts.body, path, v);
            cases.push(toCase(op, `body ${path.join('.')}=${JSON.stringify(v)}`, parts));
          }
      }
      // Every broken multipart body for an upload; for other writes the first two broken bodies
      // and three more in turn, so that each of them meets many operations.
      const raws = op.multipart
        ? RAW_BODIES
        : [0, 1, ...[0, 1, 2].map((k) => 2 + ((opIndex * 3 + k) % (RAW_BODIES.length - 2)))].map(
            (i) => RAW_BODIES[i]!,
          );
      for (const raw of raws) cases.push(toCase(op, raw.name, { ...base(), raw }));
    }

    // Random: one to three bad values at random places.
    const paths = op.body && hasBody ? fieldPaths(op.body) : [];
    const places = [
      ...op.query.map((q) => ({ kind: 'query' as const, name: q.name, path: [] as string[] })),
      ...paths.map((p) => ({ kind: 'body' as const, name: p.join('.'), path: p })),
      ...(hasBody && op.body ? [{ kind: 'body' as const, name: '(whole body)', path: [] as string[] }] : []),
      ...op.params.map((p) => ({ kind: 'path' as const, name: p.name, path: [] as string[] })),
    ];
    if (places.length === 0 || perOperation <= 0) continue;
    const mutation = fc.record({
      place: fc.constantFrom(...places),
      value: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...BAD_VALUES) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
        { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt().map(String)) },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
      ),
    });
    const samples = fc.sample(fc.array(mutation, { minLength: 1, maxLength: 3 }), {
      seed: opSeed,
      numRuns: perOperation,
    });
    samples.forEach((mutations, i) => {
      const parts = base();
      const names: string[] = [];
      for (const { place, value } of mutations) {
        names.push(`${place.kind} ${place.name}=${JSON.stringify(value)?.slice(0, 30)}`);
        if (place.kind === 'query') {
          parts.query = parts.query.filter(([k]) => k !== place.name);
          parts.query.push([place.name, badQuery(value)]);
        } else if (place.kind === 'path') {
          const seg = encodeQueryValue(badQuery(value)) || '%20';
          parts.segments[place.name] = seg;
          // Not decodable, or over Fastify's parameter length: refused before any route is found.
          if (seg.length > 100 || !decodes(seg)) parts.urlLevel = true;
        } else {
          parts.body = setAt(parts.body, place.path, value);
        }
      }
      cases.push(toCase(op, `random #${i}: ${names.join(', ')}`, parts));
    });
  }
  return cases;
}

// ---------------------------------------------------------------- checking answers

const CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;
const CHINESE = /[\u3400-\u9fff]/;

/**
 * What is wrong with an answer, or null when it is acceptable: any 5xx; a 4xx whose body is not
 * `{ error: { code: UPPER_SNAKE, message: "<Chinese>" } }`.
 */
export function checkResponse(status: number, contentType: unknown, body: string): string | null {
  if (status >= 500) return `answered ${status}: ${body.slice(0, 300)}`;
  if (status < 400) return null;
  if (!String(contentType ?? '').includes('application/json'))
    return `answered ${status} as ${String(contentType)}: ${body.slice(0, 200)}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `answered ${status} with a body that is not JSON: ${body.slice(0, 200)}`;
  }
  const err = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (!err || typeof err.code !== 'string' || !CODE.test(err.code))
    return `answered ${status} without an UPPER_SNAKE error code: ${body.slice(0, 200)}`;
  if (typeof err.message !== 'string' || !CHINESE.test(err.message))
    return `answered ${status} ${err.code} without a Chinese message: ${body.slice(0, 200)}`;
  return null;
}

/** A case as one line, to reproduce it: method, URL, content type and the start of the body. */
export function describeCase(c: FuzzCase): string {
  const body =
    c.payload === undefined
      ? ''
      : ` ${c.headers['content-type'] ?? ''} ${JSON.stringify(String(c.payload).slice(0, 300))}`;
  return `[${c.operation}] ${c.case} — ${c.method} ${c.url.slice(0, 300)}${body}`;
}
