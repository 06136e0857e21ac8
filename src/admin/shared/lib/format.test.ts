import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDateTime, instantOf, pickerValue, shanghaiDay, shanghaiTime } from './format';

/** Pickers show and read Asia/Shanghai wall time whatever zone the browser (here: Node) is in. */
describe('date and time pickers in the park’s zone', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati', 'Europe/Berlin']) {
    it(`in ${tz}`, () => {
      process.env.TZ = tz;
      // 14:00 in China is 06:00 UTC.
      expect(pickerValue('2026-12-01T06:00:00.000Z')!.format('YYYY-MM-DD HH:mm')).toBe('2026-12-01 14:00');
      expect(instantOf(dayjs('2026-12-01T14:00:00'))).toBe('2026-12-01T06:00:00.000Z');
      // Across the day line: 02:30 in China is the previous day in UTC.
      expect(pickerValue('2026-06-30T18:30:00Z')!.format('YYYY-MM-DD HH:mm')).toBe('2026-07-01 02:30');
      expect(instantOf(dayjs('2026-07-01T02:30:00'))).toBe('2026-06-30T18:30:00.000Z');
      expect(shanghaiDay('2026-06-30T18:30:00Z')).toBe('2026-07-01');
      expect(shanghaiTime('2026-06-30T18:30:00Z')).toBe('02:30');
      expect(formatDateTime('2026-12-01T06:00:00Z')).toBe('2026-12-01 14:00:00');
      expect(pickerValue(null)).toBeNull();
      expect(pickerValue('not a date')).toBeNull();
    });
  }
});
