import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { checkFile, normalizeUploadError } from './useUpload';

const file = (name: string, size: number, type = '') => new File([new Uint8Array(size)], name, { type });

describe('upload checks before sending', () => {
  it('refuses with the codes the server would use', () => {
    expect(checkFile(file('a.xlsx', 10), { accept: ['.xlsx', '.csv'], maxBytes: 100 })).toBeNull();
    expect(checkFile(file('A.CSV', 10), { accept: ['.xlsx', '.csv'] })).toBeNull();
    expect(checkFile(file('p.png', 10, 'image/png'), { accept: ['image/*'] })).toBeNull();
    expect(checkFile(file('a.pdf', 10), { accept: ['.xlsx'] })).toMatchObject({
      status: 415,
      code: 'UNSUPPORTED_FILE_TYPE',
      message: '只支持 .xlsx 文件',
    });
    expect(checkFile(file('a.xlsx', 0), {})).toMatchObject({ status: 400, code: 'EMPTY_FILE' });
    expect(checkFile(file('a.xlsx', 3 * 1024 * 1024), { maxBytes: 2 * 1024 * 1024 })).toMatchObject({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: '文件不能超过 2 MB',
    });
  });

  it("gives a proxy's bare 413 the API's code and wording, and keeps the API's own errors", () => {
    const bare = new ApiError(413, 'HTTP_413', '提交的内容或文件过大');
    expect(normalizeUploadError(bare, 10 * 1024 * 1024)).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: '文件不能超过 10 MB',
    });
    expect(normalizeUploadError(bare)).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: '提交的内容或文件过大',
    });
    const own = new ApiError(422, 'INVALID_FILE', '文件中没有工作表');
    expect(normalizeUploadError(own)).toBe(own);
    expect(normalizeUploadError(new Error('boom'))).toMatchObject({ code: 'UPLOAD_FAILED', message: 'boom' });
  });
});
