import { describe, expect, it } from 'vitest';
import { fileNameFrom } from './useDownload';

const star = (name: string) => `UTF-8''${encodeURIComponent(name)}`;

describe('the saved name of a download', () => {
  it("takes the server's header apart: filename* (RFC 5987) over the ASCII filename", () => {
    // What src/server/platform/http/files.ts contentDisposition() writes.
    expect(fileNameFrom(`attachment; filename="____.xlsx"; filename*=${star('人员名单.xlsx')}`, 'x')).toBe(
      '人员名单.xlsx',
    );
    expect(fileNameFrom(`inline; filename*=${star('简讯第3期 (终稿).docx')}`, 'x')).toBe(
      '简讯第3期 (终稿).docx',
    );
    // Case and spacing of the parameter names do not matter; the language tag is skipped.
    expect(fileNameFrom(`attachment; FILENAME* = utf-8'zh-CN'${encodeURIComponent('党费.xlsx')}`, 'x')).toBe(
      '党费.xlsx',
    );
  });

  it('falls back to the plain filename, quoted or not, with escapes undone', () => {
    expect(fileNameFrom('attachment; filename="staff-template.csv"', 'x')).toBe('staff-template.csv');
    expect(fileNameFrom('attachment; filename=report.pdf', 'x')).toBe('report.pdf');
    expect(fileNameFrom('attachment; filename="a \\"quoted\\" name.txt"', 'x')).toBe('a "quoted" name.txt');
    expect(fileNameFrom('attachment; filename="a;b.txt"', 'x')).toBe('a;b.txt');
    // A malformed or non-UTF-8 filename* gives way to the plain one.
    expect(fileNameFrom(`attachment; filename="plain.xlsx"; filename*=UTF-8''%E4%ZZ.xlsx`, 'x')).toBe(
      'plain.xlsx',
    );
    expect(fileNameFrom(`attachment; filename="plain.xlsx"; filename*=ISO-8859-1''%E9t%E9.xlsx`, 'x')).toBe(
      'plain.xlsx',
    );
  });

  it('uses the fallback when there is no usable name, and never a path', () => {
    expect(fileNameFrom(null, 'fallback.xlsx')).toBe('fallback.xlsx');
    expect(fileNameFrom('', 'fallback.xlsx')).toBe('fallback.xlsx');
    expect(fileNameFrom('attachment', 'fallback.xlsx')).toBe('fallback.xlsx');
    expect(fileNameFrom('attachment; filename=""', 'fallback.xlsx')).toBe('fallback.xlsx');
    expect(fileNameFrom(`attachment; filename*=${star('../../etc/passwd')}`, 'x')).toBe('passwd');
    expect(fileNameFrom('attachment; filename="C:\\\\temp\\\\a.txt"', 'x')).toBe('a.txt');
  });
});
