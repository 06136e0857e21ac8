import type * as ExcelJS from 'exceljs';
import type { PersonKind } from '../people/policy';
import { IMPORT_COLUMNS } from './columns';
import { lazy } from '../../platform/lazy';

/** exceljs costs a third of a second to import: loaded on the first spreadsheet. */
const loadExcel = lazy(async () => (await import('exceljs')).default);

const KIND_LABEL: Record<PersonKind, string> = { staff: '教职工', student: '学生' };

/** The downloadable import template: the header row (text-formatted where it matters) and a help sheet. */
export async function buildTemplate(kind: PersonKind, format: 'xlsx' | 'csv'): Promise<Buffer> {
  const columns = IMPORT_COLUMNS[kind];
  if (format === 'csv') {
    // A BOM so that Excel opens the Chinese headers as UTF-8.
    return Buffer.from('\ufeff' + columns.map((c) => c.header).join(',') + '\r\n', 'utf8');
  }
  const wb = new (await loadExcel()).Workbook();
  wb.creator = '校园党建';
  const ws = wb.addWorksheet(`${KIND_LABEL[kind]}名单`, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    header: c.header,
    width: Math.max(10, c.header.length * 2 + 4, c.field === 'idNumber' ? 22 : 0),
    style: c.text ? { numFmt: '@' } : {},
  }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  columns.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    if (c.required) cell.font = { bold: true, color: { argb: 'FFB71C1C' } };
    if (c.help) cell.note = c.help;
  });
  // Drop-downs over the rows users fill in: one range each (exceljs writes a range as one rule).
  const lastRow = 20_001;
  const validations = (
    ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }
  ).dataValidations;
  columns.forEach((c, i) => {
    if (!c.choices) return;
    const letter = ws.getColumn(i + 1).letter;
    validations.add(`${letter}2:${letter}${lastRow}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${c.choices.join(',')}"`],
      showErrorMessage: true,
      errorTitle: '输入有误',
      error: `只能填写：${c.choices.join(' / ')}`,
    });
  });
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', width: 22 },
    { header: '说明', width: 70 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of columns) help.addRow([c.required ? `${c.header}（必填）` : c.header, c.help]);
  help.addRow([]);
  help.addRow([
    '提示',
    '请在第一个工作表中从第 2 行起填写，不要修改表头。身份证号、手机号等列已设为文本格式，请勿改成数字。',
  ]);
  help.addRow([
    '提示',
    `再次导入同一${kind === 'staff' ? '工号' : '学号'}会更新该人员的信息，空白单元格保留原有内容。`,
  ]);
  help.addRow(['提示', '上传后系统会先逐行检查，有任何错误都不会写入；全部无误后确认导入，一次全部写入。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
