/**
 * The OpenAPI document as the probe uses it: the operations, their path and query parameters, and
 * a plausible instance of a JSON schema (required fields, values shaped by field names) for bodies
 * and required query parameters.
 */
export type Schema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  nullable?: boolean;
  default?: unknown;
  $ref?: string;
};

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** '/api/people/{id}' */
  path: string;
  pathParams: string[];
  query: Param[];
  body: Schema | null;
  bodyType: string | null;
}

export interface OpenApiDoc {
  paths: Record<
    string,
    Record<string, { parameters?: Param[]; requestBody?: { content: Record<string, { schema?: Schema }> } }>
  >;
  components?: { schemas?: Record<string, Schema> };
}

export function operations(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) {
      const method = m.toUpperCase() as Operation['method'];
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const bodyType = Object.keys(content)[0] ?? null;
      out.push({
        method,
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!),
        query: params.filter((p) => p.in === 'query'),
        body: bodyType ? (content[bodyType]!.schema ?? {}) : null,
        bodyType,
      });
    }
  }
  return out;
}

export interface SampleContext {
  /** A uuid for a field (by its name), or undefined for a random one. */
  uuid: (field: string) => string | undefined;
  /** Text for a free-text field. */
  text: string;
  today: string;
  year: number;
  /** Include these optional fields too (besides the required ones). */
  optional?: (field: string) => boolean;
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const TEXT_FIELDS =
  /^(name|title|content|comment|note|displayName|reason|answer|minutes|summary|purpose|theme|place)$/;

export const defaultOptional = (field: string) => TEXT_FIELDS.test(field);

function resolve(s: Schema, doc?: OpenApiDoc): Schema {
  if (s.$ref && doc) {
    const name = s.$ref.split('/').pop()!;
    return doc.components?.schemas?.[name] ?? {};
  }
  return s;
}

/** A plausible instance of a schema. `field` is the property name it is for. */
export function sample(schema: Schema, field: string, ctx: SampleContext, doc?: OpenApiDoc): unknown {
  const s = resolve(schema, doc);
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) {
    const pick = alts.find((a) => a.type !== 'null') ?? alts[0]!;
    return sample(pick, field, ctx, doc);
  }
  if (s.allOf?.length) return sample(s.allOf[0]!, field, ctx, doc);
  if (s.enum?.length) return s.enum.find((v) => v !== null) ?? s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (type === 'object' || s.properties) {
    const out: Record<string, unknown> = {};
    const required = new Set(s.required ?? []);
    for (const [k, v] of Object.entries(s.properties ?? {})) {
      if (required.has(k) || (ctx.optional ?? defaultOptional)(k)) out[k] = sample(v, k, ctx, doc);
    }
    return out;
  }
  if (type === 'array') {
    const n = Math.max(1, s.minItems ?? 1);
    const singular = field.replace(/ies$/, 'y').replace(/s$/, '');
    return Array.from({ length: n }, () => sample(s.items ?? {}, singular, ctx, doc));
  }
  if (type === 'boolean') return false;
  if (type === 'integer' || type === 'number') {
    if (/year/i.test(field)) return ctx.year;
    if (/month/i.test(field)) return 1;
    const lo = s.minimum ?? 1;
    return s.maximum !== undefined ? Math.min(Math.max(lo, 1), s.maximum) : Math.max(lo, 1);
  }
  if (type === 'string' || type === undefined) {
    if (type === undefined && /amount/i.test(field)) return '10.00';
    if (s.format === 'uuid' || /Id$|^id$/.test(field)) return ctx.uuid(field) ?? crypto.randomUUID();
    if (s.format === 'date-time' || /At$/.test(field)) return new Date(Date.now() + 86_400_000).toISOString();
    if (s.format === 'email' || /email/i.test(field)) return 'probe@example.com';
    if (/^months?$/.test(field)) return ctx.today.slice(0, 7);
    if (/^(from|since|start)$/.test(field)) return ctx.today;
    if (/^(to|until|end)$/.test(field)) return addDays(ctx.today, 30);
    if (/(On|Date)$|^date$/.test(field)) return ctx.today;
    if (/amount/i.test(field)) return '10.00';
    if (/password/i.test(field)) return 'Probe2026pw!';
    if (field === 'username') return `probe_${Math.random().toString(36).slice(2, 8)}`;
    if (/phone/i.test(field)) return '13900001111';
    if (/url/i.test(field)) return 'https://example.com/';
    if (s.pattern === '^[A-Z][A-Z0-9]{1,15}$') return 'PROBE';
    if (s.pattern && /\\d\{4\}-/.test(s.pattern))
      return ctx.today.slice(0, s.pattern.includes('(0[1-9]|1[0-2])$') ? 7 : 10);
    let t = ctx.text;
    if (s.maxLength !== undefined && t.length > s.maxLength) t = t.slice(0, s.maxLength);
    if (s.minLength !== undefined && t.length < s.minLength) t = t.padEnd(s.minLength, 'x');
    return t;
  }
  return ctx.text;
}
