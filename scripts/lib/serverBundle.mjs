// The server bundle that `npm start` runs: our code bundled by esbuild into dist/server/main.js,
// packages left external. Rebuilt when any server source is newer, so a start compiles nothing.
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');
export const serverBundle = path.join(root, 'dist/server/main.js');

export function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/server/main.js when it is missing or older than src/server; returns its path. */
export async function ensureServerBundle({ log = console.log } = {}) {
  const stale =
    !fs.existsSync(serverBundle) ||
    newestMtime(path.join(root, 'src/server')) > fs.statSync(serverBundle).mtimeMs;
  if (stale) {
    log('building the server (esbuild)…');
    await bundle(path.join(root, 'src/server/main.ts'), serverBundle);
  }
  return serverBundle;
}

/** Bundles `entry` into `outfile` as the server is bundled: our code in one file, packages external. */
export async function bundle(entry, outfile) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}
