import { describe, expect, it } from 'vitest';
import { idCheckChar, parseIdNumber, parseMobile } from './idNumber';

/** Builds a valid ID number from its parts (test helper). */
const makeId = (region: string, birth: string, seq: string) => {
  const first17 = region + birth + seq;
  return first17 + idCheckChar(first17);
};

describe('parseIdNumber', () => {
  it('accepts the published GB 11643 example with an X check digit', () => {
    expect(parseIdNumber('11010519491231002X')).toEqual({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'female',
    });
  });

  it('normalises a lower-case x and stray spaces', () => {
    const r = parseIdNumber(' 110105 19491231002x ');
    expect(r).toMatchObject({ ok: true, value: '11010519491231002X' });
  });

  it('extracts a male gender from an odd 17th digit', () => {
    const id = makeId('310101', '20080315', '123');
    expect(parseIdNumber(id)).toMatchObject({ ok: true, birthDate: '2008-03-15', gender: 'male' });
  });

  it('accepts 29 February in a leap year and refuses it otherwise', () => {
    expect(parseIdNumber(makeId('310101', '20080229', '002'))).toMatchObject({ ok: true });
    expect(parseIdNumber(makeId('310101', '20090229', '002'))).toEqual({
      ok: false,
      message: '身份证号中的出生日期不是有效日期',
    });
  });

  it('refuses a wrong check digit', () => {
    const id = makeId('310101', '19900101', '123');
    const wrong = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    expect(parseIdNumber(wrong)).toEqual({ ok: false, message: '身份证号校验位不正确，请核对' });
  });

  it('refuses the wrong length, letters and an impossible month', () => {
    expect(parseIdNumber('31010119900101123')).toMatchObject({ ok: false, message: '身份证号应为 18 位' });
    expect(parseIdNumber('3101011990010112A4')).toMatchObject({ ok: false });
    expect(parseIdNumber(makeId('310101', '19901301', '123'))).toMatchObject({
      ok: false,
      message: '身份证号中的出生日期不是有效日期',
    });
    expect(parseIdNumber(makeId('010101', '19900101', '123'))).toMatchObject({
      ok: false,
      message: '身份证号的地区码不正确',
    });
  });

  it('refuses a birth date after today', () => {
    const id = makeId('310101', '20300101', '123');
    expect(parseIdNumber(id, '2026-05-01')).toEqual({ ok: false, message: '身份证号中的出生日期晚于今天' });
  });
});

describe('parseMobile', () => {
  it('accepts 11 digits starting 13–19, with separators and +86', () => {
    expect(parseMobile('13812345678')).toEqual({ ok: true, value: '13812345678' });
    expect(parseMobile('+86 138-1234-5678')).toEqual({ ok: true, value: '13812345678' });
    expect(parseMobile('8619912345678')).toEqual({ ok: true, value: '19912345678' });
  });
  it('refuses landlines, short numbers and letters with Chinese messages', () => {
    expect(parseMobile('12812345678')).toEqual({ ok: false, message: '手机号格式不正确，应以 13–19 开头' });
    expect(parseMobile('1381234567')).toEqual({ ok: false, message: '手机号应为 11 位数字' });
    expect(parseMobile('138abc45678')).toEqual({ ok: false, message: '手机号只能包含数字' });
  });
});
