import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Db } from '../../platform/db/client';
import { accounts, orgNodes, people } from '../../platform/db/schema/index';
import { audit } from '../../platform/audit';
import type { RequestContext } from '../../context';
import { todayInShanghai } from '../../../common/dates';
import { ORG_KIND_LABELS, type OrgKind } from '../../../common/orgTree';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../errors';
import type { FieldCipher } from '../../platform/crypto';
import type { Actor } from '../../access/actor';
import { canReadMembership } from '../members/policy';
import {
  canExportPeople,
  canReadPerson,
  canRevealPerson,
  canWritePerson,
  canWritePersonAt,
  peopleExportScopes,
  peopleReadScopes,
  peopleRevealScopes,
  peopleScopeCondition,
  personSubject,
  type PersonKind,
} from './policy';
import { subjectInScope } from '../../access/scope';
import { MEMBER_STATUS_LABELS, presentMembership, type MemberStatus } from '../members/presenter';
import {
  checkPersonFields,
  nameKeys,
  numberLabel,
  sealNumbers,
  type FieldErrors,
  type PersonFields,
} from './fields';
import { auditSnapshot, personFacts, presentDetail, presentListItem } from './presenter';
import {
  exportPeopleRows,
  countPeople,
  findPerson,
  listPeopleRows,
  type PageRequest,
  type PeopleFilters,
} from './queries';

