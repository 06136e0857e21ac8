import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertValidKey, createLocalStorage, StorageKeyError } from './storage';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-storage-'));
const outside = path.join(path.dirname(root), `${path.basename(root)}-outside.txt`);
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(outside, { force: true });
});

describe('local storage', () => {
  const storage = createLocalStorage(root);

  it('stores, reads, streams and deletes by key', async () => {
    await storage.put('park1/2025/05/abc-original.pdf', Buffer.from('hello'));
    expect((await storage.read('park1/2025/05/abc-original.pdf'))?.toString()).toBe('hello');
    const opened = await storage.open('park1/2025/05/abc-original.pdf');
    expect(opened?.size).toBe(5);
    opened?.stream.destroy();
    expect(await storage.exists('park1/2025/05/abc-original.pdf')).toBe(true);
    await storage.delete('park1/2025/05/abc-original.pdf');
    expect(await storage.exists('park1/2025/05/abc-original.pdf')).toBe(false);
    expect(await storage.open('park1/2025/05/abc-original.pdf')).toBeNull();
    await storage.delete('park1/2025/05/abc-original.pdf'); // missing: no error
  });

  it('stores a local file and streams byte ranges', async () => {
    const src = path.join(root, 'spool.tmp');
    fs.writeFileSync(src, '0123456789');
    await storage.putFile('f/range.bin', src);
    expect(fs.existsSync(src)).toBe(true);
    await expect(storage.putFile('f/range.bin', src)).rejects.toThrow();
    const opened = await storage.open('f/range.bin', { start: 2, end: 5 });
    const chunks: Buffer[] = [];
    for await (const ch of opened!.stream) chunks.push(ch as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('2345');
    expect(opened!.size).toBe(10);
  });

  it('never overwrites a stored file', async () => {
    await storage.put('k/one.txt', Buffer.from('first'));
    await expect(storage.put('k/one.txt', Buffer.from('second'))).rejects.toThrow();
    expect((await storage.read('k/one.txt'))?.toString()).toBe('first');
    expect(fs.readdirSync(path.join(root, 'k'))).toEqual(['one.txt']); // no temp file left
  });

  it.each([
    '../x',
    `../${path.basename(outside)}`,
    'a/../../x',
    '/etc/passwd',
    'a//b',
    'a/./b',
    '.hidden',
    'a/.b',
    'A/b',
    'a\\..\\b',
    'a/b/',
    '',
    '名字.pdf',
    'a\0b',
    'a b',
    '%2e%2e/x',
  ])('refuses the key %j', async (key) => {
    expect(() => assertValidKey(key)).toThrow(StorageKeyError);
    await expect(storage.put(key, Buffer.from('x'))).rejects.toThrow(StorageKeyError);
    await expect(storage.read(key)).rejects.toThrow(StorageKeyError);
    expect(fs.existsSync(outside)).toBe(false);
  });
});

describe('local storage keys()', () => {
  const storage = createLocalStorage(path.join(root, 'listing'));

  it('lists stored files, not put() temporaries or files with names no key can have', async () => {
    await storage.put('p/2025/01/a-original.jpg', Buffer.from('a'));
    const dir = path.join(root, 'listing', 'p', '2025', '01');
    fs.writeFileSync(path.join(dir, `b-original.jpg.${process.pid}.${crypto.randomUUID()}.tmp`), 'half');
    fs.writeFileSync(path.join(dir, 'Upper.JPG'), 'x');
    const keys: string[] = [];
    for await (const k of storage.keys()) keys.push(k);
    expect(keys).toEqual(['p/2025/01/a-original.jpg']);
  });

  it('lists nothing for a folder that does not exist', async () => {
    const keys: string[] = [];
    for await (const k of createLocalStorage(path.join(root, 'none')).keys()) keys.push(k);
    expect(keys).toEqual([]);
  });
});
