import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { DedicationEntryInput } from '../../../../common/contracts/assessment';
import { todayInShanghai } from '../../../../common/dates';
import type { Actor } from '../../../access/actor';
import type { RequestContext } from '../../../context';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../../errors';
import { audit } from '../../../platform/audit';
import type { Db } from '../../../platform/db/client';
import {
  activities,
  dedicationDays,
  dedicationEntries,
  orgNodes,
  people,
} from '../../../platform/db/schema/index';
import type { Storage } from '../../../platform/storage';
import { canReadPerson } from '../../people/policy';
import { selfMember } from '../members';
import { canHostAt, isSelf } from '../policy';
import { findEntry, findVisibleDay } from '../queries/dedication';

/**
 * Dedication days (党员奉献日, the seed's "key home visits, backbone members visiting enterprises"):
 * a branch (or the general branch) schedules a day, possibly as an existing activity whose sign-ins
 * then count; members log what they did. A home visit names a student only if the member may see
 * that student, and its details are shown only to readers who may (queries/dedication.ts).
 */

export const MAX_PHOTOS = 9;
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;
const photoKey = (k: string) => `assessment/dedication/${k}`;

export async function createDedicationDay(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  input: {
    orgNodeId: string;
    title: string;
    day: string;
    description?: string | null;
    activityId?: string | null;
  },
) {
  const id = await db.transaction(async (tx) => {
    const [node] = await tx
      .select()
      .from(orgNodes)
      .where(and(eq(orgNodes.id, input.orgNodeId), eq(orgNodes.parkId, actor.parkId)));
    if (!node) throw badRequest('INVALID_ORG_NODE', '组织不存在', { orgNodeId: '请选择支部或党总支' });
    if (node.kind !== 'branch' && node.kind !== 'generalBranch')
      throw badRequest('INVALID_ORG_NODE', '党员奉献日只能由党支部或党总支安排', {
        orgNodeId: '请选择支部或党总支',
      });
    if (!canHostAt(actor, node)) throw forbidden('没有权限为该组织安排党员奉献日');
    if (input.activityId) {
      const [a] = await tx
        .select()
        .from(activities)
        .where(and(eq(activities.id, input.activityId), eq(activities.parkId, actor.parkId)));
      if (!a) throw badRequest('INVALID_ACTIVITY', '活动不存在', { activityId: '活动不存在' });
      const activityDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(a.startsAt);
      if (activityDay !== input.day)
        throw badRequest('VALIDATION_FAILED', `日期应与活动日期（${activityDay}）一致`, {
          day: `活动在 ${activityDay}`,
        });
      const [taken] = await tx.select().from(dedicationDays).where(eq(dedicationDays.activityId, a.id));
      if (taken) throw conflict('ACTIVITY_ALREADY_DEDICATION_DAY', '该活动已被设为党员奉献日');
    }
    const [row] = await tx
      .insert(dedicationDays)
      .values({
        parkId: actor.parkId,
        orgNodeId: node.id,
        title: input.title,
        day: input.day,
        description: input.description ?? null,
        activityId: input.activityId ?? null,
        createdBy: actor.accountId,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'assessment.dedicationDay.create',
      entityType: 'dedicationDay',
      entityId: row!.id,
      after: row,
    });
    return row!.id;
  });
  return (await findVisibleDay(db, actor, id))!.view;
}

export async function deleteDedicationDay(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const found = await findVisibleDay(tx, actor, id);
    if (!found) throw notFound('未找到该奉献日');
    if (!found.view.canManage) throw forbidden('没有权限取消该奉献日');
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(dedicationEntries)
      .where(eq(dedicationEntries.dayId, id));
    if (n > 0) throw conflict('DEDICATION_DAY_HAS_ENTRIES', `已有 ${n} 条党员登记的记录，不能取消该奉献日`);
    await tx.delete(dedicationDays).where(eq(dedicationDays.id, id));
    await audit(tx, ctx, {
      action: 'assessment.dedicationDay.delete',
      entityType: 'dedicationDay',
      entityId: id,
      before: found.raw,
    });
  });
}

/** A home visit's student must be a student of the park whom the member may see. */
async function checkStudent(tx: Db, actor: Actor, input: DedicationEntryInput) {
  if (input.kind !== 'homeVisit') {
    if (input.studentId)
      throw badRequest('VALIDATION_FAILED', '只有家访记录关联学生', { studentId: '只有家访记录关联学生' });
    return null;
  }
  if (!input.studentId) return null;
  const [s] = await tx
    .select()
    .from(people)
    .where(and(eq(people.id, input.studentId), eq(people.parkId, actor.parkId), eq(people.kind, 'student')));
  if (!s || !canReadPerson(actor, { ...s, kind: 'student', branchId: null }))
    throw badRequest('INVALID_STUDENT', '所选学生不存在或您无权查看该学生', {
      studentId: '请选择您所带班级的学生',
    });
  return s.id;
}

export async function createDedicationEntry(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  dayId: string,
  input: DedicationEntryInput,
) {
  const m = await selfMember(db, actor);
  const id = await db.transaction(async (tx) => {
    const found = await findVisibleDay(tx, actor, dayId);
    if (!found) throw notFound('未找到该奉献日');
    if (!found.view.canLog) throw forbidden('只能在本支部或党总支安排的奉献日登记');
    if (found.view.day > todayInShanghai())
      throw conflict('DEDICATION_DAY_AHEAD', `奉献日（${found.view.day}）还没到，届时再登记`);
    const studentId = await checkStudent(tx, actor, input);
    const [row] = await tx
      .insert(dedicationEntries)
      .values({
        parkId: actor.parkId,
        dayId,
        year: Number(found.view.day.slice(0, 4)),
        personId: m.id,
        branchId: m.branchId,
        schoolId: m.schoolId,
        kind: input.kind,
        studentId,
        subject: input.subject,
        content: input.content ?? null,
        outcome: input.outcome ?? null,
        hoursX10: Math.round(input.hours * 10),
        recordedBy: actor.accountId,
      })
      .returning();
    // The audit keeps what was done and for how long; a home visit's student and notes stay out of it.
    await audit(tx, ctx, {
      action: 'assessment.dedicationEntry.create',
      entityType: 'dedicationEntry',
      entityId: row!.id,
      after: { dayId, kind: row!.kind, hoursX10: row!.hoursX10, studentLinked: studentId !== null },
    });
    return row!.id;
  });
  return (await findEntry(db, actor, id))!.view;
}

