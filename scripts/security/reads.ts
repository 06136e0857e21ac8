/**
 * Section 1: every GET of the OpenAPI document (and the public site's pages), with path parameters
 * set to real ids from every side of the park and list filters set to ids in and out of scope, as
 * every account; a canary marker in an answer to an account not allowed to see it is a leak.
 */
import type { Http } from './http';
import { operations, sample, type OpenApiDoc } from './openapi';
import { paramValue, QUERY_ID_KINDS } from './params';
import type { Canary, ProbePark } from './park';
import { isZip, zipTexts } from './zip';

export interface ReadCase {
  op: string;
  url: string;
}

export interface Leak {
  actor: string;
  op: string;
  url: string;
  status: number;
  what: string;
  marker: string;
}

export interface ReadResult {
  cases: number;
  ops: number;
  requests: number;
  byStatus: Map<number, number>;
  leaks: Leak[];
  /** Canaries no allowed account ever met (the probe did not exercise them). */
  unseen: Canary[];
  unscanned: number;
  fiveHundreds: { actor: string; url: string; status: number; body: string }[];
  perActor: Map<string, { requests: number; ok: number; leaks: number }>;
  /** Accounts whose session ended during the reads (a read must never end one). */
  sessionsLost: string[];
  /** Reads the park admin's own request was refused as malformed (the probe's parameters). */
  adminBadRequests: string[];
}

function product<T>(lists: T[][]): T[][] {
  return lists.reduce<T[][]>((acc, l) => acc.flatMap((a) => l.map((x) => [...a, x])), [[]]);
}

export function readCases(doc: OpenApiDoc, pp: ProbePark, capPerOp: number): ReadCase[] {
  const cases: ReadCase[] = [];
  const ctx = { uuid: () => undefined, text: 'CNRY', today: pp.today, year: pp.year, optional: () => false };
  const rnd = crypto.randomUUID();
  for (const op of operations(doc)) {
    if (op.method !== 'GET') continue;
    const name = `GET ${op.path}`;
    const lists = op.pathParams.map((p) => {
      const v = paramValue(op.path, p, pp.year);
      if ('values' in v) return v.values;
      const ids = [...(pp.pools.get(v.kind) ?? [])];
      return ids.length ? ids : [rnd];
    });
    const base = new URLSearchParams();
    for (const q of op.query) {
      if (q.name === 'pageSize') base.set('pageSize', String(q.schema?.maximum ?? 100));
      else if (q.required) base.set(q.name, String(sample(q.schema ?? {}, q.name, ctx)));
    }
    const variants: URLSearchParams[] = [base];
    for (const q of op.query) {
      if (q.required) continue;
      const kind = QUERY_ID_KINDS[q.name];
      if (kind) {
        for (const id of pp.pools.get(kind) ?? []) {
          const v = new URLSearchParams(base);
          v.set(q.name, id);
          variants.push(v);
        }
      } else if (q.name === 'q') {
        const v = new URLSearchParams(base);
        v.set('q', 'CNRY');
        variants.push(v);
      }
    }
    const urls: string[] = [];
    for (const combo of product(lists)) {
      let p = op.path;
      op.pathParams.forEach((name, i) => (p = p.replace(`{${name}}`, encodeURIComponent(combo[i]!))));
      for (const v of variants) urls.push(v.size ? `${p}?${v}` : p);
    }
    // Keep the first ones (the plain read per id) and a spread of the rest, within the cap.
    const step = Math.max(1, Math.ceil(urls.length / capPerOp));
    urls.filter((_, i) => i % step === 0).forEach((url) => cases.push({ op: name, url }));
  }
  // The public site's pages (not in the OpenAPI document).
  const site = [
    '/',
    '/search?q=CNRY',
    '/newsletter',
    '/thanks',
    '/showcase',
    '/showcase/slides.json',
    '/rss.xml',
    '/sitemap.xml',
  ];
  for (const id of pp.pools.get('article') ?? []) site.push(`/article/${id}`);
  for (const id of pp.pools.get('drive') ?? []) site.push(`/thanks/${id}`);
  for (const url of site)
    cases.push({ op: `SITE ${url.replace(/\/[0-9a-f-]{36}/, '/{id}').replace(/\?.*/, '')}`, url });
  return cases;
}

export async function probeReads(
  clients: Map<string, Http>,
  cases: ReadCase[],
  canaries: Canary[],
  relogin: (name: string) => Promise<Http>,
): Promise<ReadResult> {
  const r: ReadResult = {
    cases: cases.length,
    ops: new Set(cases.map((c) => c.op)).size,
    requests: 0,
    byStatus: new Map(),
    leaks: [],
    unseen: [],
    unscanned: 0,
    fiveHundreds: [],
    perActor: new Map(),
    sessionsLost: [],
    adminBadRequests: [],
  };
  const seen = new Set<string>();
  for (const [name, initial] of clients) {
    let http = initial;
    const mine = { requests: 0, ok: 0, leaks: 0 };
    r.perActor.set(name, mine);
    for (const c of cases) {
      let res = await http.request('GET', c.url);
      if (res.status === 401 && name !== 'anonymous' && !r.sessionsLost.includes(name)) {
        // A read never ends a session; if one did, say so (once) and go on signed in again.
        r.sessionsLost.push(name);
        http = await relogin(name);
        clients.set(name, http);
        res = await http.request('GET', c.url);
      }
      if (res.status === 400 && name === 'admin')
        r.adminBadRequests.push(`${c.url} — ${res.text.slice(0, 160)}`);
      r.requests++;
      mine.requests++;
      r.byStatus.set(res.status, (r.byStatus.get(res.status) ?? 0) + 1);
      if (res.status < 300) mine.ok++;
      if (res.status >= 500)
        r.fiveHundreds.push({ actor: name, url: c.url, status: res.status, body: res.text.slice(0, 300) });
      let hay = res.text;
      if (isZip(res.bytes)) hay += zipTexts(res.bytes);
      else if (/^(image|application\/pdf)/.test(res.type) && res.status < 300) r.unscanned++;
      for (const k of canaries) {
        if (!hay.includes(k.marker)) continue;
        if (k.allowed.has(name)) seen.add(k.marker);
        else {
          mine.leaks++;
          r.leaks.push({
            actor: name,
            op: c.op,
            url: c.url,
            status: res.status,
            what: k.what,
            marker: k.marker,
          });
        }
      }
    }
  }
  r.unseen = canaries.filter((k) => !seen.has(k.marker));
  return r;
}
