import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorBody } from '../../errors';
import { ServerBusyError } from '../load';
import { inputDbError, redactedDbError } from '../db/errors';

/**
 * The one error format of the API, whoever refused the request: our code (AppError), the
 * contracts (zod → 400 VALIDATION_FAILED with `fields`), Fastify and its plugins (a bad URL, a
 * body that is not JSON, a wrong content type, a broken multipart body), or the database (a value
 * it cannot store). Every answer is `{ error: { code, message } }` with a stable UPPER_SNAKE code
 * and a Chinese message; only a fault of ours is a 500, and a 500 never carries a stack. A
 * database error is logged redacted: code, constraint, table and SQL text, never the parameters.
 */

const send = (reply: FastifyReply, status: number, code: string, message: string) => {
  const body: ErrorBody = { error: { code, message } };
  return reply.status(status).send(body);
};

/** Fastify's and @fastify/multipart's codes for a request it could not take, with our words. */
const FRAMEWORK: Record<string, { status?: number; code: string; message: string }> = {
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_URL', message: '网址格式不正确' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG', message: '网址中的参数过长' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'BAD_REQUEST', message: '请求有误' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: '不支持的内容类型',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_REQUEST', message: '请求的内容长度不正确' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'INVALID_JSON', message: '请求内容为空，应为 JSON' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'INVALID_JSON', message: '请求内容不是有效的 JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: '提交的内容或文件过大' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: '提交的内容或文件过大' },
  FST_PARTS_LIMIT: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: '提交的内容或文件过大' },
  FST_FILES_LIMIT: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: '一次只能上传一个文件' },
  FST_FIELDS_LIMIT: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: '提交的表单字段过多' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: '请以 multipart/form-data 上传文件（字段名 file）',
  },
  FST_PROTO_VIOLATION: {
    status: 400,
    code: 'INVALID_UPLOAD',
    message: '上传的内容无法读取，请重新选择文件上传',
  },
};

/** A 4xx without a code of its own: its status in words. */
const BY_STATUS: Record<number, { code: string; message: string }> = {
  400: { code: 'BAD_REQUEST', message: '请求有误' },
  404: { code: 'NOT_FOUND', message: '接口不存在' },
  405: { code: 'METHOD_NOT_ALLOWED', message: '不支持该请求方法' },
  406: { code: 'NOT_ACCEPTABLE', message: '无法提供所要求的内容格式' },
  408: { code: 'REQUEST_TIMEOUT', message: '请求超时，请重试' },
  411: { code: 'LENGTH_REQUIRED', message: '请求缺少内容长度' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: '提交的内容或文件过大' },
  414: { code: 'URI_TOO_LONG', message: '网址过长' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型' },
  429: { code: 'TOO_MANY_REQUESTS', message: '请求过于频繁，请稍后再试' },
  431: { code: 'HEADERS_TOO_LARGE', message: '请求头过大' },
};

function appErrorIn(err: unknown): AppError | null {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof AppError) return e;
  }
  return null;
}

const BUSY_PAGE =
  '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>服务器繁忙</title>' +
  '<p style="font:16px/1.6 sans-serif;margin:3em auto;max-width:30em">访问的人较多，服务器繁忙，请稍后刷新页面。</p></html>';

/** The error handler of the whole app (app.ts installs it on the root). */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  // drizzle wraps what a query threw, our own refusals (load.ts: busy, client gone) included.
  const ours = appErrorIn(err);
  if (ours instanceof ServerBusyError) {
    reply.header('retry-after', String(ours.retryAfter));
    if (!req.url.startsWith('/api/')) {
      return reply.status(503).type('text/html; charset=utf-8').send(BUSY_PAGE);
    }
  }
  if (ours) {
    const body: ErrorBody = { error: { code: ours.code, message: ours.message } };
    if (ours.fields) body.error.fields = ours.fields;
    return reply.status(ours.status).send(body);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields: Record<string, string> = {};
    for (const v of err.validation) {
      const key = v.instancePath.replace(/^\//, '').replace(/\//g, '.') || err.validationContext || 'request';
      fields[key] ??= v.message ?? '格式不正确';
    }
    const where =
      err.validationContext === 'querystring'
        ? '查询参数'
        : err.validationContext === 'params'
          ? '网址参数'
          : '提交的内容';
    const body: ErrorBody = {
      error: { code: 'VALIDATION_FAILED', message: `${where}有误，请检查后重试`, fields },
    };
    return reply.status(400).send(body);
  }
  if (isResponseSerializationError(err)) return internal(err, req, reply);

  const known = err.code ? FRAMEWORK[err.code] : undefined;
  if (known) return send(reply, known.status ?? err.statusCode ?? 400, known.code, known.message);

  const db = inputDbError(err);
  if (db) {
    // A contract let a value through that the database refused: worth knowing, not a fault.
    req.log.warn({ err: redactedDbError(err) }, 'database refused a request value');
    return send(reply, db.status, db.code, db.message);
  }

  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // JSON.parse's SyntaxError (and secure-json-parse's prototype-poisoning refusal) carry 400.
    if (/JSON/.test(err.code ?? '') || err.name === 'SyntaxError')
      return send(reply, 400, 'INVALID_JSON', '请求内容不是有效的 JSON');
    const byStatus = BY_STATUS[status] ?? BY_STATUS[400]!;
    return send(reply, status, byStatus.code, byStatus.message);
  }
  return internal(err, req, reply);
}

function internal(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  req.log.error({ err: redactedDbError(err) ?? err }, 'request failed');
  return send(reply, 500, 'INTERNAL', '服务器内部错误，请稍后重试');
}

/**
 * Fastify's `frameworkErrors` option: what it refuses before any route is found (a URL that does
 * not decode, such as %ff%fe; a path parameter over the length limit) is answered in the same
 * format. No hook has run: no session is known, so no 401 can come first.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  return errorHandler(err, req, reply);
}

/**
 * Fastify's `clientErrorHandler` option: what Node's HTTP parser refuses before Fastify sees a
 * request (headers or a URL over 16 KB → 431, a malformed request line → 400) is written to the
 * socket in the same format, instead of Fastify's English default.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket) {
  if (!socket.writable) return socket.destroy();
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const { code, message } = BY_STATUS[status]!;
  const body = JSON.stringify({ error: { code, message } } satisfies ErrorBody);
  const reason = tooLarge
    ? 'Request Header Fields Too Large'
    : status === 408
      ? 'Request Timeout'
      : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
