import { and, eq, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit';
import type { RequestContext } from '../../context';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { donationDrives, donationEntries, orgNodes } from '../../platform/db/schema/index';
import { todayInShanghai } from '../../../common/dates';
import { formatFen } from '../../../common/money';
import { ORG_KIND_LABELS, type OrgKind } from '../../../common/orgTree';
import { AppError, badRequest, conflict, forbidden, notFound, unprocessable } from '../../errors';
import type { Actor } from '../../access/actor';
import {
  canManageDrive,
  canReadEntry,
  canWriteEntry,
  driveListCondition,
  driveManageScopes,
  entryReadScopes,
  entryScopeCondition,
  entryWriteScopes,
  seesAllDrives,
  type EntryFacts,
} from './policy';
import {
  DONOR_CATEGORY_LABELS,
  DRIVE_TYPE_LABELS,
  PAYMENT_METHOD_LABELS,
  defaultReceiptPrefix,
  eligibilityError,
  normaliseEligible,
  receiptNumber,
  type DonorCategory,
  type DriveType,
  type PaymentMethod,
} from './ledger';

export type DriveRow = typeof donationDrives.$inferSelect;
export type EntryRow = typeof donationEntries.$inferSelect;

const isUniqueViolation = (err: unknown): boolean => {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
};

export const DRIVE_CLOSED_MESSAGE =
  '该捐款已结束并封账，不能再登记或修改；如需更正，请对原记录登记冲正（红冲）';
export const driveClosed = () => conflict('DRIVE_CLOSED', DRIVE_CLOSED_MESSAGE);
const ENTRY_IMMUTABLE_MESSAGE =
  '捐款记录登记后不能修改或删除；如有错误，请对该记录登记冲正（红冲）后重新登记';

/** Drive organisers: the general branch, a school or a branch. */
const DRIVE_ORGANISER_KINDS: readonly OrgKind[] = ['generalBranch', 'school', 'branch'];

// ---------------------------------------------------------------- drives

async function loadDrive(db: Db, actor: Actor, id: string) {
  const [row] = await db
    .select({ drive: donationDrives, organiser: orgNodes })
    .from(donationDrives)
    .innerJoin(orgNodes, eq(orgNodes.id, donationDrives.organiserId))
    .where(and(eq(donationDrives.id, id), eq(donationDrives.parkId, actor.parkId)));
  if (!row) throw notFound('捐款活动不存在');
  return row;
}

/** A drive the actor may see: every console user running drives sees all; others those they gave to. */
async function loadVisibleDrive(db: Db, actor: Actor, id: string) {
  const row = await loadDrive(db, actor, id);
  if (seesAllDrives(actor)) return row;
  const [own] = await queryRows<{ one: number }>(
    db,
    sql`select 1 as one from donation_entries where drive_id = ${id} and person_id = ${actor.personId}`,
  );
  if (!own) throw notFound('捐款活动不存在');
  return row;
}

async function loadManagedDrive(db: Db, actor: Actor, id: string) {
  const row = await loadDrive(db, actor, id);
  if (!canManageDrive(actor, row.organiser)) {
    if (seesAllDrives(actor)) throw forbidden('只有发起单位的管理员可以修改该捐款活动');
    throw notFound('捐款活动不存在');
  }
  return row;
}

function presentDrive(d: DriveRow, organiser: { id: string; name: string }, actor: Actor, path: string) {
  return {
    id: d.id,
    type: d.type as DriveType,
    typeLabel: DRIVE_TYPE_LABELS[d.type as DriveType],
    title: d.title,
    purpose: d.purpose,
    startsOn: d.startsOn,
    endsOn: d.endsOn,
    organiserId: organiser.id,
    organiserName: organiser.name,
    eligible: d.eligible as DonorCategory[],
    eligibleLabels: (d.eligible as DonorCategory[]).map((c) => DONOR_CATEGORY_LABELS[c]),
    status: d.status as 'open' | 'closed',
    statusLabel: d.status === 'open' ? '进行中' : '已封账',
    publicThanks: d.publicThanks,
    publicAmounts: d.publicAmounts,
    receiptPrefix: d.receiptPrefix,
    closedAt: d.closedAt ? d.closedAt.toISOString() : null,
    createdAt: d.createdAt.toISOString(),
    canManage: canManageDrive(actor, { parkId: d.parkId, path }),
    canRecord: d.status === 'open' && entryWriteScopes(actor).length > 0,
    /** Reversals are possible in open and closed drives, for entries in the actor's write scope. */
    canReverse: entryWriteScopes(actor).length > 0,
  };
}

export interface DriveInput {
  type: DriveType;
  title: string;
  purpose?: string | null;
  startsOn: string;
  endsOn?: string | null;
  organiserId: string;
  eligible: DonorCategory[];
  publicThanks?: boolean;
  publicAmounts?: boolean;
  receiptPrefix?: string;
}

function assertPeriod(startsOn: string, endsOn: string | null | undefined) {
  if (endsOn && endsOn < startsOn) {
    throw badRequest('VALIDATION_FAILED', '结束日期不能早于开始日期', { endsOn: '结束日期不能早于开始日期' });
  }
}

export async function createDrive(db: Db, ctx: RequestContext, actor: Actor, input: DriveInput) {
  if (driveManageScopes(actor).length === 0) throw forbidden('没有权限发起捐款');
  assertPeriod(input.startsOn, input.endsOn);
  const eligible = normaliseEligible(input.type, input.eligible);
  if (eligible.length === 0) {
    throw badRequest('VALIDATION_FAILED', '请选择捐款对象', { eligible: '请至少选择一类捐款对象' });
  }
  return db.transaction(async (tx) => {
    const [organiser] = await tx
      .select()
      .from(orgNodes)
      .where(and(eq(orgNodes.id, input.organiserId), eq(orgNodes.parkId, actor.parkId)));
    if (!organiser)
      throw badRequest('INVALID_ORGANISER', '发起单位不存在', { organiserId: '请选择发起单位' });
    if (!DRIVE_ORGANISER_KINDS.includes(organiser.kind as OrgKind)) {
      const allowed = DRIVE_ORGANISER_KINDS.map((k) => ORG_KIND_LABELS[k]).join('、');
      throw unprocessable('INVALID_ORGANISER', `发起单位只能是${allowed}`, {
        organiserId: `只能是${allowed}`,
      });
    }
    if (!canManageDrive(actor, organiser)) throw forbidden('没有权限以该单位名义发起捐款');
    const taken = new Set(
      (
        await tx
          .select({ p: donationDrives.receiptPrefix })
          .from(donationDrives)
          .where(eq(donationDrives.parkId, actor.parkId))
      ).map((r) => r.p),
    );
    let prefix = input.receiptPrefix;
    if (prefix) {
      if (taken.has(prefix)) {
        throw conflict('DUPLICATE_RECEIPT_PREFIX', `收据编号前缀「${prefix}」已被其他捐款使用`, {
          receiptPrefix: '前缀已被使用',
        });
      }
    } else {
      prefix = defaultReceiptPrefix(input.type, Number(input.startsOn.slice(0, 4)), taken);
    }
    const [drive] = await tx
      .insert(donationDrives)
      .values({
        parkId: actor.parkId,
        type: input.type,
        title: input.title,
        purpose: input.purpose ?? null,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
        organiserId: organiser.id,
        eligible,
        publicThanks: input.publicThanks ?? false,
        publicAmounts: input.publicAmounts ?? false,
        receiptPrefix: prefix,
        createdBy: actor.accountId,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'donations.drive.create',
      entityType: 'donationDrive',
      entityId: drive!.id,
      after: drive,
    });
    return presentDrive(drive!, organiser, actor, organiser.path);
  });
}

export interface DrivePatch {
  title?: string;
  purpose?: string | null;
  startsOn?: string;
  endsOn?: string | null;
  eligible?: DonorCategory[];
  publicThanks?: boolean;
  publicAmounts?: boolean;
}

/** Publication settings may change after closing (the thank-you list is usually published then). */
const PUBLICATION_KEYS = new Set(['publicThanks', 'publicAmounts']);

export async function updateDrive(db: Db, ctx: RequestContext, actor: Actor, id: string, patch: DrivePatch) {
  return db.transaction(async (tx) => {
    const { drive: before, organiser } = await loadManagedDrive(tx, actor, id);
    const keys = Object.keys(patch).filter((k) => patch[k as keyof DrivePatch] !== undefined);
    if (before.status === 'closed' && keys.some((k) => !PUBLICATION_KEYS.has(k))) throw driveClosed();
    const set: Partial<typeof donationDrives.$inferInsert> = { updatedAt: new Date() };
    if (patch.title !== undefined) set.title = patch.title;
    if (patch.purpose !== undefined) set.purpose = patch.purpose;
    if (patch.startsOn !== undefined) set.startsOn = patch.startsOn;
    if (patch.endsOn !== undefined) set.endsOn = patch.endsOn;
    assertPeriod(set.startsOn ?? before.startsOn, set.endsOn === undefined ? before.endsOn : set.endsOn);
    if (patch.eligible !== undefined) {
      const eligible = normaliseEligible(before.type as DriveType, patch.eligible);
      if (!eligible.length)
        throw badRequest('VALIDATION_FAILED', '请选择捐款对象', { eligible: '请至少选择一类捐款对象' });
      set.eligible = eligible;
    }
    if (patch.publicThanks !== undefined) set.publicThanks = patch.publicThanks;
    if (patch.publicAmounts !== undefined) set.publicAmounts = patch.publicAmounts;
    const [after] = await tx.update(donationDrives).set(set).where(eq(donationDrives.id, id)).returning();
    await audit(tx, ctx, {
      action: 'donations.drive.update',
      entityType: 'donationDrive',
      entityId: id,
      before,
      after,
    });
    return presentDrive(after!, organiser, actor, organiser.path);
  });
}

/** Closes (freezes) a drive. From then on only reversals may be added. */
export async function closeDrive(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const { drive: before, organiser } = await loadManagedDrive(tx, actor, id);
    if (before.status === 'closed') throw conflict('DRIVE_CLOSED', '该捐款已经封账');
    const [after] = await tx
      .update(donationDrives)
      .set({ status: 'closed', closedAt: new Date(), closedBy: actor.accountId, updatedAt: new Date() })
      .where(and(eq(donationDrives.id, id), eq(donationDrives.status, 'open')))
      .returning();
    if (!after) throw conflict('DRIVE_CLOSED', '该捐款已经封账');
    await audit(tx, ctx, {
      action: 'donations.drive.close',
      entityType: 'donationDrive',
      entityId: id,
      before,
      after,
    });
    return presentDrive(after, organiser, actor, organiser.path);
  });
}

