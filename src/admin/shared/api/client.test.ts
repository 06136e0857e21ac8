import { describe, expect, it } from 'vitest';
import { ApiError, buildQuery, fileNameFrom, isRedirectError, toApiError } from './client';

describe('api client helpers', () => {
  it('builds a query string, leaving out empty values', () => {
    expect(buildQuery({ q: '张三', page: 2, isCadre: false, schoolId: '', unitId: null, x: undefined })).toBe(
      '?q=%E5%BC%A0%E4%B8%89&page=2&isCadre=false',
    );
    expect(buildQuery({})).toBe('');
    expect(buildQuery()).toBe('');
  });

  it("turns the API's error body into an ApiError with code, message and fields", () => {
    const e = toApiError(400, {
      error: {
        code: 'VALIDATION_FAILED',
        message: '提交的内容有误',
        fields: { phone: '手机号应为 11 位数字' },
      },
    });
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: '提交的内容有误' });
    expect(e.fields).toEqual({ phone: '手机号应为 11 位数字' });
  });

  it('falls back to a Chinese message by status when the body is not the error shape', () => {
    expect(toApiError(502, null)).toMatchObject({ code: 'HTTP_502', message: '服务器内部错误，请稍后重试' });
    expect(toApiError(429, 'nope').message).toBe('操作过于频繁，请稍后再试');
    expect(toApiError(418, {}).message).toBe('操作失败，请稍后重试');
  });

  it('recognises the errors that only mean "go to login / change password"', () => {
    expect(isRedirectError(new ApiError(401, 'UNAUTHENTICATED', '请先登录'))).toBe(true);
    expect(isRedirectError(new ApiError(403, 'PASSWORD_CHANGE_REQUIRED', '请先修改初始密码'))).toBe(true);
    expect(isRedirectError(new ApiError(401, 'INVALID_CREDENTIALS', '账号或密码不正确'))).toBe(false);
    expect(isRedirectError(new Error('x'))).toBe(false);
  });

  it('reads the download file name from Content-Disposition, preferring filename*', () => {
    expect(
      fileNameFrom(
        `attachment; filename="people.xlsx"; filename*=UTF-8''${encodeURIComponent('人员名单.xlsx')}`,
        'x',
      ),
    ).toBe('人员名单.xlsx');
    expect(fileNameFrom('attachment; filename="staff-template.csv"', 'x')).toBe('staff-template.csv');
    expect(fileNameFrom(null, 'fallback.xlsx')).toBe('fallback.xlsx');
  });
});