async function editableEntry(tx: Db, actor: Actor, entryId: string) {
  const found = await findEntry(tx, actor, entryId);
  if (!found) throw notFound('未找到该记录');
  if (!found.view.canEdit) throw forbidden('没有权限修改该记录');
  return found;
}

export async function updateDedicationEntry(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  entryId: string,
  input: DedicationEntryInput,
) {
  await db.transaction(async (tx) => {
    const found = await editableEntry(tx, actor, entryId);
    const studentId = isSelf(actor, found.personId)
      ? await checkStudent(tx, actor, input)
      : input.kind === 'homeVisit'
        ? (found.view.student?.id ?? null)
        : null;
    await tx
      .update(dedicationEntries)
      .set({
        kind: input.kind,
        studentId,
        subject: input.subject,
        content: input.content ?? null,
        outcome: input.outcome ?? null,
        hoursX10: Math.round(input.hours * 10),
        updatedAt: new Date(),
      })
      .where(eq(dedicationEntries.id, entryId));
    await audit(tx, ctx, {
      action: 'assessment.dedicationEntry.update',
      entityType: 'dedicationEntry',
      entityId: entryId,
      before: { kind: found.view.kind, hours: found.view.hours },
      after: { kind: input.kind, hours: input.hours },
    });
  });
  return (await findEntry(db, actor, entryId))!.view;
}

export async function deleteDedicationEntry(
  db: Db,
  storage: Storage,
  ctx: RequestContext,
  actor: Actor,
  entryId: string,
) {
  const photos = await db.transaction(async (tx) => {
    const found = await editableEntry(tx, actor, entryId);
    await tx.delete(dedicationEntries).where(eq(dedicationEntries.id, entryId));
    await audit(tx, ctx, {
      action: 'assessment.dedicationEntry.delete',
      entityType: 'dedicationEntry',
      entityId: entryId,
      before: { kind: found.view.kind, hours: found.view.hours, dayId: found.view.dayId },
    });
    return found.photos;
  });
  await Promise.all(photos.map((k) => storage.delete(photoKey(k)).catch(() => undefined)));
}

const isImage = (b: Buffer) =>
  (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) ||
  b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

export async function addDedicationPhoto(
  db: Db,
  storage: Storage,
  ctx: RequestContext,
  actor: Actor,
  entryId: string,
  upload: { buffer: Buffer },
) {
  if (!isImage(upload.buffer)) throw new AppError(415, 'UNSUPPORTED_FILE_TYPE', '照片只能是 JPG 或 PNG 图片');
  const key = crypto.randomUUID();
  await storage.put(photoKey(key), upload.buffer);
  try {
    await db.transaction(async (tx) => {
      const found = await editableEntry(tx, actor, entryId);
      if (found.photos.length >= MAX_PHOTOS)
        throw conflict('TOO_MANY_PHOTOS', `每条记录最多 ${MAX_PHOTOS} 张照片`);
      await tx
        .update(dedicationEntries)
        .set({ photos: [...found.photos, key], updatedAt: new Date() })
        .where(eq(dedicationEntries.id, entryId));
      await audit(tx, ctx, {
        action: 'assessment.dedicationEntry.photoAdd',
        entityType: 'dedicationEntry',
        entityId: entryId,
        after: { photo: key, size: upload.buffer.length },
      });
    });
  } catch (err) {
    await storage.delete(photoKey(key)).catch(() => undefined);
    throw err;
  }
  return (await findEntry(db, actor, entryId))!.view;
}

export async function removeDedicationPhoto(
  db: Db,
  storage: Storage,
  ctx: RequestContext,
  actor: Actor,
  entryId: string,
  key: string,
) {
  await db.transaction(async (tx) => {
    const found = await editableEntry(tx, actor, entryId);
    if (!found.photos.includes(key)) throw notFound('未找到该照片');
    await tx
      .update(dedicationEntries)
      .set({ photos: found.photos.filter((k) => k !== key), updatedAt: new Date() })
      .where(eq(dedicationEntries.id, entryId));
    await audit(tx, ctx, {
      action: 'assessment.dedicationEntry.photoRemove',
      entityType: 'dedicationEntry',
      entityId: entryId,
      before: { photo: key },
    });
  });
  await storage.delete(photoKey(key)).catch(() => undefined);
  return (await findEntry(db, actor, entryId))!.view;
}

export async function dedicationPhoto(db: Db, storage: Storage, actor: Actor, entryId: string, key: string) {
  const found = await findEntry(db, actor, entryId);
  // A home-visit photo is as private as the visit's notes.
  if (!found || !found.photos.includes(key) || found.view.restricted) throw notFound('未找到该照片');
  const body = await storage.read(photoKey(key));
  if (!body) throw notFound('未找到该照片');
  return {
    type: body[0] === 0xff ? 'image/jpeg' : 'image/png',
    fileName: `${key}.${body[0] === 0xff ? 'jpg' : 'png'}`,
    body,
  };
}