/** Deletes a drive only while it is open and holds no entries at all. */
export async function deleteDrive(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const { drive } = await loadManagedDrive(tx, actor, id);
    if (drive.status === 'closed') throw driveClosed();
    const [used] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from donation_entries where drive_id = ${id}`,
    );
    if ((used?.n ?? 0) > 0) throw conflict('DRIVE_HAS_ENTRIES', '已有捐款记录的活动不能删除，可在结束后封账');
    await tx.delete(donationDrives).where(eq(donationDrives.id, id));
    await audit(tx, ctx, {
      action: 'donations.drive.delete',
      entityType: 'donationDrive',
      entityId: id,
      before: drive,
    });
  });
}

export async function getDrive(db: Db, actor: Actor, id: string) {
  const { drive, organiser } = await loadVisibleDrive(db, actor, id);
  return presentDrive(drive, organiser, actor, organiser.path);
}

export async function listDrives(
  db: Db,
  actor: Actor,
  filter: { type?: DriveType; status?: 'open' | 'closed' },
  page: { limit: number; offset: number },
) {
  const conds = [driveListCondition(actor)];
  if (filter.type) conds.push(sql`d.type = ${filter.type}`);
  if (filter.status) conds.push(sql`d.status = ${filter.status}`);
  const where = sql.join(conds, sql` and `);
  const [count] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from donation_drives d where ${where}`,
  );
  const readScope = entryScopeCondition(actor, entryReadScopes(actor));
  const rows = await queryRows<{ id: string; total: string; entries: number }>(
    db,
    sql`select d.id,
          (select coalesce(sum(e.amount_fen), 0)::text from donation_entries e where e.drive_id = d.id and ${readScope}) as total,
          (select count(*)::int from donation_entries e where e.drive_id = d.id and e.reverses_id is null and ${readScope}) as entries
        from donation_drives d where ${where}
        order by d.starts_on desc, d.created_at desc
        limit ${page.limit} offset ${page.offset}`,
  );
  const ids = rows.map((r) => r.id);
  const full = ids.length
    ? await db
        .select({ drive: donationDrives, organiser: orgNodes })
        .from(donationDrives)
        .innerJoin(orgNodes, eq(orgNodes.id, donationDrives.organiserId))
        .where(
          sql`${donationDrives.id} in (${sql.join(
            ids.map((i) => sql`${i}`),
            sql`, `,
          )})`,
        )
    : [];
  const byId = new Map(full.map((f) => [f.drive.id, f]));
  return {
    items: rows.map((r) => {
      const f = byId.get(r.id)!;
      const totalFen = Number(r.total);
      return {
        ...presentDrive(f.drive, f.organiser, actor, f.organiser.path),
        totalFen,
        total: formatFen(totalFen),
        entryCount: r.entries,
      };
    }),
    total: count?.n ?? 0,
  };
}

