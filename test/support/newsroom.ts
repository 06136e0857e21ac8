import zlib from 'node:zlib';
import { accounts, roleAssignments } from '../../src/server/platform/db/schema/index';
import type { Db } from '../../src/server/platform/db/client';
import { hashPassword } from '../../src/server/areas/auth/passwords';
import type { Role } from '../../src/server/access/roles';
import type { App } from '../../src/server/app';
import { asClient, type Client } from './app';
import { PASSWORD, type Park } from './fixtures';

/**
 * The newsroom's people, added to a buildPark() park: editors (park-wide and school A), two
 * reviewers, and one account that holds every portal role (to prove nobody publishes alone).
 * The fixtures' `admin` (parkAdmin) holds the general branch's sign-off (portal.signoff).
 */
export async function addNewsroom(db: Db, park: Park) {
  const hash = await hashPassword(PASSWORD);
  const ids: Record<string, string> = {};
  async function account(username: string, roles: [Role, string][]) {
    const [a] = await db
      .insert(accounts)
      .values({ parkId: park.parkId, username, displayName: username, passwordHash: hash })
      .returning({ id: accounts.id });
    ids[username] = a!.id;
    for (const [role, nodeKey] of roles) {
      await db
        .insert(roleAssignments)
        .values({ parkId: park.parkId, accountId: a!.id, role, scopeNodeId: park.nodes[nodeKey]!.id });
    }
  }
  await account('editor', [['portalEditor', 'park']]);
  await account('editorA', [['portalEditor', 'schoolA']]);
  await account('reviewer', [['portalReviewer', 'park']]);
  await account('reviewer2', [['portalReviewer', 'park']]);
  await account('chief', [
    ['portalEditor', 'park'],
    ['portalReviewer', 'park'],
    ['parkAdmin', 'park'],
  ]);
  return { ...ids, admin: park.accountIds.admin! } as Record<
    'editor' | 'editorA' | 'reviewer' | 'reviewer2' | 'chief' | 'admin',
    string
  >;
}

export async function loginAll<const N extends string>(
  app: App,
  names: readonly N[],
): Promise<Record<N, Client>> {
  const out = {} as Record<N, Client>;
  for (const n of names) out[n] = await asClient(app).login(n, PASSWORD);
  return out;
}

/** A multipart/form-data body with one file field. */
export function multipart(fileName: string, data: Buffer, contentType = 'application/octet-stream') {
  const boundary = `----cpb${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return {
    payload: Buffer.concat([head, data, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Reads one entry of a .zip (a .docx) with nothing but zlib: enough to check word/document.xml. */
export function readZipEntry(zip: Buffer, name: string): Buffer | null {
  // End of central directory record: last 22+ bytes, signature 0x06054b50.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file');
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const entryName = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    if (entryName === name) {
      const lNameLen = zip.readUInt16LE(local + 26);
      const lExtraLen = zip.readUInt16LE(local + 28);
      const start = local + 30 + lNameLen + lExtraLen;
      const data = zip.subarray(start, start + compressed);
      return method === 0 ? Buffer.from(data) : zlib.inflateRawSync(data);
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  return null;
}
