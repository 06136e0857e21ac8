import { and, desc, eq, gte, inArray, like, lt, or, sql } from 'drizzle-orm';
import { auditActionNames, currentAuditAction } from '../../../common/auditActions';
import type { Db } from '../../platform/db/client';
import { accounts, auditLog } from '../../platform/db/schema/index';
import { forbidden } from '../../errors';
import type { Actor } from '../../access/actor';
import { auditSearchScope } from './policy';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/** The instant an Asia/Shanghai calendar day ('YYYY-MM-DD') starts. Shanghai keeps UTC+8 all year. */
export function shanghaiDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** The instant the Shanghai day after `day` starts: the exclusive end of an inclusive `to` day. */
export function shanghaiDayEnd(day: string): Date {
  return new Date(shanghaiDayStart(day).getTime() + 86_400_000);
}

/** Rows whose action starts with `prefix`, including rows written under a legacy name that now does. */
function actionCondition(prefix: string) {
  const legacy = auditActionNames(prefix).filter((n) => !n.startsWith(prefix));
  const byPrefix = like(auditLog.action, `${escapeLike(prefix)}%`);
  return legacy.length ? or(byPrefix, inArray(auditLog.action, legacy)) : byPrefix;
}

export interface AuditFilters {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
}

export async function searchAudit(
  db: Db,
  actor: Actor,
  f: AuditFilters,
  page: { page: number; pageSize: number },
) {
  const scope = auditSearchScope(actor);
  if (!scope) throw forbidden('只有园区管理员可以查看审计日志');
  const who = f.actor?.trim();
  const whoLike = who ? `%${escapeLike(who)}%` : '';
  const where = and(
    eq(auditLog.parkId, scope.parkId),
    who
      ? sql`(${auditLog.actorName} ilike ${whoLike}
          or ${auditLog.actorAccountId} in (select a.id from ${accounts} a where a.park_id = ${scope.parkId} and a.username ilike ${whoLike})
          ${UUID.test(who) ? sql`or ${auditLog.actorAccountId} = ${who}` : sql``})`
      : undefined,
    f.action ? actionCondition(f.action) : undefined,
    f.entityType ? eq(auditLog.entityType, f.entityType) : undefined,
    f.entityId ? eq(auditLog.entityId, f.entityId) : undefined,
    f.from ? gte(auditLog.at, shanghaiDayStart(f.from)) : undefined,
    f.to ? lt(auditLog.at, shanghaiDayEnd(f.to)) : undefined,
  );
  const [countRow] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(where);
  const rows = await db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at).toISOString(),
      actorName: r.actorName,
      action: currentAuditAction(r.action),
      entityType: r.entityType,
      entityId: r.entityId,
      before: r.before ?? null,
      after: r.after ?? null,
      requestId: r.requestId,
      ip: r.ip,
    })),
    total: Number(countRow?.n ?? 0),
    page: page.page,
    pageSize: page.pageSize,
  };
}