// ---------------------------------------------------------------- entries

export interface EntryInput {
  donorType: 'person' | 'class';
  personId?: string;
  classId?: string;
  amountFen: number;
  method: PaymentMethod;
  givenOn?: string;
  note?: string | null;
  anonymous?: boolean;
}

/** The donor's snapshot (name, kind, membership, school, class, branch) as recorded on an entry. */
export interface DonorSnapshot extends EntryFacts {
  donorName: string;
  isMember: boolean;
}

export async function personSnapshot(
  db: Db,
  parkId: string,
  personId: string,
): Promise<DonorSnapshot | null> {
  const [p] = await queryRows<{
    id: string;
    name: string;
    kind: 'staff' | 'student';
    school_id: string | null;
    unit_id: string | null;
    unit_kind: string | null;
    branch_id: string | null;
  }>(
    db,
    sql`select pe.id, pe.name, pe.kind, pe.school_id, pe.unit_id, u.kind as unit_kind, m.branch_id
        from people pe
        left join org_nodes u on u.id = pe.unit_id
        left join memberships m on m.person_id = pe.id
        where pe.id = ${personId} and pe.park_id = ${parkId}`,
  );
  if (!p) return null;
  return {
    parkId,
    donorType: 'person',
    personId: p.id,
    personKind: p.kind,
    donorName: p.name,
    isMember: p.branch_id !== null,
    schoolId: p.school_id,
    classId: p.unit_kind === 'class' ? p.unit_id : null,
    branchId: p.branch_id,
  };
}

