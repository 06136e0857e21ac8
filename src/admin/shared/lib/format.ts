import dayjs, { type Dayjs } from 'dayjs';
import { localeTag } from '../../locales';

const TZ = 'Asia/Shanghai';
const dateTimeFmt = new Intl.DateTimeFormat(localeTag, {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** An instant (ISO string) shown in Asia/Shanghai as 2024-05-01 08:30:00. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(dateTimeFmt.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour === '24' ? '00' : parts.hour}:${parts.minute}:${parts.second}`;
}

/** A calendar day ('YYYY-MM-DD') as is; anything else empty. */
export const formatDate = (d: string | null | undefined) => (d ? d.slice(0, 10) : '');

export const fenToYuan = (fen: number | null | undefined) =>
  fen === null || fen === undefined ? null : Math.round(fen) / 100;
export const yuanToFen = (yuan: number | null | undefined) =>
  yuan === null || yuan === undefined ? null : Math.round(yuan * 100);

/**
 * Date and time pickers in the park's zone, whatever the browser's. A picker value is a wall time:
 * it shows and edits the fields it holds in the browser's own zone. So an instant goes in as the
 * Asia/Shanghai wall time it has, and a picked value comes out read as Asia/Shanghai wall time
 * (a browser set to UTC showed an activity saved at 14:00 as 22:00). Shanghai's offset has been a
 * fixed +08:00 since 1991 (no summer time), so the conversion is arithmetic.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The Asia/Shanghai wall time of an instant, 'YYYY-MM-DDTHH:mm:ss'. */
const wallTime = (instant: Date) =>
  new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19);

/** An instant (ISO) as a picker value showing its Asia/Shanghai date and time; null for none. */
export function pickerValue(iso: string | null | undefined): Dayjs | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : dayjs(wallTime(d));
}

/** Now, as a picker value (Asia/Shanghai): the default of date pickers and calendars. */
export const nowPicker = (): Dayjs => dayjs(wallTime(new Date()));

/** A picker value read as an Asia/Shanghai wall time: the instant, ISO (UTC). */
export function instantOf(v: Dayjs): string {
  return new Date(Date.parse(`${v.format('YYYY-MM-DDTHH:mm:ss.SSS')}+08:00`)).toISOString();
}

/** An instant's calendar day in Asia/Shanghai, 'YYYY-MM-DD'. */
export const shanghaiDay = (iso: string) => formatDateTime(iso).slice(0, 10);
/** An instant's time of day in Asia/Shanghai, 'HH:mm'. */
export const shanghaiTime = (iso: string) => formatDateTime(iso).slice(11, 16);
