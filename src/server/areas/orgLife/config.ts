import { z } from 'zod';
import type { Db } from '../../platform/db/client';
import { orgLifeConfigVersions } from '../../platform/db/schema/index';
import { audit } from '../../platform/audit';
import type { RequestContext } from '../../context';
import { MEETING_KINDS, PERIODS } from './rules/meetings';
import { CHECKLIST_ITEM_KINDS, type OrgLifeConfig } from './rules/birthdays';
import { conflict, forbidden, unprocessable } from '../../errors';
import type { Actor } from '../../access/actor';
import { canConfigureOrgLife } from './policy';
import { currentConfig, textOf } from './common';

/** The park's local orgLife rules, validated: 'rules are data', changed without a code change. */
export const orgLifeConfigSchema = z
  .object({
    birthday: z
      .object({
        checklist: z
          .array(
            z
              .object({
                key: z
                  .string()
                  .regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/, '项目标识只能用英文字母和数字，以字母开头'),
                label: textOf('项目名称', 40),
                kind: z.enum(CHECKLIST_ITEM_KINDS, '项目类型不正确'),
                detailLabel: z
                  .string()
                  .trim()
                  .max(20, '补充说明的名称不能超过 20 个字')
                  .nullable()
                  .optional(),
              })
              .strict(),
          )
          .min(1, '清单至少要有一项')
          .max(20, '清单最多 20 项'),
        reminderDaysAhead: z.number().int().min(0, '提前天数不能为负').max(60, '最多提前 60 天'),
        defaultCardMessage: textOf('贺卡默认寄语', 200),
      })
      .strict(),
    meetings: z
      .object({
        rules: z
          .array(
            z
              .object({
                kind: z.enum(MEETING_KINDS, '会议类型不正确'),
                period: z.enum(PERIODS, '周期应为 month、quarter 或 year'),
                minCount: z.number().int().min(1, '次数至少为 1').max(31, '次数过多'),
                basis: textOf('依据说明', 200),
              })
              .strict(),
          )
          .max(MEETING_KINDS.length),
      })
      .strict(),
  })
  .strict();

export async function putConfig(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  input: { config: OrgLifeConfig; note?: string | null; baseVersion: number },
) {
  if (!canConfigureOrgLife(actor)) throw forbidden('只有园区管理员可以修改组织生活规则');
  const keys = input.config.birthday.checklist.map((i) => i.key);
  if (new Set(keys).size !== keys.length) {
    throw unprocessable('DUPLICATE_ITEM', '清单项目标识不能重复', {
      'config.birthday.checklist': '项目标识重复',
    });
  }
  const kinds = input.config.meetings.rules.map((r) => r.kind);
  if (new Set(kinds).size !== kinds.length) {
    throw unprocessable('DUPLICATE_RULE', '每种会议只能有一条频次规则', {
      'config.meetings.rules': '会议类型重复',
    });
  }
  return db.transaction(async (tx) => {
    const before = await currentConfig(tx, actor.parkId);
    if (before.version !== input.baseVersion) {
      throw conflict('CONFIG_CHANGED', '规则已被他人修改，请刷新后重试', {
        baseVersion: `当前版本为 ${before.version}`,
      });
    }
    const version = before.version + 1;
    const [row] = await tx
      .insert(orgLifeConfigVersions)
      .values({
        parkId: actor.parkId,
        version,
        config: input.config,
        note: input.note ?? null,
        createdBy: actor.accountId,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'orgLife.config.update',
      entityType: 'orgLifeConfig',
      entityId: row!.id,
      before: { version: before.version, config: before.config },
      after: { version, config: input.config, note: input.note ?? null },
    });
    return { version, config: input.config, createdAt: row!.createdAt.toISOString() };
  });
}