export async function classSnapshot(db: Db, parkId: string, classId: string): Promise<DonorSnapshot | null> {
  const [c] = await db
    .select()
    .from(orgNodes)
    .where(and(eq(orgNodes.id, classId), eq(orgNodes.parkId, parkId), eq(orgNodes.kind, 'class')));
  if (!c) return null;
  return {
    parkId,
    donorType: 'class',
    personId: null,
    personKind: null,
    donorName: c.name,
    isMember: false,
    schoolId: c.schoolId,
    classId: c.id,
    branchId: null,
  };
}

/** Checks a donor against the drive and the actor's scope; returns the Chinese problem or null. */
export function donorProblem(
  actor: Actor,
  drive: DriveRow,
  donor: DonorSnapshot,
): { status: number; code: string; message: string } | null {
  const notEligible = eligibilityError(drive.type as DriveType, drive.eligible as DonorCategory[], donor);
  if (notEligible) return { status: 422, code: 'NOT_ELIGIBLE', message: notEligible };
  if (!canWriteEntry(actor, donor)) {
    return { status: 403, code: 'FORBIDDEN', message: `没有权限为「${donor.donorName}」登记` };
  }
  return null;
}

/** Takes `count` receipt numbers of an open drive (locks the drive row; refuses a closed drive). */
export async function takeReceiptSeqs(tx: Db, driveId: string, count: number, allowClosed: boolean) {
  const [row] = await queryRows<{ last: number; prefix: string }>(
    tx,
    sql`update donation_drives set last_receipt_seq = last_receipt_seq + ${count}
        where id = ${driveId} ${allowClosed ? sql`` : sql`and status = 'open'`}
        returning last_receipt_seq as last, receipt_prefix as prefix`,
  );
  if (!row) throw driveClosed();
  const first = row.last - count + 1;
  return Array.from({ length: count }, (_, i) => ({
    seq: first + i,
    receiptNo: receiptNumber(row.prefix, first + i),
  }));
}

