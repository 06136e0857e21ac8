import path from 'node:path';
import { z } from 'zod';
import type { LoadLimits } from './platform/load';

/**
 * Every environment variable the server reads, parsed once. Documented in README.md (配置).
 * A bad value stops the start with a message that names the variable.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes in base64 (44 characters)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Name given to the park created on first start. */
  PARK_NAME: z.string().min(1).max(100).default('校园党建示范园区'),
  ADMIN_USERNAME: z.string().min(3).max(64).optional(),
  ADMIN_PASSWORD: z.string().min(8, 'must have at least 8 characters').max(200).optional(),
  /** A session's absolute lifetime from login (it no longer slides with activity). */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  /** A session ends after this many minutes without a request; decimals allowed (0.05 = 3 s, for tests). */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .min(0.02)
    .max(24 * 60)
    .default(30),
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: z.string().url().optional(),
  /** Outgoing mail server, e.g. smtp://user:pass@host:587 (STARTTLS) or smtps://…:465; unset = no email. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@host:587')
    .refine(
      (v) => URL.canParse(v) && new URL(v).hostname !== '',
      'must be an smtp:// or smtps:// URL with a host',
    )
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Sender of outgoing mail: "name <address>" or a bare address; required with SMTP_URL. */
  SMTP_FROM: z
    .string()
    .trim()
    .regex(
      /^(?:[^<>@\r\n]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/,
      'must be an address or "name <address>"',
    )
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Where uploaded files live: local (DATA_DIR/media), postgres (the database) or s3; see README (文件存储). */
  STORAGE: z.enum(['local', 'postgres', 's3']).default('local'),
  S3_ENDPOINT: z
    .string()
    .url('must be a URL, e.g. https://oss-cn-hangzhou.aliyuncs.com')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  S3_BUCKET: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  S3_SECRET_ACCESS_KEY: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  /** Queries waiting for the database beyond which a request is answered 503 (see docs/architecture.md, "Under load"). */
  DB_QUEUE_LIMIT: z.coerce.number().int().min(0).max(100_000).default(200),
  /** Statement budget of public pages (PostgreSQL statement_timeout; on PGlite the longest wait to start), ms. */
  DB_PUBLIC_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** The same for the console and the API, ms. */
  DB_API_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** The embedded database's shared buffers (PostgreSQL units: 32MB, 128MB …). */
  PGLITE_SHARED_BUFFERS: z
    .string()
    .regex(/^\d+(kB|MB|GB)$/, 'must be a size such as 32MB')
    .default('32MB'),
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** Memory for rendered public pages (areas/site/cache.ts), MiB; 0 renders every page afresh. */
  PAGE_CACHE_MB: z.coerce.number().min(0).max(16_384).default(64),
  /** A request slower than this is logged at warn (platform/http/requestLog.ts), ms. */
  SLOW_REQUEST_MS: z.coerce.number().int().min(0).max(3_600_000).default(1_000),
});

export type Config = z.output<typeof schema> & { dataDir: string };

/** The database's load limits (platform/load.ts) from the configuration. */
export const loadLimitsOf = (config: Config): LoadLimits => ({
  maxQueued: config.DB_QUEUE_LIMIT,
  timeoutMs: { public: config.DB_PUBLIC_TIMEOUT_MS, api: config.DB_API_TIMEOUT_MS },
});

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`配置错误 (invalid configuration):\n${lines.join('\n')}`);
  }
  if (parsed.data.SMTP_URL && !parsed.data.SMTP_FROM) {
    throw new Error('配置错误 (invalid configuration):\n  SMTP_FROM: is required when SMTP_URL is set');
  }
  if (parsed.data.STORAGE === 's3') {
    const missing = (['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter(
      (k) => !parsed.data[k],
    );
    if (missing.length) {
      const lines = missing.map((k) => `  ${k}: is required when STORAGE=s3`);
      throw new Error(`配置错误 (invalid configuration):\n${lines.join('\n')}`);
    }
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}
