import { z } from 'zod';
import { isIsoDate } from './dates';

/**
 * The zod primitives every contract is built from (src/common/contracts/<area>.ts), so that an id,
 * a calendar day, a piece of text or a page of results is checked, worded and documented the same
 * way on every route. No IO: the console imports these too.
 */

/** An id (UUID) of a record; `label` names it in the Chinese message. */
export const id = (label = '编号') => z.string().uuid(`${label}格式不正确`);

/** `{ id }` route parameters. */
export const idParams = z.object({ id: id() });

/**
 * A real calendar day 'YYYY-MM-DD' (2025-02-31, 2026-13-01 and 0000-00-00 are refused), in
 * Asia/Shanghai terms. `message` replaces the wording where a page has always shown its own.
 */
export const day = (label = '日期', message?: string) =>
  z.string(message ?? `请填写${label}`).refine(isIsoDate, message ?? `${label}应为有效日期（YYYY-MM-DD）`);

/**
 * An instant, as an ISO 8601 string with a time zone (`local: true` also takes one without, read in
 * the server's zone, as the console's date pickers send it). The day must exist (2026-02-30 is
 * refused, where Date.parse would roll it into March) and the year be one PostgreSQL stores (≥ 1).
 */
export const instant = (label = '时间', opts: { local?: boolean } = {}) =>
  z.iso
    .datetime({ offset: true, local: opts.local ?? false, message: `${label}格式不正确` })
    .refine((v) => isIsoDate(v.slice(0, 10)), `${label}格式不正确`);

/** A calendar year the Party's records can hold. */
export const year = (label = '年份') =>
  z.coerce
    .number(`${label}应为数字`)
    .int(`${label}应为整数`)
    .min(1921, `${label}不能早于 1921 年`)
    .max(2200, `${label}不正确`);

/** A month 1–12. */
export const month = (label = '月份') =>
  z.coerce
    .number(`${label}应为数字`)
    .int(`${label}应为整数`)
    .min(1, `${label}为 1–12`)
    .max(12, `${label}为 1–12`);

// Control characters other than tab and line breaks have no place in anything a person types, and
// PostgreSQL cannot store NUL at all: every string a request carries is checked here, by the
// primitives below, before it can reach the database.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Required text: trimmed, 1..max characters, no control characters. `required` replaces the
 * "请填写…" wording where a form has always said "请输入…".
 */
export const text = (label: string, max: number, required = `请填写${label}`) =>
  z
    .string(required)
    .trim()
    .min(1, required)
    .max(max, `${label}不能超过 ${max} 个字`)
    .refine((s) => !CONTROL.test(s), `${label}含有不可见的控制字符`);

/** Optional text: trimmed, ≤ max characters; null or absent when not given. */
export const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label}不能超过 ${max} 个字`)
    .refine((s) => !CONTROL.test(s), `${label}含有不可见的控制字符`)
    .nullable()
    .optional();

/**
 * A string kept exactly as sent (not trimmed): passwords, tokens, HTML bodies; ≤ max characters, no
 * control characters.
 */
export const rawText = (label: string, max: number) =>
  z
    .string(`请填写${label}`)
    .max(max, `${label}不能超过 ${max} 个字符`)
    .refine((s) => !CONTROL.test(s), `${label}含有不可见的控制字符`);

/** Search words (a list's `q` and other free-text filters): trimmed, ≤ max, no control characters. */
export const searchText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label}不能超过 ${max} 个字`)
    .refine((s) => !CONTROL.test(s), `${label}含有不可见的控制字符`);

/** A boolean in a query string ('true' | 'false'). */
export const queryBool = z.enum(['true', 'false'], '只能是 true 或 false').transform((v) => v === 'true');

/** Paging in a query string. */
export const pageQuery = z.object({
  page: z.coerce.number('页码应为数字').int('页码须为正整数').min(1, '页码从 1 开始').max(100_000).default(1),
  pageSize: z.coerce.number('每页条数应为数字').int().min(1).max(100, '每页最多 100 条').default(20),
});
export type PageQuery = z.infer<typeof pageQuery>;

/** One page of a list. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });

/** A list that is never paged (small, bounded lists such as a cohort's lectures). */
export const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** Replies of writes that return nothing else. */
export const ok = z.object({ ok: z.literal(true) });

/** A file download (the body is the file itself; its type is in Content-Type). */
export const file = z.string().describe('文件内容（二进制）');

/** Money as integer fen (分). */
export const fen = z.number().int();

/** 204 No Content. */
export const noContent = z.null().describe('无内容');
