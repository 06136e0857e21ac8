import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../../platform/paths';

/**
 * The portal's own static files (CSS, the small scripts, the favicon), read once at start and
 * served from memory at /static/<name>?v=<hash>. Pages link the hashed URL, so browsers may keep a
 * file for a year; a changed file gets a new hash. Scripts are files because the CSP forbids inline
 * scripts.
 */

const dir = fromRoot('src/server/areas/site/assets');

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface Asset {
  body: Buffer;
  type: string;
  hash: string;
}

let loaded: Map<string, Asset> | undefined;

export function assets(): Map<string, Asset> {
  if (loaded) return loaded;
  loaded = new Map();
  for (const name of fs.readdirSync(dir)) {
    const type = TYPES[path.extname(name)];
    if (!type) continue;
    const body = fs.readFileSync(path.join(dir, name));
    const hash = crypto.createHash('sha256').update(body).digest('hex').slice(0, 10);
    loaded.set(name, { body, type, hash });
  }
  return loaded;
}

/** The versioned URL of an asset. */
export function assetUrl(name: string): string {
  const a = assets().get(name);
  if (!a) throw new Error(`unknown portal asset ${name}`);
  return `/static/${name}?v=${a.hash}`;
}
