import { MEMBER_STATUS_LABELS, type MemberStatus } from '../members/presenter';
import type { PersonKind } from './policy';
import type { SealedPersonRow } from './queries';
import { lazy } from '../../platform/lazy';

/** exceljs costs a third of a second to import: loaded on the first spreadsheet. */
const loadExcel = lazy(async () => (await import('exceljs')).default);

/** The people export as a workbook: one sheet per kind, columns as in the import templates. */

const GENDER_LABELS: Record<string, string> = { male: '男', female: '女' };
const yesNo = (b: boolean) => (b ? '是' : '否');

interface ExportColumn {
  header: string;
  width: number;
  value: (r: ExportRow) => string | null;
}
export interface ExportRow {
  row: SealedPersonRow;
  clear: { idNumber: string | null; phone: string | null; guardianPhone: string | null } | null;
}

const common = {
  gender: { header: '性别', width: 6, value: (r: ExportRow) => GENDER_LABELS[r.row.gender ?? ''] ?? null },
  birthDate: { header: '出生日期', width: 12, value: (r: ExportRow) => r.row.birthDate },
  idNumber: {
    header: '身份证号',
    width: 22,
    value: (r: ExportRow) => (r.clear ? r.clear.idNumber : r.row.idNumberMasked),
  },
  phone: {
    header: '手机号',
    width: 14,
    value: (r: ExportRow) => (r.clear ? r.clear.phone : r.row.phoneMasked),
  },
  school: { header: '学校', width: 20, value: (r: ExportRow) => r.row.schoolName },
  memberStatus: {
    header: '党员状态',
    width: 10,
    value: (r: ExportRow) =>
      r.row.memberStatus ? MEMBER_STATUS_LABELS[r.row.memberStatus as MemberStatus] : null,
  },
  branch: { header: '所在党支部', width: 20, value: (r: ExportRow) => r.row.branchName },
  status: {
    header: '状态',
    width: 8,
    value: (r: ExportRow) => (r.row.status === 'left' ? '已离校' : '在校'),
  },
} satisfies Record<string, ExportColumn>;

/** Export columns follow the import templates (so a revealed export can be edited and re-imported). */
const EXPORT_COLUMNS: Record<PersonKind, ExportColumn[]> = {
  staff: [
    { header: '工号', width: 12, value: (r) => r.row.number },
    { header: '姓名', width: 10, value: (r) => r.row.name },
    common.gender,
    common.birthDate,
    { header: '民族', width: 8, value: (r) => r.row.ethnicity },
    common.idNumber,
    common.phone,
    common.school,
    { header: '部门', width: 16, value: (r) => r.row.unitName },
    { header: '职称', width: 14, value: (r) => r.row.title },
    { header: '中层以上干部(是/否)', width: 10, value: (r) => yesNo(r.row.isCadre) },
    { header: '入职日期', width: 12, value: (r) => r.row.hireDate },
    common.memberStatus,
    common.branch,
    common.status,
  ],
  student: [
    { header: '学号', width: 14, value: (r) => r.row.number },
    { header: '姓名', width: 10, value: (r) => r.row.name },
    common.gender,
    common.birthDate,
    common.idNumber,
    common.phone,
    common.school,
    { header: '年级', width: 12, value: (r) => r.row.gradeName },
    { header: '班级', width: 16, value: (r) => r.row.unitName },
    { header: '是否团员(是/否)', width: 10, value: (r) => yesNo(r.row.isLeagueMember) },
    { header: '入团日期', width: 12, value: (r) => r.row.leagueJoinedOn },
    { header: '监护人', width: 10, value: (r) => r.row.guardianName },
    {
      header: '监护人电话',
      width: 14,
      value: (r) => (r.clear ? r.clear.guardianPhone : r.row.guardianPhoneMasked),
    },
    common.status,
  ],
};

/** The workbook for the rows of each kind (only `kinds` get a sheet). */
export async function buildPeopleWorkbook(
  kinds: PersonKind[],
  byKind: Record<PersonKind, ExportRow[]>,
): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = '校园党建';
  wb.created = new Date();
  for (const kind of kinds) {
    const ws = wb.addWorksheet(kind === 'staff' ? '教职工' : '学生', {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    const cols = EXPORT_COLUMNS[kind];
    ws.columns = cols.map((c) => ({ header: c.header, width: c.width, style: { numFmt: '@' } }));
    ws.getRow(1).font = { bold: true };
    for (const r of byKind[kind]) ws.addRow(cols.map((c) => c.value(r) ?? ''));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
