import { describe, expect, it } from 'vitest';
import { maskName, publicName } from './privacy';

describe('maskName', () => {
  it('keeps the first and last character of three or more, masks the rest', () => {
    expect(maskName('白某嘉')).toBe('白*嘉');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('阿依古丽·买买提')).toBe('阿******提');
  });

  it('keeps only the first of two, and hides a single character', () => {
    expect(maskName('白嘉')).toBe('白*');
    expect(maskName('白')).toBe('*');
    expect(maskName('')).toBe('');
    expect(maskName('  白某嘉  ')).toBe('白*嘉');
  });

  it('counts characters, not UTF-16 units', () => {
    // 𠮷 is outside the BMP (two UTF-16 units): it stays one character, whole or masked.
    expect(maskName('𠮷野家')).toBe('𠮷*家');
    expect(maskName('李𠮷')).toBe('李*');
  });
});

describe('publicName', () => {
  it('masks a student without guardian consent', () => {
    expect(publicName({ name: '白某嘉', kind: 'student' })).toBe('白*嘉');
    expect(publicName({ name: '白某嘉', kind: 'student', guardianConsent: false })).toBe('白*嘉');
    expect(publicName({ name: '白某嘉', kind: 'student', guardianConsent: null })).toBe('白*嘉');
  });

  it('shows a student in full with guardian consent', () => {
    expect(publicName({ name: '白某嘉', kind: 'student', guardianConsent: true })).toBe('白某嘉');
  });

  it('shows staff and collectives as they are', () => {
    expect(publicName({ name: '张老师', kind: 'staff' })).toBe('张老师');
    expect(publicName({ name: '2025级1班', kind: null })).toBe('2025级1班');
    expect(publicName({ name: '2025级1班' })).toBe('2025级1班');
  });
});