/** Walks an error's cause chain for a PostgreSQL unique violation, returning the index name. */
export function uniqueViolation(err: unknown): string | null {
  for (
    let e = err as { code?: string; constraint?: string; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    if (e.code === '23505') return e.constraint ?? '';
  }
  return null;
}

const validationFailed = (fields: FieldErrors | Record<string, string>) =>
  badRequest('VALIDATION_FAILED', '提交的内容有误，请检查后重试', fields as Record<string, string>);

export async function listPeople(db: Db, actor: Actor, filters: PeopleFilters, page: PageRequest) {
  const scope = peopleScopeCondition(actor, peopleReadScopes(actor));
  const { rows, total } = await listPeopleRows(db, actor.parkId, scope, filters, page);
  return { items: rows.map(presentListItem), total, page: page.page, pageSize: page.pageSize };
}

/** A person the actor may read, or 404 (existence itself is private). */
export async function loadReadablePerson(db: Db, actor: Actor, id: string) {
  const row = await findPerson(db, actor.parkId, id);
  if (!row || !canReadPerson(actor, personFacts(row))) throw notFound('人员不存在或无权查看');
  return row;
}

export async function getPerson(db: Db, actor: Actor, id: string) {
  const row = await loadReadablePerson(db, actor, id);
  const facts = personFacts(row);
  const [account] = await db
    .select({ id: accounts.id, username: accounts.username })
    .from(accounts)
    .where(and(eq(accounts.personId, id), eq(accounts.parkId, actor.parkId)))
    .limit(1);
  return presentDetail(row, {
    membership: canReadMembership(actor, facts) ? presentMembership(row) : null,
    account: account ?? null,
    canReveal: canRevealPerson(actor, facts),
    canEdit: canWritePerson(actor, facts),
  });
}

export interface PlacementInput {
  unitId?: string | null;
  schoolId?: string | null;
}

/**
 * Where a person will stand: a student in a class, staff in a department (or directly in a school).
 * The school is always derived from the unit. Checks the nodes exist in the park, are of the
 * right kind and enabled, and that the actor may write people there.
 */
async function resolvePlacement(
  db: Db,
  actor: Actor,
  kind: PersonKind,
  input: PlacementInput,
  current?: { schoolId: string | null; unitId: string | null },
): Promise<{ schoolId: string; unitId: string | null }> {
  const unitId = input.unitId !== undefined ? input.unitId : (current?.unitId ?? null);
  const unitKind: OrgKind = kind === 'staff' ? 'department' : 'class';
  const unitLabel = ORG_KIND_LABELS[unitKind];
  const node = async (id: string) =>
    (
      await db
        .select({
          id: orgNodes.id,
          kind: orgNodes.kind,
          schoolId: orgNodes.schoolId,
          disabledAt: orgNodes.disabledAt,
        })
        .from(orgNodes)
        .where(and(eq(orgNodes.id, id), eq(orgNodes.parkId, actor.parkId)))
    )[0];

  let placement: { schoolId: string; unitId: string | null };
  if (unitId) {
    const unit = await node(unitId);
    if (!unit || unit.kind !== unitKind || !unit.schoolId)
      throw unprocessable('INVALID_UNIT', `请选择本园区的${unitLabel}`, {
        unitId: kind === 'staff' ? '所选节点不是部门（科室）' : '所选节点不是班级',
      });
    if (unit.disabledAt)
      throw unprocessable('INVALID_UNIT', `所选${unitLabel}已停用`, { unitId: `该${unitLabel}已停用` });
    if (input.schoolId && input.schoolId !== unit.schoolId)
      throw unprocessable('INVALID_UNIT', `所选学校与${unitLabel}不一致`, {
        schoolId: `与所选${unitLabel}不在同一学校`,
      });
    placement = { schoolId: unit.schoolId, unitId: unit.id };
  } else if (kind === 'student') {
    throw unprocessable('INVALID_UNIT', '学生必须分到班级', { unitId: '请选择班级' });
  } else {
    const schoolId = input.schoolId !== undefined ? input.schoolId : (current?.schoolId ?? null);
    if (!schoolId) throw unprocessable('INVALID_UNIT', '请选择学校或部门', { schoolId: '请选择学校' });
    const school = await node(schoolId);
    if (!school || school.kind !== 'school')
      throw unprocessable('INVALID_UNIT', '请选择本园区的学校', { schoolId: '所选节点不是学校' });
    if (school.disabledAt)
      throw unprocessable('INVALID_UNIT', '所选学校已停用', { schoolId: '该学校已停用' });
    placement = { schoolId: school.id, unitId: null };
  }
  if (!canWritePersonAt(actor, 'people.write', { kind, ...placement }))
    throw forbidden(`没有权限在该${kind === 'student' ? '班级' : '学校'}登记人员`);
  return placement;
}

async function assertUnique(
  db: Db,
  parkId: string,
  kind: PersonKind,
  number: string | undefined,
  idHash: string | null | undefined,
  exceptId?: string,
) {
  const except = exceptId ? sql`${people.id} <> ${exceptId}` : undefined;
  if (number) {
    const [dup] = await db
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.parkId, parkId), eq(people.kind, kind), eq(people.number, number), except));
    if (dup) throw duplicateNumber(kind, number);
  }
  if (idHash) {
    const [dup] = await db
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.parkId, parkId), eq(people.idNumberHash, idHash), except));
    if (dup) throw duplicateIdNumber();
  }
}

const duplicateNumber = (kind: PersonKind, number: string) =>
  conflict('DUPLICATE_NUMBER', `${numberLabel(kind)}「${number}」已存在`, {
    number: `该${numberLabel(kind)}已存在`,
  });
const duplicateIdNumber = () =>
  conflict('DUPLICATE_ID_NUMBER', '该身份证号已登记在本园区的其他人员名下', {
    idNumber: '该身份证号已被登记',
  });

function rethrowUnique(err: unknown, kind: PersonKind, number: string): never {
  const index = uniqueViolation(err);
  if (index === 'people_id_number_uq') throw duplicateIdNumber();
  if (index !== null) throw duplicateNumber(kind, number);
  throw err;
}

export type CreatePersonInput = Partial<PersonFields> &
  PlacementInput & { kind: PersonKind; number: string; name: string };