export function entryValues(
  actor: Actor,
  drive: DriveRow,
  donor: DonorSnapshot,
  input: Omit<EntryInput, 'donorType' | 'personId' | 'classId'>,
  receipt: { seq: number; receiptNo: string },
) {
  return {
    parkId: actor.parkId,
    driveId: drive.id,
    seq: receipt.seq,
    receiptNo: receipt.receiptNo,
    donorType: donor.donorType,
    personId: donor.personId,
    donorName: donor.donorName,
    personKind: donor.personKind,
    isMember: donor.isMember,
    schoolId: donor.schoolId,
    classId: donor.classId,
    branchId: donor.branchId,
    amountFen: input.amountFen,
    method: input.method,
    givenOn: input.givenOn ?? todayInShanghai(),
    note: input.note ?? null,
    anonymous: input.anonymous ?? false,
    createdBy: actor.accountId,
  };
}

export function assertGivenOn(givenOn: string | undefined) {
  if (givenOn && givenOn > todayInShanghai()) {
    throw badRequest('VALIDATION_FAILED', '捐款日期不能晚于今天', { givenOn: '日期不能晚于今天' });
  }
}

export async function recordEntry(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  driveId: string,
  input: EntryInput,
) {
  assertGivenOn(input.givenOn);
  const id = await db.transaction(async (tx) => {
    const { drive } = await loadDrive(tx, actor, driveId);
    if (drive.status !== 'open') throw driveClosed();
    const donor =
      input.donorType === 'person'
        ? input.personId
          ? await personSnapshot(tx, actor.parkId, input.personId)
          : null
        : input.classId
          ? await classSnapshot(tx, actor.parkId, input.classId)
          : null;
    if (!donor) {
      const field = input.donorType === 'person' ? 'personId' : 'classId';
      throw badRequest('INVALID_DONOR', input.donorType === 'person' ? '捐款人不存在' : '班级不存在', {
        [field]: input.donorType === 'person' ? '请选择捐款人' : '请选择班级',
      });
    }
    const problem = donorProblem(actor, drive, donor);
    if (problem) throw new AppError(problem.status, problem.code, problem.message);
    const [receipt] = await takeReceiptSeqs(tx, drive.id, 1, false);
    const [entry] = await tx
      .insert(donationEntries)
      .values(entryValues(actor, drive, donor, input, receipt!))
      .returning();
    await audit(tx, ctx, {
      action: 'donations.entry.record',
      entityType: 'donationEntry',
      entityId: entry!.id,
      after: entry,
    });
    return entry!.id;
  });
  return getEntry(db, actor, id);
}

/** Reverses an entry: a new entry of the exact negative amount, referencing it, with a reason. */
export async function reverseEntry(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  entryId: string,
  reason: string,
) {
  const id = await reverseInTransaction(db, ctx, actor, entryId, reason).catch((err: unknown) => {
    // Two reversals of one entry at once: the unique index lets only one through.
    if (isUniqueViolation(err)) throw conflict('ALREADY_REVERSED', '该记录已被冲正');
    throw err;
  });
  return getEntry(db, actor, id);
}

