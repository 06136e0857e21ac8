import { accounts, memberships, people, roleAssignments } from '../../src/server/platform/db/schema/index';
import type { Db } from '../../src/server/platform/db/client';
import { hashPassword } from '../../src/server/areas/auth/passwords';
import { PASSWORD, type Park } from './fixtures';

let hashed: Promise<string> | undefined;

/**
 * Adds a Party member (a staff person of school A or B with a membership in that school's branch)
 * to a park built by buildPark, optionally with an account holding the member role.
 */
export async function addMember(
  db: Db,
  park: Park,
  opts: {
    number: string;
    name: string;
    school: 'A' | 'B';
    joinedOn: string;
    status?: 'probationary' | 'full';
    fullOn?: string | null;
    duesBaseFen?: number | null;
    duesGroup?: string;
    withAccount?: boolean;
  },
): Promise<{ personId: string; accountId: string | null }> {
  const [p] = await db
    .insert(people)
    .values({
      parkId: park.parkId,
      kind: 'staff',
      number: opts.number,
      name: opts.name,
      schoolId: park.nodes[`school${opts.school}`]!.id,
      unitId: park.nodes[`dept${opts.school}`]!.id,
    })
    .returning({ id: people.id });
  await db.insert(memberships).values({
    parkId: park.parkId,
    personId: p!.id,
    status: opts.status ?? 'full',
    branchId: park.nodes[`branch${opts.school}`]!.id,
    joinedOn: opts.joinedOn,
    fullOn: opts.fullOn === undefined ? null : opts.fullOn,
    duesBaseFen: opts.duesBaseFen ?? null,
    duesGroup: opts.duesGroup ?? 'working',
  });
  let accountId: string | null = null;
  if (opts.withAccount) {
    const [a] = await db
      .insert(accounts)
      .values({
        parkId: park.parkId,
        username: opts.number.toLowerCase(),
        displayName: opts.name,
        personId: p!.id,
        passwordHash: await (hashed ??= hashPassword(PASSWORD)),
      })
      .returning({ id: accounts.id });
    accountId = a!.id;
    await db.insert(roleAssignments).values({
      parkId: park.parkId,
      accountId,
      role: 'member',
      scopeNodeId: park.nodes[`branch${opts.school}`]!.id,
    });
  }
  return { personId: p!.id, accountId };
}

/** PNG width and height from the IHDR chunk. */
export function pngSize(buf: Buffer): { width: number; height: number } {
  if (buf.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** How varied a PNG's (inflated, filtered) pixel data is: a blank image gives a handful of byte values. */
export async function pngVariety(buf: Buffer): Promise<{ rawBytes: number; distinctBytes: number }> {
  const { inflateSync } = await import('node:zlib');
  const parts: Buffer[] = [];
  let off = 8;
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.subarray(off + 4, off + 8).toString('ascii');
    if (type === 'IDAT') parts.push(buf.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(parts));
  return { rawBytes: raw.length, distinctBytes: new Set(raw).size };
}

/**
 * The text of a PDF: poppler's pdftotext when installed (apt-get install poppler-utils), else a small
 * parser for what pdf-lib writes (hex-string Tj operators mapped through each font's ToUnicode CMap).
 */
export async function pdfText(pdf: Buffer): Promise<string> {
  const { execFileSync } = await import('node:child_process');
  try {
    return execFileSync('pdftotext', ['-layout', '-', '-'], {
      input: pdf,
      stdio: ['pipe', 'pipe', 'ignore'],
    }).toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const { PDFArray, PDFDict, PDFDocument, PDFName, decodePDFRawStream } = await import('pdf-lib');
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const decode = (s: unknown) => new TextDecoder().decode(decodePDFRawStream(s as never).decode());
  const utf16 = (hex: string) =>
    String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  const lines: string[] = [];
  for (const page of doc.getPages()) {
    const maps = new Map<string, Map<number, string>>();
    const fonts = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
    for (const [name, ref] of fonts?.entries() ?? []) {
      const font = doc.context.lookup(ref, PDFDict);
      const cmap = decode(font.lookup(PDFName.of('ToUnicode')));
      const map = new Map<number, string>();
      for (const block of cmap.match(/beginbfchar([\s\S]*?)endbfchar/g) ?? []) {
        for (const m of block.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
          map.set(parseInt(m[1]!, 16), utf16(m[2]!));
      }
      for (const block of cmap.match(/beginbfrange([\s\S]*?)endbfrange/g) ?? []) {
        for (const m of block.matchAll(
          /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])/g,
        )) {
          const lo = parseInt(m[1]!, 16);
          const hi = parseInt(m[2]!, 16);
          const dst = m[3]!;
          if (dst.startsWith('[')) {
            [...dst.matchAll(/<([0-9a-fA-F]+)>/g)].forEach((d, i) => map.set(lo + i, utf16(d[1]!)));
          } else {
            const base = parseInt(dst.slice(1, -1), 16);
            for (let g = lo; g <= hi; g++) map.set(g, String.fromCharCode(base + g - lo));
          }
        }
      }
      maps.set(name.asString(), map);
    }
    const contents = page.node.Contents();
    const streams =
      contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
    let current = new Map<number, string>();
    for (const st of streams) {
      const ops = decode(st);
      for (const m of ops.matchAll(/(\/[^\s/]+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>\s*Tj/g)) {
        if (m[1]) current = maps.get(m[1]) ?? new Map();
        else lines.push((m[2]!.match(/.{4}/g) ?? []).map((h) => current.get(parseInt(h, 16)) ?? '').join(''));
      }
    }
  }
  return lines.join('\n');
}
