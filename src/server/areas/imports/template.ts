import type * as ExcelJS from 'exceljs';
import type { PersonKind } from '../people/policy';
import { IMPORT_COLUMNS } from './columns';
import { ORG_IMPORT_COLUMNS } from './orgColumns';
import { lazy } from '../../platform/lazy';

/** exceljs costs a third of a second to import: loaded on the first spreadsheet. */
const loadExcel = lazy(async () => (await import('exceljs')).default);

const KIND_LABEL: Record<PersonKind, string> = { staff: '教职工', student: '学生' };

interface TemplateColumn {
  header: string;
  required?: boolean;
  help?: string;
}

/** The header row: bold, required columns in red, each column's help as a cell note. */
function markHeader(ws: ExcelJS.Worksheet, columns: readonly TemplateColumn[]) {
  const head = ws.getRow(1);
  head.font = { bold: true };
  columns.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    if (c.required) cell.font = { bold: true, color: { argb: 'FFB71C1C' } };
    if (c.help) cell.note = c.help;
  });
}

/** A drop-down of `choices` over the first `rows` rows below the header of column `index` (1-based). */
function dropDown(ws: ExcelJS.Worksheet, index: number, rows: number, choices: readonly string[]) {
  const letter = ws.getColumn(index).letter;
  (
    ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }
  ).dataValidations.add(`${letter}2:${letter}${rows + 1}`, {
    type: 'list',
    allowBlank: true,
    formulae: [`"${choices.join(',')}"`],
    showErrorMessage: true,
    errorTitle: '输入有误',
    error: `只能填写：${choices.join(' / ')}`,
  });
}

/** The instructions sheet: one row per column (required ones marked), then the tips the caller adds. */
function helpSheet(wb: ExcelJS.Workbook, columns: readonly TemplateColumn[], width: number) {
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', width: 22 },
    { header: '说明', width },
    { header: '', width: 30 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of columns) help.addRow([c.required ? `${c.header}（必填）` : c.header, c.help]);
  help.addRow([]);
  return help;
}

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
  markHeader(ws, columns);
  // Drop-downs over the rows users fill in: one range each (exceljs writes a range as one rule).
  columns.forEach((c, i) => {
    if (c.choices) dropDown(ws, i + 1, 20_000, c.choices);
  });
  const help = helpSheet(wb, columns, 70);
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

/** An example tree for the instructions sheet, in the file's own words (上级 by name or path). */
const ORG_EXAMPLE: [string, string, string][] = [
  ['青溪职业技术学校', '学校', ''],
  ['青溪职业技术学校第一党支部', '党支部', '青溪职业技术学校'],
  ['第一党小组', '党小组', '青溪职业技术学校第一党支部'],
  ['教务处', '科室', '青溪职业技术学校'],
  ['2025级', '年级', '青溪职业技术学校'],
  ['2025级数控1班', '班级', '青溪职业技术学校/2025级'],
  ['校团委', '校团委', '青溪职业技术学校'],
  ['2025级数控1班团支部', '团支部', '青溪职业技术学校/校团委'],
];

/** The org tree template: a sheet of nodes to fill in and an instructions sheet with an example. */
export async function buildOrgTemplate(format: 'xlsx' | 'csv'): Promise<Buffer> {
  const columns = ORG_IMPORT_COLUMNS;
  if (format === 'csv')
    return Buffer.from('\ufeff' + columns.map((c) => c.header).join(',') + '\r\n', 'utf8');
  const wb = new (await loadExcel()).Workbook();
  wb.creator = '校园党建';
  const ws = wb.addWorksheet('组织架构', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    header: c.header,
    width: c.field === 'name' || c.field === 'parent' ? 36 : 14,
    style: c.text ? { numFmt: '@' } : {},
  }));
  markHeader(ws, columns);
  const kind = columns.findIndex((c) => c.field === 'kind');
  dropDown(ws, kind + 1, MAX_ORG_TEMPLATE_ROWS, columns[kind]!.choices!);
  const help = helpSheet(wb, columns, 90);
  help.addRow([
    '提示',
    '请在“组织架构”工作表中从第 2 行起填写，每行一个节点，不要修改表头；行的先后顺序不限。',
  ]);
  help.addRow([
    '提示',
    '园区和园区党总支已存在，不需要填写。组织架构中已有的节点（同一上级下名称和类型相同）会保持不变，可以放心重复导入。',
  ]);
  help.addRow(['提示', '上传后系统会先逐行检查，有任何错误都不会写入；全部无误后确认导入，一次全部写入。']);
  help.addRow([]);
  help.addRow(['示例', '下面几行可复制到“组织架构”工作表（上级留空的学校挂在园区党总支下）']).font = {
    bold: true,
  };
  help.addRow(['名称', '类型', '上级']).font = { bold: true };
  for (const row of ORG_EXAMPLE) help.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const MAX_ORG_TEMPLATE_ROWS = 2000;
