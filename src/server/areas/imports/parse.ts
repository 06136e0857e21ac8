import type * as ExcelJS from 'exceljs';
import { AppError, unprocessable } from '../../errors';
import { CsvError, parseCsv } from './csv';
import { lazy } from '../../platform/lazy';

/** exceljs costs a third of a second to import: loaded on the first spreadsheet. */
const loadExcel = lazy(async () => (await import('exceljs')).default);

/**
 * Turns an uploaded file into rows of cell strings. The file's content decides how it is read
 * (an .xlsx is a ZIP archive, a .csv is text); the name's extension must agree. Nothing here
 * throws anything but an AppError, so a malformed file never becomes a 500.
 */
export interface Cell {
  text: string;
  /** The spreadsheet stored a number here (Excel keeps only 15 significant digits). */
  numeric: boolean;
}
export interface SheetRow {
  /** The row number as the user sees it in the sheet. */
  number: number;
  cells: Cell[];
}
export interface SheetData {
  format: 'xlsx' | 'csv';
  header: SheetRow;
  rows: SheetRow[];
}

export const MAX_IMPORT_ROWS = 20_000;

const unsupported = (message: string) => new AppError(415, 'UNSUPPORTED_FILE_TYPE', message);
const unreadable = (
  message = '无法读取该文件，文件可能已损坏。请使用下载的模板，保存为 .xlsx 或 .csv 后重新上传',
) => unprocessable('INVALID_FILE', message);

function startsWith(buf: Buffer, bytes: number[]) {
  return bytes.every((b, i) => buf[i] === b);
}

export function detectFormat(buf: Buffer, fileName: string): 'xlsx' | 'csv' {
  const ext = (/\.([A-Za-z0-9]+)$/.exec(fileName)?.[1] ?? '').toLowerCase();
  if (buf.length === 0) throw unprocessable('EMPTY_FILE', '上传的文件是空的');
  if (ext === 'xls' || startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0]))
    throw unsupported('不支持旧版 .xls 格式，请在 Excel 中“另存为” .xlsx 后再导入');
  if (ext !== 'xlsx' && ext !== 'csv') throw unsupported('只支持 .xlsx 或 .csv 文件，请使用下载的模板');
  const isZip = startsWith(buf, [0x50, 0x4b, 0x03, 0x04]);
  if (ext === 'xlsx') {
    if (!isZip) throw unsupported('文件内容不是 .xlsx 格式（扩展名与内容不符）');
    return 'xlsx';
  }
  const head = buf.subarray(0, 8192);
  if (isZip || head.includes(0) || startsWith(buf, [0x25, 0x50, 0x44, 0x46]))
    throw unsupported('文件内容不是 CSV 文本（扩展名与内容不符）');
  return 'csv';
}

/** UTF-8 (with or without BOM), or GB18030 as saved by Excel on Chinese Windows. */
export function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(buf);
    } catch {
      throw unreadable('无法识别 CSV 文件的文字编码，请保存为 UTF-8 或使用 .xlsx 模板');
    }
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

function cellFrom(value: ExcelJS.CellValue | undefined): Cell {
  if (value === null || value === undefined) return { text: '', numeric: false };
  if (typeof value === 'string') return { text: value.trim(), numeric: false };
  if (typeof value === 'number')
    return { text: Number.isInteger(value) ? BigInt(value).toString() : String(value), numeric: true };
  if (typeof value === 'boolean') return { text: value ? '是' : '否', numeric: false };
  if (value instanceof Date) {
    // Excel dates carry no zone; exceljs hands them over as UTC midnight.
    if (Number.isNaN(value.getTime())) return { text: '', numeric: false };
    return {
      text: `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`,
      numeric: false,
    };
  }
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText))
      return {
        text: value.richText
          .map((r) => r.text)
          .join('')
          .trim(),
        numeric: false,
      };
    if ('formula' in value || 'sharedFormula' in value)
      return cellFrom((value as { result?: ExcelJS.CellValue }).result);
    if ('text' in value && typeof value.text === 'string') return { text: value.text.trim(), numeric: false };
    if ('error' in value) return { text: '', numeric: false };
  }
  return { text: String(value).trim(), numeric: false };
}

const isBlank = (r: SheetRow) => r.cells.every((c) => c.text === '');

async function readXlsx(buf: Buffer, looksLikeHeader: (cells: string[]) => boolean): Promise<SheetData> {
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw unreadable();
  }
  const sheets = wb.worksheets;
  if (!sheets.length) throw unreadable('文件中没有工作表');
  // The sheet whose first row looks like our header; otherwise the first sheet.
  const sheet = sheets.find((ws) => looksLikeHeader(rowCells(ws.getRow(1)).map((c) => c.text))) ?? sheets[0]!;
  if (sheet.actualRowCount - 1 > MAX_IMPORT_ROWS) throw tooManyRows();
  const rows: SheetRow[] = [];
  let header: SheetRow | undefined;
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const r = { number, cells: rowCells(row) };
    if (!header) header = r;
    else if (!isBlank(r)) rows.push(r);
  });
  if (!header) throw unprocessable('EMPTY_FILE', '表格是空的：第一行应为表头');
  return { format: 'xlsx', header, rows };
}

function rowCells(row: ExcelJS.Row): Cell[] {
  const cells: Cell[] = [];
  const count = row.cellCount;
  for (let i = 1; i <= count; i++) cells.push(cellFrom(row.getCell(i).value));
  return cells;
}

function readCsv(buf: Buffer): SheetData {
  const text = decodeText(buf);
  let records;
  try {
    records = parseCsv(text, { maxRecords: MAX_IMPORT_ROWS + 1 });
  } catch (err) {
    if (err instanceof CsvError && err.message === 'too many records') throw tooManyRows();
    throw unreadable('CSV 文件格式有误（可能有未闭合的引号），请检查后重新上传');
  }
  const rows = records.map((r) => ({
    number: r.number,
    cells: r.cells.map((t) => ({ text: t.trim(), numeric: false })),
  }));
  const header = rows.shift();
  if (!header || isBlank(header)) throw unprocessable('EMPTY_FILE', '表格是空的：第一行应为表头');
  return { format: 'csv', header, rows: rows.filter((r) => !isBlank(r)) };
}

const tooManyRows = () =>
  unprocessable('TOO_MANY_ROWS', `一次最多导入 ${MAX_IMPORT_ROWS} 行，请把文件拆分后分批导入`);

export async function readSheet(
  buf: Buffer,
  fileName: string,
  looksLikeHeader: (cells: string[]) => boolean,
): Promise<SheetData> {
  const format = detectFormat(buf, fileName);
  return format === 'xlsx' ? readXlsx(buf, looksLikeHeader) : readCsv(buf);
}
