import type * as ExcelJS from 'exceljs';
import { todayInShanghai } from '../../../common/dates';
import { AppError, unprocessable } from '../../errors';
import { PAYMENT_METHOD_LABELS } from './rules';
import { lazy } from '../../platform/lazy';

/** exceljs costs a third of a second to import: loaded on the first spreadsheet. */
const loadExcel = lazy(async () => (await import('exceljs')).default);

/**
 * The spreadsheet (.xlsx) of bulk entry: the template handed out, and reading a filled one into
 * rows of cell texts. No database here: commands/importEntries.ts validates and writes the rows.
 */
export const IMPORT_COLUMNS = [
  '捐款方',
  '工号/学号',
  '姓名',
  '班级',
  '金额（元）',
  '支付方式',
  '日期',
  '备注',
  '匿名',
  '监护人同意公开姓名',
] as const;
export type Column = (typeof IMPORT_COLUMNS)[number];
export const MAX_DONATION_ROWS = 5000;

export async function donationTemplate(): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  const ws = wb.addWorksheet('捐款登记');
  ws.addRow([...IMPORT_COLUMNS]);
  ws.getRow(1).font = { bold: true };
  ws.addRow(['个人', 'T0001', '张三', '', '100', '微信', todayInShanghai(), '', '否', '']);
  ws.addRow(['个人', 'S0001', '李四', '', '20', '现金', todayInShanghai(), '', '否', '否']);
  ws.addRow(['班级', '', '', '2025级1班', '356.50', '现金', todayInShanghai(), '班级集体捐款', '否', '']);
  ws.columns.forEach((c, i) => (c.width = [10, 14, 12, 20, 12, 10, 12, 24, 8, 18][i]));
  const notes = wb.addWorksheet('填写说明');
  for (const line of [
    '捐款方：填“个人”或“班级”。个人须填工号/学号（姓名用于核对）；班级须填班级全称。',
    '金额：单位为元，最多两位小数，须大于零。',
    `支付方式：${Object.values(PAYMENT_METHOD_LABELS).join('、')}（不填为现金）。`,
    '日期：YYYY-MM-DD，不填为今天，不能晚于今天。',
    '匿名：填“是”则在公开致谢名单中不显示姓名（教职工、学生均可逐笔选择）。',
    '监护人同意公开姓名：仅对学生有效。学生姓名在公开致谢名单中默认部分隐去（如“白*嘉”）；已取得监护人同意的填“是”，则显示全名。教职工、班级不填。',
    '导入前会逐行校验；只要有一行有误，整个文件都不会写入。登记后的记录不能修改，只能冲正。',
    '删除示例行后再填写。',
  ])
    notes.addRow([line]);
  notes.getColumn(1).width = 90;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText))
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('result' in value) return cellText((value as { result?: ExcelJS.CellValue }).result);
    if ('text' in value && typeof value.text === 'string') return value.text.trim();
  }
  return String(value).trim();
}

export interface ParsedRow {
  row: number;
  cells: Record<Column, string>;
}

export async function readSheet(buffer: Buffer): Promise<ParsedRow[]> {
  if (buffer.length < 4 || buffer[0] !== 0x50 || buffer[1] !== 0x4b) {
    throw new AppError(415, 'UNSUPPORTED_FILE_TYPE', '只支持 .xlsx 文件，请使用下载的模板');
  }
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw unprocessable('INVALID_FILE', '无法读取该文件，文件可能已损坏，请使用下载的模板');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw unprocessable('INVALID_FILE', '文件中没有工作表');
  const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(cellText);
  const index = new Map<Column, number>();
  for (const col of IMPORT_COLUMNS) {
    const i = header.findIndex((h) => h === col || h.replace(/[（(].*$/, '') === col.replace(/[（(].*$/, ''));
    if (i >= 0) index.set(col, i + 1);
  }
  const missing = ['金额（元）'].filter((c) => !index.has(c as Column));
  if (missing.length || (!index.has('工号/学号') && !index.has('班级'))) {
    throw unprocessable('INVALID_HEADER', `表头不正确：应为 ${IMPORT_COLUMNS.join('、')}，请使用下载的模板`);
  }
  const rows: ParsedRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, number) => {
    if (number === 1) return;
    const cells = Object.fromEntries(
      IMPORT_COLUMNS.map((c) => [c, index.has(c) ? cellText(row.getCell(index.get(c)!).value) : '']),
    ) as Record<Column, string>;
    if (Object.values(cells).every((v) => v === '')) return;
    rows.push({ row: number, cells });
  });
  if (rows.length > MAX_DONATION_ROWS) {
    throw unprocessable('TOO_MANY_ROWS', `一次最多导入 ${MAX_DONATION_ROWS} 行，请拆分后分批导入`);
  }
  return rows;
}
