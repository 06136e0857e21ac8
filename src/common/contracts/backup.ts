import { z } from 'zod';
import { file } from '../schemas';

/** POST /api/admin/backup: the whole instance as one .tar.gz (src/server/platform/backup). */
export const backupContracts = {
  create: {
    body: z
      .object({
        /** Put the field-encryption master key in the archive (off by default; audited either way). */
        withKey: z.boolean().default(false),
      })
      .strict(),
    response: file,
  },
};

/** manifest.json, the last entry of every backup archive. */
export const backupManifest = z.object({
  format: z.literal('campus-party-building-backup'),
  formatVersion: z.literal(1),
  appVersion: z.string(),
  createdAt: z.string(),
  database: z.object({ kind: z.enum(['pglite', 'postgres']) }),
  /** Applied migrations (drizzle's journal): a restore needs the same schema. */
  schema: z.object({ migrations: z.number().int(), lastMigrationAt: z.string().nullable() }),
  /** Row count of every table in the archive (db/<table>.jsonl). */
  tables: z.record(z.string(), z.number().int()),
  sequences: z.array(z.object({ name: z.string(), lastValue: z.string().nullable() })),
  storage: z.object({ kind: z.string() }),
  /** Every stored file (files/<key>). */
  files: z.array(z.object({ key: z.string(), size: z.number().int(), sha256: z.string() })),
  /** Keys listed by the storage but deleted before they could be read (an upload removed meanwhile). */
  skippedFiles: z.array(z.string()),
  encryptionKey: z.object({
    /** true: secret.key is in the archive — keep the file as safe as the key itself. */
    included: z.boolean(),
    /** HMAC under the key of a fixed text: tells a restore whether the key it was given is the right one. */
    check: z.string(),
  }),
});
export type BackupManifest = z.infer<typeof backupManifest>;
