import path from 'node:path';
import { build } from 'esbuild';
import type * as PinyinPro from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { lazy, lazyRequire } from './lazy';
import { projectRoot } from './paths';

describe('lazy', () => {
  it('loads once and shares the one promise', async () => {
    let loads = 0;
    const load = lazy(async () => ({ n: ++loads }));
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(await load()).toBe(a);
    expect(loads).toBe(1);
  });

  it('forgets a failed load, so the next call tries again', async () => {
    let calls = 0;
    const load = lazy(async () => {
      calls++;
      if (calls === 1) throw new Error('first try fails');
      return 'loaded';
    });
    await expect(load()).rejects.toThrow('first try fails');
    await expect(load()).resolves.toBe('loaded');
    expect(calls).toBe(2);
  });

  it('lazyRequire requires the CommonJS build on the first call only', () => {
    const pinyinPro = lazyRequire<typeof PinyinPro>('pinyin-pro');
    expect(pinyinPro()).toBe(pinyinPro());
    expect(pinyinPro().pinyin('党建', { toneType: 'none' })).toBe('dang jian');
  });
});

/**
 * Packages that cost tens to hundreds of milliseconds to import and are needed only for one kind of
 * request: none may be imported statically from the server entry, or every start pays for them.
 */
const ON_FIRST_USE = [
  'exceljs',
  'pdf-lib',
  'fontkit',
  'sharp',
  'nodemailer',
  'sanitize-html',
  'pinyin-pro',
  'file-type',
  'qrcode',
  'docx',
  '@resvg/resvg-js',
  'pg',
  'drizzle-orm/node-postgres',
  '@node-rs/jieba',
];

describe('the server start', () => {
  it('imports none of the on-first-use packages statically', async () => {
    const result = await build({
      entryPoints: [path.join(projectRoot, 'src/server/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      write: false,
      metafile: true,
      logLevel: 'silent',
      outdir: path.join(projectRoot, 'dist/lazy-test'),
    });
    const staticImports = new Set<string>();
    let dynamicImports = 0;
    for (const input of Object.values(result.metafile.inputs)) {
      for (const imp of input.imports) {
        if (!imp.external) continue;
        if (imp.kind === 'import-statement') staticImports.add(imp.path);
        else if (imp.kind === 'dynamic-import') dynamicImports++;
      }
    }
    // The build saw the server's own imports (so an empty set below is not an empty build).
    expect(staticImports).toContain('fastify');
    expect(dynamicImports).toBeGreaterThan(0);
    const eager = ON_FIRST_USE.filter((p) =>
      [...staticImports].some((s) => s === p || s.startsWith(`${p}/`)),
    );
    expect(eager).toEqual([]);
  });
});
