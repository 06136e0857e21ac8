import type { Db } from '../../../platform/db/client';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import type { DuesMonthStatus } from '../../../../common/contracts/dues';
import { formatFen } from '../../../../common/money';
import { yearDetail, yearlySummary } from '../queries';
import { lazy } from '../../../platform/lazy';

/** exceljs costs a third of a second to import: loaded on the first spreadsheet. */
const loadExcel = lazy(async () => (await import('exceljs')).default);

const yuanCell = (fen: number) => Number(formatFen(fen));
const STATUS: Record<DuesMonthStatus, string> = { paid: '已缴清', partial: '部分缴纳', unpaid: '未缴' };

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The yearly summary per branch and every member-month as an .xlsx workbook. Audited: the
 * detail sheet names members and what they owe.
 */
export async function exportYear(db: Db, ctx: RequestContext, actor: Actor, year: number) {
  const summary = await yearlySummary(db, actor, year);
  const detail = await yearDetail(db, actor, year);
  const wb = new (await loadExcel()).Workbook();
  wb.creator = '校园党建';
  const s1 = wb.addWorksheet('支部汇总');
  s1.columns = [
    { header: '党支部', key: 'branch', width: 26 },
    { header: '党员人数', key: 'members', width: 10 },
    { header: '应缴月数', key: 'months', width: 10 },
    { header: '已缴清月数', key: 'paidMonths', width: 12 },
    { header: '减免月数', key: 'reduced', width: 10 },
    { header: '应缴金额（元）', key: 'due', width: 16, style: { numFmt: '0.00' } },
    { header: '实缴金额（元）', key: 'paid', width: 16, style: { numFmt: '0.00' } },
    { header: '欠缴金额（元）', key: 'outstanding', width: 16, style: { numFmt: '0.00' } },
    { header: '缴清率（%）', key: 'rate', width: 12 },
  ];
  for (const b of summary.branches) {
    s1.addRow({
      branch: b.branchName,
      members: b.members,
      months: b.months,
      paidMonths: b.paidMonths,
      reduced: b.reducedMonths,
      due: yuanCell(b.dueFen),
      paid: yuanCell(b.paidFen),
      outstanding: yuanCell(b.outstandingFen),
      rate: b.paidRate,
    });
  }
  s1.addRow({
    branch: '合计',
    members: summary.total.members,
    months: summary.total.months,
    paidMonths: summary.total.paidMonths,
    due: yuanCell(summary.total.dueFen),
    paid: yuanCell(summary.total.paidFen),
    outstanding: yuanCell(summary.total.outstandingFen),
  }).font = { bold: true };
  s1.getRow(1).font = { bold: true };
  const s2 = wb.addWorksheet('逐月明细');
  s2.columns = [
    { header: '党支部', key: 'branch', width: 24 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '工号/学号', key: 'number', width: 14 },
    { header: '月份', key: 'month', width: 10 },
    { header: '类别', key: 'group', width: 14 },
    { header: '月基数（元）', key: 'base', width: 14, style: { numFmt: '0.00' } },
    { header: '比例', key: 'rate', width: 8 },
    { header: '应缴（元）', key: 'due', width: 12, style: { numFmt: '0.00' } },
    { header: '已缴（元）', key: 'paid', width: 12, style: { numFmt: '0.00' } },
    { header: '状态', key: 'status', width: 10 },
    { header: '减免', key: 'reduced', width: 8 },
  ];
  for (const r of detail) {
    s2.addRow({
      branch: r.branchName,
      name: r.name,
      number: r.number,
      month: r.month,
      group: r.groupLabel,
      base: r.baseFen === null ? null : yuanCell(r.baseFen),
      rate: r.rateBp === null ? '定额' : `${r.rateBp / 100}%`,
      due: yuanCell(r.dueFen),
      paid: yuanCell(r.paidFen),
      status: STATUS[r.status],
      reduced: r.reduced ? '是' : '',
    });
  }
  s2.getRow(1).font = { bold: true };
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  await audit(db, ctx, {
    action: 'dues.ledger.export',
    entityType: 'duesSummary',
    after: { year, branches: summary.branches.length, rows: detail.length },
  });
  return { type: XLSX_TYPE, body, fileName: `党费收缴-${year}年.xlsx` };
}
