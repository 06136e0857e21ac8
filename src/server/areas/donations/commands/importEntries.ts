import { sql } from 'drizzle-orm';
import type { ImportReport, PaymentMethod } from '../../../../common/contracts/donations';
import { isIsoDate, todayInShanghai } from '../../../../common/dates';
import { formatFen, parseYuan } from '../../../../common/money';
import type { Actor } from '../../../access/actor';
import type { RequestContext } from '../../../context';
import { audit } from '../../../platform/audit';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { donationDrives, donationEntries } from '../../../platform/db/schema/index';
import type { Upload } from '../../../platform/http/files';
import { AppError, notFound } from '../../../errors';
import { driveClosed } from '../errors';
import { donorProblem, entryWriteScopes, type DonorSnapshot } from '../policy';
import type { DriveRow } from '../presenter';
import { classSnapshot, personSnapshot } from '../queries';
import { paymentMethodFrom, PAYMENT_METHOD_LABELS } from '../rules';
import { readSheet, type ParsedRow } from '../spreadsheet';
import { entryValues, takeReceiptSeqs } from './ledger';

/**
 * Bulk entry from a spreadsheet (.xlsx). Every row is validated first; the report lists each
 * problem by row and column. Only when every row is sound are all rows written, in one
 * transaction with consecutive receipt numbers — one bad row and nothing is written.
 */

interface ValidRow {
  donor: DonorSnapshot;
  amountFen: number;
  method: PaymentMethod;
  givenOn: string;
  note: string | null;
  anonymous: boolean;
  guardianConsent: boolean;
}

/** Looks up the park's people by 工号/学号 and its classes by name, once for the whole file. */
async function lookups(db: Db, parkId: string, rows: ParsedRow[]) {
  const numbers = [...new Set(rows.map((r) => r.cells['工号/学号']).filter(Boolean))];
  const people = numbers.length
    ? await queryRows<{ id: string; number: string; name: string }>(
        db,
        sql`select id, number, name from people where park_id = ${parkId}
            and number in (${sql.join(
              numbers.map((n) => sql`${n}`),
              sql`, `,
            )})`,
      )
    : [];
  const classNames = [...new Set(rows.map((r) => r.cells['班级']).filter(Boolean))];
  const classes = classNames.length
    ? await queryRows<{ id: string; name: string; school_name: string | null }>(
        db,
        sql`select c.id, c.name, s.name as school_name from org_nodes c left join org_nodes s on s.id = c.school_id
            where c.park_id = ${parkId} and c.kind = 'class' and c.disabled_at is null`,
      )
    : [];
  return { people, classes };
}

async function validate(db: Db, actor: Actor, drive: DriveRow, rows: ParsedRow[]) {
  const errors: ImportReport['errors'] = [];
  const valid: ValidRow[] = [];
  const { people, classes } = await lookups(db, actor.parkId, rows);
  const today = todayInShanghai();
  for (const { row, cells } of rows) {
    const before = errors.length;
    const err = (column: string, message: string) => errors.push({ row, column, message });
    let donorType: 'person' | 'class' | null = null;
    const typeText = cells['捐款方'];
    if (typeText === '个人' || (typeText === '' && cells['工号/学号'])) donorType = 'person';
    else if (typeText === '班级' || typeText === '集体' || (typeText === '' && cells['班级']))
      donorType = 'class';
    else err('捐款方', typeText ? '应填“个人”或“班级”' : '请填写捐款方（个人或班级）');

    let donor: DonorSnapshot | null = null;
    if (donorType === 'person') {
      const number = cells['工号/学号'];
      const name = cells['姓名'];
      if (!number) err('工号/学号', '个人捐款须填写工号或学号');
      else {
        let matches = people.filter((p) => p.number === number);
        if (matches.length > 1 && name) matches = matches.filter((p) => p.name === name);
        if (matches.length === 0) err('工号/学号', `找不到工号/学号为 ${number} 的人员`);
        else if (matches.length > 1) err('姓名', `工号/学号 ${number} 对应多人，请填写姓名以区分`);
        else if (name && matches[0]!.name !== name)
          err('姓名', `姓名与工号/学号不符（系统中为「${matches[0]!.name}」）`);
        else donor = await personSnapshot(db, actor.parkId, matches[0]!.id);
      }
    } else if (donorType === 'class') {
      const name = cells['班级'];
      if (!name) err('班级', '班级捐款须填写班级名称');
      else {
        const matches = classes.filter((c) => c.name === name || `${c.school_name ?? ''}${c.name}` === name);
        if (matches.length === 0) err('班级', `找不到名为「${name}」的班级`);
        else if (matches.length > 1) err('班级', `有多个名为「${name}」的班级，请在前面加上学校名称`);
        else donor = await classSnapshot(db, actor.parkId, matches[0]!.id);
      }
    }
    if (donor) {
      const problem = donorProblem(actor, drive, donor);
      if (problem) err(donorType === 'class' ? '班级' : '工号/学号', problem.message);
    }

    const amount = parseYuan(cells['金额（元）']);
    if (!amount.ok) err('金额（元）', amount.message);
    const method = paymentMethodFrom(cells['支付方式']);
    if (!method) err('支付方式', `应为${Object.values(PAYMENT_METHOD_LABELS).join('、')}之一`);
    const givenOn = cells['日期'] || today;
    if (!isIsoDate(givenOn)) err('日期', '日期格式应为 YYYY-MM-DD');
    else if (givenOn > today) err('日期', '日期不能晚于今天');
    const anonymousText = cells['匿名'];
    if (!['', '是', '否'].includes(anonymousText)) err('匿名', '应填“是”或“否”');
    const consentText = cells['监护人同意公开姓名'];
    if (!['', '是', '否'].includes(consentText)) err('监护人同意公开姓名', '应填“是”或“否”');
    else if (consentText === '是' && donor && donor.personKind !== 'student')
      err('监护人同意公开姓名', '仅学生需要监护人同意，教职工与班级请留空');
    if (cells['备注'].length > 500) err('备注', '备注不能超过 500 个字');

    if (errors.length === before && donor && amount.ok && method) {
      valid.push({
        donor,
        amountFen: amount.fen,
        method,
        givenOn,
        note: cells['备注'] || null,
        anonymous: anonymousText === '是',
        guardianConsent: consentText === '是',
      });
    }
  }
  return { errors, valid };
}

