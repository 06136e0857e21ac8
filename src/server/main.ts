import closeWithGrace from 'close-with-grace';
import { loadConfig, loadLimitsOf } from './config';
import { openDatabase } from './platform/db/client';
import { buildApp } from './app';
import { createFieldCipher, loadMasterKey } from './platform/crypto';
import { ensureFirstAdmin } from './areas/auth/bootstrap';
import { startJobs } from './platform/jobs/index';

/**
 * Started by `npm start` (scripts/start.mjs), the server has an IPC channel to that launcher. When the
 * channel disconnects the launcher is gone (killed, even by SIGKILL, or crashed): close as on SIGTERM
 * rather than run on unattended. The channel must not keep the process alive by itself.
 */
let parentGone = false;
let closeNow: (() => void) | undefined;
if (process.channel) {
  process.channel.unref();
  process.once('disconnect', () => {
    parentGone = true;
    closeNow?.();
  });
}

/** Read config → open the database → migrate → first-start setup → listen; shut down gracefully. */
async function main() {
  const startedAt = performance.now();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  // Start-up phases, printed with the ready line: a slow start (e.g. after a crash) says where it went.
  const phases: string[] = [];
  let mark = startedAt;
  const phase = (name: string) => {
    const now = performance.now();
    phases.push(`${name} ${Math.round(now - mark)}`);
    mark = now;
  };
  const cipher = createFieldCipher(loadMasterKey(config.dataDir, config.ENCRYPTION_KEY));
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.dataDir,
    limits: loadLimitsOf(config),
    sharedBuffers: config.PGLITE_SHARED_BUFFERS,
  });
  phase('database');
  await database.migrate();
  phase('migrate');
  const app = await buildApp({ config, database, cipher });
  phase('app');

  const first = await ensureFirstAdmin(database.db, {
    username: config.ADMIN_USERNAME,
    password: config.ADMIN_PASSWORD,
    parkName: config.PARK_NAME,
  });
  phase('firstAdmin');
  const jobs = await startJobs(database.db, app.log);
  phase('jobs');

  const grace = closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error(err);
    app.log.info(`${signal ?? (parentGone ? 'launcher gone' : 'shutdown')}: closing`);
    await app.close(); // stops accepting, waits for requests in flight
    await jobs.stop();
    await database.close();
  });
  closeNow = grace.close;
  if (parentGone) grace.close();
  // The embedded database's thread stopped under us (out of memory, a crash of the engine): stop
  // too, so whatever supervises the server restarts it on a database that crash recovery repairs.
  void database.failed?.then((err) => {
    app.log.fatal({ err }, 'database stopped');
    process.exitCode = 1;
    grace.close();
  });

  const address = await app.listen({ port: config.PORT, host: config.HOST });
  phase('listen');
  const base = config.PUBLIC_URL ?? address.replace('0.0.0.0', '127.0.0.1');
  app.log.info(
    `「校园党建」 ready in ${Math.round(performance.now() - startedAt)} ms on ${database.kind}: ${base}/  (console: ${base}/admin)`,
  );
  // performance.now() counts from process start, so startedAt is the time spent loading modules.
  app.log.info(`start-up ms: modules ${Math.round(startedAt)}, ${phases.join(', ')}`);
  if (first.created) app.log.info(`created the first park administrator "${first.created}"`);
  if (first.setupToken) {
    // Printed once: the token is stored only as a hash.
    console.log(
      `\n  尚无账号。请打开此一次性链接创建园区管理员 (first-run setup):\n  ${base}/admin/setup?token=${first.setupToken}\n`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
