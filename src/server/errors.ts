/**
 * The one error type that reaches users. `code` is stable (clients and tests key on it),
 * `message` is Chinese, `fields` maps a field path to its Chinese message.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, fields?: Record<string, string>) =>
  new AppError(400, code, message, fields);
export const unauthorized = (message = '请先登录') => new AppError(401, 'UNAUTHENTICATED', message);
export const forbidden = (message = '没有权限执行此操作') => new AppError(403, 'FORBIDDEN', message);
export const notFound = (message = '未找到该记录') => new AppError(404, 'NOT_FOUND', message);
export const conflict = (code: string, message: string, fields?: Record<string, string>) =>
  new AppError(409, code, message, fields);
export const unprocessable = (code: string, message: string, fields?: Record<string, string>) =>
  new AppError(422, code, message, fields);
export const tooMany = (message: string) => new AppError(429, 'TOO_MANY_REQUESTS', message);

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}