/**
 * Validates (and unless `dryRun`, writes) a spreadsheet of entries for one drive. Returns the
 * report; `status: 'invalid'` means nothing was written.
 */
export async function importEntries(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  driveId: string,
  file: Upload,
  dryRun: boolean,
): Promise<ImportReport> {
  if (entryWriteScopes(actor).length === 0) throw new AppError(403, 'FORBIDDEN', '没有权限登记捐款');
  const rows = await readSheet(file.buffer);
  return db.transaction(async (tx) => {
    // Lock the drive row first, so the drive cannot close half-way through.
    const [drive] = await tx
      .select()
      .from(donationDrives)
      .where(sql`${donationDrives.id} = ${driveId} and ${donationDrives.parkId} = ${actor.parkId}`)
      .for('update');
    if (!drive) throw notFound('捐款活动不存在');
    if (drive.status !== 'open') throw driveClosed();
    const { errors, valid } = await validate(tx, actor, drive, rows);
    const totalFen = valid.reduce((s, v) => s + v.amountFen, 0);
    const report: ImportReport = {
      status: errors.length ? 'invalid' : dryRun ? 'validated' : 'committed',
      totalRows: rows.length,
      validRows: valid.length,
      totalFen,
      total: formatFen(totalFen),
      errors,
    };
    if (rows.length === 0) {
      report.status = 'invalid';
      report.errors.push({ row: 1, column: '', message: '文件中没有数据行' });
    }
    if (report.status !== 'committed') return report;
    const receipts = await takeReceiptSeqs(tx, drive.id, valid.length, false);
    const values = valid.map((v, i) => entryValues(actor, drive, v.donor, v, receipts[i]!));
    const ids: string[] = [];
    for (let i = 0; i < values.length; i += 500) {
      const inserted = await tx
        .insert(donationEntries)
        .values(values.slice(i, i + 500))
        .returning({ id: donationEntries.id });
      ids.push(...inserted.map((r) => r.id));
    }
    await audit(tx, ctx, {
      action: 'donations.entry.import',
      entityType: 'donationDrive',
      entityId: drive.id,
      after: {
        fileName: file.fileName,
        rows: values.length,
        totalFen,
        entries: values.map((v, i) => ({
          id: ids[i],
          receiptNo: v.receiptNo,
          donorName: v.donorName,
          amountFen: v.amountFen,
          anonymous: v.anonymous,
          guardianConsent: v.guardianConsent,
        })),
      },
    });
    return {
      ...report,
      created: values.length,
      firstReceiptNo: receipts[0]?.receiptNo ?? null,
      lastReceiptNo: receipts[receipts.length - 1]?.receiptNo ?? null,
    };
  });
}
