import type * as ExcelJS from 'exceljs';
import type { StatsRow, StatsView } from '../../../../common/contracts/assessmentStats';
import { lazy } from '../../../platform/lazy';
import { lineHeader, STATS_LINES } from './report';

/** exceljs costs a third of a second to import: loaded on the first spreadsheet. */
const loadExcel = lazy(async () => (await import('exceljs')).default);

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The statistics as a workbook, a sheet per grouping: 合计 (each figure this year, the year before
 * and the change), 按学校 and 按支部 (each figure this year and its change, a 合计 row last: the
 * distinct counts over all of them, which is not the sum of the rows). Aggregates only: no name
 * of a member or a student is in it.
 */
export async function statsWorkbook(s: StatsView): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = '校园党建';

  const total = wb.addWorksheet('合计');
  total.addRow([`${s.scopeName} ${s.year} 年度考核统计`]);
  total.getRow(1).font = { bold: true, size: 13 };
  total.addRow(['指标', '单位', `${s.year} 年`, `${s.previousYear} 年`, '增减']);
  total.getRow(2).font = { bold: true };
  const { current, previous } = s.total;
  for (const l of STATS_LINES) {
    const a = l.value(current);
    const b = l.value(previous);
    const row = total.addRow([l.label, l.unit, a, b, round1(a - b)]);
    if (l.decimal) for (const c of [3, 4, 5]) row.getCell(c).numFmt = '0.0';
  }
  total.getColumn(1).width = 22;
  for (const c of [2, 3, 4, 5]) total.getColumn(c).width = 10;

  groupSheet(wb, '按学校', ['学校'], s, s.schools, (r) => [r.name]);
  groupSheet(wb, '按支部', ['学校', '党支部'], s, s.branches, (r) => [r.schoolName ?? '', r.name]);

  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * One grouping: two header rows (the figure over its "this year | 较上年" pair), a row per group,
 * and the distinct total.
 */
function groupSheet(
  wb: ExcelJS.Workbook,
  name: string,
  keys: string[],
  s: StatsView,
  rows: StatsRow[],
  keyCells: (r: StatsRow) => string[],
) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: keys.length, ySplit: 2 }] });
  const top: string[] = [...keys];
  const sub: string[] = keys.map(() => '');
  for (const c of STATS_LINES) {
    top.push(lineHeader(c), '');
    sub.push(`${s.year} 年`, '较上年');
  }
  ws.addRow(top);
  ws.addRow(sub);
  keys.forEach((_, i) => ws.mergeCells(1, i + 1, 2, i + 1));
  STATS_LINES.forEach((_, i) => {
    const col = keys.length + 1 + i * 2;
    ws.mergeCells(1, col, 1, col + 1);
  });
  for (const r of [1, 2]) {
    ws.getRow(r).font = { bold: true };
    ws.getRow(r).alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  }
  ws.getRow(1).height = 32;

  const values = (cur: StatsRow['current'], prev: StatsRow['previous']) =>
    STATS_LINES.flatMap((c) => [c.value(cur), round1(c.value(cur) - c.value(prev))]);
  for (const r of rows) ws.addRow([...keyCells(r), ...values(r.current, r.previous)]);
  const sum = ws.addRow([
    '合计',
    ...keys.slice(1).map(() => ''),
    ...values(s.total.current, s.total.previous),
  ]);
  sum.font = { bold: true };

  keys.forEach((_, i) => (ws.getColumn(i + 1).width = i === keys.length - 1 ? 24 : 16));
  STATS_LINES.forEach((c, i) => {
    const col = keys.length + 1 + i * 2;
    ws.getColumn(col).width = 12;
    ws.getColumn(col + 1).width = 8;
    if (c.decimal) {
      ws.getColumn(col).numFmt = '0.0';
      ws.getColumn(col + 1).numFmt = '0.0';
    }
  });
}