export async function createPerson(
  db: Db,
  cipher: FieldCipher,
  ctx: RequestContext,
  actor: Actor,
  input: CreatePersonInput,
) {
  const { kind, unitId, schoolId, ...fields } = input;
  const { values, errors } = checkPersonFields(kind, fields, todayInShanghai());
  if (Object.keys(errors).length) throw validationFailed(errors);
  const sealed = sealNumbers(cipher, values);
  const id = await db
    .transaction(async (tx) => {
      const placement = await resolvePlacement(tx, actor, kind, { unitId, schoolId });
      await assertUnique(tx, actor.parkId, kind, values.number, sealed.idNumberHash);
      const { idNumber: _i, phone: _p, guardianPhone: _g, ...plain } = values;
      const [row] = await tx
        .insert(people)
        .values({
          ...plain,
          ...sealed,
          ...nameKeys(values.name!),
          parkId: actor.parkId,
          kind,
          number: values.number!,
          name: values.name!,
          ...placement,
        })
        .returning();
      await audit(tx, ctx, {
        action: 'people.person.create',
        entityType: 'person',
        entityId: row!.id,
        after: auditSnapshot(row),
      });
      return row!.id;
    })
    .catch((err) => rethrowUnique(err, kind, values.number!));
  return getPerson(db, actor, id);
}

export type UpdatePersonInput = Partial<PersonFields> & PlacementInput & { status?: 'active' | 'left' };

export async function updatePerson(
  db: Db,
  cipher: FieldCipher,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: UpdatePersonInput,
) {
  const current = await loadReadablePerson(db, actor, id);
  const kind = current.kind as PersonKind;
  if (!canWritePerson(actor, personFacts(current))) throw forbidden('没有权限修改该人员');
  const { unitId, schoolId, status, ...fields } = input;
  const known: Partial<PersonFields> = {
    isLeagueMember: current.isLeagueMember,
    leagueJoinedOn: current.leagueJoinedOn,
    birthDate: current.birthDate,
  };
  if ((fields.gender || fields.birthDate) && fields.idNumber === undefined) {
    const [sealedRow] = await db.select({ enc: people.idNumberEnc }).from(people).where(eq(people.id, id));
    if (sealedRow?.enc) known.idNumber = cipher.decrypt(sealedRow.enc);
  }
  const { values, errors } = checkPersonFields(kind, fields, todayInShanghai(), known);
  if (Object.keys(errors).length) throw validationFailed(errors);
  const sealed = sealNumbers(cipher, values);
  await db
    .transaction(async (tx) => {
      const [before] = await tx.select().from(people).where(eq(people.id, id)).for('update');
      if (!before) throw notFound('人员不存在或无权查看');
      const placement =
        unitId !== undefined || schoolId !== undefined
          ? await resolvePlacement(tx, actor, kind, { unitId, schoolId }, before)
          : {};
      await assertUnique(tx, actor.parkId, kind, values.number, sealed.idNumberHash, id);
      const { idNumber: _i, phone: _p, guardianPhone: _g, ...plain } = values;
      const [after] = await tx
        .update(people)
        .set({
          ...plain,
          ...sealed,
          ...(values.name ? nameKeys(values.name) : {}),
          ...placement,
          ...(status ? { status } : {}),
          updatedAt: new Date(),
        })
        .where(eq(people.id, id))
        .returning();
      await audit(tx, ctx, {
        action: 'people.person.update',
        entityType: 'person',
        entityId: id,
        before: auditSnapshot(before),
        after: auditSnapshot(after),
      });
    })
    .catch((err) => rethrowUnique(err, kind, values.number ?? current.number));
  return getPerson(db, actor, id);
}

export const REVEAL_FIELDS = ['idNumber', 'phone', 'guardianPhone'] as const;
export type RevealField = (typeof REVEAL_FIELDS)[number];

