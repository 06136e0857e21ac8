import { uniqueViolation } from '../../../platform/db/errors';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { orgNodes, people } from '../../../platform/db/schema/index';
import { ORG_KIND_LABELS, type OrgKind } from '../../../../common/orgTree';
import { badRequest, conflict, forbidden, unprocessable } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { canWritePersonAt, type PersonKind } from '../policy';
import { numberLabel, type FieldErrors } from '../fields';

/** Checks shared by creating and changing a person: where they stand, and that their numbers are free. */

export const validationFailed = (fields: FieldErrors | Record<string, string>) =>
  badRequest('VALIDATION_FAILED', '提交的内容有误，请检查后重试', fields as Record<string, string>);

export interface PlacementInput {
  unitId?: string | null;
  schoolId?: string | null;
}

/**
 * Where a person will stand: a student in a class, staff in a department (or directly in a school).
 * The school is always derived from the unit. Checks the nodes exist in the park, are of the
 * right kind and enabled, and that the actor may write people there.
 */
export async function resolvePlacement(
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

export async function assertUnique(
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

export function rethrowUnique(err: unknown, kind: PersonKind, number: string): never {
  const index = uniqueViolation(err);
  if (index === 'people_id_number_uq') throw duplicateIdNumber();
  if (index !== null) throw duplicateNumber(kind, number);
  throw err;
}
