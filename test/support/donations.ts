import ExcelJS from 'exceljs';

/** A multipart/form-data body with one file field named "file", for app.inject(). */
export function multipartFile(fileName: string, content: Buffer, type = 'application/octet-stream') {
  const boundary = `----test${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** An .xlsx whose first sheet holds `rows` (the first row is the header). */
export async function xlsxOf(rows: (string | number | Date | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('捐款登记');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const DONATION_HEADER = [
  '捐款方',
  '工号/学号',
  '姓名',
  '班级',
  '金额（元）',
  '支付方式',
  '日期',
  '备注',
  '匿名',
];
