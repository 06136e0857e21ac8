import type { Db } from '../../../platform/db/client';
import { orgLifeConfigVersions } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { PutConfigInput } from '../../../../common/contracts/orgLife';
import { conflict, forbidden, unprocessable } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { canConfigureOrgLife } from '../policy';
import { currentConfig, type ConfigVersion } from '../config';

/** Writes a new version of the park's rules, on top of the version the editor started from. */
export async function putConfig(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  input: PutConfigInput,
): Promise<ConfigVersion> {
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
