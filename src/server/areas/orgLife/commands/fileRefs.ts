import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { mediaFiles, type FileRef } from '../../../platform/db/schema/index';
import { unprocessable } from '../../../errors';

/**
 * Photos and attachments refer to files uploaded through the media endpoints of the same park:
 * checked here, before a symposium or a meeting record keeps the reference.
 */
export async function assertFileRefs(
  db: Db,
  parkId: string,
  refs: readonly FileRef[] | undefined,
  field: string,
) {
  const ids = [...new Set((refs ?? []).map((r) => r.mediaId).filter((id): id is string => id !== null))];
  if (!ids.length) return;
  const found = await db
    .select({ id: mediaFiles.id })
    .from(mediaFiles)
    .where(and(eq(mediaFiles.parkId, parkId), inArray(mediaFiles.id, ids)));
  const known = new Set(found.map((f) => f.id));
  const fields: Record<string, string> = {};
  (refs ?? []).forEach((r, i) => {
    if (r.mediaId && !known.has(r.mediaId)) fields[`${field}.${i}.mediaId`] = '找不到该文件，请重新上传';
  });
  if (Object.keys(fields).length) throw unprocessable('FILE_NOT_FOUND', '有文件找不到，请重新上传', fields);
}
