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
