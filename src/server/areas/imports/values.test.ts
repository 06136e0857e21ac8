import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { idNumberCellText, parseDateCell, parseGender, parseYesNo } from './values';

const text = (t: string) => ({ text: t, numeric: false });
const num = (n: number) => ({ text: String(n), numeric: true });

describe('parseCsv', () => {
  it('reads quoted fields with separators, quotes and line breaks, and numbers records', () => {
    const csv = '\ufeff学号,姓名,备注\r\nS1,"张,三","说""好""\n第二行"\nS2,李四,\n';
    expect(parseCsv(csv)).toEqual([
      { number: 1, cells: ['学号', '姓名', '备注'] },
      { number: 2, cells: ['S1', '张,三', '说"好"\n第二行'] },
      { number: 3, cells: ['S2', '李四', ''] },
    ]);
  });
  it('keeps long digit strings as text and accepts semicolons', () => {
    expect(parseCsv('a;b\r110105194912310020;x')).toEqual([
      { number: 1, cells: ['a', 'b'] },
      { number: 2, cells: ['110105194912310020', 'x'] },
    ]);
  });
  it('throws on an unterminated quote', () => {
    expect(() => parseCsv('a,b\n"x,y\n')).toThrow();
  });
});

describe('cell values', () => {
  it('reads dates in the usual Chinese spellings and Excel serials', () => {
    for (const t of ['2008-03-15', '2008/3/15', '2008.3.15', '2008年3月15日', '20080315'])
      expect(parseDateCell(text(t))).toEqual({ ok: true, value: '2008-03-15' });
    expect(parseDateCell(num(39522))).toEqual({ ok: true, value: '2008-03-15' });
    expect(parseDateCell(text(''))).toEqual({ ok: true, value: null });
    expect(parseDateCell(text('2008-02-30'))).toMatchObject({ ok: false });
    expect(parseDateCell(text('明天'))).toEqual({ ok: false, message: '日期格式不正确，应如 2008-03-15' });
  });
  it('reads 是/否 and 男/女', () => {
    expect(parseYesNo(text('是'))).toEqual({ ok: true, value: true });
    expect(parseYesNo(text(''))).toEqual({ ok: true, value: false });
    expect(parseYesNo(text('maybe'))).toMatchObject({ ok: false });
    expect(parseGender(text('女'))).toEqual({ ok: true, value: 'female' });
    expect(parseGender(text('M'))).toEqual({ ok: true, value: 'male' });
    expect(parseGender(text('?'))).toMatchObject({ ok: false });
  });
  it('explains ID numbers that Excel mangled', () => {
    expect(idNumberCellText(text('1.10105E+17'))).toMatchObject({ ok: false });
    expect(idNumberCellText(num(110105194912310000))).toMatchObject({ ok: false });
    expect(idNumberCellText(text('11010519491231002X'))).toEqual({ ok: true, value: '11010519491231002X' });
  });
});
