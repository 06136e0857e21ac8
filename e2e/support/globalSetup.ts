import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Once per browser-test run: make sure the console build (dist/admin) is there and not older than
 * its sources, as `npm start` does (scripts/start.mjs). `.ci/run` builds first, so this is a no-op there.
 */
export default function setup() {
  const root = path.resolve(import.meta.dirname, '../..');
  const built = path.join(root, 'dist/admin/index.html');
  const sources = ['src/admin', 'src/common', 'vite.config.ts']
    .map((p) => path.join(root, p))
    .filter((p) => fs.existsSync(p));
  const stale = !fs.existsSync(built) || sources.some((p) => newestMtime(p) > fs.statSync(built).mtimeMs);
  // E2E_NO_BUILD=1 runs against whatever dist/admin holds (when iterating on the tests alone).
  if (!stale || process.env.E2E_NO_BUILD === '1' || !fs.existsSync(path.join(root, 'vite.config.ts'))) return;
  console.log('e2e: building the console (vite build)…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, which would make Vite build the libraries' development code.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
}

function newestMtime(p: string): number {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}
