import type { Readable, Writable } from 'node:stream';

/**
 * The smallest ustar (POSIX tar) writer and reader the backup needs: regular files only, names of at
 * most 255 ASCII bytes (a 155-byte prefix and a 100-byte name split at a '/'). A backup is one
 * `.tar.gz` that `tar -tzf` lists and `tar -xzf` unpacks, so an operator can look inside it without
 * our tools; no dependency is needed for that.
 */
const BLOCK = 512;

function splitName(name: string): { prefix: string; name: string } {
  if (!/^[\x21-\x7e]+$/.test(name)) throw new Error(`tar: name must be printable ASCII: ${name}`);
  if (name.length <= 100) return { prefix: '', name };
  for (let i = name.length - 101; i < name.length; i++) {
    if (i >= 0 && name[i] === '/' && i <= 155 && name.length - i - 1 <= 100)
      return { prefix: name.slice(0, i), name: name.slice(i + 1) };
  }
  throw new Error(`tar: name too long: ${name}`);
}

function header(entryName: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK);
  const { prefix, name } = splitName(entryName);
  const put = (s: string, at: number, len: number) => h.write(s, at, len, 'ascii');
  const octal = (n: number, at: number, len: number) =>
    put(n.toString(8).padStart(len - 1, '0') + '\0', at, len);
  put(name, 0, 100);
  octal(0o644, 100, 8);
  octal(0, 108, 8);
  octal(0, 116, 8);
  octal(size, 124, 12); // 11 octal digits: up to 8 GiB per entry
  octal(Math.floor(mtime.getTime() / 1000), 136, 12);
  put('        ', 148, 8);
  put('0', 156, 1);
  put('ustar\u000000', 257, 8);
  put(prefix, 345, 155);
  let sum = 0;
  for (const b of h) sum += b;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

async function write(out: Writable, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) {
    await new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        out.off('drain', done);
        out.off('error', done);
        out.off('close', done);
        if (err) reject(err);
        else resolve();
      };
      out.on('drain', done);
      out.on('error', done);
      out.on('close', () => done(new Error('tar: output closed')));
    });
  }
}

export class TarWriter {
  constructor(private readonly out: Writable) {}

  /** One entry; `body` must yield exactly `size` bytes. */
  async entry(name: string, size: number, body: Buffer | AsyncIterable<Buffer | string>): Promise<void> {
    await write(this.out, header(name, size, new Date()));
    let written = 0;
    if (Buffer.isBuffer(body)) {
      await write(this.out, body);
      written = body.length;
    } else {
      for await (const ch of body) {
        const b = typeof ch === 'string' ? Buffer.from(ch) : ch;
        written += b.length;
        if (written > size) throw new Error(`tar: ${name} is longer than its ${size} bytes`);
        await write(this.out, b);
      }
    }
    if (written !== size) throw new Error(`tar: ${name} gave ${written} of its ${size} bytes`);
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad) await write(this.out, Buffer.alloc(pad));
  }

  /** Two zero blocks end the archive. */
  async finish(): Promise<void> {
    await write(this.out, Buffer.alloc(BLOCK * 2));
  }
}

/** Reads exactly n bytes (or fewer at the end) from an async byte source. */
class ByteReader {
  private buf = Buffer.alloc(0);
  private done = false;
  constructor(private readonly it: AsyncIterator<Buffer | string>) {}

  private async fill(n: number) {
    while (this.buf.length < n && !this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else this.buf = Buffer.concat([this.buf, typeof r.value === 'string' ? Buffer.from(r.value) : r.value]);
    }
  }
  async read(n: number): Promise<Buffer> {
    await this.fill(n);
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(out.length);
    return out;
  }
  /** Up to n bytes in pieces, without holding them all. */
  async *pieces(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.buf.length === 0) await this.fill(1);
      if (this.buf.length === 0) throw new Error('tar: archive ends inside an entry');
      const take = this.buf.subarray(0, Math.min(left, this.buf.length));
      this.buf = this.buf.subarray(take.length);
      left -= take.length;
      yield take;
    }
  }
}

export interface TarEntry {
  name: string;
  size: number;
  /** The entry's bytes; read it (or not) before asking for the next entry. */
  body: AsyncGenerator<Buffer>;
}

const field = (h: Buffer, at: number, len: number) => {
  const s = h.subarray(at, at + len).toString('ascii');
  const nul = s.indexOf('\0');
  return nul >= 0 ? s.slice(0, nul) : s;
};

/** The entries of a tar stream, in order. A body left unread is skipped. */
export async function* readTar(source: Readable | AsyncIterable<Buffer | string>): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(source[Symbol.asyncIterator]());
  for (;;) {
    const h = await reader.read(BLOCK);
    if (h.length < BLOCK) throw new Error('tar: the archive is truncated (no end-of-archive blocks)');
    if (h.every((b) => b === 0)) return;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    if (sum !== parseInt(field(h, 148, 8).trim(), 8)) throw new Error('tar: bad header checksum');
    const prefix = field(h, 345, 155);
    const name = prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100);
    const size = parseInt(field(h, 124, 12).trim() || '0', 8);
    const type = field(h, 156, 1) || '0';
    const body = reader.pieces(size);
    if (type === '0') yield { name, size, body };
    // Whatever the consumer left unread, and the padding to the block.
    for await (const piece of body) void piece;
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad) await reader.read(pad);
  }
}
