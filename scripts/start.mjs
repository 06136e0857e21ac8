// `npm start`: builds the console and the server when their sources are newer than the builds, then runs the server.
// `npm start -- --no-build` runs the builds as they are (the process tests use it with a prebuilt bundle).
//
// This script is only a launcher, and it must never outlive its server nor leave one behind:
// - SIGTERM, SIGINT and SIGHUP are passed on to the child (the server closes gracefully on each), and
//   this script exits when the child does, with its exit code;
// - the child runs in its own process group (`detached`), so a Ctrl-C in a terminal reaches it once,
//   through here, rather than twice (a second signal makes the server stop abruptly);
// - the child has an IPC channel to this process, and the server closes gracefully when that channel
//   disconnects (src/server/main.ts). The operating system closes the channel whenever this process
//   ends, however it ends — SIGKILL included, where no handler of ours could run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureServerBundle, newestMtime, root, serverBundle } from './lib/serverBundle.mjs';

const noBuild = process.argv.includes('--no-build');
const built = path.join(root, 'dist/admin/index.html');
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The one child running now (a build, then the server); signals go to it. */
let current = null;
/** A signal that came while no child was running yet: handed to the next one as soon as it starts. */
let pending = null;
function stop(sig) {
  if (current && current.exitCode === null && current.signalCode === null) current.kill(sig);
  else if (!current) pending = sig;
  else process.exit(0);
}
// When whoever started this script goes away without a signal reaching us (`npm start` killed by
// its PID: npm exits without passing SIGTERM on), this process is re-parented: stop as on SIGTERM.
const parentAtStart = process.ppid;
const orphaned = setInterval(() => {
  if (process.ppid === parentAtStart) return;
  clearInterval(orphaned); // once: a second SIGTERM would make the server stop abruptly
  stop('SIGTERM');
}, 500);
orphaned.unref();
for (const sig of SIGNALS) process.on(sig, () => stop(sig));

function run(args, opts) {
  const child = spawn(process.execPath, args, { cwd: root, ...opts });
  current = child;
  if (pending) child.kill(pending);
  return new Promise((resolve) => {
    child.on('error', (err) => {
      console.error(err.message);
      resolve({ code: 1, signal: null });
    });
    child.on('exit', (code, signal) => {
      current = null;
      resolve({ code, signal });
    });
  });
}

if (!noBuild) {
  // The console also imports pure server files (roles, the org-tree shape, ID-number checks).
  const sources = ['src/admin', 'src/common'].map((d) => path.join(root, d)).filter((d) => fs.existsSync(d));
  const stale = !fs.existsSync(built) || sources.some((d) => newestMtime(d) > fs.statSync(built).mtimeMs);
  if (stale) {
    console.log('building the console (vite build)…');
    const r = await run([path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (r.code !== 0) process.exit(r.code ?? 1);
  }
}
if (pending) process.exit(0); // stopped while building: do not start the server

const bundle = noBuild ? serverBundle : await ensureServerBundle();
if (!fs.existsSync(bundle)) {
  console.error(
    `${bundle} 不存在：请先运行 npm start（不带 --no-build）构建服务端 (the server bundle is missing)`,
  );
  process.exit(1);
}

const { code, signal } = await run(['--enable-source-maps', bundle], {
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  detached: true,
});
process.exit(code ?? (signal ? 0 : 1));
