import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { birthdayChecklists, type ChecklistItemState } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { ChecklistPatch } from '../../../../common/contracts/orgLife';
import { unprocessable } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { manageableMember } from '../../members/memberRecords';
import { assertBirthdayYear } from '../rules/records';
import { allConfigs, currentConfig } from '../config';
import { checklistView } from '../queries/birthdays';

/** The secretary ticks (or unticks) the manual items of a member's checklist for a year. */
export async function patchChecklist(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  personId: string,
  year: number,
  patch: ChecklistPatch,
) {
  const m = await manageableMember(db, actor, personId);
  assertBirthdayYear(m, year);
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(birthdayChecklists)
      .where(and(eq(birthdayChecklists.personId, m.id), eq(birthdayChecklists.year, year)));
    const configs = await allConfigs(tx, actor.parkId);
    const version = existing?.configVersion ?? (await currentConfig(tx, actor.parkId)).version;
    const defs = configs.get(version)!.birthday.checklist;
    const fields: Record<string, string> = {};
    for (const key of Object.keys(patch.items)) {
      const def = defs.find((d) => d.key === key);
      if (!def) fields[`items.${key}`] = '清单中没有这一项';
      else if (def.kind !== 'manual')
        fields[`items.${key}`] = `「${def.label}」由党员本人的记录自动判定，不能手工勾选`;
    }
    if (Object.keys(fields).length)
      throw unprocessable('CHECKLIST_ITEM_INVALID', '有清单项目不能勾选', fields);
    const now = new Date().toISOString();
    const items: Record<string, ChecklistItemState> = { ...(existing?.items ?? {}) };
    for (const [key, v] of Object.entries(patch.items)) {
      items[key] = { done: v.done, detail: v.detail?.trim() || null, at: now, byName: actor.displayName };
    }
    let row;
    if (existing) {
      [row] = await tx
        .update(birthdayChecklists)
        .set({ items, updatedAt: new Date() })
        .where(eq(birthdayChecklists.id, existing.id))
        .returning();
    } else {
      [row] = await tx
        .insert(birthdayChecklists)
        .values({ parkId: actor.parkId, personId: m.id, year, configVersion: version, items })
        .returning();
    }
    await audit(tx, ctx, {
      action: 'orgLife.checklist.update',
      entityType: 'birthdayChecklist',
      entityId: row!.id,
      before: existing ?? null,
      after: row,
    });
    return checklistView(tx, actor, m, year);
  });
}