async function reverseInTransaction(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  entryId: string,
  reason: string,
): Promise<string> {
  return db.transaction(async (tx) => {
    const [original] = await tx
      .select()
      .from(donationEntries)
      .where(and(eq(donationEntries.id, entryId), eq(donationEntries.parkId, actor.parkId)));
    if (!original || !canReadEntry(actor, facts(original))) throw notFound('捐款记录不存在');
    if (!canWriteEntry(actor, facts(original))) throw forbidden('没有权限冲正该记录');
    if (original.reversesId) throw unprocessable('CANNOT_REVERSE_REVERSAL', '这是一条冲正记录，不能再次冲正');
    const [already] = await tx
      .select({ receiptNo: donationEntries.receiptNo })
      .from(donationEntries)
      .where(eq(donationEntries.reversesId, original.id));
    if (already) throw conflict('ALREADY_REVERSED', `该记录已被冲正（冲正单号 ${already.receiptNo}）`);
    // Reversals are allowed in closed drives: that is the only correction a frozen ledger takes.
    const [receipt] = await takeReceiptSeqs(tx, original.driveId, 1, true);
    const [entry] = await tx
      .insert(donationEntries)
      .values({
        parkId: original.parkId,
        driveId: original.driveId,
        seq: receipt!.seq,
        receiptNo: receipt!.receiptNo,
        donorType: original.donorType,
        personId: original.personId,
        donorName: original.donorName,
        personKind: original.personKind,
        isMember: original.isMember,
        schoolId: original.schoolId,
        classId: original.classId,
        branchId: original.branchId,
        amountFen: -original.amountFen,
        method: original.method,
        givenOn: todayInShanghai(),
        anonymous: original.anonymous,
        reversesId: original.id,
        reversalReason: reason,
        createdBy: actor.accountId,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'donations.entry.reverse',
      entityType: 'donationEntry',
      entityId: entry!.id,
      before: original,
      after: entry,
    });
    return entry!.id;
  });
}

/** Entries are never edited or deleted: this explains why, with the right code. */
export async function refuseEntryChange(db: Db, actor: Actor, entryId: string): Promise<never> {
  const [entry] = await db
    .select({ e: donationEntries, status: donationDrives.status })
    .from(donationEntries)
    .innerJoin(donationDrives, eq(donationDrives.id, donationEntries.driveId))
    .where(and(eq(donationEntries.id, entryId), eq(donationEntries.parkId, actor.parkId)));
  if (!entry || !canReadEntry(actor, facts(entry.e))) throw notFound('捐款记录不存在');
  if (entry.status === 'closed') throw driveClosed();
  throw conflict('ENTRY_IMMUTABLE', ENTRY_IMMUTABLE_MESSAGE);
}

const facts = (e: EntryRow): EntryFacts => ({
  parkId: e.parkId,
  donorType: e.donorType as 'person' | 'class',
  personId: e.personId,
  personKind: e.personKind as 'staff' | 'student' | null,
  schoolId: e.schoolId,
  classId: e.classId,
  branchId: e.branchId,
});

interface EntryListRow {
  id: string;
  drive_id: string;
  receipt_no: string;
  donor_type: string;
  person_id: string | null;
  donor_name: string;
  person_kind: string | null;
  is_member: boolean;
  school_name: string | null;
  class_name: string | null;
  branch_name: string | null;
  amount_fen: number;
  method: string;
  given_on: string;
  note: string | null;
  anonymous: boolean;
  reverses_id: string | null;
  reverses_receipt_no: string | null;
  reversal_reason: string | null;
  reversed_by_id: string | null;
  reversed_by_receipt_no: string | null;
  created_at: Date | string;
  created_by_name: string | null;
}

function presentEntry(r: EntryListRow) {
  return {
    id: r.id,
    driveId: r.drive_id,
    receiptNo: r.receipt_no,
    donorType: r.donor_type as 'person' | 'class',
    personId: r.person_id,
    donorName: r.donor_name,
    personKind: r.person_kind,
    isMember: r.is_member,
    schoolName: r.school_name,
    className: r.class_name,
    branchName: r.branch_name,
    amountFen: r.amount_fen,
    amount: formatFen(r.amount_fen),
    method: r.method,
    methodLabel: PAYMENT_METHOD_LABELS[r.method as PaymentMethod] ?? r.method,
    givenOn: r.given_on,
    note: r.note,
    anonymous: r.anonymous,
    isReversal: r.reverses_id !== null,
    reversesId: r.reverses_id,
    reversesReceiptNo: r.reverses_receipt_no,
    reversalReason: r.reversal_reason,
    reversedBy: r.reversed_by_id ? { id: r.reversed_by_id, receiptNo: r.reversed_by_receipt_no } : null,
    createdAt: new Date(r.created_at).toISOString(),
    createdByName: r.created_by_name,
  };
}

