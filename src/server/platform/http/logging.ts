import type { FastifyRequest, FastifyServerOptions } from 'fastify';

/** Fastify's logger options (pino's, with Fastify's serializers). */
type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | null | undefined>;

/**
 * What the request log may hold. People search by ID number and phone (`GET /api/people?q=3305…`),
 * and such a URL would otherwise land in every "incoming request" line, in the clear, in a file
 * nobody audits (docs/architecture.md "Sensitive numbers": clear values only for `people.reveal`).
 * So the logger's serializers replace anything in a URL — a path segment, a query key or value —
 * that reads as a mainland ID number, a mobile number or a landline with `[已隐藏]`, and leave the
 * rest of the URL as it was, so a line still says which route was called. Error messages and log
 * messages get the same treatment (an error may quote a value). Request bodies are never logged:
 * the request serializer lists its fields, and any `body` / `payload` a log call passes is dropped.
 */

export const REDACTED = '[已隐藏]';

// Boundaries: not inside a longer run of letters or digits (a UUID, a hash, a hex id).
const B = '(?<![0-9A-Za-z])';
const E = '(?![0-9A-Za-z])';
const SENSITIVE = [
  // ID numbers: 18 characters with a check digit or X, the old 15-digit form, and anything longer
  // (a bank card, an ID typed with a stray digit). A partial 15–17 digit ID is caught too.
  String.raw`\d{15,}[Xx]?`,
  // Mobile numbers, optionally +86 / 86, optionally grouped 3-4-4.
  String.raw`(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}`,
  // Landlines with an area code: 0571-88888888, 010 1234567, (0571)88888888, 057188888888-801.
  String.raw`(?:\(0\d{2,3}\)|0\d{2,3})[- ]?\d{7,8}(?:-\d{1,6})?`,
];
const SENSITIVE_RE = new RegExp(SENSITIVE.map((p) => `${B}(?:${p})${E}`).join('|'), 'g');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Free text with every ID number, mobile and landline number replaced by `[已隐藏]`. */
export function redactSensitive(text: string): string {
  return text.replace(SENSITIVE_RE, REDACTED);
}

function decode(component: string, plusIsSpace: boolean): string {
  const s = plusIsSpace ? component.replace(/\+/g, ' ') : component;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** One path segment or query part: decoded before matching (`%20`, `+`), left untouched when clean. */
function redactComponent(component: string, plusIsSpace: boolean): string {
  if (component === '' || UUID.test(component)) return component;
  const decoded = decode(component, plusIsSpace);
  const redacted = redactSensitive(decoded);
  return redacted === decoded ? component : redacted;
}

/**
 * A request URL as the log may show it: the path and the query with sensitive numbers replaced,
 * everything else byte for byte (`/api/people?q=330502…&page=2` → `/api/people?q=[已隐藏]&page=2`).
 */
export function redactUrl(url: string): string {
  const hashAt = url.indexOf('#');
  const withoutHash = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const queryAt = withoutHash.indexOf('?');
  const path = queryAt >= 0 ? withoutHash.slice(0, queryAt) : withoutHash;
  const query = queryAt >= 0 ? withoutHash.slice(queryAt + 1) : null;
  const safePath = path
    .split('/')
    .map((s) => redactComponent(s, false))
    .join('/');
  if (query === null) return safePath;
  const safeQuery = query
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return redactComponent(part, true);
      return `${redactComponent(part.slice(0, eq), true)}=${redactComponent(part.slice(eq + 1), true)}`;
    })
    .join('&');
  return `${safePath}?${safeQuery}`;
}

/** Fastify's request fields (method, url, host, address), the URL redacted; never headers or body. */
function reqSerializer(req: FastifyRequest) {
  return {
    method: req.method,
    url: redactUrl(req.url),
    version: [req.headers?.['accept-version']].flat()[0],
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket ? req.socket.remotePort : undefined,
  };
}

/**
 * An error as pino's standard serializer shows it (type, message, stack, its own fields, the
 * cause), every string redacted like free text: a message may quote the value that was refused.
 */
function errSerializer(err: Error, depth = 0): { type: string; message: string; stack: string } {
  const out: { type: string; message: string; stack: string; [key: string]: unknown } = {
    type: err.constructor?.name ?? 'Error',
    message: redactSensitive(err.message),
    stack: redactSensitive(err.stack ?? ''),
  };
  for (const [key, value] of Object.entries(err)) {
    if (key in out) continue;
    out[key] = typeof value === 'string' ? redactSensitive(value) : value;
  }
  const cause: unknown = err.cause;
  if (cause instanceof Error && depth < 5) out.cause = errSerializer(cause, depth + 1);
  else if (typeof cause === 'string') out.cause = redactSensitive(cause);
  return out;
}

const dropped = () => REDACTED;

export const logSerializers = {
  req: reqSerializer,
  err: (e: Error) => (e instanceof Error ? errSerializer(e) : e),
  error: (e: Error) => (e instanceof Error ? errSerializer(e) : e),
  body: dropped,
  payload: dropped,
};

/** pino's logMethod hook: string arguments (the message, format arguments) redacted. */
function logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
  method.apply(
    this,
    args.map((a) => (typeof a === 'string' ? redactSensitive(a) : a)),
  );
}

/**
 * The logger option of buildApp with the redaction added: `false` stays off, `true` or options get
 * the serializers and the hook (options' own serializers win over ours only for other keys).
 */
export function withLogRedaction(logger: boolean | LoggerOptions): false | LoggerOptions {
  if (logger === false) return false;
  const opts: LoggerOptions = logger === true ? {} : logger;
  return {
    ...opts,
    serializers: { ...opts.serializers, ...logSerializers },
    hooks: { ...opts.hooks, logMethod },
  };
}
