import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, badRequest } from '../../errors';

/** A Content-Disposition value that keeps a Chinese file name (RFC 6266 / 5987). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Sends a generated file (an export, a card, a ledger), never cached: it holds personal data. */
export function sendFile(
  reply: FastifyReply,
  f: { type: string; fileName: string; body: Buffer | string; disposition?: 'inline' | 'attachment' },
) {
  return reply
    .header('content-type', f.type)
    .header('content-disposition', contentDisposition(f.disposition ?? 'attachment', f.fileName))
    .header('cache-control', 'no-store')
    .send(f.body);
}

export interface Upload {
  fileName: string;
  buffer: Buffer;
}

const tooLarge = (maxBytes: number) =>
  new AppError(413, 'PAYLOAD_TOO_LARGE', `文件不能超过 ${Math.round(maxBytes / 1024 / 1024)} MB`);

/**
 * Reads the one file of a multipart upload (field `file`) into memory, with the same errors
 * everywhere: 415 when the request is not multipart, 400 when no file came, 413 past `maxBytes`.
 */
export async function readUpload(req: FastifyRequest, maxBytes: number): Promise<Upload> {
  if (!req.isMultipart())
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件（字段名 file）');
  let file;
  try {
    file = await req.file({ limits: { fileSize: maxBytes, files: 1 } });
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    throw badRequest('INVALID_UPLOAD', '上传的内容无法读取，请重新选择文件上传');
  }
  if (!file || file.fieldname !== 'file')
    throw badRequest('FILE_REQUIRED', '请选择要上传的文件', { file: '请选择文件' });
  try {
    return { fileName: file.filename || 'upload', buffer: await file.toBuffer() };
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    throw badRequest('INVALID_UPLOAD', '上传中断或内容不完整，请重新上传');
  }
}