const entrySelect = sql`select e.id, e.drive_id, e.receipt_no, e.donor_type, e.person_id, e.donor_name, e.person_kind, e.is_member,
    s.name as school_name, c.name as class_name, b.name as branch_name, e.amount_fen, e.method, e.given_on::text as given_on,
    e.note, e.anonymous, e.reverses_id, o.receipt_no as reverses_receipt_no, e.reversal_reason,
    r.id as reversed_by_id, r.receipt_no as reversed_by_receipt_no, e.created_at, a.display_name as created_by_name
  from donation_entries e
  left join org_nodes s on s.id = e.school_id
  left join org_nodes c on c.id = e.class_id
  left join org_nodes b on b.id = e.branch_id
  left join donation_entries o on o.id = e.reverses_id
  left join donation_entries r on r.reverses_id = e.id
  left join accounts a on a.id = e.created_by`;

export async function getEntry(db: Db, actor: Actor, id: string) {
  const [row] = await queryRows<EntryListRow>(
    db,
    sql`${entrySelect} where e.id = ${id} and ${entryScopeCondition(actor, entryReadScopes(actor))}`,
  );
  if (!row) throw notFound('捐款记录不存在');
  return presentEntry(row);
}

export async function listEntries(
  db: Db,
  actor: Actor,
  driveId: string,
  filter: { q?: string; donorType?: 'person' | 'class' },
  page: { limit: number; offset: number },
) {
  await loadVisibleDrive(db, actor, driveId);
  const conds = [sql`e.drive_id = ${driveId}`, entryScopeCondition(actor, entryReadScopes(actor))];
  if (filter.donorType) conds.push(sql`e.donor_type = ${filter.donorType}`);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    conds.push(sql`(e.donor_name ilike ${like} or e.receipt_no ilike ${like})`);
  }
  const where = sql.join(conds, sql` and `);
  const [count] = await queryRows<{ n: number; total: string }>(
    db,
    sql`select count(*)::int as n, coalesce(sum(e.amount_fen), 0)::text as total from donation_entries e where ${where}`,
  );
  const rows = await queryRows<EntryListRow>(
    db,
    sql`${entrySelect} where ${where} order by e.seq desc limit ${page.limit} offset ${page.offset}`,
  );
  const totalFen = Number(count?.total ?? 0);
  return {
    items: rows.map(presentEntry),
    total: count?.n ?? 0,
    netTotalFen: totalFen,
    netTotal: formatFen(totalFen),
  };
}

// ---------------------------------------------------------------- totals

interface GroupTotal {
  id: string | null;
  name: string | null;
  total: string;
  donors: number;
}

const money = (fen: number) => ({ totalFen: fen, total: formatFen(fen) });

/**
 * Net totals of one drive over the entries the actor may read: overall, by donor kind, by school,
 * by class and by branch. Reversal entries carry their original's school / class / branch, so
 * every group's net is exact. One drive is one ledger: nothing here mixes drives or types.
 */