/** Clear ID / phone numbers of one person, for an actor with people.reveal over them. Audited. */
export async function revealPerson(
  db: Db,
  cipher: FieldCipher,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  fields: readonly RevealField[],
) {
  const row = await loadReadablePerson(db, actor, id);
  if (!canRevealPerson(actor, personFacts(row))) throw forbidden('没有查看完整证件号码和电话的权限');
  const wanted = [...new Set(fields)];
  return db.transaction(async (tx) => {
    const [sealed] = await tx
      .select({
        idNumber: people.idNumberEnc,
        phone: people.phoneEnc,
        guardianPhone: people.guardianPhoneEnc,
      })
      .from(people)
      .where(eq(people.id, id));
    const out: Partial<Record<RevealField, string | null>> = {};
    for (const f of wanted) {
      const enc = sealed?.[f];
      out[f] = enc ? cipher.decrypt(enc) : null;
    }
    await audit(tx, ctx, {
      action: 'people.person.reveal',
      entityType: 'person',
      entityId: id,
      after: { fields: wanted, number: row.number, name: row.name },
    });
    return out;
  });
}

/** The most rows one export may hold; more must be narrowed by filters. */
export const EXPORT_LIMIT = 50_000;

const GENDER_LABELS: Record<string, string> = { male: '男', female: '女' };
const yesNo = (b: boolean) => (b ? '是' : '否');

interface ExportColumn {
  header: string;
  width: number;
  value: (r: ExportRow) => string | null;
}
interface ExportRow {
  row: Awaited<ReturnType<typeof exportPeopleRows>>[number];
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

/**
 * The filtered list as .xlsx (one sheet per kind). Numbers are masked unless `reveal` is asked
 * and the actor holds people.reveal over the row. Audited with the count and what was revealed.
 */
export async function exportPeople(
  db: Db,
  cipher: FieldCipher,
  ctx: RequestContext,
  actor: Actor,
  filters: PeopleFilters,
  reveal: boolean,
): Promise<{ buffer: Buffer; count: number; revealed: number }> {
  if (!canExportPeople(actor)) throw forbidden('没有导出人员名单的权限');
  const scope = peopleScopeCondition(actor, peopleExportScopes(actor));
  const total = await countPeople(db, scope, actor.parkId, filters);
  if (total > EXPORT_LIMIT)
    throw unprocessable(
      'EXPORT_TOO_LARGE',
      `符合条件的人员有 ${total} 人，超过单次导出上限 ${EXPORT_LIMIT} 人，请缩小筛选范围`,
    );
  const rows = await exportPeopleRows(db, actor.parkId, scope, filters, EXPORT_LIMIT);
  const revealScopes = reveal ? peopleRevealScopes(actor) : [];
  let revealed = 0;
  const byKind: Record<PersonKind, ExportRow[]> = { staff: [], student: [] };
  for (const row of rows) {
    const mayReveal = reveal && subjectInScope(revealScopes, personSubject(personFacts(row)), actor);
    if (mayReveal) revealed++;
    const clear = mayReveal
      ? {
          idNumber: row.idNumberEnc ? cipher.decrypt(row.idNumberEnc) : null,
          phone: row.phoneEnc ? cipher.decrypt(row.phoneEnc) : null,
          guardianPhone: row.guardianPhoneEnc ? cipher.decrypt(row.guardianPhoneEnc) : null,
        }
      : null;
    byKind[row.kind as PersonKind]?.push({ row, clear });
  }

  const wb = new ExcelJS.Workbook();
  wb.creator = '校园党建';
  wb.created = new Date();
  const kinds: PersonKind[] = filters.kind ? [filters.kind] : ['staff', 'student'];
  for (const kind of kinds) {
    const ws = wb.addWorksheet(kind === 'staff' ? '教职工' : '学生', {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    const cols = EXPORT_COLUMNS[kind];
    ws.columns = cols.map((c) => ({ header: c.header, width: c.width, style: { numFmt: '@' } }));
    ws.getRow(1).font = { bold: true };
    for (const r of byKind[kind]) ws.addRow(cols.map((c) => c.value(r) ?? ''));
  }
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());

  await db.transaction((tx) =>
    audit(tx, ctx, {
      action: 'people.person.export',
      entityType: 'person',
      entityId: null,
      after: {
        count: rows.length,
        revealed: revealed > 0,
        revealedCount: revealed,
        filters,
        requestedReveal: reveal,
      },
    }),
  );
  return { buffer, count: rows.length, revealed };
}
