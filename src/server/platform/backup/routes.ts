import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { backupContracts as c } from '../../../common/contracts/backup';
import { actorOf } from '../http/guard';
import { contentDisposition } from '../http/files';
import { audit } from '../audit';
import { loadMasterKey } from '../crypto';
import { createStorage } from '../storage';
import { createBackupStream } from './dump';

/**
 * POST /api/admin/backup: the whole instance (every table, every stored file) as one .tar.gz,
 * streamed while the server keeps running; `npm run backup` calls it (see dump.ts for why the
 * server makes the backup). Its own permission (platform.backup), and every backup is audited,
 * with whether the encryption key went along.
 */
export const backupRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config, database } = app.deps;
  app.post(
    '/admin/backup',
    {
      config: { access: 'platform.backup' },
      schema: {
        tags: ['platform'],
        summary: '备份整个实例（数据库 + 上传文件 + 清单，.tar.gz）',
        body: c.create.body,
        response: { 200: c.create.response },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const withKey = req.body.withKey;
      await audit(database.db, req.ctx, {
        parkId: actor.parkId,
        action: 'platform.backup.create',
        entityType: 'backup',
        after: { withKey },
      });
      if (withKey) req.log.warn({ account: actor.accountId }, 'backup WITH the encryption key requested');
      const stream = await createBackupStream({
        database,
        storage: createStorage({ config, db: database.db }),
        masterKey: loadMasterKey(config.dataDir, config.ENCRYPTION_KEY),
        withKey,
        tmpDir: path.join(config.dataDir, 'tmp'),
        log: (m) => req.log.info(m),
      });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      return (
        reply
          .header('content-type', 'application/gzip')
          .header('content-disposition', contentDisposition('attachment', `backup-${stamp}.tar.gz`))
          .header('cache-control', 'no-store')
          // A stream is sent as it is (the response schema documents it; nothing is serialized).
          .send(stream as unknown as string)
      );
    },
  );
};