export async function driveTotals(db: Db, actor: Actor, driveId: string) {
  const { drive } = await loadVisibleDrive(db, actor, driveId);
  const scope = entryScopeCondition(actor, entryReadScopes(actor));
  const base = sql`from donation_entries e where e.drive_id = ${driveId} and ${scope}`;
  // A donor: a person, or a class giving collectively.
  const donorKey = sql`coalesce(e.person_id::text, 'class:' || e.class_id::text)`;
  const [overall] = await queryRows<{ total: string; gifts: number; reversals: number; donors: number }>(
    db,
    sql`select coalesce(sum(e.amount_fen), 0)::text as total,
          count(*) filter (where e.reverses_id is null)::int as gifts,
          count(*) filter (where e.reverses_id is not null)::int as reversals,
          (select count(*)::int from (select ${donorKey} as k ${base} group by 1 having sum(e.amount_fen) > 0) d) as donors
        ${base}`,
  );
  const grouped = (column: SQL_) =>
    queryRows<GroupTotal>(
      db,
      sql`select g.id, n.name, sum(g.net)::text as total, (count(*) filter (where g.net > 0))::int as donors
          from (select ${column} as id, ${donorKey} as k, sum(e.amount_fen) as net ${base} group by 1, 2) g
          left join org_nodes n on n.id = g.id
          group by g.id, n.name
          order by sum(g.net) desc, n.name`,
    );
  const present = (rows: GroupTotal[]) =>
    rows.map((r) => ({
      id: r.id,
      name: r.name ?? '（未归属）',
      ...money(Number(r.total)),
      donorCount: r.donors,
    }));
  const kinds = await queryRows<{ k: string; total: string }>(
    db,
    sql`select case when e.donor_type = 'class' then 'class' else e.person_kind end as k, sum(e.amount_fen)::text as total
        ${base} group by 1`,
  );
  const [members] = await queryRows<{ total: string }>(
    db,
    sql`select coalesce(sum(e.amount_fen), 0)::text as total ${base} and e.is_member`,
  );
  const kindTotal = (k: string) => Number(kinds.find((r) => r.k === k)?.total ?? 0);
  return {
    driveId: drive.id,
    type: drive.type as DriveType,
    typeLabel: DRIVE_TYPE_LABELS[drive.type as DriveType],
    ...money(Number(overall?.total ?? 0)),
    giftCount: overall?.gifts ?? 0,
    reversalCount: overall?.reversals ?? 0,
    donorCount: overall?.donors ?? 0,
    byDonorKind: {
      staff: money(kindTotal('staff')),
      student: money(kindTotal('student')),
      class: money(kindTotal('class')),
      /** Of the above, what Party members gave (a subset, not an extra share). */
      members: money(Number(members?.total ?? 0)),
    },
    bySchool: present(await grouped(sql`e.school_id`)),
    byClass: present((await grouped(sql`e.class_id`)).filter((r) => r.id !== null)),
    byBranch: present((await grouped(sql`e.branch_id`)).filter((r) => r.id !== null)),
  };
}
type SQL_ = ReturnType<typeof sql>;

/** Net totals per drive of ONE type (donations or special dues — never both), over the actor's scope. */
export async function typeSummary(db: Db, actor: Actor, type: DriveType, year?: number) {
  const scope = entryScopeCondition(actor, entryReadScopes(actor));
  const conds = [driveListCondition(actor), sql`d.type = ${type}`];
  if (year) conds.push(sql`extract(year from d.starts_on) = ${year}`);
  const rows = await queryRows<{
    id: string;
    title: string;
    status: string;
    starts_on: string;
    total: string;
    donors: number;
  }>(
    db,
    sql`select d.id, d.title, d.status, d.starts_on::text as starts_on,
          (select coalesce(sum(e.amount_fen), 0)::text from donation_entries e where e.drive_id = d.id and ${scope}) as total,
          (select count(distinct coalesce(e.person_id::text, 'class:' || e.class_id::text))::int
             from donation_entries e where e.drive_id = d.id and e.reverses_id is null and ${scope}) as donors
        from donation_drives d where ${sql.join(conds, sql` and `)}
        order by d.starts_on desc`,
  );
  const items = rows.map((r) => ({
    driveId: r.id,
    title: r.title,
    status: r.status,
    startsOn: r.starts_on,
    ...money(Number(r.total)),
    donorCount: r.donors,
  }));
  const grand = items.reduce((s, i) => s + i.totalFen, 0);
  return { type, typeLabel: DRIVE_TYPE_LABELS[type], ...money(grand), items };
}

/** The actor's own gifts, donations and special dues listed apart. */
export async function myGifts(db: Db, actor: Actor) {
  if (!actor.personId) return { donations: [], specialDues: [] };
  const rows = await queryRows<EntryListRow & { drive_title: string; drive_type: string }>(
    db,
    sql`select q.*, d.title as drive_title, d.type as drive_type from (${entrySelect} where e.person_id = ${actor.personId} and e.park_id = ${actor.parkId}) q
        join donation_drives d on d.id = q.drive_id
        order by q.created_at desc`,
  );
  const present = (r: (typeof rows)[number]) => ({ ...presentEntry(r), driveTitle: r.drive_title });
  return {
    donations: rows.filter((r) => r.drive_type === 'donation').map(present),
    specialDues: rows.filter((r) => r.drive_type === 'specialDues').map(present),
  };
}
