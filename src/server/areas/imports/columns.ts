import type { PersonKind } from '../people/policy';

/** What a template column holds. `school`, `grade` and `unit` are names resolved against the org tree. */
export type ImportField =
  | 'number'
  | 'name'
  | 'gender'
  | 'birthDate'
  | 'ethnicity'
  | 'idNumber'
  | 'phone'
  | 'school'
  | 'grade'
  | 'unit'
  | 'title'
  | 'isCadre'
  | 'hireDate'
  | 'isLeagueMember'
  | 'leagueJoinedOn'
  | 'guardianName'
  | 'guardianPhone';

export interface ImportColumn<F extends string = ImportField> {
  field: F;
  /** The header the template writes. */
  header: string;
  /** Other headers accepted for the same column (normalised like the header). */
  aliases?: string[];
  required?: boolean;
  /** Kept as text in the template, so Excel does not turn it into a number or a date. */
  text?: boolean;
  /** A drop-down in the template. */
  choices?: string[];
  /** One line of help for the template's instructions sheet. */
  help: string;
}

const YES_NO = ['是', '否'];

export const IMPORT_COLUMNS: Record<PersonKind, ImportColumn[]> = {
  staff: [
    {
      field: 'number',
      header: '工号',
      aliases: ['职工号', '教工号'],
      required: true,
      text: true,
      help: '必填；同一园区内唯一。再次导入同一工号会更新该人员',
    },
    { field: 'name', header: '姓名', required: true, help: '必填' },
    { field: 'gender', header: '性别', choices: ['男', '女'], help: '男 / 女；填了身份证号可不填' },
    { field: 'birthDate', header: '出生日期', text: true, help: '如 1985-06-01；填了身份证号可不填' },
    { field: 'ethnicity', header: '民族', help: '如 汉族' },
    {
      field: 'idNumber',
      header: '身份证号',
      aliases: ['身份证号码', '公民身份号码'],
      text: true,
      help: '18 位，末位可为 X；请保持文本格式',
    },
    {
      field: 'phone',
      header: '手机号',
      aliases: ['手机', '手机号码', '联系电话'],
      text: true,
      help: '11 位中国大陆手机号',
    },
    { field: 'school', header: '学校', required: true, help: '必填；与组织架构中的学校名称一致' },
    {
      field: 'unit',
      header: '部门',
      aliases: ['科室', '部门科室'],
      help: '该校的部门（科室）名称，与组织架构一致',
    },
    { field: 'title', header: '职称', help: '如 中学一级教师' },
    {
      field: 'isCadre',
      header: '中层以上干部(是/否)',
      aliases: ['中层以上干部', '中层干部', '是否中层以上干部'],
      choices: YES_NO,
      help: '是 / 否，不填为否',
    },
    { field: 'hireDate', header: '入职日期', aliases: ['入职时间'], text: true, help: '如 2010-08-25' },
  ],
  student: [
    {
      field: 'number',
      header: '学号',
      required: true,
      text: true,
      help: '必填；同一园区内唯一。再次导入同一学号会更新该学生',
    },
    { field: 'name', header: '姓名', required: true, help: '必填' },
    { field: 'gender', header: '性别', choices: ['男', '女'], help: '男 / 女；填了身份证号可不填' },
    { field: 'birthDate', header: '出生日期', text: true, help: '如 2009-03-15；填了身份证号可不填' },
    {
      field: 'idNumber',
      header: '身份证号',
      aliases: ['身份证号码', '公民身份号码'],
      text: true,
      help: '18 位，末位可为 X；请保持文本格式',
    },
    {
      field: 'phone',
      header: '手机号',
      aliases: ['手机', '手机号码'],
      text: true,
      help: '11 位中国大陆手机号',
    },
    { field: 'school', header: '学校', required: true, help: '必填；与组织架构中的学校名称一致' },
    { field: 'grade', header: '年级', help: '与组织架构中的年级名称一致；班级名称在全校唯一时可不填' },
    { field: 'unit', header: '班级', required: true, help: '必填；该年级下的班级名称' },
    {
      field: 'isLeagueMember',
      header: '是否团员(是/否)',
      aliases: ['是否团员', '团员'],
      choices: YES_NO,
      help: '是 / 否，不填为否',
    },
    {
      field: 'leagueJoinedOn',
      header: '入团日期',
      aliases: ['入团时间'],
      text: true,
      help: '团员填写，如 2023-05-04',
    },
    { field: 'guardianName', header: '监护人', aliases: ['监护人姓名'], help: '' },
    {
      field: 'guardianPhone',
      header: '监护人电话',
      aliases: ['监护人手机', '监护人手机号', '监护人联系电话'],
      text: true,
      help: '11 位中国大陆手机号',
    },
  ],
};

/** Header text as compared: no spaces or required-markers, half-width brackets, no bracketed hints. */
export function normalizeHeader(h: string): string {
  return h
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/\([^)]*\)/g, '')
    .replace(/[\s*＊:：/／]/g, '')
    .trim();
}

export function columnFor(kind: PersonKind, header: string): ImportColumn | undefined {
  return columnIn(IMPORT_COLUMNS[kind], header);
}

/** The column of a template that a header (or one of its aliases) names. */
export function columnIn<F extends string>(
  columns: readonly ImportColumn<F>[],
  header: string,
): ImportColumn<F> | undefined {
  const h = normalizeHeader(header);
  if (!h) return undefined;
  return columns.find(
    (c) => normalizeHeader(c.header) === h || (c.aliases ?? []).some((a) => normalizeHeader(a) === h),
  );
}
