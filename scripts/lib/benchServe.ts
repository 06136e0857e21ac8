/**
 * The server process of the benchmarks (started by scripts/lib/benchServer.ts, never by hand, from
 * its esbuild bundle dist/bench/benchServe.js, as `npm start` runs main.ts's; with tsx it runs too).
 *
 *   node --import tsx scripts/lib/benchServe.ts app     the real app, built as main.ts builds it
 *                                                       (its logger at LOG_LEVEL, to the log file the
 *                                                       parent gives as stdout), plus two bench-only
 *                                                       routes: /bench/hello and /bench/stats
 *   node --import tsx scripts/lib/benchServe.ts hello   a bare Fastify hello world: the yardstick
 *
 * /bench/stats answers the event-loop delay measured inside this process since the last
 * `?reset=1` (perf_hooks.monitorEventLoopDelay, 10 ms resolution) and the process's memory, so a
 * benchmark can tell "the database blocked the event loop" from "the machine was busy".
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Fastify from 'fastify';
import { buildApp } from '../../src/server/app';
import * as configModule from '../../src/server/config';
import { openDatabase } from '../../src/server/platform/db/client';
import { createFieldCipher, loadMasterKey } from '../../src/server/platform/crypto';

const mode = process.argv[2];
const port = Number(process.env.PORT);

if (mode === 'hello') {
  const app = Fastify({ logger: false });
  app.get('/', async () => 'hello world');
  await app.listen({ port, host: '127.0.0.1' });
  const stop = () => void app.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  console.log('listening');
} else {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const config = configModule.loadConfig();
  const cipher = createFieldCipher(loadMasterKey(config.dataDir, config.ENCRYPTION_KEY));
  // As main.ts opens it (the load limits and buffers from the configuration, where the tree has them:
  // the same script also measures older trees).
  const cfg = config as { PGLITE_SHARED_BUFFERS?: string };
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.dataDir,
    ...(configModule.loadLimitsOf ? { limits: configModule.loadLimitsOf(config) } : {}),
    ...(cfg.PGLITE_SHARED_BUFFERS ? { sharedBuffers: cfg.PGLITE_SHARED_BUFFERS } : {}),
  } as Parameters<typeof openDatabase>[0]);
  await database.migrate();
  const app = await buildApp({ config, database, cipher });
  const bench = { schema: { hide: true }, logLevel: 'warn' as const, config: { access: 'public' as const } };
  app.get('/bench/hello', bench, async () => 'hello world');
  app.get('/bench/stats', bench, async (req) => {
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const m = process.memoryUsage();
    const out = {
      eventLoopDelayMaxMs: ms(delay.max),
      eventLoopDelayP99Ms: ms(delay.percentile(99)),
      eventLoopDelayMeanMs: ms(delay.mean),
      rssMiB: Math.round(m.rss / 2 ** 20),
      heapUsedMiB: Math.round(m.heapUsed / 2 ** 20),
      externalMiB: Math.round(m.external / 2 ** 20),
    };
    if ((req.query as Record<string, string>).reset) delay.reset();
    return out;
  });
  await app.listen({ port, host: '127.0.0.1' });
  const stop = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}
