import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { idCheckChar } from '../../src/common/idNumber';

/** A valid 18-digit ID number: region (6) + birth date (YYYYMMDD) + sequence (3) + check digit. */
export function makeIdNumber(birth: string, seq: number, region = '310101'): string {
  const first17 = region + birth.replace(/-/g, '') + String(seq).padStart(3, '0');
  return first17 + idCheckChar(first17);
}

/** The same number with a wrong check digit. */
export function breakCheckDigit(id: string): string {
  return id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
}

/** An .xlsx built in the test: one sheet, first row the headers; strings stay text, numbers numbers. */
export async function buildXlsx(
  rows: (string | number | null)[][],
  opts: { sheetName?: string } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(opts.sheetName ?? 'Sheet1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function buildCsv(rows: string[][], opts: { bom?: boolean } = {}): Buffer {
  const esc = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = rows.map((r) => r.map(esc).join(',')).join('\r\n') + '\r\n';
  return Buffer.from((opts.bom ? '\ufeff' : '') + text, 'utf8');
}

/** A multipart/form-data request body holding one file in the field "file". */
export function multipart(fileName: string, content: Buffer, contentType = 'application/octet-stream') {
  const boundary = '----cpbtest' + crypto.randomBytes(8).toString('hex');
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        `Content-Type: ${contentType}\r\n\r\n`,
      'utf8',
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Reads an .xlsx answer into arrays of cell texts, per sheet name. */
export async function readXlsx(body: Buffer): Promise<Record<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const out: Record<string, string[][]> = {};
  for (const ws of wb.worksheets) {
    const rows: string[][] = [];
    ws.eachRow((row) => {
      const cells: string[] = [];
      for (let i = 1; i <= row.cellCount; i++) cells.push(String(row.getCell(i).value ?? ''));
      rows.push(cells);
    });
    out[ws.name] = rows;
  }
  return out;
}
