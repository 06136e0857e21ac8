import { and, eq } from 'drizzle-orm';
import type { CreateDriveInput, DriveView } from '../../../../common/contracts/donations';
import { ORG_KIND_LABELS, type OrgKind } from '../../../../common/orgTree';
import type { Actor } from '../../../access/actor';
import type { RequestContext } from '../../../context';
import { audit } from '../../../platform/audit';
import type { Db } from '../../../platform/db/client';
import { donationDrives, orgNodes } from '../../../platform/db/schema/index';
import { badRequest, conflict, forbidden, unprocessable } from '../../../errors';
import { assertPeriod, noEligible } from '../errors';
import { canManageDrive, driveManageScopes } from '../policy';
import { presentDrive } from '../presenter';
import { defaultReceiptPrefix, normaliseEligible } from '../rules';

/** Drive organisers: the general branch, a school or a branch. */
const DRIVE_ORGANISER_KINDS: readonly OrgKind[] = ['generalBranch', 'school', 'branch'];

/** Opens a drive in the name of a node the actor manages, with its own receipt-number prefix. */
export async function createDrive(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  input: CreateDriveInput,
): Promise<DriveView> {
  if (driveManageScopes(actor).length === 0) throw forbidden('没有权限发起捐款');
  assertPeriod(input.startsOn, input.endsOn);
  const eligible = normaliseEligible(input.type, input.eligible);
  if (eligible.length === 0) throw noEligible();
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
      if (taken.has(prefix))
        throw conflict('DUPLICATE_RECEIPT_PREFIX', `收据编号前缀「${prefix}」已被其他捐款使用`, {
          receiptPrefix: '前缀已被使用',
        });
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
    return presentDrive(drive!, organiser, actor);
  });
}
