// `npm start`: builds the console and the server when their sources are newer than the builds, then runs the server.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const built = path.join(root, 'dist/admin/index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const sources = [path.join(root, 'src/admin'), path.join(root, 'src/common')].filter((d) => fs.existsSync(d));
const stale = !fs.existsSync(built) || sources.some((d) => newestMtime(d) > fs.statSync(built).mtimeMs);
if (stale) {
  console.log('building the console (vite build)…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// The server runs from a bundle (dist/server/main.js: our code bundled, packages left external), rebuilt
// when any server source is newer: starting from it skips compiling TypeScript on every start.
const serverBundle = path.join(root, 'dist/server/main.js');
const serverStale =
  !fs.existsSync(serverBundle) ||
  newestMtime(path.join(root, 'src/server')) > fs.statSync(serverBundle).mtimeMs;
if (serverStale) {
  console.log('building the server (esbuild)…');
  const { build } = await import('esbuild');
  await build({
    entryPoints: [path.join(root, 'src/server/main.ts')],
    outfile: serverBundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}

const child = spawn(process.execPath, ['--enable-source-maps', serverBundle], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
