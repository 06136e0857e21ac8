import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/client';
import { mediaFiles, orgLifeConfigVersions, orgNodes, type FileRef } from '../../platform/db/schema/index';
import { DEFAULT_ORGLIFE_CONFIG, type OrgLifeConfig } from './rules/birthdays';
import { forbidden, notFound, unprocessable } from '../../errors';
import type { Actor } from '../../access/actor';
import { canManageHost, canReadHost, type HostFacts } from './policy';
export {
  MEMBER_COLUMNS,
  MEMBER_FROM,
  isoDay,
  loadMember,
  manageableMember,
  readableMember,
  toMember,
  type MemberRow,
} from '../members/memberRecords';

export interface HostRow extends HostFacts {
  name: string;
}

/** A branch or the general branch of the actor's park. */
export async function loadHost(db: Db, actor: Actor, nodeId: string): Promise<HostRow | null> {
  const [n] = await db
    .select({
      id: orgNodes.id,
      parkId: orgNodes.parkId,
      kind: orgNodes.kind,
      schoolId: orgNodes.schoolId,
      name: orgNodes.name,
    })
    .from(orgNodes)
    .where(and(eq(orgNodes.id, nodeId), eq(orgNodes.parkId, actor.parkId)));
  if (!n || (n.kind !== 'branch' && n.kind !== 'generalBranch')) return null;
  return n;
}

export async function readableHost(db: Db, actor: Actor, nodeId: string): Promise<HostRow> {
  const h = await loadHost(db, actor, nodeId);
  if (!h || !canReadHost(actor, h)) throw notFound('未找到该党支部');
  return h;
}

export async function manageableHost(db: Db, actor: Actor, nodeId: string): Promise<HostRow> {
  const h = await readableHost(db, actor, nodeId);
  if (!canManageHost(actor, h)) throw forbidden('没有权限管理该党支部的组织生活');
  return h;
}

// ——— local rules (config versions) ———

export interface ConfigVersion {
  version: number;
  config: OrgLifeConfig;
  createdAt: string | null;
}

/** The park's rules in force: the highest version, or the built-in defaults as version 0. */
export async function currentConfig(db: Db, parkId: string): Promise<ConfigVersion> {
  const [row] = await db
    .select()
    .from(orgLifeConfigVersions)
    .where(eq(orgLifeConfigVersions.parkId, parkId))
    .orderBy(desc(orgLifeConfigVersions.version))
    .limit(1);
  return row
    ? { version: row.version, config: row.config as OrgLifeConfig, createdAt: row.createdAt.toISOString() }
    : { version: 0, config: DEFAULT_ORGLIFE_CONFIG, createdAt: null };
}

/** Every version of the park's rules by number (0 = defaults), for judging past years by their own rules. */
export async function allConfigs(db: Db, parkId: string): Promise<Map<number, OrgLifeConfig>> {
  const rows = await db
    .select({ version: orgLifeConfigVersions.version, config: orgLifeConfigVersions.config })
    .from(orgLifeConfigVersions)
    .where(eq(orgLifeConfigVersions.parkId, parkId));
  const map = new Map<number, OrgLifeConfig>([[0, DEFAULT_ORGLIFE_CONFIG]]);
  for (const r of rows) map.set(r.version, r.config as OrgLifeConfig);
  return map;
}

// ——— shared request schemas ———

export const uuidOf = (what: string) => z.string().uuid(`${what}格式不正确`);
export const yearSchema = z.coerce
  .number('年份应为数字')
  .int('年份应为整数')
  .min(1921, '年份不能早于 1921 年')
  .max(2200, '年份不正确');
export const monthSchema = z.coerce
  .number('月份应为数字')
  .int('月份应为整数')
  .min(1, '月份为 1–12')
  .max(12, '月份为 1–12');
export const isoDateSchema = (label: string) =>
  z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, `${label}格式应为 YYYY-MM-DD`);
export const textOf = (label: string, max: number) =>
  z.string(`请填写${label}`).trim().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 个字`);
export const optionalTextOf = (label: string, max: number) =>
  z.string().trim().max(max, `${label}不能超过 ${max} 个字`).nullable().optional();
export const fileRefSchema = z
  .object({
    mediaId: z.string().uuid('文件编号格式不正确').nullable().default(null),
    name: textOf('文件名', 200),
    url: z.string().max(500, '链接过长').nullable().default(null),
  })
  .strict();
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '每页最多 100 条').default(20),
});

/** The actor's name as recorded beside their actions. */
export const actorName = (actor: Actor) => actor.displayName;

/** Photos and attachments refer to files uploaded through the media endpoints of the same park. */
export async function assertFileRefs(
  db: Db,
  parkId: string,
  refs: readonly FileRef[] | undefined,
  field: string,
) {
  const ids = [...new Set((refs ?? []).map((r) => r.mediaId).filter((id): id is string => id !== null))];
  if (!ids.length) return;
  const found = await db
    .select({ id: mediaFiles.id })
    .from(mediaFiles)
    .where(and(eq(mediaFiles.parkId, parkId), inArray(mediaFiles.id, ids)));
  const known = new Set(found.map((f) => f.id));
  const fields: Record<string, string> = {};
  (refs ?? []).forEach((r, i) => {
    if (r.mediaId && !known.has(r.mediaId)) fields[`${field}.${i}.mediaId`] = '找不到该文件，请重新上传';
  });
  if (Object.keys(fields).length) throw unprocessable('FILE_NOT_FOUND', '有文件找不到，请重新上传', fields);
}
