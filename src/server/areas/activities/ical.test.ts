import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine, formatUtc, unfold } from './ical';

describe('iCalendar writer', () => {
  it('escapes TEXT values', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });
  it('formats instants in UTC', () => {
    expect(formatUtc(new Date('2026-05-01T08:30:00+08:00'))).toBe('20260501T003000Z');
  });
  it('folds long lines at 75 octets without splitting a character', () => {
    const line = 'SUMMARY:' + '学习贯彻党的二十大精神'.repeat(5);
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    for (const p of parts.slice(1)) expect(p.startsWith(' ')).toBe(true);
    expect(unfold(folded + '\r\n')).toEqual([line]);
  });
  it('builds a calendar with events', () => {
    const text = buildCalendar({
      name: '张三的党建活动',
      prodId: '-//test//EN',
      now: new Date('2026-01-01T00:00:00Z'),
      events: [
        {
          uid: 'a1@test',
          startsAt: new Date('2026-05-01T01:00:00Z'),
          endsAt: new Date('2026-05-01T03:00:00Z'),
          summary: '主题党日, 重温入党誓词; 第一次',
          location: '三楼会议室',
          description: '第一行\n第二行',
          status: 'CONFIRMED',
        },
      ],
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    const lines = unfold(text);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines).toContain('BEGIN:VEVENT');
    expect(lines).toContain('DTSTART:20260501T010000Z');
    expect(lines).toContain('DTEND:20260501T030000Z');
    expect(lines).toContain('SUMMARY:主题党日\\, 重温入党誓词\\; 第一次');
    expect(lines).toContain('DESCRIPTION:第一行\\n第二行');
    expect(lines).toContain('DTSTAMP:20260101T000000Z');
  });
  it('gives zero-length events an hour', () => {
    const t = new Date('2026-05-01T01:00:00Z');
    const lines = unfold(
      buildCalendar({ name: 'x', prodId: 'p', events: [{ uid: 'u', startsAt: t, endsAt: t, summary: 's' }] }),
    );
    expect(lines).toContain('DTEND:20260501T020000Z');
  });
});
